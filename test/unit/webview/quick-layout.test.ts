// The quick first layout: same shape as ELK's answer, no overlaps, boxes inside their frames, upstream first.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Direction } from "../../../common/protocol";
import { structureKey, visibleModel, type Box, type Positioned } from "../../../webview/src/layout";
import { quickLayout } from "../../../webview/src/quick-layout";
import { edge, graph, grouped, layered, node } from "./support";

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, f: Box) => a.x >= f.x && a.y >= f.y && a.x + a.width <= f.x + f.width && a.y + a.height <= f.y + f.height;

function noOverlaps(boxes: Box[], what: string): void {
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) assert.ok(!overlap(boxes[i]!, boxes[j]!), `${what} ${i} and ${j} overlap`);
}

describe("quick layout", () => {
  for (const direction of ["DOWN", "RIGHT"] as Direction[]) {
    it(`places 120 grouped nodes without overlaps, inside their frames, inside the drawing (${direction})`, () => {
      const g = layered(120);
      const m = visibleModel(g, []);
      const key = structureKey(m, direction);
      const p: Positioned = quickLayout(key, m, direction);
      assert.equal(p.key, key);
      assert.equal(p.quick, true);
      assert.equal(p.nodes.size, 120);
      noOverlaps([...p.nodes.values()], "boxes");
      noOverlaps([...p.groups.values()], "frames");
      for (const n of g.nodes) assert.ok(inside(p.nodes.get(n.id)!, p.groups.get(n.group!)!), `${n.id} inside ${n.group}`);
      const all = { x: 0, y: 0, width: p.width, height: p.height };
      for (const b of [...p.nodes.values(), ...p.groups.values()]) assert.ok(inside(b, all), "inside the drawing");
      assert.equal(p.edges.size, m.edges.length);
      for (const pts of p.edges.values()) assert.ok(pts.length >= 2);
    });
  }

  it("lays out upstream first, as ELK does: a dependency above (DOWN) or left of (RIGHT) the job that needs it", () => {
    const g = graph([node("app"), node("db"), node("web")], [edge("app", "db", "depends"), edge("web", "app", "uses")]);
    const m = visibleModel(g, []);
    const down = quickLayout("k", m, "DOWN");
    assert.ok(down.nodes.get("db")!.y < down.nodes.get("app")!.y);
    assert.ok(down.nodes.get("web")!.y < down.nodes.get("app")!.y, "uses: the step above the block it uses");
    const right = quickLayout("k", m, "RIGHT");
    assert.ok(right.nodes.get("db")!.x < right.nodes.get("app")!.x);
    // Edge paths run in layout direction: from db (upstream) to app.
    const pts = down.edges.get("depends:app->db")!;
    assert.ok(pts[0]!.y < pts[pts.length - 1]!.y);
  });

  it("survives cycles, self-loops, nested and collapsed groups, and edges into and out of frames", () => {
    const g = graph(
      [node("a", { group: "inner" }), node("b", { group: "outer" }), node("c"), node("d", { group: "wf" }), node("e", { group: "wf" })],
      [edge("a", "b", "order"), edge("b", "c", "order"), edge("c", "a", "order"), edge("c", "c", "order"), edge("d", "a", "depends"), edge("e", "d", "order")],
      { groups: [{ id: "outer", label: "outer", kind: "stack" }, { id: "inner", label: "inner", kind: "workflow", parent: "outer" }, { id: "wf", label: "wf", kind: "workflow" }] },
    );
    const open = quickLayout("k", visibleModel(g, []), "DOWN");
    assert.equal(open.nodes.size, 5);
    assert.ok(inside(open.groups.get("inner")!, open.groups.get("outer")!));
    assert.ok(inside(open.nodes.get("a")!, open.groups.get("inner")!));
    noOverlaps([...open.nodes.values()], "boxes");
    const m = visibleModel(g, ["wf"]);
    const closed = quickLayout("k", m, "DOWN");
    assert.ok(closed.nodes.has("group:wf"));
    assert.ok(!closed.groups.has("wf"));
    assert.equal(closed.edges.size, m.edges.filter((e) => e.from !== e.to).length);
  });

  for (const direction of ["DOWN", "RIGHT"] as Direction[]) {
    it(`packs 300 unconnected blocks in rows after the connected part, not in one row (${direction})`, () => {
      const g = graph([node("app"), node("db"), ...Array.from({ length: 300 }, (_, i) => node(`b${i}`, { kind: "block" }))], [edge("app", "db", "depends")]);
      const m = visibleModel(g, []);
      const p = quickLayout(structureKey(m, direction), m, direction);
      assert.equal(p.nodes.size, 302);
      noOverlaps([...p.nodes.values()], "boxes");
      assert.ok(Math.max(p.width, p.height) / Math.min(p.width, p.height) < 4, `${Math.round(p.width)}×${Math.round(p.height)}`);
      const all = { x: 0, y: 0, width: p.width, height: p.height };
      for (const b of p.nodes.values()) assert.ok(inside(b, all), "inside the drawing");
      // The connected pair leads along the layers; the lone blocks follow.
      const main = (b: Box) => (direction === "DOWN" ? b.y : b.x);
      const last = Math.max(main(p.nodes.get("app")!), main(p.nodes.get("db")!));
      for (let i = 0; i < 300; i++) assert.ok(main(p.nodes.get(`b${i}`)!) > last, `b${i} after the layers`);
    });
  }

  it("a group whose parent is itself (a cycle in the data) sits at the top level", () => {
    const g = graph([node("x", { group: "loop" })], [], { groups: [{ id: "loop", label: "loop", kind: "workflow", parent: "loop" }] });
    const p = quickLayout("k", visibleModel(g, []), "DOWN");
    assert.ok(inside(p.nodes.get("x")!, p.groups.get("loop")!));
  });

  it("the same model gives the same layout (no jumping between two quick layouts of one graph)", () => {
    const m = visibleModel(grouped(), []);
    assert.deepEqual(quickLayout("k", m, "DOWN"), quickLayout("k", m, "DOWN"));
  });
});
