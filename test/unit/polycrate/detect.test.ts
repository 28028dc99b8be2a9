// `.poly` is also the extension of mesh files (Triangle, TetGen), and the editor gives every `.poly` the
// `polycrate` language. The server decides: a `.poly` is Polycrate's only when it reads as a YAML mapping (with keys
// of Polycrate's Workspace or Block struct, unless it is named workspace.poly or block.poly). Anything else gets
// nothing from us: no diagnostics, graph,
// lenses, completion or hover.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { complete } from "../../../server/src/features/complete";
import { buildGraph } from "../../../server/src/features/graph";
import { hover } from "../../../server/src/features/hover";
import { runnables } from "../../../server/src/features/run";
import { validate } from "../../../server/src/features/validate";
import { openAt, workspace } from "../../support/ws";

// Triangle's format: a vertex line `<count> <dimension> <attributes> <markers>`, vertices, segments, holes.
const TRIANGLE = "# A.poly\n# 4 vertices, 2D\n4 2 0 1\n1 0.0 0.0 1\n2 1.0 0.0 1\n3 1.0 1.0 1\n4 0.0 1.0 1\n# segments\n4 1\n1 1 2 1\n2 2 3 1\n3 3 4 1\n4 4 1 1\n# holes\n0\n";
// TetGen's format: node list, facet list, hole list, region list.
const TETGEN = "# Part 1 - node list\n8 3 0 0\n1 0 0 0\n2 2 0 0\n3 2 2 0\n4 0 2 0\n# Part 2 - facet list\n2 0\n1\n4 1 2 3 4\n# Part 3 - hole list\n0\n# Part 4 - region list\n0\n";

function nothingFor(files: Record<string, string>, p: string): void {
  const index = workspace(files);
  assert.equal(index.detected(p), undefined, `${p} was claimed`);
  assert.deepEqual(validate(index, p), []);
  assert.equal(buildGraph(index, [p]), null);
  assert.deepEqual(runnables(index, p), []);
  // Opened in the editor (language `polycrate` by extension), it is still not ours.
  index.openOrChange(p, files[p]!, 1);
  assert.equal(index.detected(p), undefined, `${p} was claimed once open`);
  assert.deepEqual(validate(index, p), []);
  assert.equal(complete(index, p, 3), null);
  assert.equal(hover(index, p, 3), null);
}

describe("polycrate detection by content", () => {
  it("leaves mesh files alone, whatever their name", () => {
    for (const name of ["workspace.poly", "block.poly", "blocks/mesh/block.poly", "box.poly", "part.workspace.poly"]) {
      nothingFor({ [`/ws/${name}`]: TRIANGLE }, `/ws/${name}`);
      nothingFor({ [`/ws/${name}`]: TETGEN }, `/ws/${name}`);
    }
  });

  it("leaves alone what is not a mapping, and a mapping of another name without Polycrate's keys", () => {
    nothingFor({ "/ws/workspace.poly": "- 1\n- 2\n" }, "/ws/workspace.poly");
    nothingFor({ "/ws/blocks/a/block.poly": "just some text\n" }, "/ws/blocks/a/block.poly");
    nothingFor({ "/ws/box.poly": "vertices: 4\nsegments: 4\n" }, "/ws/box.poly");
  });

  it("claims any mapping named workspace.poly or block.poly: Polycrate loads it by its name, and reports its keys", () => {
    const index = workspace({ "/ws/workspace.poly": "vertices: 4\n", "/ws/blocks/a/block.poly": "workflows: []\n" });
    assert.deepEqual(index.detected("/ws/workspace.poly"), { format: "polycrate", kind: "workspace" });
    assert.deepEqual(index.detected("/ws/blocks/a/block.poly"), { format: "polycrate", kind: "block" });
    assert.ok(validate(index, "/ws/workspace.poly").some((d) => d.code === "poly/unknown-key"));
    assert.ok(validate(index, "/ws/blocks/a/block.poly").some((d) => d.code === "poly/unknown-key"));
  });

  it("claims a workspace.poly whose first line cannot be read yet, and reports the syntax error", () => {
    const index = workspace({ "/ws/workspace.poly": "{{{\n" });
    assert.deepEqual(index.detected("/ws/workspace.poly"), { format: "polycrate", kind: "workspace" });
    assert.ok(validate(index, "/ws/workspace.poly").some((d) => d.code === "poly/syntax"));
  });

  it("claims files that read as a workspace or a block, keys in any case for the workspace", () => {
    const index = workspace({
      "/ws/workspace.poly": "Name: demo\ncolour: blue\n",
      "/ws/blocks/a/block.poly": "actions:\n  - name: x\n    script: [echo]\n",
      "/ws/team.poly": "organization: acme\n",
    });
    assert.deepEqual(index.detected("/ws/workspace.poly"), { format: "polycrate", kind: "workspace" });
    assert.deepEqual(index.detected("/ws/blocks/a/block.poly"), { format: "polycrate", kind: "block" });
    assert.deepEqual(index.detected("/ws/team.poly"), { format: "polycrate", kind: "workspace" });
  });

  it("claims a new, empty workspace.poly by its name so that completion works in it", () => {
    const index = workspace({});
    const offset = openAt(index, "/ws/workspace.poly", "|");
    assert.deepEqual(index.detected("/ws/workspace.poly"), { format: "polycrate", kind: "workspace" });
    const labels = complete(index, "/ws/workspace.poly", offset)!.items.map((i) => i.label);
    assert.ok(labels.includes("workflows"), JSON.stringify(labels));
  });

  it("keeps a workspace while a line is half typed", () => {
    const index = workspace({ "/ws/workspace.poly": "name: demo\n" });
    index.openOrChange("/ws/workspace.poly", "name: demo\nblocks:\n  - name: [\n", 2);
    assert.deepEqual(index.detected("/ws/workspace.poly"), { format: "polycrate", kind: "workspace" });
    assert.ok(validate(index, "/ws/workspace.poly").length > 0);
  });
});
