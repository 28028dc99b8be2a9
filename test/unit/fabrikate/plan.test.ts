// Fabrikate runnables and plans: `fab install` and one `fab generate ENV` per environment, in the component folder.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PlanError } from "../../../common/run-order";
import { buildGraph } from "../../../server/src/features/graph";
import { plan, runnables } from "../../../server/src/features/run";
import { workspace } from "../../support/ws";

const SHOP = "/ws/shop/component.yaml";
const FILES = {
  [SHOP]: "# shop\nname: shop\nsubcomponents:\n  - name: ingress\n    method: helm\n    source: https://charts.example.com\n    path: ingress-nginx\n",
  "/ws/shop/config/common.yaml": "namespace: shop\n",
  "/ws/shop/config/prod.yaml": "namespace: shop-prod\n",
  "/ws/shop/config/prod.json": '{"namespace": "ignored"}\n',
  "/ws/shop/config/-rf.yaml": "namespace: x\n",
};

describe("Fabrikate runnables and plans", () => {
  const index = workspace(FILES);

  it("offer install and one generate per environment (none for a name that reads as an option) on the component file, and its own generate on a config file", () => {
    const rs = runnables(index, SHOP);
    assert.deepEqual(
      rs.map((r) => [r.id, r.label, r.kind, r.detail, r.range.start.line]),
      [
        ["install", "install", "command", "fab install: fetch the components and charts, run the install hooks", 1],
        ["generate:common", "generate common", "command", "fab generate common", 1],
        ["generate:prod", "generate prod", "command", "fab generate prod", 1],
      ],
    );
    assert.deepEqual(runnables(index, "/ws/shop/config/prod.yaml").map((r) => r.id), ["generate:prod"]);
  });

  it("run `fab install` in the component folder, for the root component's node", () => {
    const p = plan(index, SHOP, { runnable: "install", settings: { "fabrikate.executable": "/opt/fab" } });
    assert.deepEqual(p.policy, { mode: "sequential", maxConcurrency: 1, onFailure: "stop" });
    assert.equal(p.steps.length, 1);
    const s = p.steps[0]!;
    assert.deepEqual([s.command, s.cwd, s.nodeId, s.uri], [{ argv: ["/opt/fab", "install"] }, "/ws/shop", "component:/ws/shop/component.yaml#shop", "file:///ws/shop/component.yaml"]);
    const g = buildGraph(index, [SHOP])!;
    assert.ok(g.nodes.some((n) => n.id === s.nodeId));
  });

  it("run `fab generate ENV` for one environment, from either file, for the environment's node", () => {
    for (const from of [SHOP, "/ws/shop/config/prod.yaml"]) {
      const p = plan(index, from, { runnable: "generate:prod", settings: {} });
      const s = p.steps[0]!;
      assert.deepEqual([s.command, s.cwd, s.nodeId, s.uri], [{ argv: ["fab", "generate", "prod"] }, "/ws/shop", "environment:/ws/shop#prod", "file:///ws/shop/config/prod.yaml"]);
    }
    const g = buildGraph(index, [SHOP])!;
    assert.ok(g.nodes.some((n) => n.id === "environment:/ws/shop#prod"));
  });

  it("refuse unknown environments and names that read as options", () => {
    assert.throws(() => plan(index, SHOP, { runnable: "generate:staging", settings: {} }), (e: Error) => e instanceof PlanError && /No environment 'staging'/.test(e.message));
    assert.throws(() => plan(index, SHOP, { runnable: "generate:-rf", settings: {} }), (e: Error) => e instanceof PlanError && /starts with '-'/.test(e.message));
  });
});
