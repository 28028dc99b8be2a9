// A run from plan to history with real processes: the terminal text, the log file, the recorded run, the
// session's states and failure tail, prompts and cancellation.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { PlanStep, RunEvent, RunPlan, RunPolicy } from "../../../common/run";
import { HistoryStore } from "../../../client/src/runs/history";
import { runPlan, type RunInput } from "../../../client/src/runs/runner";
import { RunWriter } from "../../../engine/writer";

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-runner-"))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const range = (line: number) => ({ start: { line, character: 4 }, end: { line: line + 2, character: 0 } });
const sh = (id: string, script: string, extra: Partial<PlanStep> = {}): PlanStep => ({ id, label: id, command: { shell: script }, cwd: dir, needs: [], uri: "file:///ws/w.poly", range: range(1), nodeId: `n-${id}`, ...extra });
const plan = (steps: PlanStep[], policy: Partial<RunPolicy> = {}, extra: Partial<RunPlan> = {}): RunPlan => ({
  title: "Demo workflow",
  uri: "file:///ws/w.poly",
  policy: { mode: "sequential", maxConcurrency: 1, onFailure: "stop", ...policy },
  steps,
  ...extra,
});
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

async function run(p: RunPlan, extra: Partial<RunInput> = {}) {
  let term = "";
  const events: RunEvent[] = [];
  const store = new HistoryStore(path.join(dir, "history"));
  store.load();
  const out = await runPlan({
    plan: p,
    opts: {},
    env: { ...process.env, GREETING: "hi" },
    title: "demo — w.poly",
    request: { uri: "file:///ws/w.poly", runnable: "workflow:demo" },
    write: (t) => (term += t),
    store,
    onEvent: (e) => events.push(e),
    ...extra,
  });
  return { ...out, term: plain(term), events, store, log: out.record ? fs.readFileSync(out.record.log, "utf8") : "" };
}

describe("runner", () => {
  it("shows a step that prints megabytes as its head and tail in the terminal, and keeps all of it in the log", async () => {
    const { result, term, log } = await run(plan([sh("chatty", "seq -f 'line-%06g' 0 299999; exit 3")]));
    assert.equal(result.outcome, "failed");
    assert.ok(term.includes("line-000000\n"), "the head is shown");
    assert.match(term, /\[… [\d,]+ characters of output not shown here; the run log has them all\]\n/);
    assert.match(term, /line-299999\n✗ chatty: exit 3/, "the tail comes right before the step's result");
    assert.ok(term.length < 2_500_000, "the terminal is spared most of it");
    assert.equal(log.split("\n").filter((l) => l.startsWith("line-")).length, 300000, "the log has every line");
  });

  it("a run that passes with an allowed failure says so in the terminal, the log and the history; its group shows the warning", async () => {
    const g = { id: "g", label: "checks", maxConcurrency: 0, cancelAfterFailures: 0, continueOnFailure: true, nodeId: "n-g" };
    const p = plan([sh("a", "echo a; exit 2", { group: "g" }), sh("b", "true", { group: "g", needs: ["a"] }), sh("c", "true", { group: "g" }), sh("after", "true")], {}, { groups: [g] });
    const { result, session, record, term, log } = await run(p);
    assert.deepEqual([result.outcome, result.allowedFailures], ["passed-allowed", 1]);
    assert.match(term, /⚠ a: exit 2 \(allowed\)/);
    assert.match(term, /⚠ Run passed with 1 allowed failure in /);
    assert.match(log, /⚠ Run passed with 1 allowed failure in /);
    assert.deepEqual([record!.outcome, record!.allowedFailures], ["passed-allowed", 1]);
    assert.deepEqual(session.groupStatus("g"), { state: "passed-allowed", durationMs: session.groupStatus("g")!.durationMs, allowedFailures: 1 });
    assert.deepEqual(session.nodeStates(), { "n-a": "allowed", "n-b": "blocked", "n-c": "succeeded", "n-after": "succeeded", "n-g": "passed-allowed" });
    // Without best_effort the group failed, and so did the run.
    const strict = await run(plan(p.steps, {}, { groups: [{ ...g, continueOnFailure: undefined }] }));
    assert.deepEqual([strict.result.outcome, strict.session.groupStatus("g")?.state], ["failed", "failed"]);
  });

  it("runs echo steps and writes headers, output, outcomes and a summary", async () => {
    const { result, term, log, record, session } = await run(plan([sh("hello", "echo $GREETING"), sh("world", "printf 'no newline'")]), { preamble: ["Environment (names only): infraflow.env: GREETING"] });
    assert.equal(result.outcome, "succeeded");
    assert.match(term, /^Environment \(names only\): infraflow\.env: GREETING\nDemo workflow\n\n▶ \[1\/2\] hello {2}\$ echo \$GREETING\nhi\n✓ hello \(\d+ms\)\n\n▶ \[2\/2\] world {2}\$ printf 'no newline'\nno newline\n✓ world/);
    assert.match(term, /\nstep {3}state {8}exit {2}time\nhello {2}✓ succeeded {2}0 {5}\d+ms\nworld {2}✓ succeeded {2}0 {5}\d+ms\n\nRun succeeded in \d+ms\.\n$/);
    // The log has the same text, without colours, after a first line naming the run.
    assert.match(log, /^Infraflow run #1: demo — w\.poly, started \d{4}-/);
    assert.ok(log.includes("▶ [1/2] hello  $ echo $GREETING\nhi\n"));
    assert.ok(!log.includes("\x1b["));
    assert.equal(record!.outcome, "succeeded");
    assert.deepEqual(record!.steps.map((s) => [s.id, s.state, s.exitCode]), [["hello", "succeeded", 0], ["world", "succeeded", 0]]);
    assert.deepEqual(record!.request, { uri: "file:///ws/w.poly", runnable: "workflow:demo" });
    assert.ok(record!.finishedAt! >= record!.startedAt);
    assert.deepEqual(session.nodeStates(), { "n-hello": "succeeded", "n-world": "succeeded" });
    assert.deepEqual(session.progress(), { done: 2, total: 2 });
  });

  it("keeps a failed step's exit code and last lines, and skips the rest", async () => {
    const script = "for i in $(seq 1 15); do echo line $i; done; exit 3";
    const { result, session, record, term } = await run(plan([sh("bad", script), sh("after", "echo never")]));
    assert.equal(result.outcome, "failed");
    const bad = session.steps.get("bad")!;
    assert.equal(bad.state, "failed");
    assert.equal(bad.exitCode, 3);
    assert.deepEqual(session.tail("bad"), Array.from({ length: 10 }, (_, i) => `line ${i + 6}`));
    assert.equal(session.steps.get("after")!.state, "skipped");
    assert.deepEqual(session.failedIds(), ["bad"]);
    assert.deepEqual(record!.steps.map((s) => s.state), ["failed", "skipped"]);
    assert.match(term, /✗ bad: exit 3 \(\d+ms\)\n⊘ after: an earlier step failed\n/);
    assert.match(term, /bad {4}✗ failed {3}3 {5}\d+ms\nafter {2}⊘ skipped {2}- {5}-/);
  });

  it("asks prompts through confirm; a declined prompt fails the step and the run", async () => {
    const asked: string[] = [];
    const { result, term, session } = await run(plan([sh("deploy", "echo deploying", { prompts: [{ message: "Deploy now?", kind: "prompt" }] })], {}, { prompts: [{ message: "Run it?", kind: "prompt" }] }), {
      confirm: async (m) => (asked.push(m), m === "Run it?"),
    });
    assert.deepEqual(asked, ["Run it?", "Deploy now?"]);
    assert.equal(result.outcome, "failed");
    assert.equal(session.steps.get("deploy")!.state, "failed");
    assert.match(term, /\? Run it\? yes\n/);
    assert.match(term, /\? Deploy now\? no\n/);
    assert.match(term, /Declined: Deploy now\?/);
  });

  it("answers every prompt with force", async () => {
    const { result } = await run(plan([sh("a", "true", { prompts: [{ message: "Sure?", kind: "approval" }] })]), { opts: { force: true } });
    assert.equal(result.outcome, "succeeded");
  });

  it("cancels on abort: the running step is killed and the run recorded as cancelled", async () => {
    const ac = new AbortController();
    const { result, record, session } = await run(plan([sh("slow", "echo started; sleep 30"), sh("next", "echo no")]), {
      signal: ac.signal,
      onEvent: (e) => {
        if (e.type === "step-output" && e.text.includes("started")) ac.abort();
      },
    });
    assert.equal(result.outcome, "cancelled");
    assert.equal(record!.outcome, "cancelled");
    assert.equal(session.steps.get("slow")!.state, "cancelled");
    assert.equal(session.steps.get("next")!.state, "cancelled");
  });

  it("records a plan the engine refuses (a cycle) as a failed run", async () => {
    const { result, record, term } = await run(plan([sh("a", "true", { needs: ["b"] }), sh("b", "true", { needs: ["a"] })], { mode: "dag" }));
    assert.equal(result.outcome, "failed");
    assert.equal(record!.outcome, "failed");
    assert.match(term, /cycle/);
  });

  it("stores the plan without environment values", async () => {
    const { record } = await run(plan([sh("a", "true", { env: { TOKEN: "s3cret" } })]));
    assert.deepEqual(record!.plan.steps[0]!.env, { TOKEN: "••••" });
    assert.ok(!fs.readFileSync(path.join(dir, "history", "index.json"), "utf8").includes("s3cret"));
  });

  it("runs only the chosen steps", async () => {
    const { session, record } = await run(plan([sh("a", "true"), sh("b", "true"), sh("c", "true")]), { opts: { subset: ["c", "a"] } });
    assert.deepEqual(session.included.map((s) => s.id).sort(), ["a", "c"]);
    assert.equal(record!.steps.length, 2);
  });
});

describe("writer", () => {
  it("prefixes each line with its step when steps run side by side", () => {
    const p = plan([sh("a", ""), sh("b", "")], { mode: "dag", maxConcurrency: 2 });
    const w = new RunWriter(p, {});
    let out = "";
    const ev = (e: RunEvent) => (out += w.event(e));
    ev({ type: "step-queued", stepId: "a" });
    ev({ type: "step-queued", stepId: "b" });
    ev({ type: "step-output", stepId: "a", stream: "stdout", text: "one\ntw" });
    ev({ type: "step-output", stepId: "b", stream: "stdout", text: "B1\n" });
    ev({ type: "step-output", stepId: "a", stream: "stdout", text: "o\nthree" });
    ev({ type: "step-finished", stepId: "a", at: 0, exitCode: 0, durationMs: 5, state: "succeeded" });
    assert.equal(out, "a │ one\nb │ B1\na │ two\na │ three\n✓ a (5ms)\n");
  });

  it("ends an unfinished output line before the next header", () => {
    const w = new RunWriter(plan([sh("a", ""), sh("b", "")]), {});
    const text = [
      w.event({ type: "step-queued", stepId: "a" }),
      w.event({ type: "step-output", stepId: "a", stream: "stdout", text: "partial" }),
      w.event({ type: "step-finished", stepId: "a", at: 0, exitCode: 1, durationMs: 1500, state: "failed", allowed: true }),
    ].join("");
    assert.equal(text, "partial\n⚠ a: exit 1 (allowed) (1.5s)\n");
  });
});
