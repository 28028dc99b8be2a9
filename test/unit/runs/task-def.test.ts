// Tasks of type infraflow: definitions, labels, executions (like rust-analyzer's targetToExecution tests).
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Runnable, RunPlan } from "../../../common/run";
import { bindSteps, taskLabel, tasksFor, toDefinition, toExecution } from "../../../client/src/runs/task-def";

const uri = "file:///ws/examples/polycrate/workspace.poly";
const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const runnables: Runnable[] = [
  { id: "workflow:provision", label: "provision", kind: "workflow", uri, range },
  { id: "step:provision#0", label: "create-cluster", kind: "step", parent: "workflow:provision", stepId: "step:provision#0", uri, range },
  { id: "step:provision#2", label: "deploy-app", kind: "step", parent: "workflow:provision", stepId: "step:provision#2", uri, range },
  { id: "component:vpc@dev", label: "vpc@dev", kind: "component", actions: ["plan", "apply"], dependencies: true, uri, range },
  { id: "action:app/deploy", label: "app deploy", kind: "action", detail: "polycrate run app deploy", uri, range },
];
const plan: RunPlan = {
  title: "Polycrate workflow provision",
  policy: { mode: "sequential", maxConcurrency: 1, onFailure: "stop" },
  steps: [
    { id: "step:provision#0", label: "create-cluster", command: { shell: "true" }, cwd: "/", needs: [] },
    { id: "step:provision#2", label: "deploy-app", command: { shell: "true" }, cwd: "/", needs: [] },
  ],
};

describe("infraflow task definitions", () => {
  it("writes the file relative to the workspace folder, and only the options that are set", () => {
    assert.deepEqual(toDefinition({ uri, runnable: "workflow:provision", fromStep: "step:provision#2" }, "/ws/examples/polycrate/workspace.poly", "/ws"), {
      type: "infraflow",
      file: "examples/polycrate/workspace.poly",
      runnable: "workflow:provision",
      fromStep: "step:provision#2",
    });
    assert.equal(toDefinition({ uri, runnable: "x" }, "/elsewhere/workspace.poly", "/ws").file, "/elsewhere/workspace.poly");
    assert.equal(toDefinition({ uri, runnable: "x" }, "/ws/a.poly", undefined).file, "/ws/a.poly");
  });

  it("executes a workflow with the settings' force", () => {
    assert.deepEqual(toExecution({ type: "infraflow", file: "examples/polycrate/workspace.poly", runnable: "workflow:provision" }, { folder: "/ws", force: true }), {
      file: "/ws/examples/polycrate/workspace.poly",
      plan: { runnable: "workflow:provision" },
      opts: { force: true },
    });
  });

  it("runs a step runnable as its workflow with only that step", () => {
    const e = toExecution({ type: "infraflow", file: "w.poly", runnable: "step:provision#2" }, { folder: "/ws", runnables });
    assert.ok(!("error" in e));
    assert.deepEqual(e.plan, { runnable: "workflow:provision" });
    assert.deepEqual(e.opts, { only: "step:provision#2" });
  });

  it("passes step, from-step, subset, action, dependencies, dry run and reverse", () => {
    const e = toExecution(
      { type: "infraflow", file: "/abs/stack.yaml", runnable: "component:vpc@dev", action: "apply", withDependencies: true, steps: ["a", "b"], dryRun: true, reverse: true },
      { folder: "/ws" },
    );
    assert.deepEqual(e, { file: "/abs/stack.yaml", plan: { runnable: "component:vpc@dev", action: "apply", withDependencies: true }, opts: { subset: ["a", "b"], dryRun: true, reverse: true } });
    const f = toExecution({ type: "infraflow", file: "w.poly", runnable: "workflow:provision", fromStep: "deploy-app" }, {});
    assert.ok(!("error" in f));
    assert.deepEqual(f.opts, { fromStep: "deploy-app" });
  });

  it("says what is missing or contradictory", () => {
    assert.match((toExecution({ type: "infraflow", runnable: "x" }, {}) as { error: string }).error, /needs a `file`/);
    assert.match((toExecution({ type: "infraflow", file: "w.poly" }, {}) as { error: string }).error, /needs a `runnable`/);
    assert.match((toExecution({ type: "infraflow", file: "w.poly", runnable: "x", step: "a", fromStep: "b" }, {}) as { error: string }).error, /not both/);
    assert.match((toExecution({ type: "infraflow", file: "w.poly", runnable: "x", steps: [1 as unknown as string] }, {}) as { error: string }).error, /list of step ids/);
  });

  it("binds step labels to the plan's ids, and lists the steps for an unknown one", () => {
    assert.deepEqual(bindSteps(plan, { only: "deploy-app", force: true }), { only: "step:provision#2", force: true });
    assert.deepEqual(bindSteps(plan, { subset: ["create-cluster", "step:provision#2"] }), { subset: ["step:provision#0", "step:provision#2"] });
    assert.throws(() => bindSteps(plan, { fromStep: "nope" }), /No step 'nope'.*create-cluster, deploy-app/);
  });

  it("labels tasks with the runnables' names", () => {
    const names = new Map(runnables.map((r) => [r.id, r.label]));
    assert.equal(taskLabel({ file: "examples/polycrate/workspace.poly", runnable: "workflow:provision" }, names), "provision — polycrate/workspace.poly");
    assert.equal(taskLabel({ file: "w.poly", runnable: "workflow:provision", step: "step:provision#2" }, names), "provision › deploy-app — w.poly");
    assert.equal(taskLabel({ file: "w.poly", runnable: "workflow:provision", fromStep: "step:provision#2" }, names), "provision › from deploy-app — w.poly");
    assert.equal(taskLabel({ file: "w.poly", runnable: "workflow:provision", steps: ["a", "b"] }), "provision › 2 steps — w.poly");
    assert.equal(taskLabel({ file: "s.yaml", runnable: "component:vpc@dev", action: "apply", withDependencies: true, dryRun: true }), "vpc@dev apply (with dependencies) (dry run) — s.yaml");
  });

  it("offers a task per workflow, step, action variant and other runnable", () => {
    const tasks = tasksFor(runnables, "w.poly");
    assert.deepEqual(
      tasks.map((t) => t.label),
      [
        "provision — w.poly",
        "provision › create-cluster — w.poly",
        "provision › deploy-app — w.poly",
        "vpc@dev plan — w.poly",
        "vpc@dev apply — w.poly",
        "vpc@dev plan (with dependencies) — w.poly",
        "vpc@dev apply (with dependencies) — w.poly",
        "app deploy — w.poly",
      ],
    );
    assert.deepEqual(tasks[2]!.def, { type: "infraflow", file: "w.poly", runnable: "workflow:provision", step: "step:provision#2" });
    assert.equal(tasks[7]!.detail, "polycrate run app deploy");
  });
});
