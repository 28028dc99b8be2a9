// Impact sets over the dependency graph: what a node needs (upstream) and what needs it (downstream), transitively,
// with `order` edges read against their drawn direction, cycles and self-loops included.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { EdgeKind } from "../../../common/graph";
import { dependencyOf, impactIndex, impactOf, impactText } from "../../../common/impact";

const e = (from: string, to: string, kind: EdgeKind = "depends") => ({ id: `${kind}:${from}->${to}`, from, to, kind });
const sorted = (s: Set<string>) => [...s].sort();

describe("impact of a node", () => {
  it("reads every edge kind as dependent → dependency, except order (the earlier step comes first)", () => {
    assert.deepEqual(dependencyOf(e("app", "db")), { dependent: "app", dependency: "db" });
    assert.deepEqual(dependencyOf(e("step1", "block", "uses")), { dependent: "step1", dependency: "block" });
    assert.deepEqual(dependencyOf(e("derived", "base", "inherits")), { dependent: "derived", dependency: "base" });
    assert.deepEqual(dependencyOf(e("step1", "step2", "order")), { dependent: "step2", dependency: "step1" });
    // Contains: a Fabrikate component is generated with its subcomponents; a Polycrate action runs in its block.
    assert.deepEqual(dependencyOf(e("shop", "ingress", "contains"), "subcomponent"), { dependent: "shop", dependency: "ingress" });
    assert.deepEqual(dependencyOf(e("block", "deploy", "contains"), "action"), { dependent: "deploy", dependency: "block" });
  });

  it("a Polycrate block is needed by its actions and by the steps that run them", () => {
    const nodes = [
      { id: "block:app", kind: "block" as const },
      { id: "action:app/deploy", kind: "action" as const },
      { id: "step:0", kind: "step" as const },
    ];
    const index = impactIndex({ nodes, edges: [e("block:app", "action:app/deploy", "contains"), e("step:0", "action:app/deploy", "uses")] });
    assert.deepEqual(sorted(impactOf(index, "block:app").neededBy), ["action:app/deploy", "step:0"]);
    assert.deepEqual(sorted(impactOf(index, "step:0").needs), ["action:app/deploy", "block:app"]);
  });

  it("collects upstream and downstream transitively: app → api → db, web → api, worker → db", () => {
    const index = impactIndex({ edges: [e("app", "api"), e("api", "db"), e("web", "api"), e("worker", "db"), e("other", "x")] });
    const api = impactOf(index, "api");
    assert.deepEqual(sorted(api.needs), ["db"]);
    assert.deepEqual(sorted(api.neededBy), ["app", "web"]);
    const db = impactOf(index, "db");
    assert.deepEqual(sorted(db.needs), []);
    assert.deepEqual(sorted(db.neededBy), ["api", "app", "web", "worker"]);
    assert.equal(impactText(db), "needs 0 · needed by 4");
    assert.equal(impactText(impactOf(index, "app")), "needs 2 · needed by 0");
  });

  it("follows a workflow's order: a step is needed by the steps after it", () => {
    const index = impactIndex({ edges: [e("s1", "s2", "order"), e("s2", "s3", "order"), e("s2", "block", "uses")] });
    const s2 = impactOf(index, "s2");
    assert.deepEqual(sorted(s2.needs), ["block", "s1"]);
    assert.deepEqual(sorted(s2.neededBy), ["s3"]);
    assert.deepEqual(sorted(impactOf(index, "block").neededBy), ["s2", "s3"]);
  });

  it("ends on cycles and ignores self-loops; a node never counts itself", () => {
    const index = impactIndex({ edges: [e("a", "b"), e("b", "c"), e("c", "a"), e("d", "d")] });
    const a = impactOf(index, "a");
    assert.deepEqual(sorted(a.needs), ["b", "c"]);
    assert.deepEqual(sorted(a.neededBy), ["b", "c"]);
    assert.equal(impactText(impactOf(index, "d")), "needs 0 · needed by 0");
  });
});
