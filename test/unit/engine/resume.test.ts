// What "Rerun failed" and `infraflow run --resume N` run again, from a plan and the states its run ended in: the
// steps that did not succeed, what they blocked and what comes after them, over the plans the formats really
// make (an env0 DAG, an Atmos dependency closure, Atmos parallel and matrix steps) and plain sequences. The last
// case runs the selection on the engine: the nodes a failure blocked are deployed by the rerun.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import type { PlanStep, RunEvent, RunPlan, StepState } from "../../../common/run";
import { execute } from "../../../engine/engine";
import { resumeSelection, selectSteps } from "../../../common/run-order";
import { plan } from "../../../server/src/features/run";
import { workspace } from "../../support/ws";
import { ATMOS_FILES } from "../atmos/repo";

const ENV0 = "/ws/env0.workflow.yaml";
const ENV0_TEXT = `environments:
  net: { name: Network, templateName: t }
  db: { name: DB, templateName: t, needs: [net] }
  app: { name: App, templateName: t, needs: [db, cluster] }
  cluster: { name: Cluster, templateName: t, needs: [net] }
  mon: { name: Monitoring, templateName: t, needs: [cluster] }
  off: { name: Off, templateName: t, disabled: true, needs: [net] }
  logs: { name: Logs, templateName: t, needs: [off] }
`;

const CI = "/ws/stacks/workflows/ci.yaml";
const CI_TEXT = `workflows:
  ci:
    stack: dev
    steps:
      - name: prepare
        type: shell
        command: echo prepare
      - name: checks
        type: parallel
        steps:
          - { name: lint, type: shell, command: make lint }
          - { name: unit, type: shell, command: make unit }
          - { name: package, type: shell, command: make package, needs: [lint, unit] }
          - { name: docs, type: shell, command: make docs }
      - name: tests
        type: matrix
        fail: { mode: best_effort }
        matrix: { os: [linux, mac] }
        steps:
          - { name: build, type: shell, command: echo build }
          - { name: report, type: shell, command: echo report, needs: [build] }
      - name: after
        type: shell
        command: echo done
`;

/** States by label (`id@label` lookups keep the expectations readable). */
function statesOf(p: RunPlan, byLabel: Record<string, StepState>): Record<string, StepState> {
  const out: Record<string, StepState> = {};
  for (const [label, st] of Object.entries(byLabel)) {
    const s = p.steps.find((x) => x.label === label || x.id === label);
    assert.ok(s, `the plan has a step '${label}': ${p.steps.map((x) => x.label).join(", ")}`);
    out[s.id] = st;
  }
  return out;
}
const statesOfId = (p: RunPlan, label: string): string => p.steps.find((s) => s.label === label)!.id;
const labels = (p: RunPlan, ids: string[]): string[] => ids.map((id) => p.steps.find((s) => s.id === id)!.label);

describe("resume selection", () => {
  it("env0 DAG: the failed node and what it blocked; a branch that succeeded stays done, a disabled node counts as done", () => {
    const p = plan(workspace({ [ENV0]: ENV0_TEXT }), ENV0, { runnable: "workflow", action: "deploy", settings: {} });
    assert.equal(p.policy.mode, "dag");
    const states = statesOf(p, { net: "succeeded", db: "failed", cluster: "succeeded", mon: "succeeded", app: "blocked", off: "skipped", logs: "succeeded" });
    assert.deepEqual(labels(p, resumeSelection(p, states)), ["db", "app"]);
    // A node cancelled mid-run, and one the run never reached, run again with what needs them.
    const cut = statesOf(p, { net: "succeeded", db: "succeeded", cluster: "cancelled", mon: "cancelled", app: "cancelled", off: "skipped", logs: "succeeded" });
    assert.deepEqual(labels(p, resumeSelection(p, cut)).sort(), ["app", "cluster", "mon"]);
    const done = statesOf(p, { net: "succeeded", db: "succeeded", cluster: "succeeded", mon: "succeeded", app: "succeeded", off: "skipped", logs: "succeeded" });
    assert.deepEqual(resumeSelection(p, done), []);
  });

  it("env0 destroy (a plan reversed by the format): what waited for the failed destroy runs again", () => {
    const p = plan(workspace({ [ENV0]: ENV0_TEXT }), ENV0, { runnable: "workflow", action: "destroy", settings: {} });
    const states = statesOf(p, { app: "succeeded", mon: "succeeded", logs: "succeeded", off: "skipped", db: "succeeded", cluster: "failed", net: "blocked" });
    assert.deepEqual(labels(p, resumeSelection(p, states)).sort(), ["cluster", "net"]);
  });

  it("a run in reverse inverts the needs: the failed step and its dependencies in the forward plan", () => {
    const p: RunPlan = { title: "t", policy: { mode: "dag", maxConcurrency: 2, onFailure: "block-descendants" }, steps: ["a", "b", "c"].map((id, i) => ({ id, label: id, command: { argv: ["true"] }, cwd: "/", needs: i ? [["a", "b", "c"][i - 1]!] : [] })) };
    // Reversed: c runs first, then b, then a.
    assert.deepEqual(resumeSelection(p, { c: "succeeded", b: "failed", a: "blocked" }, { reverse: true }), ["a", "b"]);
    assert.deepEqual(resumeSelection(p, { a: "succeeded", b: "failed", c: "blocked" }), ["b", "c"], "forward, c needs b");
  });

  it("Atmos dependency closure (a DAG that stops at the first failure): the failed component, what it blocked and what was skipped", () => {
    const p = plan(workspace(ATMOS_FILES), "/ws/stacks/deploy/dev.yaml", { runnable: "component:app@dev", action: "deploy", withDependencies: true, settings: {} });
    assert.deepEqual([p.policy.mode, p.policy.onFailure], ["dag", "stop"]);
    const states = statesOf(p, { vpc: "succeeded", "shared@shared": "failed", db: "skipped", app: "blocked" });
    assert.deepEqual(labels(p, resumeSelection(p, states)), ["db", "shared@shared", "app"]);
  });

  it("Atmos parallel step: its members that did not succeed and what needs them, then every step after it", () => {
    const p = plan(workspace({ ...ATMOS_FILES, [CI]: CI_TEXT }), CI, { runnable: "workflow:ci", settings: {} });
    const skipped = ["build (os=linux)", "report (os=linux)", "build (os=mac)", "report (os=mac)", "after"];
    const states = statesOf(p, { prepare: "succeeded", lint: "failed", unit: "succeeded", package: "blocked", docs: "succeeded", ...Object.fromEntries(skipped.map((l) => [l, "skipped" as StepState])) });
    const ids = resumeSelection(p, states);
    assert.deepEqual(labels(p, ids), ["lint", "package", ...skipped]);
    // The selection runs as a plan: the group's chosen members together, where the group stands.
    assert.deepEqual(labels(p, selectSteps(p, { subset: ids }).map((s) => s.id)), ["lint", "package", ...skipped]);
    // "Run from here" on a member: it, what needs it in the group, and every step after the group.
    assert.deepEqual(labels(p, selectSteps(p, { fromStep: statesOfId(p, "unit") }).map((s) => s.id)), ["package", "unit", ...skipped]);
  });

  it("Atmos best_effort matrix: the run passed with an allowed failure; the failed row's members run again, and the step after", () => {
    const p = plan(workspace({ ...ATMOS_FILES, [CI]: CI_TEXT }), CI, { runnable: "workflow:ci", settings: {} });
    const rows = p.steps.filter((s) => s.group === p.groups![1]!.id);
    assert.equal(rows.length, 4);
    const states: Record<string, StepState> = Object.fromEntries(p.steps.map((s) => [s.id, "succeeded" as StepState]));
    states[rows[0]!.id] = "failed"; // linux build
    states[rows[1]!.id] = "blocked"; // linux report
    assert.deepEqual(resumeSelection(p, states), [rows[0]!.id, rows[1]!.id, p.steps.at(-1)!.id]);
  });

  it("sequences: from the first step that did not succeed on; nothing when every step succeeded", () => {
    const seq = (onFailure: "stop" | "continue"): RunPlan => ({ title: "t", policy: { mode: "sequential", maxConcurrency: 1, onFailure }, steps: ["a", "b", "c"].map((id) => ({ id, label: id, command: { argv: ["true"] }, cwd: "/", needs: [] })) });
    assert.deepEqual(resumeSelection(seq("stop"), { a: "succeeded", b: "failed", c: "skipped" }), ["b", "c"]);
    // Polycrate allow_failure: the run went on past the failure; resuming from it runs what came after it too.
    assert.deepEqual(resumeSelection(seq("continue"), { a: "failed", b: "succeeded", c: "succeeded" }), ["a", "b", "c"]);
    assert.deepEqual(resumeSelection(seq("stop"), { a: "succeeded", b: "interrupted", c: "interrupted" }), ["b", "c"]);
    assert.deepEqual(resumeSelection(seq("stop"), { a: "succeeded", b: "succeeded", c: "succeeded" }), []);
    // Only what the run included: a run of step b alone resumes b alone.
    assert.deepEqual(resumeSelection(seq("stop"), { b: "failed" }), ["b"]);
    // A step the plan no longer has is left out.
    assert.deepEqual(resumeSelection(seq("stop"), { gone: "failed", c: "failed" }), ["c"]);
  });

  it("on the engine: a rerun of the failed run deploys the nodes the failure blocked", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-resume-"));
    try {
      const flag = path.join(dir, "fixed");
      const sh = (id: string, script: string, needs: string[] = []): PlanStep => ({ id, label: id, command: { shell: script }, cwd: dir, needs });
      const p: RunPlan = {
        title: "t",
        policy: { mode: "dag", maxConcurrency: 2, onFailure: "block-descendants" },
        steps: [sh("net", "true"), sh("db", `[ -e "${flag}" ]`, ["net"]), sh("app", "true", ["db"]), sh("cluster", "true", ["net"])],
      };
      const first = await execute(p, {}, () => undefined);
      assert.deepEqual([first.outcome, first.states], ["failed", { net: "succeeded", db: "failed", app: "blocked", cluster: "succeeded" }]);
      fs.writeFileSync(flag, "");
      const subset = resumeSelection(p, first.states);
      const started: string[] = [];
      const second = await execute(p, { subset }, (e: RunEvent) => void (e.type === "step-started" && started.push(e.stepId)));
      assert.deepEqual([second.outcome, started], ["succeeded", ["db", "app"]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
