// The run history on disk: numbering, updates, interrupted runs after a crash, deletion, pruning, text.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { RunPlan } from "../../../common/run";
import { fromStepRequest, HistoryStore, resumeOf, resumeRequest, runDescription, runLabel, runParts, runSummary, stepDescription, type HistoryStep } from "../../../client/src/runs/history";

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-history-"))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const plan: RunPlan = { title: "t", policy: { mode: "sequential", maxConcurrency: 1, onFailure: "stop" }, steps: [] };
const request = { uri: "file:///ws/w.poly", runnable: "workflow:w" };
const begin = (s: HistoryStore, title = "w — w.poly") => s.begin({ title, request, plan, steps: [{ id: "a", label: "a", state: "queued" }, { id: "b", label: "b", state: "queued" }] });

describe("run history", () => {
  it("numbers runs, persists them as running at once, and lists the newest first", () => {
    const s = new HistoryStore(dir);
    s.load();
    const r1 = begin(s);
    assert.equal(r1.id, 1);
    assert.equal(r1.log, path.join(dir, "1.log"));
    assert.ok(fs.existsSync(r1.log));
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8"));
    assert.equal(onDisk.runs[0].outcome, "running");
    s.update(1, { outcome: "succeeded", durationMs: 1200, finishedAt: r1.startedAt + 1200 });
    const r2 = begin(s);
    assert.equal(r2.id, 2);
    assert.deepEqual(s.list().map((r) => r.id), [2, 1]);
  });

  it("marks a run that was still running at load (VS Code closed or crashed) as interrupted", () => {
    const s = new HistoryStore(dir);
    s.load();
    const r = begin(s);
    s.update(r.id, { steps: [{ id: "a", label: "a", state: "succeeded", exitCode: 0, durationMs: 5 }, { id: "b", label: "b", state: "running" }] });
    const again = new HistoryStore(dir);
    const [rec] = again.load();
    assert.equal(rec!.outcome, "interrupted");
    assert.deepEqual(rec!.steps.map((x) => x.state), ["succeeded", "interrupted"]);
    // Persisted, and numbering goes on.
    assert.equal(new HistoryStore(dir).load()[0]!.outcome, "interrupted");
    assert.equal(begin(again).id, 2);
  });

  it("never reuses a number after a delete, and deletes the log", () => {
    const s = new HistoryStore(dir);
    s.load();
    const r1 = begin(s);
    s.update(r1.id, { outcome: "failed" });
    s.delete(r1.id);
    assert.ok(!fs.existsSync(r1.log));
    assert.equal(s.list().length, 0);
    const s2 = new HistoryStore(dir);
    s2.load();
    assert.equal(begin(s2).id, 2);
  });

  it("keeps at most `max` runs, dropping the oldest finished ones with their logs", () => {
    const s = new HistoryStore(dir, 2);
    s.load();
    const r1 = begin(s);
    s.update(r1.id, { outcome: "succeeded" });
    begin(s);
    begin(s);
    assert.deepEqual(s.list().map((r) => r.id), [3, 2]);
    assert.ok(!fs.existsSync(r1.log));
  });

  it("clears finished runs only", () => {
    const s = new HistoryStore(dir);
    s.load();
    s.update(begin(s).id, { outcome: "failed" });
    begin(s);
    s.clear();
    assert.deepEqual(s.list().map((r) => [r.id, r.outcome]), [[2, "running"]]);
  });

  it("survives a missing or broken index", () => {
    fs.writeFileSync(path.join(dir, "index.json"), "{not json");
    const s = new HistoryStore(dir);
    assert.deepEqual(s.load(), []);
    assert.equal(begin(s).id, 1);
  });

  it("describes runs and steps", () => {
    const at = new Date(2026, 10, 3, 14, 3).getTime();
    const s = new HistoryStore(dir);
    s.load();
    const r = s.update(begin(s, "provision — workspace.poly").id, { outcome: "failed", durationMs: 2100, startedAt: at })!;
    // The row: what ran as the label (short enough for the default side bar), the file and time as the description.
    assert.equal(runLabel(r), "#1 provision");
    assert.equal(runDescription(r, at + 1000), "workspace.poly · 14:03");
    assert.equal(runDescription(r, at + 3 * 86_400_000), "workspace.poly · 2026-11-03 14:03");
    assert.equal(runSummary(r, at + 1000), "✗ failed · 2.1s · 14:03");
    assert.equal(runSummary(r, at + 3 * 86_400_000), "✗ failed · 2.1s · 2026-11-03 14:03");
    // A step, a folder, a title without a file (split at the last " — ", which a file name never holds).
    const step = s.update(begin(s, "deploy — ci › install-app — stage/workspace.poly").id, { outcome: "succeeded", startedAt: at })!;
    assert.deepEqual(runParts(step), { what: "deploy — ci › install-app", file: "stage/workspace.poly" });
    assert.equal(runLabel(step), `#${step.id} deploy — ci › install-app`);
    const bare = s.update(begin(s, "release").id, { outcome: "succeeded", startedAt: at })!;
    assert.deepEqual(runParts(bare), { what: "release" });
    assert.equal(runDescription(bare, at + 1000), "14:03");
    assert.equal(stepDescription({ id: "a", label: "a", state: "failed", exitCode: 2, durationMs: 1200 }), "failed · exit 2 · 1.2s");
    assert.equal(stepDescription({ id: "a", label: "a", state: "succeeded", exitCode: 0, durationMs: 30 }), "succeeded · 30ms");
    assert.equal(stepDescription({ id: "a", label: "a", state: "blocked" }), "blocked");
    const warn = s.update(begin(s, "release — workspace.poly").id, { outcome: "passed-allowed", allowedFailures: 2, durationMs: 2100, startedAt: at })!;
    assert.equal(runSummary(warn, at + 1000), "⚠ passed with 2 allowed failures · 2.1s · 14:03");
    const cut = s.update(begin(s).id, { outcome: "interrupted", startedAt: at })!;
    assert.equal(runSummary(cut, at + 1000), "↯ interrupted · 14:03", "an interrupted run does not look like a warning");
  });

  it("resumes a recorded run from its plan and step states: the failed steps, what they blocked and what follows", () => {
    const s = new HistoryStore(dir);
    s.load();
    const step = (id: string, needs: string[] = []) => ({ id, label: id, command: { argv: ["true"] }, cwd: "/", needs });
    const plan: RunPlan = { title: "t", policy: { mode: "dag", maxConcurrency: 2, onFailure: "block-descendants" }, steps: [step("net"), step("db", ["net"]), step("app", ["db"]), step("mon", ["net"])] };
    const request = { uri: "file:///ws/env0.yaml", runnable: "workflow", action: "deploy", step: "alias:db" };
    const r = s.begin({ title: "env0", request, plan, steps: [] });
    s.update(r.id, { outcome: "failed", steps: (["net:succeeded", "db:failed", "app:blocked", "mon:succeeded"] as const).map((x) => ({ id: x.split(":")[0]!, label: "", state: x.split(":")[1] as HistoryStep["state"] })) });
    const again = new HistoryStore(dir);
    again.load();
    const rec = again.get(r.id)!;
    assert.deepEqual(resumeOf(rec), ["db", "app"]);
    assert.deepEqual(resumeRequest(rec), { uri: "file:///ws/env0.yaml", runnable: "workflow", action: "deploy", steps: ["db", "app"] });
    assert.deepEqual(fromStepRequest(rec, "mon"), { uri: "file:///ws/env0.yaml", runnable: "workflow", action: "deploy", fromStep: "mon" });
    s.update(r.id, { steps: rec.steps.map((x) => ({ ...x, state: "succeeded" })) });
    assert.equal(resumeRequest(s.get(r.id)!), undefined, "nothing to resume when every step succeeded");
  });
});
