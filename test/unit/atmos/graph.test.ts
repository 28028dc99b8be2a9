// The Atmos graph on a small inline repository: components of a stack with inheritance and dependencies (across
// stacks too), deploy waves, definitions and the spans edges are written at; a workflow as its ordered steps.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildGraph } from "../../../server/src/features/graph";
import { workspace } from "../../support/ws";
import { ATMOS_FILES } from "./repo";


const DEV = "/ws/stacks/deploy/dev.yaml";
const c = (name: string, stack = DEV) => `component:${stack}#${name}`;

describe("Atmos graph", () => {
  const index = workspace(ATMOS_FILES);

  it("draws a stack's components with dependencies, inheritance and deploy waves", () => {
    const g = buildGraph(index, [DEV])!;
    assert.equal(g.title, "dev");
    const comps = Object.fromEntries(g.nodes.filter((n) => n.group === `stack:${DEV}`).map((n) => [n.label, [n.kind, n.rank, n.flags?.abstract ?? false]]));
    assert.deepEqual(comps, {
      "vpc/defaults": ["abstract", undefined, true],
      vpc: ["component", 1, false],
      db: ["component", 2, false],
      app: ["component", 3, false],
      off: ["component", 1, false],
    });
    const edges = g.edges.map((e) => `${e.kind} ${e.from} -> ${e.to}${e.label ? ` (${e.label})` : ""}`).sort();
    assert.deepEqual(edges, [
      `depends ${c("app")} -> ${c("db")}`,
      `depends ${c("app")} -> ${c("vpc")}`,
      `depends ${c("app")} -> ${c("shared", "/ws/stacks/deploy/shared.yaml")} (shared)`,
      `depends ${c("db")} -> ${c("vpc")}`,
      `inherits ${c("vpc")} -> ${c("vpc/defaults")}`,
    ]);
  });

  it("points nodes at their whole definition and edges at the name they are written with", () => {
    const g = buildGraph(index, [DEV])!;
    const db = g.nodes.find((n) => n.id === c("db"))!;
    assert.equal(db.uri, "file:///ws/stacks/catalog/base.yaml");
    assert.deepEqual([db.range!.start.line, db.range!.end.line], [9, 13]);
    const e = g.edges.find((x) => x.from === c("db") && x.kind === "depends")!;
    assert.equal(e.uri, "file:///ws/stacks/catalog/base.yaml");
    assert.deepEqual(e.range, { start: { line: 12, character: 18 }, end: { line: 12, character: 21 } });
    const inh = g.edges.find((x) => x.kind === "inherits")!;
    assert.equal(inh.range!.start.line, 8);
  });

  it("shows a catalog file in every stack that imports it, one group per stack", () => {
    const g = buildGraph(index, ["/ws/stacks/catalog/base.yaml"])!;
    assert.deepEqual(g.groups.filter((x) => x.kind === "stack").map((x) => x.label).sort(), ["dev", "prod", "shared"]);
    assert.ok(g.nodes.some((n) => n.id === c("app", "/ws/stacks/deploy/prod.yaml")));
  });

  it("draws a workflow as its ordered steps, each targeting the component of its stack", () => {
    const g = buildGraph(index, ["/ws/stacks/workflows/ops.yaml"])!;
    const steps = g.nodes.filter((n) => n.kind === "step" && n.group?.endsWith("#deploy"));
    assert.deepEqual(steps.map((n) => [n.label, n.rank]), [["net", 1], ["step2", 2], ["check", 3], ["tests", 4], ["pull", 5]]);
    const s = (i: number) => `step:/ws/stacks/workflows/ops.yaml#deploy#${i}`;
    const edges = g.edges.map((e) => `${e.kind} ${e.from} -> ${e.to}${e.label ? ` (${e.label})` : ""}`);
    assert.ok(edges.includes(`order ${s(0)} -> ${s(1)}`));
    assert.ok(edges.includes(`targets ${s(0)} -> ${c("vpc")} (dev)`));
    assert.ok(edges.includes(`targets ${s(1)} -> ${c("db", "/ws/stacks/deploy/prod.yaml")} (prod)`), "the step's stack wins");
    assert.ok(!edges.some((e) => e.startsWith(`targets ${s(2)}`)), "a shell step targets nothing");
    const bare = g.edges.find((e) => e.kind === "targets" && e.from === "step:/ws/stacks/workflows/ops.yaml#bare#0")!;
    assert.equal(bare.to, c("vpc"), "the stack written in the command is used when nothing else sets one");
  });
});
