// `infraflow graph --stack S` and `--component C --depth N` (common/graph-scope.ts) on the Atmos example: one stack
// and what it points at elsewhere, or a component's neighbourhood, with their groups and only edges between kept nodes.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { scopeGraph } from "../../../common/graph-scope";
import type { WorkflowGraph } from "../../../common/graph";
import { buildGraph } from "../../../server/src/features/graph";
import { FORMATS } from "../../../server/src/formats/registry";
import { nodeHost } from "../../../server/src/index/host";
import { newIndex } from "../../support/ws";

const ROOT = path.resolve(__dirname, "../../../examples/atmos");

function exampleGraph(): WorkflowGraph {
  const index = newIndex(nodeHost, FORMATS);
  index.setRoots([ROOT]);
  const g = buildGraph(index, index.paths().sort());
  assert.ok(g, "the example has a graph");
  return g;
}

const stackOf = (g: WorkflowGraph, groupId: string | undefined): string | undefined => g.groups.find((x) => x.id === groupId && x.kind === "stack")?.label;
const edgesClosed = (g: WorkflowGraph) => g.edges.every((e) => g.nodes.some((n) => n.id === e.from) && g.nodes.some((n) => n.id === e.to));

describe("graph scope", () => {
  const whole = exampleGraph();
  const stacks = [...new Set(whole.groups.filter((x) => x.kind === "stack").map((x) => x.label))].sort();

  it("the example has two stacks to choose from", () => assert.deepEqual(stacks, ["platform-ue2-dev", "platform-ue2-prod"]));

  it("--stack keeps that stack's nodes and what they point at elsewhere", () => {
    const r = scopeGraph(whole, { stack: "platform-ue2-dev" });
    assert.ok(r.ok);
    const g = r.graph;
    const own = whole.nodes.filter((n) => stackOf(whole, n.group) === "platform-ue2-dev");
    assert.ok(own.length > 0 && own.length < whole.nodes.length);
    for (const n of own) assert.ok(g.nodes.some((m) => m.id === n.id), `${n.id} kept`);
    for (const n of g.nodes) {
      const inStack = stackOf(g, n.group) === "platform-ue2-dev";
      assert.ok(inStack || whole.edges.some((e) => own.some((o) => o.id === e.from) && e.to === n.id), `${n.id} is in the stack or a target of it`);
    }
    assert.ok(edgesClosed(g));
    assert.ok(g.groups.every((gr) => g.nodes.some((n) => n.group === gr.id) || g.groups.some((c) => c.parent === gr.id)), "no empty group");
  });

  it("--component keeps the component and its neighbours within the depth, in every stack or in one", () => {
    const d0 = scopeGraph(whole, { component: "rds", depth: 0 });
    assert.ok(d0.ok);
    assert.deepEqual(d0.graph.nodes.map((n) => n.label), ["rds", "rds"]);
    assert.equal(d0.graph.edges.length, 0);
    const d1 = scopeGraph(whole, { component: "rds" });
    assert.ok(d1.ok);
    const rds = d1.graph.nodes.filter((n) => n.label === "rds").map((n) => n.id);
    const direct = new Set(whole.edges.flatMap((e) => (rds.includes(e.from) ? [e.to] : rds.includes(e.to) ? [e.from] : [])));
    assert.deepEqual(new Set(d1.graph.nodes.map((n) => n.id)), new Set([...rds, ...direct]));
    assert.ok(edgesClosed(d1.graph));
    const one = scopeGraph(whole, { stack: "platform-ue2-prod", component: "rds", depth: 0 });
    assert.ok(one.ok);
    assert.deepEqual(one.graph.nodes.map((n) => stackOf(one.graph, n.group)), ["platform-ue2-prod"]);
  });

  it("names what exists when the stack or component does not", () => {
    const s = scopeGraph(whole, { stack: "nope" });
    assert.deepEqual(s, { ok: false, message: "No stack 'nope' in this graph; its stacks: platform-ue2-dev, platform-ue2-prod." });
    const c = scopeGraph(whole, { stack: "platform-ue2-dev", component: "nope" });
    assert.deepEqual(c, { ok: false, message: "No node named 'nope' in stack 'platform-ue2-dev'." });
  });

  it("names a few stacks, not thousands, when a large graph lacks the one asked for", () => {
    // 30 stacks: 15 in each of two regions.
    const names = ["ue2", "uw2"].flatMap((r) => Array.from({ length: 15 }, (_, i) => `acme-${r}-s${String(i).padStart(2, "0")}`));
    const big: WorkflowGraph = { ...whole, groups: names.map((n) => ({ id: `stack:${n}`, label: n, kind: "stack" as const })), nodes: [], edges: [] };
    const near = scopeGraph(big, { stack: "uw2-s1" });
    assert.ok(!near.ok);
    assert.equal(near.message, `No stack 'uw2-s1' in this graph of 30 stacks; those whose names hold it or are held in it: ${names.filter((n) => n.includes("uw2-s1")).join(", ")}.`);
    const region = scopeGraph(big, { stack: "UE2" });
    assert.ok(!region.ok);
    assert.match(region.message, /of 30 stacks; those whose names hold it or are held in it: acme-ue2-s00, .*acme-ue2-s14\.$/, "a match in any case");
    const none = scopeGraph(big, { stack: "nope" });
    assert.ok(!none.ok);
    assert.equal(none.message, `No stack 'nope' in this graph of 30 stacks; the first: ${names.slice(0, 20).join(", ")}, and 10 more.`);
  });
});
