// CodeLens titles per runnable kind, run state and workspace trust.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Runnable } from "../../../common/run";
import { lensesFor, TRUST_TITLE } from "../../../client/src/runs/lens-model";

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
    assert.deepEqual(titles(comp), ["▶ plan", "▶ apply", "▶ deploy", "▶ destroy", "▶ with dependencies…"]);
    assert.deepEqual(titles(node), ["▶ Run"]);
  });

  it("runs a step alone, or from it, in its workflow's plan", () => {
    const [only, from] = lensesFor(step, { trusted: true, now: 0 });
    assert.deepEqual(only, { title: "▶ Run step", tooltip: "Run only this step", kind: "run", request: { uri, runnable: "workflow:release", step: "step:release#1" } });
    assert.equal(from!.kind, "run");
    assert.deepEqual((from as { request: unknown }).request, { uri, runnable: "workflow:release", fromStep: "step:release#1" });
    const apply = lensesFor(comp, { trusted: true, now: 0 })[1]!;
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
    assert.deepEqual(titles(comp, { trusted: false }), ["$(shield) Runs need a trusted workspace"]);
    assert.equal(lensesFor(step, { trusted: false, now: 0 })[0]!.kind, "trust");
  });
});
