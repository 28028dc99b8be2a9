// CodeLens titles per runnable kind, run state and workspace trust.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Runnable, RunPlan } from "../../../common/run";
import { lensesFor, lensesForRow, lensRows, planTooltip, TRUST_TITLE, type LensSpec } from "../../../client/src/runs/lens-model";

const uri = "file:///ws/workspace.poly";
const range = { start: { line: 3, character: 2 }, end: { line: 9, character: 0 } };
const wf: Runnable = { id: "workflow:release", label: "release", kind: "workflow", uri, range };
const step: Runnable = { id: "step:release#1", label: "deploy", kind: "step", parent: "workflow:release", stepId: "step:release#1", uri, range };
const comp: Runnable = { id: "component:vpc@dev", label: "vpc", kind: "component", actions: ["plan", "apply", "deploy", "destroy"], dependencies: true, uri, range };
const node: Runnable = { id: "node:x", label: "x", kind: "node", uri, range };
const titles = (r: Runnable, extra = {}) => lensesFor(r, { trusted: true, now: 5000, ...extra }).map((l) => l.title);

describe("run lenses", () => {
  it("offers run actions by kind", () => {
    assert.deepEqual(titles(wf), ["▶ Run workflow", "Show graph"]);
    assert.deepEqual(titles(step), ["▶ Run step", "▶ Run from here"]);
    assert.deepEqual(titles(comp), ["vpc · dev", "▶ plan", "▶ apply", "▶ deploy", "▶ destroy", "▶ with dependencies…"]);
    assert.deepEqual(titles(node), ["▶ Run"]);
  });

  it("runs a node of a DAG and everything that needs it, in its workflow's plan", () => {
    const sub: Runnable = { id: "env:db", label: "db", kind: "node", actions: ["deploy", "destroy"], parent: "workflow", stepId: "env:db", uri, range };
    assert.deepEqual(titles(sub), ["▶ deploy", "▶ destroy", "▶ deploy from here"]);
    const from = lensesFor(sub, { trusted: true, now: 0 })[2] as { request: unknown };
    assert.deepEqual(from.request, { uri, runnable: "workflow", action: "deploy", fromStep: "env:db" });
  });

  it("runs a step alone, or from it, in its workflow's plan", () => {
    const [only, from] = lensesFor(step, { trusted: true, now: 0 });
    const onlyReq = { uri, runnable: "workflow:release", step: "step:release#1" };
    assert.deepEqual(only, { title: "▶ Run step", tooltip: "Run only this step", kind: "run", request: onlyReq, explain: [onlyReq] });
    assert.equal(from!.kind, "run");
    assert.deepEqual((from as { request: unknown }).request, { uri, runnable: "workflow:release", fromStep: "step:release#1" });
    const apply = lensesFor(comp, { trusted: true, now: 0 })[2]!;
    assert.deepEqual((apply as { request: unknown }).request, { uri, runnable: "component:vpc@dev", action: "apply" });
  });

  it("puts the latest state first, with Rerun on a failure", () => {
    assert.deepEqual(titles(step, { status: { state: "running", startedAt: 2000 } }), ["◌ running 3s", "▶ Run step", "▶ Run from here"]);
    assert.deepEqual(titles(step, { status: { state: "succeeded", durationMs: 2100 }, runId: 4 }), ["✓ 2.1s", "▶ Run step", "▶ Run from here"]);
    const rerun = { uri, runnable: "workflow:release", step: "step:release#1" };
    const failed = lensesFor(step, { trusted: true, now: 0, status: { state: "failed", exitCode: 2 }, rerun });
    assert.deepEqual(failed[0], { title: "✗ exit 2 · Rerun", tooltip: "deploy failed with exit code 2. Click to run it again.", kind: "run", request: rerun });
    assert.deepEqual(titles(step, { status: { state: "skipped" } })[0], "⊘ skipped");
    assert.deepEqual(titles(step, { status: { state: "blocked", reason: "db" } })[0], "⊘ blocked");
    assert.equal(lensesFor(step, { trusted: true, now: 0, status: { state: "skipped" }, runId: 7 })[0]!.kind, "showLog");
  });

  it("offers Cancel while a run of the runnable goes on", () => {
    assert.deepEqual(titles(wf, { active: true, status: { state: "running", startedAt: 0 } }), ["◌ running 5s", "◼ Cancel", "▶ Run workflow", "Show graph"]);
  });

  it("says why runs are off in an untrusted workspace, and keeps the graph", () => {
    assert.deepEqual(titles(wf, { trusted: false }), [TRUST_TITLE, "Show graph"]);
    assert.deepEqual(titles(comp, { trusted: false }), ["vpc · dev", "$(shield) Runs need a trusted workspace"]);
    assert.equal(lensesFor(step, { trusted: false, now: 0 })[0]!.kind, "trust");
  });
});

describe("component lenses say what they run", () => {
  const at = (line: number) => ({ start: { line, character: 4 }, end: { line: line + 5, character: 0 } });
  const catalog = "file:///ws/stacks/catalog/vpc.yaml";
  const inst = (name: string, stack: string, line: number, label = `${name}@${stack}`): Runnable => ({
    id: `component:${name}@${stack}`,
    label,
    kind: "component",
    detail: `atmos terraform plan ${name} -s ${stack}`,
    actions: ["plan", "apply", "deploy", "destroy"],
    dependencies: true,
    uri: catalog,
    range: at(line),
  });
  const input = { trusted: true, now: 0 };
  const member = (r: Runnable, extra = {}) => ({ runnable: r, input: { ...extra } });

  it("puts one component's instances in several stacks on one row; other runnables keep their own", () => {
    const list = [inst("vpc", "plat-ue2-dev", 3), inst("vpc", "plat-ue2-prod", 3), inst("bucket", "plat-ue2-dev", 9), inst("bucket", "plat-ue2-prod", 9), wf];
    assert.deepEqual(
      lensRows(list).map((row) => row.map((r) => r.id)),
      [["component:vpc@plat-ue2-dev", "component:vpc@plat-ue2-prod"], ["component:bucket@plat-ue2-dev", "component:bucket@plat-ue2-prod"], ["workflow:release"]],
    );
    // In a stack file, components imported by one import line share the line but not a row: each names itself.
    const stackFile = [inst("vpc", "acme-dev", 1, "vpc"), inst("bucket", "acme-dev", 1, "bucket")];
    const rows = lensRows(stackFile);
    assert.equal(rows.length, 2);
    assert.deepEqual(
      rows.map((row) => lensesForRow(row.map((r) => member(r)), input)[0]!.title),
      ["vpc · acme-dev", "bucket · acme-dev"],
    );
  });

  it("a shared row names the component and its stacks, and each action asks which stack", () => {
    const dev = inst("vpc", "plat-ue2-dev", 3);
    const prod = inst("vpc", "plat-ue2-prod", 3);
    const specs = lensesForRow([member(dev), member(prod)], input);
    assert.deepEqual(
      specs.map((l) => l.title),
      ["vpc · 2 stacks", "▶ plan…", "▶ apply…", "▶ deploy…", "▶ destroy…", "▶ with dependencies…"],
    );
    assert.equal(specs[0]!.kind, "label");
    assert.match(specs[0]!.tooltip!, /plat-ue2-dev, plat-ue2-prod/);
    const apply = specs[2] as Extract<LensSpec, { kind: "choose" }>;
    assert.equal(apply.kind, "choose", "no click runs a stack nobody chose");
    assert.equal(apply.placeHolder, "apply vpc in which stack?");
    assert.deepEqual(
      apply.choices.map((c) => [c.label, c.then.kind === "run" && c.then.request]),
      [
        ["plat-ue2-dev", { uri: catalog, runnable: "component:vpc@plat-ue2-dev", action: "apply" }],
        ["plat-ue2-prod", { uri: catalog, runnable: "component:vpc@plat-ue2-prod", action: "apply" }],
      ],
    );
    assert.deepEqual(apply.explain, [
      { uri: catalog, runnable: "component:vpc@plat-ue2-dev", action: "apply" },
      { uri: catalog, runnable: "component:vpc@plat-ue2-prod", action: "apply" },
    ]);
    const deps = specs[5] as Extract<LensSpec, { kind: "choose" }>;
    assert.deepEqual(
      deps.choices.map((c) => [c.label, c.then.kind]),
      [
        ["plat-ue2-dev", "withDependencies"],
        ["plat-ue2-prod", "withDependencies"],
      ],
    );
  });

  it("a shared row shows the latest status with its stack, and the trust lens when untrusted", () => {
    const dev = inst("vpc", "plat-ue2-dev", 3);
    const prod = inst("vpc", "plat-ue2-prod", 3);
    const specs = lensesForRow([member(dev, { status: { state: "succeeded", durationMs: 1000 }, runId: 2 }), member(prod, { status: { state: "failed", exitCode: 1 }, runId: 5, rerun: { uri: catalog, runnable: prod.id, action: "apply" } })], input);
    assert.equal(specs[1]!.title, "✗ exit 1 · Rerun (plat-ue2-prod)");
    assert.deepEqual((specs[1] as { request: unknown }).request, { uri: catalog, runnable: prod.id, action: "apply" });
    assert.deepEqual(
      lensesForRow([member(dev), member(prod)], { trusted: false, now: 0 }).map((l) => l.title),
      ["vpc · 2 stacks", TRUST_TITLE],
    );
  });

  it("a lens's tooltip is the exact command its plan runs", () => {
    const argv = (id: string, label: string, args: string[]) => ({ id, label, command: { argv: args }, cwd: "/ws", needs: [] });
    const one: RunPlan = { title: "vpc", policy: { mode: "sequential", maxConcurrency: 1, onFailure: "stop" }, steps: [argv("a", "apply vpc", ["atmos", "terraform", "apply", "vpc", "-s", "plat-ue2-dev"])] };
    assert.equal(planTooltip(one, {}), "atmos terraform apply vpc -s plat-ue2-dev");
    const two: RunPlan = { ...one, title: "Polycrate workflow w", steps: [argv("s1", "first", ["polycrate", "run", "b", "a", "--force"]), argv("s2", "second", ["polycrate", "run", "my block", "x", "--force"])] };
    assert.equal(planTooltip(two, {}), "Polycrate workflow w: 2 steps\n1. first: polycrate run b a --force\n2. second: polycrate run 'my block' x --force");
    assert.equal(planTooltip(two, { only: "s2" }), "polycrate run 'my block' x --force");
  });
});
