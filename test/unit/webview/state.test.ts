import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { FIT_MIN_ZOOM, fitView, initialState, LABEL_PX, LARGE_GRAPH, matchIds, matches, matchText, MAX_ZOOM, MIN_ZOOM, OPEN_ALL_MATCHES, overflows, READABLE_PX, reduce, viewOf, type State } from "../../../webview/src/state";
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

  it("affected marks stay for this document's new versions, and go with another document or when cleared", () => {
    const marks = { base: "main", nodeIds: ["a", "b"], files: 2 };
    const s = reduce(ready(), { type: "affected", marks });
    assert.deepEqual(s.affected, marks);
    assert.deepEqual(reduce(s, { type: "graph", graph: { ...grouped(), version: 2 }, editable: true }).affected, marks);
    assert.equal(reduce(s, { type: "graph", graph: { ...grouped(), uri: "file:///ws/other.poly" }, editable: true }).affected, null);
    assert.equal(reduce(s, { type: "clearAffected" }).affected, null);
    assert.equal(reduce(s, { type: "affected", marks: null }).affected, null);
  });

  it("the edit message is the host's last one, until dismissed", () => {
    const notice = { text: "Added ‘rds’ to ‘app’ in", files: [{ uri: "file:///ws/catalog/app.yaml", label: "catalog/app.yaml", importedBy: ["dev", "prod"] }], undo: true, redo: false };
    const s = reduce(ready(), { type: "notice", notice });
    assert.deepEqual(s.notice, notice);
    assert.equal(reduce(s, { type: "dismissNotice" }).notice, null);
    const ready2 = ready();
    assert.equal(reduce(ready2, { type: "dismissNotice" }), ready2, "nothing to dismiss: same object");
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

  it("the fit's minimum zoom keeps node labels readable: the label size in styles.css times the zoom", () => {
    const css = fs.readFileSync(path.join(import.meta.dirname, "../../../webview/src/styles.css"), "utf8");
    const rule = /\.node-label \{([^}]*)\}/.exec(css)?.[1] ?? "";
    assert.equal(Number(/font-size:\s*(\d+)px/.exec(rule)?.[1]), LABEL_PX, "LABEL_PX follows .node-label");
    assert.ok(LABEL_PX * FIT_MIN_ZOOM >= READABLE_PX - 1e-9);
    assert.ok(READABLE_PX >= 9);
  });

  it("a drawing too large to fit readably opens at the minimum zoom around the focus, within the drawing's edges", () => {
    const content = { width: 12000, height: 900 };
    const view = { width: 800, height: 600 };
    // Without a floor this is 10 % zoom (the hand zoom's limit), labels 1.3 px high.
    assert.equal(fitView(content, view).zoom, MIN_ZOOM);
    const focus = { x: 6000, y: 400, width: 140, height: 46 };
    const f = fitView(content, view, { minZoom: FIT_MIN_ZOOM, focus });
    assert.equal(f.zoom, FIT_MIN_ZOOM);
    // The focus box's centre is at the viewport's centre.
    assert.ok(Math.abs((focus.x + 70) * f.zoom + f.panX - 400) < 1e-6);
    assert.ok(Math.abs((focus.y + 23) * f.zoom + f.panY - 300) < 1e-6);
    // Near a corner, the view stops at the drawing's edge plus the margin instead of centring.
    const corner = fitView(content, view, { minZoom: FIT_MIN_ZOOM, focus: { x: 16, y: 16, width: 140, height: 46 } });
    assert.deepEqual([corner.panX, corner.panY], [24, 24]);
    const far = fitView(content, view, { minZoom: FIT_MIN_ZOOM, focus: { x: 11900, y: 850, width: 100, height: 46 } });
    assert.ok(Math.abs(far.panX - (800 - 24 - 12000 * FIT_MIN_ZOOM)) < 1e-6, "the right edge of the drawing shows");
    // No focus: the top-left.
    assert.deepEqual([fitView(content, view, { minZoom: FIT_MIN_ZOOM }).panX, fitView(content, view, { minZoom: FIT_MIN_ZOOM }).panY], [24, 24]);
    // A drawing that fits at a readable zoom is fitted whole, centred, as before; a tiny one is not zoomed in.
    const small = fitView({ width: 600, height: 200 }, view, { minZoom: FIT_MIN_ZOOM });
    assert.equal(small.zoom, 1);
    assert.equal(small.panX, 100);
    const medium = fitView({ width: 1000, height: 300 }, view, { minZoom: FIT_MIN_ZOOM });
    assert.ok(medium.zoom > FIT_MIN_ZOOM && medium.zoom < 1);
    assert.equal(medium.panX, 24);
    assert.ok(overflows(content, view, f.zoom));
    assert.ok(!overflows({ width: 1000, height: 300 }, view, medium.zoom));
  });

  it("a fit is marked as such until the user zooms or pans, so that a resize fits again", () => {
    let s = reduce(ready(), { type: "fitView", zoom: 0.8, panX: 1, panY: 2 });
    assert.deepEqual([s.zoom, s.placed, s.fitted], [0.8, true, true]);
    assert.equal(reduce(s, { type: "panBy", dx: 1, dy: 0 }).fitted, false);
    assert.equal(reduce(s, { type: "zoomBy", factor: 2, cx: 0, cy: 0 }).fitted, false);
    assert.equal(reduce(s, { type: "setView", zoom: 1, panX: 0, panY: 0 }).fitted, false);
    s = reduce(s, { type: "graph", graph: { ...grouped(), uri: "file:///ws/other.poly" }, editable: true });
    assert.deepEqual([s.placed, s.fitted], [false, false], "another document is fitted afresh");
  });
});

/** Workflows w0…w(n-1) of three steps each (`w<i>-s<k>`), all collapsed as a large graph opens. */
function workflows(n: number): State {
  const nodes = [];
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) nodes.push(node(`w${i}-s${k}`, { group: `w${i}`, label: k === 1 ? `deploy-${i}` : `step-${i}-${k}` }));
  const g = graph(nodes, [], { groups: Array.from({ length: n }, (_, i) => ({ id: `w${i}`, label: `workflow ${i}`, kind: "workflow" as const })) });
  let s = reduce(initialState(), { type: "init", graph: g, editable: true });
  for (let i = 0; i < n; i++) s = reduce(s, { type: "toggleGroup", groupId: `w${i}` });
  return s;
}

describe("search: the filter finds, opens, selects and steps", () => {
  it("typing opens the collapsed group holding the match and selects it; clearing closes it again", () => {
    let s = reduce(ready(), { type: "toggleGroup", groupId: "wf1" });
    s = reduce(s, { type: "toggleGroup", groupId: "wf2" });
    s = reduce(s, { type: "setFilter", text: "b" });
    assert.deepEqual(matchIds(s.graph!, "b"), ["b"]);
    assert.equal(s.selected, "b");
    assert.equal(s.match, 0);
    assert.deepEqual(s.collapsed, ["wf2"], "wf1 holds b and is open; wf2 stays closed");
    assert.deepEqual(s.autoOpened, ["wf1"]);
    s = reduce(s, { type: "setFilter", text: "" });
    assert.deepEqual([...s.collapsed].sort(), ["wf1", "wf2"], "the filter's groups close again");
    assert.deepEqual(s.autoOpened, []);
  });

  it("opens nested groups from the outside in, and leaves a group the user toggled alone", () => {
    const g = graph([node("x", { group: "inner" }), node("y", { group: "outer" })], [], {
      groups: [
        { id: "outer", label: "outer", kind: "stack" },
        { id: "inner", label: "inner", kind: "workflow", parent: "outer" },
      ],
    });
    let s = reduce(initialState({ collapsed: ["outer", "inner"] }), { type: "init", graph: g, editable: true });
    s = reduce(s, { type: "setFilter", text: "x" });
    assert.deepEqual(s.collapsed, []);
    assert.deepEqual([...s.autoOpened].sort(), ["inner", "outer"]);
    // The user collapses inner and opens it again by hand: it is theirs now, and stays open after the filter.
    s = reduce(reduce(s, { type: "toggleGroup", groupId: "inner" }), { type: "toggleGroup", groupId: "inner" });
    s = reduce(s, { type: "setFilter", text: "" });
    assert.deepEqual(s.collapsed, ["outer"]);
  });

  it("Enter and Shift+Enter step through the matches, wrapping, and the count reads '3 of 10'", () => {
    let s = reduce(workflows(10), { type: "setFilter", text: "deploy" });
    assert.equal(matchIds(s.graph!, s.filter).length, 10);
    assert.equal(matchText(10, s.match), "1 of 10");
    assert.equal(s.selected, "w0-s1");
    s = reduce(reduce(s, { type: "stepMatch", delta: 1 }), { type: "stepMatch", delta: 1 });
    assert.equal(s.selected, "w2-s1");
    assert.equal(matchText(10, s.match), "3 of 10");
    s = reduce(s, { type: "stepMatch", delta: -1 });
    assert.equal(s.selected, "w1-s1");
    s = reduce(reduce(s, { type: "stepMatch", delta: -1 }), { type: "stepMatch", delta: -1 });
    assert.equal(s.selected, "w9-s1", "Shift+Enter on the first match goes to the last");
    assert.equal(reduce(s, { type: "stepMatch", delta: 1 }).selected, "w0-s1");
    // Few matches: every group holding one is open.
    assert.deepEqual(s.collapsed, []);
    assert.equal(matchText(0, 0), "No matches");
    const none = reduce(s, { type: "setFilter", text: "zzz" });
    assert.equal(reduce(none, { type: "stepMatch", delta: 1 }), none, "nothing to step to");
    assert.equal(none.collapsed.length, 10, "no match: every group the filter opened is closed again");
  });

  it("with many matches only the current match's group opens, and the previous one closes as the filter moves on", () => {
    const n = OPEN_ALL_MATCHES + 5;
    let s = reduce(workflows(n), { type: "setFilter", text: "deploy" });
    assert.equal(s.collapsed.length, n - 1);
    assert.ok(!s.collapsed.includes("w0"));
    s = reduce(s, { type: "stepMatch", delta: 1 });
    assert.equal(s.selected, "w1-s1");
    assert.ok(s.collapsed.includes("w0") && !s.collapsed.includes("w1"));
    assert.deepEqual(s.autoOpened, ["w1"]);
  });

  it("a new version of the graph keeps the current match within the matches", () => {
    let s = reduce(workflows(5), { type: "setFilter", text: "deploy" });
    for (let i = 0; i < 4; i++) s = reduce(s, { type: "stepMatch", delta: 1 });
    assert.equal(s.match, 4);
    const fewer = { ...s.graph!, version: 2, nodes: s.graph!.nodes.filter((x) => !x.id.startsWith("w4") && !x.id.startsWith("w3")) };
    s = reduce(s, { type: "graph", graph: fewer, editable: true });
    assert.equal(s.match, 2);
  });
});
