// A large workspace.poly edited in place: what is kept per workflow (symbols, unknown actions, duplicate steps) must follow the
// text and the blocks it names, as a fresh index computes it.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { WorkspaceIndex } from "../../../server/src/index/workspace-index";
import { workspace } from "../../support/ws";

const WS = "/ws/workspace.poly";
const BLOCK = "/ws/blocks/app/block.poly";
const workflows = (n: number, action = (i: number) => (i === n - 1 ? "deplyo" : "deploy")): string =>
  Array.from({ length: n }, (_, i) => `  - name: wf-${i}\n    steps:\n      - name: s\n        block: app\n        action: ${action(i)}\n${i === n - 2 ? "      - name: s\n        block: app\n" : ""}`).join("");
const wsText = (n: number) => `name: demo\nblocks:\n  - name: app\n    from: app\nworkflows:\n${workflows(n)}`;
const blockText = "name: app\nkind: generic\nactions:\n  - name: deploy\n    script: [\"true\"]\n";

const shown = (index: WorkspaceIndex, p: string) =>
  index.problems(p).map((x) => `${x.code}@${x.span.start}-${x.span.end}:${x.message}:${JSON.stringify(x.fixes?.map((f) => f.changes.map((c) => c.span.start)))}:${JSON.stringify(x.related?.map((r) => r.span))}`);

describe("polycrate: an open workspace.poly edited in place", () => {
  it("moves kept workflows' problems with the text and checks them again when the block's actions change", () => {
    const files = { [WS]: wsText(40), [BLOCK]: blockText };
    const index = workspace(files);
    let text = files[WS];
    index.openOrChange(WS, text, 1);
    let version = 1;
    const check = (label: string, block = blockText): void => {
      const fresh = workspace({ [WS]: text, [BLOCK]: block });
      fresh.openOrChange(WS, text, 1);
      assert.deepEqual(shown(index, WS), shown(fresh, WS), label);
    };
    check("opened");
    assert.ok(shown(index, WS).some((p) => p.startsWith("poly/unknown-action") && p.includes("Did you mean 'deploy'")));
    assert.ok(shown(index, WS).some((p) => p.startsWith("poly/duplicate-name") && p.includes("Step 's'")));
    // Typing in the first workflow moves every later one.
    text = text.replace("name: wf-0", "name: wf-0-renamed");
    index.openOrChange(WS, text, ++version);
    check("after a rename in the first workflow");
    text = text.replace("name: wf-0-renamed\n", "name: wf-0\n    description: added line\n");
    index.openOrChange(WS, text, ++version);
    check("after a line added in the first workflow");
    // The block gains the misspelt action: the kept workflow's finding goes.
    const grown = blockText + "  - name: deplyo\n    script: [\"true\"]\n";
    index.openOrChange(BLOCK, grown, 1);
    check("after the block gained the action", grown);
    assert.ok(!shown(index, WS).some((p) => p.startsWith("poly/unknown-action")));
  });
});
