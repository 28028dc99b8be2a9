// The webview side of graph edits: which nodes get a drag handle, the context menu per format and node, Delete on
// a selection, the reducer's edge selection and menu, and the host's check of the new messages.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { WorkflowGraph } from "../../../common/graph";
import { isWebviewToHost } from "../../../client/src/graph/validate";
import { connectable, deleteMessage, menuItems } from "../../../webview/src/edit-menu";
import { initialState, reduce } from "../../../webview/src/state";

const U = "file:///ws/env0.workflow.yaml";
const R = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const env0: WorkflowGraph = {
  uri: U,
  format: "env0",
  title: "t",
  version: 3,
  nodes: [
    { id: "alias:a", label: "a", kind: "alias", uri: U, range: R },
    { id: "alias:b", label: "b", kind: "alias", uri: U, range: R },
    { id: "alias:ghost", label: "ghost", kind: "alias", detail: "not defined" },
  ],
  edges: [{ id: "depends:alias:b->alias:a", from: "alias:b", to: "alias:a", kind: "depends", uri: U, range: R }],
  groups: [],
};
const P = "file:///ws/workspace.poly";
const poly: WorkflowGraph = {
  uri: P,
  format: "polycrate",
  title: "p",
  version: 1,
  nodes: [
    { id: "step:release#0", label: "build", kind: "step", uri: P, range: R, group: "workflow:release" },
    { id: "step:release#1", label: "ship", kind: "step", uri: P, range: R, group: "workflow:release" },
    { id: "block:app", label: "app", kind: "block", uri: P, range: R },
  ],
  edges: [{ id: "order:step:release#0->step:release#1", from: "step:release#0", to: "step:release#1", kind: "order" }],
  groups: [{ id: "workflow:release", label: "release", kind: "workflow" }],
};

describe("graph editing in the webview", () => {
  it("offers drag handles on nodes a dependency can join, not on undefined ones", () => {
    assert.deepEqual(env0.nodes.map((n) => connectable(env0, n)), [true, true, false]);
    assert.ok(!connectable(poly, poly.nodes[2]!), "Polycrate has no dependencies to draw");
  });

  it("builds the context menu per target", () => {
    const first = menuItems(poly, { type: "node", nodeId: "step:release#0" });
    assert.deepEqual(first.map((i) => [i.id, !!i.message]), [["add-step-after", true], ["move-up", false], ["move-down", true], ["rename", true], ["remove", true]]);
    assert.deepEqual(first.find((i) => i.id === "move-down")!.message, { type: "edit", edit: { type: "moveStep", workflow: "release", from: 0, to: 1 } });
    assert.deepEqual(first[0]!.message, { type: "addStep", workflow: "release", index: 1 });
    assert.deepEqual(menuItems(poly, { type: "group", groupId: "workflow:release" })[0]!.message, { type: "addStep", workflow: "release" });
    assert.deepEqual(menuItems(env0, { type: "background" }).map((i) => i.message), [{ type: "addNode", kind: "alias" }]);
    assert.deepEqual(menuItems(env0, { type: "edge", edgeId: "depends:alias:b->alias:a" }).map((i) => i.id), ["remove-dependency"]);
    assert.deepEqual(menuItems(poly, { type: "edge", edgeId: "order:step:release#0->step:release#1" }), []);
    assert.deepEqual(menuItems(env0, { type: "node", nodeId: "alias:ghost" }), []);
  });

  it("turns Delete into an intent: a dependency at once, a node through the host's confirmation", () => {
    assert.deepEqual(deleteMessage(env0, "depends:alias:b->alias:a", null), { type: "edit", edit: { type: "removeDependency", edgeId: "depends:alias:b->alias:a" } });
    assert.deepEqual(deleteMessage(env0, null, "alias:a"), { type: "remove", nodeId: "alias:a" });
    assert.equal(deleteMessage(poly, "order:step:release#0->step:release#1", null), undefined);
  });

  it("selects edges and keeps menus to their document and to editable graphs", () => {
    let s = reduce(initialState(), { type: "init", graph: env0, editable: true });
    s = reduce(s, { type: "selectNode", nodeId: "alias:a" });
    s = reduce(s, { type: "selectEdge", edgeId: "depends:alias:b->alias:a" });
    assert.equal(s.selected, null);
    assert.equal(s.selectedEdge, "depends:alias:b->alias:a");
    s = reduce(s, { type: "openMenu", x: 1, y: 2, target: { type: "background" } });
    assert.ok(s.menu);
    // The edge is gone from the next graph, and the text stopped parsing: no selection, no menu.
    s = reduce(s, { type: "graph", graph: { ...env0, edges: [], stale: "broken" }, editable: false });
    assert.equal(s.selectedEdge, null);
    assert.equal(s.menu, null);
  });

  it("lets the host accept only well-formed edit messages", () => {
    assert.ok(isWebviewToHost({ type: "edit", edit: { type: "addDependency", from: "alias:a", to: "alias:b" } }));
    assert.ok(!isWebviewToHost({ type: "edit", edit: { type: "addDependency", from: "alias:a" } }));
    assert.ok(isWebviewToHost({ type: "addStep", workflow: "release", index: 2 }));
    assert.ok(!isWebviewToHost({ type: "addStep", workflow: "release", index: -1 }));
    assert.ok(isWebviewToHost({ type: "remove", nodeId: "alias:a" }));
    assert.ok(!isWebviewToHost({ type: "rename", nodeId: "" }));
    assert.ok(isWebviewToHost({ type: "addNode", kind: "subcomponent", parent: "component:/ws/c.yaml#root" }));
    assert.ok(!isWebviewToHost({ type: "addNode", kind: "table" }));
  });
});
