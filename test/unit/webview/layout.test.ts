import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk-api";
import { fromElk, LayoutCache, nodeWidth, structureKey, toElk, visibleModel, type Box } from "../../../webview/src/layout";
import { edge, graph, grouped, layered, node } from "./support";

const ids = (xs: { id: string }[]) => xs.map((x) => x.id).sort();

/** Every ELK node under `n` (clusters, frames, boxes), depth first. */
function all(n: ElkNode): ElkNode[] {
  return (n.children ?? []).flatMap((c) => [c, ...all(c)]);
}
const find = (n: ElkNode, id: string) => all(n).find((c) => c.id === id)!;
/** Every edge of the ELK graph, wherever it is declared. */
const edgesOf = (n: ElkNode) => [n, ...all(n)].flatMap((c) => c.edges ?? []);
/** The container an ELK node sits in. */
const parentIn = (n: ElkNode, id: string): ElkNode | undefined => [n, ...all(n)].find((c) => c.children?.some((x) => x.id === id));

describe("layout adapter: ELK input", () => {
  it("builds a layered graph with groups as compound nodes; what edges join is laid out together", () => {
    const m = visibleModel(grouped(), []);
    const elk = toElk(m, "DOWN");
    assert.equal(elk.layoutOptions?.["elk.algorithm"], "layered");
    assert.equal(elk.layoutOptions?.["elk.direction"], "DOWN");
    // Every part of grouped() is joined by edges: one cluster, laid out with its frames in one pass.
    assert.deepEqual(ids(elk.children!), ["c:0"]);
    const cluster = elk.children![0]!;
    assert.equal(cluster.layoutOptions?.["elk.hierarchyHandling"], "INCLUDE_CHILDREN");
    assert.equal(cluster.layoutOptions?.["elk.direction"], "DOWN");
    assert.deepEqual(ids(cluster.children!), ["g:wf1", "g:wf2", "n:f"]);
    assert.deepEqual(ids(find(elk, "g:wf1").children!), ["n:a", "n:b", "n:c"]);
    assert.equal(edgesOf(elk).length, 7);
    assert.equal(cluster.edges!.length, 7, "edges into frames belong to the cluster that holds both ends");
    for (const c of find(elk, "g:wf1").children!) {
      assert.equal(c.height, 46);
      assert.ok(c.width! >= 120 && c.width! <= 260);
    }
  });

  it("boxes and frames that no edge joins are packed by ELK, not laid out in one row", () => {
    const g = graph([...Array.from({ length: 5 }, (_, i) => node(`b${i}`, { kind: "block" })), node("x", { group: "wf" }), node("y", { group: "wf" }), node("z", { group: "wf" })], [edge("x", "y", "order")], {
      groups: [{ id: "wf", label: "wf", kind: "workflow" }],
    });
    const elk = toElk(visibleModel(g, []), "DOWN");
    assert.equal(elk.layoutOptions?.["elk.hierarchyHandling"], "SEPARATE_CHILDREN", "the root packs its components");
    assert.deepEqual(ids(elk.children!), ["g:wf", "n:b0", "n:b1", "n:b2", "n:b3", "n:b4"]);
    // A lone frame is laid out on its own, with the same options, and packs its own parts: x → y, and z alone.
    const wf = find(elk, "g:wf");
    assert.equal(wf.layoutOptions?.["elk.algorithm"], "layered");
    assert.equal(wf.layoutOptions?.["elk.direction"], "DOWN");
    assert.deepEqual(ids(wf.children!), ["c:0", "n:z"]);
    assert.deepEqual(ids(find(elk, "c:0").children!), ["n:x", "n:y"]);
    assert.deepEqual(edgesOf(elk).map((e) => e.id), ["order:x->y"]);
  });
  it("lays out depends, inherits and artifacts edges against their data direction (what runs first is upstream)", () => {
    const g = graph([node("app"), node("db"), node("base"), node("child")], [edge("app", "db", "depends"), edge("child", "base", "inherits"), edge("app", "child", "uses")]);
    const elk = toElk(visibleModel(g, []), "RIGHT");
    const e = (id: string) => edgesOf(elk).find((x) => x.id === id)!;
    assert.deepEqual([e("depends:app->db").sources, e("depends:app->db").targets], [["n:db"], ["n:app"]]);
    assert.deepEqual([e("inherits:child->base").sources, e("inherits:child->base").targets], [["n:base"], ["n:child"]]);
    assert.deepEqual([e("uses:app->child").sources, e("uses:app->child").targets], [["n:app"], ["n:child"]]);
    assert.equal(elk.layoutOptions?.["elk.direction"], "RIGHT");
  });

  it("a collapsed group hides its members and takes their edges, merged per kind and end", () => {
    const m = visibleModel(grouped(), ["wf1"]);
    assert.deepEqual(ids(m.nodes), ["d", "e", "f", "group:wf1"]);
    const box = m.nodes.find((n) => n.id === "group:wf1")!;
    assert.equal(box.type, "group");
    assert.equal(box.members, 3);
    assert.deepEqual(ids(m.groups), ["wf2"], "only expanded groups get a frame");
    assert.equal(m.rep.get("a"), "group:wf1");
    const byKey = m.edges.map((e) => `${e.kind}:${e.from}->${e.to}`).sort();
    // a→b, b→c are inside the group: gone. d→a and e→b (depends) reroute to the group; c→f (uses) leaves from it.
    assert.deepEqual(byKey, ["depends:d->group:wf1", "depends:e->group:wf1", "order:d->e", "uses:e->f", "uses:group:wf1->f"]);
    const both = visibleModel(grouped(), ["wf1", "wf2"]);
    const dep = both.edges.find((e) => e.kind === "depends")!;
    assert.deepEqual([dep.from, dep.to, dep.edges.length], ["group:wf2", "group:wf1", 2], "two depends edges merge into one");
  });

  it("nested groups: collapsing the outer one hides the inner frame too", () => {
    const g = graph([node("x", { group: "inner" }), node("y", { group: "outer" }), node("z")], [edge("x", "z", "order")], {
      groups: [
        { id: "outer", label: "outer", kind: "stack" },
        { id: "inner", label: "inner", kind: "workflow", parent: "outer" },
      ],
    });
    const open = toElk(visibleModel(g, []), "DOWN");
    const outer = find(open, "g:outer");
    assert.deepEqual(ids(outer.children!), ["g:inner", "n:y"]);
    // x → z crosses the outer frame: outer and z are laid out together, in one cluster at the root.
    assert.equal(parentIn(open, "g:outer")!.id, "c:0");
    assert.equal(parentIn(open, "n:z")!.id, "c:0");
    const closed = visibleModel(g, ["outer"]);
    assert.deepEqual(ids(closed.nodes), ["group:outer", "z"]);
    assert.deepEqual(closed.groups, []);
    assert.equal(closed.nodes.find((n) => n.id === "group:outer")!.members, 2);
  });

  it("nodes naming a group the graph does not list still get a frame", () => {
    const m = visibleModel(graph([node("a", { group: "ghost" })], []), []);
    assert.deepEqual(m.groups.map((g) => g.id), ["ghost"]);
  });
});

describe("layout adapter: stable positions", () => {
  it("the structure key ignores labels, details, ranges, problems and flags, but not ids, edges, groups or direction", () => {
    const g = grouped();
    const key = structureKey(visibleModel(g, []), "DOWN");
    const relabelled = {
      ...g,
      version: 2,
      nodes: g.nodes.map((n) => ({ ...n, label: `${n.label}-renamed`, detail: "x", range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, problems: [{ severity: "error" as const, message: "m", code: "c" }] })),
    };
    assert.equal(structureKey(visibleModel(relabelled, []), "DOWN"), key);
    assert.notEqual(structureKey(visibleModel(g, []), "RIGHT"), key);
    assert.notEqual(structureKey(visibleModel(g, ["wf2"]), "DOWN"), key);
    assert.notEqual(structureKey(visibleModel({ ...g, edges: g.edges.slice(1) }, []), "DOWN"), key);
    assert.notEqual(structureKey(visibleModel({ ...g, nodes: [...g.nodes, node("new")] }, []), "DOWN"), key);
  });

  it("the cache hands back the same positions for a label-only change, and forgets the oldest entries", () => {
    const cache = new LayoutCache(2);
    const g = grouped();
    const k1 = structureKey(visibleModel(g, []), "DOWN");
    const p1 = fromElk(k1, { id: "root", width: 10, height: 10, children: [{ id: "n:a", x: 1, y: 2, width: 3, height: 4 }] });
    cache.set(p1);
    const k2 = structureKey(visibleModel({ ...g, nodes: g.nodes.map((n) => ({ ...n, label: "typed" })) }, []), "DOWN");
    assert.equal(cache.get(k2), p1);
    cache.set({ ...p1, key: "b" });
    cache.set({ ...p1, key: "c" });
    assert.equal(cache.get("b")?.key, "b");
    assert.equal(cache.get(k1), undefined);
  });

  it("widths grow with the label, within bounds", () => {
    assert.equal(nodeWidth("a"), 120);
    assert.ok(nodeWidth("a-rather-long-step-name") > 120);
    assert.equal(nodeWidth("x".repeat(200)), 260);
  });
});

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("layout with ELK (real, in node)", () => {
  it("lays out 50 grouped nodes with no overlapping boxes, inside their frames, in both directions", async () => {
    const elk = new ELK();
    for (const direction of ["DOWN", "RIGHT"] as const) {
      const g = layered(50);
      const m = visibleModel(g, []);
      const key = structureKey(m, direction);
      const p = fromElk(key, await elk.layout(toElk(m, direction)));
      assert.equal(p.nodes.size, 50);
      const boxes = [...p.nodes.values()];
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) assert.ok(!overlap(boxes[i]!, boxes[j]!), `boxes ${i} and ${j} overlap`);
      for (const n of g.nodes) {
        const b = p.nodes.get(n.id)!;
        const f = p.groups.get(n.group!)!;
        assert.ok(b.x >= f.x && b.y >= f.y && b.x + b.width <= f.x + f.width && b.y + b.height <= f.y + f.height, `${n.id} inside ${n.group}`);
      }
      const frames = [...p.groups.values()];
      for (let i = 0; i < frames.length; i++) for (let j = i + 1; j < frames.length; j++) assert.ok(!overlap(frames[i]!, frames[j]!), `frames ${i} and ${j} overlap`);
      assert.equal(p.edges.size, m.edges.length);
      for (const pts of p.edges.values()) assert.ok(pts.length >= 2);
      assert.ok(p.width > 0 && p.height > 0);
    }
  });

  it("lays out upstream first: a dependency sits above the job that needs it", async () => {
    const g = graph([node("app"), node("db")], [edge("app", "db", "depends")]);
    const m = visibleModel(g, []);
    const p = fromElk("k", await new ELK().layout(toElk(m, "DOWN")));
    assert.ok(p.nodes.get("db")!.y < p.nodes.get("app")!.y);
    const r = fromElk("k", await new ELK().layout(toElk(m, "RIGHT")));
    assert.ok(r.nodes.get("db")!.x < r.nodes.get("app")!.x);
  });

  it("300 boxes without edges wrap into rows near ELK's aspect ratio, not one row 300 boxes wide", async () => {
    const g = graph(Array.from({ length: 300 }, (_, i) => node(`b${i}`, { kind: "block" })), []);
    const p = fromElk("k", await new ELK().layout(toElk(visibleModel(g, []), "DOWN")));
    assert.equal(p.nodes.size, 300);
    const rows = new Set([...p.nodes.values()].map((b) => b.y)).size;
    assert.ok(rows >= 8, `${rows} rows`);
    assert.ok(p.width / p.height < 4, `${Math.round(p.width)}×${Math.round(p.height)}`);
    const boxes = [...p.nodes.values()];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) assert.ok(!overlap(boxes[i]!, boxes[j]!), `boxes ${i} and ${j} overlap`);
  });

  it("a connected part leads, and the lone boxes follow it in rows", async () => {
    const lone = Array.from({ length: 40 }, (_, i) => node(`b${i}`, { kind: "block" }));
    const g = graph([...lone, node("app"), node("db")], [edge("app", "db", "depends")]);
    const p = fromElk("k", await new ELK().layout(toElk(visibleModel(g, []), "DOWN")));
    const db = p.nodes.get("db")!;
    assert.ok(db.y < p.nodes.get("app")!.y, "upstream first inside the cluster too");
    assert.ok(db.y <= Math.min(...lone.map((n) => p.nodes.get(n.id)!.y)), "the cluster is in the first row");
    assert.equal(p.edges.get("depends:app->db")!.length >= 2, true);
  });

  it("a collapsed group lays out as one box", async () => {
    const m = visibleModel(grouped(), ["wf1"]);
    const p = fromElk("k", await new ELK().layout(toElk(m, "DOWN")));
    assert.ok(p.nodes.has("group:wf1"));
    assert.ok(!p.nodes.has("a"));
    assert.ok(p.edges.has(m.edges.find((e) => e.from === "group:wf1")!.id));
  });
});
