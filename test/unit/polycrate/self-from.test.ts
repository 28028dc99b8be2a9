// A `from` naming the block itself. Polycrate (cmd/workspace.go) merges the workspace.poly entry and the installed
// block.poly of that name into one block, the entry's `from` winning (LoadInstalledBlocks, Block.MergeIn);
// ResolveBlock's GetBlock then finds this very block, so nothing is pulled: the block waits for itself and is
// never resolved, and nothing is inherited. Only a name Polycrate cannot find is pulled from the registry.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildGraph } from "../../../server/src/features/graph";
import { validate } from "../../../server/src/features/validate";
import { effectiveActions, workspaceModel } from "../../../server/src/formats/polycrate";
import { workspace } from "../../support/ws";

const WS = "/ws/workspace.poly";
const BASE = "name: base\nactions:\n  - name: build\n    script:\n      - echo build\n";

function lines(index: ReturnType<typeof workspace>, p: string): string[] {
  return validate(index, p)
    .filter((d) => d.severity! <= 2)
    .map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`);
}

describe("polycrate from naming the block itself", () => {
  it("says what Polycrate does for an entry with no block.poly: it finds the block itself and pulls nothing", () => {
    const index = workspace({ [WS]: "name: demo\nblocks:\n  - name: e\n    from: e\n" });
    assert.deepEqual(lines(index, WS), [
      "4: poly/self-from Block 'e' names itself in 'from'. Polycrate finds this same block, so it pulls nothing, and waits for it to be resolved first, so it never is: nothing is inherited, and when no other block resolves, loading never ends. A workspace.poly entry configures the installed block of the same name without 'from'.",
    ]);
  });

  it("says that the entry's from replaces the installed block's, which is then not inherited from", () => {
    const index = workspace({
      [WS]: "name: demo\nblocks:\n  - name: app\n    from: app\nworkflows:\n  - name: ship\n    steps:\n      - name: deploy\n        block: app\n        action: build\n",
      "/ws/blocks/app/block.poly": "name: app\nfrom: base\nactions:\n  - name: deploy\n    script:\n      - echo deploy\n",
      "/ws/blocks/base/block.poly": BASE,
    });
    const got = lines(index, WS);
    assert.equal(got.length, 2, JSON.stringify(got));
    assert.match(got[0]!, /^4: poly\/self-from Block 'app' names itself in 'from'\..* Its block\.poly's 'from: base' is not used either: the entry's 'from' replaces it\./);
    assert.equal(got[1], "10: poly/unknown-action Block 'app' has no action 'build'.");
    const model = workspaceModel(index, "/ws");
    assert.equal(model.blocks.get("app")!.parent, undefined);
    assert.deepEqual([...effectiveActions(model, "app").actions.keys()], ["deploy"]);
    const g = buildGraph(index, [WS])!;
    assert.ok(!g.edges.some((e) => e.kind === "inherits"), JSON.stringify(g.edges.map((e) => e.kind)));
  });

  it("inherits through the block.poly's from when the entry has none", () => {
    const index = workspace({
      [WS]: "name: demo\nblocks:\n  - name: app\n    config: {replicas: 2}\nworkflows:\n  - name: ship\n    steps:\n      - name: deploy\n        block: app\n        action: build\n",
      "/ws/blocks/app/block.poly": "name: app\nfrom: base\n",
      "/ws/blocks/base/block.poly": BASE,
    });
    assert.deepEqual(lines(index, WS), []);
    assert.equal(workspaceModel(index, "/ws").blocks.get("app")!.parent?.name, "base");
  });

  it("warns the same in a block.poly", () => {
    const index = workspace({ [WS]: "name: demo\n", "/ws/blocks/c/block.poly": "name: c\nfrom: c\n" });
    assert.deepEqual(
      lines(index, "/ws/blocks/c/block.poly").map((l) => l.slice(0, 61)),
      ["2: poly/self-from Block 'c' names itself in 'from'. Polycrate"],
    );
  });

  it("still says that a name Polycrate cannot find is pulled from the registry or fails", () => {
    const index = workspace({ [WS]: "name: demo\nblocks:\n  - name: f\n    from: missing\n" });
    assert.deepEqual(lines(index, WS), ["4: poly/unknown-block Block 'missing' is not defined in this workspace. Polycrate pulls it from the registry or fails."]);
  });
});
