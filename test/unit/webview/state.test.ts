import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fitView, initialState, LARGE_GRAPH, matches, MAX_ZOOM, MIN_ZOOM, reduce, viewOf, type State } from "../../../webview/src/state";
import { graph, grouped, layered, node } from "./support";

const ready = (): State => reduce(initialState(), { type: "init", graph: grouped(), editable: true });

describe("webview reducer: host messages", () => {
  it("init takes the graph and the view to restore, ignoring malformed view fields", () => {
    const s = reduce(initialState(), {
      type: "init",
      graph: grouped(),
      editable: true,
      view: { zoom: 2, panX: 10, panY: 20, direction: "RIGHT", collapsed: ["wf2"], filter: "b" },
    });
    assert.equal(s.initialized, true);
    assert.equal(s.graph?.nodes.length, 6);
    assert.deepEqual(viewOf(s), { zoom: 2, panX: 10, panY: 20, direction: "RIGHT", collapsed: ["wf2"], filter: "b" });
    assert.equal(s.placed, true, "a restored view is not refitted");
    const bad = reduce(initialState(), { type: "init", graph: null, editable: false, view: { zoom: NaN, direction: "UP" as never, collapsed: [1 as never, "x"] } });
    assert.equal(bad.zoom, 1);
    assert.equal(bad.direction, "DOWN");
    assert.deepEqual(bad.collapsed, ["x"]);
    assert.equal(bad.placed, false);
  });

  it("a graph for the same document keeps the view; another document resets groups, fit and status", () => {
    let s = reduce(ready(), { type: "toggleGroup", groupId: "wf1" });
    s = reduce(s, { type: "setView", zoom: 1.5, panX: 3, panY: 4 });
    s = reduce(s, { type: "status", states: { a: "running" } });
    const same = reduce(s, { type: "graph", graph: { ...grouped(), version: 2 }, editable: true });
    assert.deepEqual(same.collapsed, ["wf1"]);
    assert.equal(same.placed, true);
    assert.deepEqual(same.status, { a: "running" });
    const other = reduce(s, { type: "graph", graph: { ...grouped(), uri: "file:///ws/other.poly" }, editable: true });
    assert.deepEqual(other.collapsed, []);
    assert.equal(other.placed, false);
    assert.deepEqual(other.status, {});
  });

  it("a large graph opens with every group collapsed", () => {
    const big = layered(LARGE_GRAPH + 10);
    const s = reduce(initialState(), { type: "init", graph: big, editable: true });
    assert.equal(s.collapsed.length, big.groups.length);
    const small = reduce(initialState(), { type: "init", graph: layered(50), editable: true });
    assert.deepEqual(small.collapsed, []);
  });

  it("select follows the cursor, and drops ids that are not in the graph", () => {
    const s = reduce(ready(), { type: "select", nodeId: "b" });
    assert.equal(s.selected, "b");
    assert.equal(reduce(s, { type: "select", nodeId: "nope" }), s);
    assert.equal(reduce(s, { type: "select", nodeId: null }).selected, null);
    const gone = reduce(s, { type: "graph", graph: graph([node("a")], []), editable: true });
    assert.equal(gone.selected, null, "the selected node was removed");
  });

  it("status replaces the run states; exported records the path", () => {
    let s = reduce(ready(), { type: "status", states: { a: "running", b: "queued" } });
    s = reduce(s, { type: "status", states: { a: "succeeded" } });
    assert.deepEqual(s.status, { a: "succeeded" });
    s = reduce(s, { type: "exportStarted" });
    assert.deepEqual(s.export, { state: "pending" });
    s = reduce(s, { type: "exported", path: "/tmp/g.svg" });
    assert.deepEqual(s.export, { state: "done", path: "/tmp/g.svg" });
  });
});

describe("webview reducer: user actions", () => {
  it("selectNode, setFilter, toggleGroup and toggleDirection", () => {
    let s = reduce(ready(), { type: "selectNode", nodeId: "c" });
    assert.equal(s.selected, "c");
    assert.equal(reduce(s, { type: "selectNode", nodeId: "c" }), s, "no change, same object");
    s = reduce(s, { type: "setFilter", text: "dep" });
    assert.equal(s.filter, "dep");
    s = reduce(s, { type: "toggleGroup", groupId: "wf1" });
    assert.deepEqual(s.collapsed, ["wf1"]);
    s = reduce(s, { type: "toggleGroup", groupId: "wf1" });
    assert.deepEqual(s.collapsed, []);
    s = reduce(s, { type: "setView", zoom: 1, panX: 0, panY: 0 });
    s = reduce(s, { type: "toggleDirection" });
    assert.equal(s.direction, "RIGHT");
    assert.equal(s.placed, false, "a new direction is fitted again");
    assert.equal(reduce(s, { type: "toggleDirection" }).direction, "DOWN");
  });

  it("zoomBy keeps the point under the cursor, within the zoom limits; panBy moves", () => {
    let s = reduce(ready(), { type: "setView", zoom: 1, panX: 100, panY: 50 });
    s = reduce(s, { type: "zoomBy", factor: 2, cx: 300, cy: 250 });
    assert.equal(s.zoom, 2);
    // The graph point under (300, 250) was (200, 200) and still is.
    assert.equal((300 - s.panX) / s.zoom, 200);
    assert.equal((250 - s.panY) / s.zoom, 200);
    assert.equal(reduce(s, { type: "zoomBy", factor: 1000, cx: 0, cy: 0 }).zoom, MAX_ZOOM);
    assert.equal(reduce(s, { type: "zoomBy", factor: 0.0001, cx: 0, cy: 0 }).zoom, MIN_ZOOM);
    s = reduce(s, { type: "panBy", dx: 5, dy: -5 });
    assert.deepEqual([s.panX, s.panY], [-95, -155]);
  });
});

describe("filter and fit", () => {
  it("matches label, id and detail, case-insensitively", () => {
    assert.equal(matches("", node("x")), true);
    assert.equal(matches("DEP", node("x", { label: "deploy" })), true);
    assert.equal(matches("inst", node("x", { detail: "block · install" })), true);
    assert.equal(matches("zz", node("x")), false);
  });

  it("fits the drawing inside the viewport, never zooming in beyond 1", () => {
    const f = fitView({ width: 1000, height: 500 }, { width: 548, height: 400 });
    assert.equal(f.zoom, 0.5);
    assert.equal(f.panX, 24);
    assert.equal(fitView({ width: 10, height: 10 }, { width: 500, height: 500 }).zoom, 1);
  });
});
