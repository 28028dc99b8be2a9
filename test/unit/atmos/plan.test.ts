// Atmos runnables and plans: workflows (order, stack precedence, `--`, shell and unsupported step types) and
// stack components (single, with dependencies as a DAG, destroy reversed).
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StepCommand } from "../../../common/run";
import { PlanError } from "../../../common/run-order";
import { buildGraph } from "../../../server/src/features/graph";
import { plan, runnables } from "../../../server/src/features/run";
import { splitCommand, withStack } from "../../../server/src/formats/atmos/plan";
import { workspace } from "../../support/ws";
import { ATMOS_FILES } from "./repo";


const WF = "/ws/stacks/workflows/ops.yaml";
const argvOf = (c: StepCommand): string[] => ("argv" in c ? c.argv : []);
const DEV = "/ws/stacks/deploy/dev.yaml";

describe("Atmos workflow runnables and plans", () => {
  const index = workspace(ATMOS_FILES);

  it("offers each workflow and each of its steps, unnamed steps named stepN", () => {
    const rs = runnables(index, WF);
    assert.deepEqual(
      rs.map((r) => [r.id, r.label, r.kind, r.parent ?? "", r.stepId ?? ""]),
      [
        ["workflow:deploy", "deploy", "workflow", "", ""],
        ["step:deploy#0", "net", "step", "workflow:deploy", "step:deploy#0"],
        ["step:deploy#1", "step2", "step", "workflow:deploy", "step:deploy#1"],
        ["step:deploy#2", "check", "step", "workflow:deploy", "step:deploy#2"],
        ["step:deploy#3", "tests", "step", "workflow:deploy", "step:deploy#3"],
        ["step:deploy#4", "pull", "step", "workflow:deploy", "step:deploy#4"],
        ["workflow:bare", "bare", "workflow", "", ""],
        ["step:bare#0", "step1", "step", "workflow:bare", "step:bare#0"],
      ],
    );
    assert.equal(rs[0]!.detail, "atmos workflow deploy -f ops (5 steps)");
    assert.equal(rs[1]!.range.start.line, 4);
  });

  it("runs steps in order and stops at the first failure, with the stack appended before '--'", () => {
    const p = plan(index, WF, { runnable: "workflow:deploy", settings: { "atmos.executable": "/opt/atmos" } });
    assert.deepEqual(p.policy, { mode: "sequential", maxConcurrency: 1, onFailure: "stop" });
    assert.deepEqual(
      p.steps.map((s) => s.command),
      [
        { argv: ["/opt/atmos", "terraform", "deploy", "vpc", "-s", "dev"] },
        { argv: ["/opt/atmos", "terraform", "deploy", "db", "-s", "other", "-s", "prod"] },
        { shell: 'echo "done $(whoami)"', interpreter: "sh" },
        { argv: ["/opt/atmos", "terraform", "plan", "app", "-s", "dev", "--", "-var", "x=1 2"] },
        { shell: "run it", interpreter: "sh" },
      ],
    );
    assert.ok(p.steps.every((s) => s.cwd === "/ws" && s.needs.length === 0));
    assert.equal(p.steps[4]!.unsupported, "Step type 'container' is not run locally by Infraflow; run it with 'atmos workflow deploy -f ops'.");
    assert.ok(p.steps.slice(0, 4).every((s) => !s.unsupported));
  });

  it("follows a step's `when:` as far as it can be known before Atmos runs: always/success run, never skips, the rest is Atmos's", () => {
    const ws = workspace({
      ...ATMOS_FILES,
      "/ws/stacks/workflows/when.yaml": [
        "workflows:",
        "  gated:",
        "    steps:",
        "      - {name: a, type: shell, command: echo a, when: always}",
        "      - {name: b, type: shell, command: echo b, when: success}",
        "      - {name: c, type: shell, command: echo c, when: never}",
        "      - {name: d, type: shell, command: echo d, when: ci}",
        "      - {name: e, type: shell, command: echo e, when: 'env.DEPLOY == \"1\"'}",
        "      - {name: f, type: shell, command: echo f, when: [local, success]}",
        "      - {name: g, type: shell, command: echo g}",
        "",
      ].join("\n"),
    });
    const p = plan(ws, "/ws/stacks/workflows/when.yaml", { runnable: "workflow:gated", settings: {} });
    assert.deepEqual(
      p.steps.map((s) => [s.label, !!s.disabled, !!s.unsupported]),
      [
        ["a", false, false],
        ["b", false, false],
        ["c", true, false],
        ["d", false, true],
        ["e", false, true],
        ["f", false, true],
        ["g", false, false],
      ],
    );
    assert.match(String(p.steps[2]!.disabled), /when: never/);
    assert.match(String(p.steps[3]!.unsupported), /'when:' condition .*'atmos workflow gated -f when'/);
  });

  it("keeps the stack written in the command when neither the step nor the workflow sets one", () => {
    const p = plan(index, WF, { runnable: "workflow:bare", settings: {} });
    assert.deepEqual(p.steps[0]!.command, { argv: ["atmos", "terraform", "plan", "vpc", "-s", "dev"] });
  });

  it("marks where each step is written and the graph node it stands for", () => {
    const p = plan(index, WF, { runnable: "step:deploy#3", settings: {} });
    const g = buildGraph(index, [WF])!;
    const s = p.steps[3]!;
    assert.equal(s.id, "step:deploy#3");
    assert.equal(s.label, "tests");
    assert.equal(s.uri, "file:///ws/stacks/workflows/ops.yaml");
    assert.equal(s.range!.start.line, 11);
    assert.ok(g.nodes.some((n) => n.id === s.nodeId && n.label === "tests"));
  });

  it("splits commands on whitespace, keeping quoted words", () => {
    assert.deepEqual(splitCommand(`terraform plan vpc -var 'a=b c' -var "d=\\"e\\"" x\\ y`), ["terraform", "plan", "vpc", "-var", "a=b c", "-var", 'd="e"', "x y"]);
    assert.deepEqual(splitCommand("  a   ''  b "), ["a", "", "b"]);
    assert.deepEqual(withStack(["a", "--", "b"], "s"), ["a", "-s", "s", "--", "b"]);
    assert.deepEqual(withStack(["a"], undefined), ["a"]);
  });

  it("refuses a workflow without steps", () => {
    const bad = workspace({ ...ATMOS_FILES, [WF]: "workflows:\n  empty:\n    steps: []\n" });
    assert.throws(() => plan(bad, WF, { runnable: "workflow:empty", settings: {} }), (e: Error) => e instanceof PlanError && /has no steps/.test(e.message));
  });
});

describe("Atmos component runnables and plans", () => {
  const index = workspace(ATMOS_FILES);

  it("offers each deployable component of the stack, never abstract ones", () => {
    const rs = runnables(index, DEV);
    assert.deepEqual(rs.map((r) => [r.id, r.label, r.kind]).sort(), [
      ["component:app@dev", "app", "component"],
      ["component:db@dev", "db", "component"],
      ["component:off@dev", "off", "component"],
      ["component:vpc@dev", "vpc", "component"],
    ]);
    const vpc = rs.find((r) => r.id === "component:vpc@dev")!;
    assert.deepEqual(vpc.actions, ["plan", "apply", "deploy", "destroy"]);
    assert.equal(vpc.dependencies, true);
    assert.equal(vpc.range.start.line, 1, "a component the stack imports is offered on its import line");
  });

  it("offers a catalog's components once per stack that imports it", () => {
    const labels = runnables(index, "/ws/stacks/catalog/base.yaml").map((r) => r.label);
    assert.ok(labels.includes("vpc@dev") && labels.includes("vpc@prod") && !labels.some((l) => l.startsWith("vpc/defaults")), labels.join(", "));
  });

  it("runs one component as 'atmos terraform ACTION C -s S' in the atmos root", () => {
    const p = plan(index, DEV, { runnable: "component:db@dev", action: "apply", settings: {} });
    assert.equal(p.steps.length, 1);
    const s = p.steps[0]!;
    assert.deepEqual(s.command, { argv: ["atmos", "terraform", "apply", "db", "-s", "dev"] });
    assert.equal(s.cwd, "/ws");
    assert.equal(s.nodeId, "component:/ws/stacks/deploy/dev.yaml#db");
    assert.equal(s.uri, "file:///ws/stacks/catalog/base.yaml");
    assert.deepEqual(plan(index, DEV, { runnable: "component:db@dev", settings: {} }).steps[0]!.command, { argv: ["atmos", "terraform", "plan", "db", "-s", "dev"] }, "plan is the default action");
    assert.equal(plan(index, DEV, { runnable: "component:off@dev", settings: {} }).steps[0]!.disabled, "metadata.enabled is false");
  });

  it("runs the dependency closure as a DAG in topological order, across stacks", () => {
    const p = plan(index, DEV, { runnable: "component:app@dev", action: "deploy", withDependencies: true, settings: { maxConcurrency: 3 } });
    assert.deepEqual(p.policy, { mode: "dag", maxConcurrency: 3, onFailure: "stop" });
    assert.deepEqual(
      p.steps.map((s) => [s.id, s.label, s.needs.join(" "), argvOf(s.command).slice(1).join(" ")]),
      [
        ["component:vpc@dev", "vpc", "", "terraform deploy vpc -s dev"],
        ["component:db@dev", "db", "component:vpc@dev", "terraform deploy db -s dev"],
        ["component:shared@shared", "shared@shared", "", "terraform deploy shared -s shared"],
        ["component:app@dev", "app", "component:db@dev component:vpc@dev component:shared@shared", "terraform deploy app -s dev"],
      ],
    );
    assert.equal(p.steps[2]!.nodeId, "component:/ws/stacks/deploy/shared.yaml#shared");
  });

  it("destroys dependents first: the plan itself is reversed", () => {
    const p = plan(index, DEV, { runnable: "component:app@dev", action: "destroy", withDependencies: true, settings: {} });
    assert.deepEqual(
      p.steps.map((s) => [s.id, s.needs.join(" ")]),
      [
        ["component:app@dev", ""],
        ["component:shared@shared", "component:app@dev"],
        ["component:db@dev", "component:app@dev"],
        ["component:vpc@dev", "component:app@dev component:db@dev"],
      ],
    );
  });

  it("refuses abstract components, unknown actions and dependency cycles; warns about missing dependencies", () => {
    const refused = (runnable: string, action?: string, files = ATMOS_FILES) => {
      try {
        plan(workspace(files), DEV, { runnable, action, withDependencies: true, settings: {} });
      } catch (e) {
        assert.ok(e instanceof PlanError, String(e));
        return e.message;
      }
      return "";
    };
    assert.match(refused("component:vpc/defaults@dev"), /abstract/);
    assert.match(refused("component:vpc@dev", "nuke"), /Unknown action 'nuke'/);
    const cyclic = { ...ATMOS_FILES, [DEV]: "vars:\n  stage: dev\ncomponents:\n  terraform:\n    a:\n      dependencies:\n        components:\n          - name: b\n    b:\n      dependencies:\n        components:\n          - name: a\n" };
    assert.match(refused("component:a@dev", undefined, cyclic), /cycle: a → b → a/);
    const missing = { ...ATMOS_FILES, [DEV]: "vars:\n  stage: dev\ncomponents:\n  terraform:\n    a:\n      dependencies:\n        components:\n          - name: ghost\n" };
    const p = plan(workspace(missing), DEV, { runnable: "component:a@dev", withDependencies: true, settings: {} });
    assert.deepEqual(p.steps.map((s) => s.id), ["component:a@dev"]);
    assert.deepEqual(p.warnings, ["'a' depends on ghost, which is not defined: it is not run."]);
  });
});
