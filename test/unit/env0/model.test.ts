// The env0 model and its dependency graph: spans, flags, deploy waves and cycles.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseYaml } from "../../../server/src/core/yaml";
import { dependencyCycles, deployWaves, neededBy, needsOf, readWorkflow, waveNumbers, type WorkflowModel } from "../../../server/src/formats/env0";

function model(text: string): WorkflowModel {
  return readWorkflow("/ws/env0.workflow.yaml", parseYaml(text).root);
}

const DIAMOND = `environments:
  app:
    name: App
    templateName: app
    needs: [database, cluster]
  database:
    name: Database
    templateName: db
    requiresApproval: true
    needs:
      - network
  cluster:
    name: Cluster
    vcs:
      type: terraform
      repository: https://example.com/infra.git
      path: cluster
    disabled: \${SKIP_CLUSTER}
    needs:
      - network
  network:
    name: "Network"
    templateName: vpc
settings:
  environmentRemovalStrategy: detach
`;

describe("env0 model", () => {
  it("reads aliases, needs and flags with their spans", () => {
    const m = model(DIAMOND);
    assert.deepEqual(m.environments.map((e) => e.alias), ["app", "database", "cluster", "network"]);
    const app = m.environments[0]!;
    assert.equal(DIAMOND.slice(app.aliasSpan.start, app.aliasSpan.end), "app");
    assert.equal(app.needsFlow, true);
    assert.deepEqual(app.needs.map((n) => [n.name, DIAMOND.slice(n.span.start, n.span.end)]), [["database", "database"], ["cluster", "cluster"]]);
    assert.equal(m.environments[1]!.requiresApproval?.value, true);
    assert.equal(m.environments[1]!.needsFlow, false);
    assert.equal(m.environments[2]!.disabled?.value, "${SKIP_CLUSTER}");
    assert.equal(m.environments[2]!.vcs?.type?.value, "terraform");
    const network = m.environments[3]!;
    assert.equal(network.name?.value, "Network");
    assert.equal(DIAMOND.slice(network.name!.span.start, network.name!.span.end), "Network");
    assert.equal(m.removalStrategy?.value, "detach");
  });

  it("orders a diamond in waves, in file order within a wave", () => {
    const m = model(DIAMOND);
    assert.deepEqual(deployWaves(m), [["network"], ["database", "cluster"], ["app"]]);
    assert.deepEqual([...waveNumbers(m)], [["network", 1], ["database", 2], ["cluster", 2], ["app", 3]]);
    assert.deepEqual(needsOf(m, m.environments[0]!), ["database", "cluster"]);
    assert.deepEqual(neededBy(m, "network"), ["database", "cluster"]);
  });

  it("leaves cycles and what needs them out of the waves; unknown, repeated and self needs hold nothing back", () => {
    const m = model(`environments:
  a: {name: A, templateName: t, needs: [c]}
  b: {name: B, templateName: t, needs: [a]}
  c: {name: C, templateName: t, needs: [b]}
  d: {name: D, templateName: t, needs: [a]}
  e: {name: E, templateName: t, needs: [nope, e, f, f]}
  f: {name: F, templateName: t}
`);
    assert.deepEqual(deployWaves(m), [["f"], ["e"]]);
    assert.deepEqual(dependencyCycles(m), [["a", "b", "c"]]);
  });

  it("reads nothing from a file that is not a mapping, and never throws", () => {
    assert.deepEqual(model("- a\n- b\n").environments, []);
    assert.deepEqual(model("environments: 3\n").environments, []);
    assert.deepEqual(deployWaves(model("")), []);
    const m = model("environments:\n  a:\n  b: text\n  c:\n    needs: x\n");
    assert.deepEqual(m.environments.map((e) => [e.alias, e.mapping, e.needs.map((n) => n.name)]), [["a", true, []], ["b", false, []], ["c", true, ["x"]]]);
  });

  it("handles a long chain without deep recursion", () => {
    const n = 3000;
    const lines = ["environments:"];
    for (let i = 0; i < n; i++) lines.push(`  e${i}: {name: E, templateName: t${i ? `, needs: [e${i - 1}]` : ""}}`);
    lines.push(`  e0x: {name: E, templateName: t, needs: [e${n - 1}]}`);
    const m = model(lines.join("\n"));
    assert.equal(deployWaves(m).length, n + 1);
    assert.deepEqual(dependencyCycles(m), []);
  });
});
