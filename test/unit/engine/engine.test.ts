// The engine with real processes: order, waves, failure policies, prompts, cancellation, output.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { PlanStep, RunEvent, RunPlan, RunPolicy } from "../../../common/run";
import { execute } from "../../../engine/engine";
import { selectSteps, waves } from "../../../common/run-order";
import { fillTemplate, shellQuote } from "../../../common/quote";

let dir: string;
before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-engine-"))));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const sh = (id: string, script: string, extra: Partial<PlanStep> = {}): PlanStep => ({ id, label: id, command: { shell: script }, cwd: dir, needs: [], ...extra });
const plan = (steps: PlanStep[], policy: Partial<RunPolicy> = {}, extra: Partial<RunPlan> = {}): RunPlan => ({
  title: "t",
  policy: { mode: "sequential", maxConcurrency: 1, onFailure: "stop", ...policy },
  steps,
  ...extra,
});

async function run(p: RunPlan, opts = {}, hooks = {}) {
  const events: RunEvent[] = [];
  const result = await execute(p, opts, (e) => events.push(e), hooks);
  const output = (id: string) => events.filter((e): e is Extract<RunEvent, { type: "step-output" }> => e.type === "step-output" && e.stepId === id).map((e) => e.text).join("");
  const started = events.filter((e) => e.type === "step-started").map((e) => (e as { stepId: string }).stepId);
  return { result, events, output, started };
}

/** Whether a process still runs (a zombie waiting to be reaped counts as dead). */
function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Waits until none of the processes runs; a killed process needs a moment to be scheduled and die. */
async function allGone(pids: number[], ms = 3000): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = pids.filter(running);
    if (!left.length || Date.now() > deadline) return left;
    await new Promise((r) => setImmediate(r));
  }
}

describe("engine", () => {
  it("runs sequential steps in order with their output and exit codes", async () => {
    const r = await run(plan([sh("a", "echo one"), sh("b", "echo two >&2; exit 0")]));
    assert.equal(r.result.outcome, "succeeded");
    assert.deepEqual(r.started, ["a", "b"]);
    assert.equal(r.output("a"), "one\n");
    assert.equal(r.output("b"), "two\n");
    assert.deepEqual(r.result.exitCodes, { a: 0, b: 0 });
  });

  it("stops at the first failure, or goes on when the failure is allowed and passes with it, not succeeds", async () => {
    const stop = await run(plan([sh("a", "exit 2"), sh("b", "echo never")]));
    assert.equal(stop.result.outcome, "failed");
    assert.deepEqual(stop.result.states, { a: "failed", b: "skipped" });
    assert.equal(stop.result.exitCodes.a, 2);
    const allowed = await run(plan([sh("a", "exit 2", { allowFailure: true }), sh("b", "echo yes"), sh("c", "exit 3", { allowFailure: true })], { onFailure: "continue" }));
    assert.equal(allowed.result.outcome, "passed-allowed");
    assert.equal(allowed.result.allowedFailures, 2);
    assert.deepEqual(allowed.result.states, { a: "failed", b: "succeeded", c: "failed" });
    const fin = allowed.events.find((e) => e.type === "step-finished" && e.stepId === "a") as Extract<RunEvent, { type: "step-finished" }>;
    assert.equal(fin.allowed, true);
    const end = allowed.events.at(-1) as Extract<RunEvent, { type: "run-finished" }>;
    assert.deepEqual([end.outcome, end.allowedFailures], ["passed-allowed", 2]);
    // A declined step prompt on a step whose failure is allowed is one more allowed failure.
    const declined = await run(plan([sh("a", "echo never", { allowFailure: true, prompts: [{ message: "Go?", kind: "prompt" }] }), sh("b", "true")]));
    assert.deepEqual([declined.result.outcome, declined.result.allowedFailures, declined.started], ["passed-allowed", 1, ["a", "b"]]);
    const clean = await run(plan([sh("a", "true", { allowFailure: true })]));
    assert.deepEqual([clean.result.outcome, clean.result.allowedFailures], ["succeeded", 0]);
  });

  it("a disabled step is skipped and what needs it runs, in a DAG as in a group", async () => {
    const dag = await run(plan([sh("a", "exit 9", { disabled: true }), sh("b", "true", { needs: ["a"] })], { mode: "dag", onFailure: "block-descendants", maxConcurrency: 2 }));
    assert.deepEqual([dag.result.outcome, dag.result.states], ["succeeded", { a: "skipped", b: "succeeded" }]);
    const grouped = await run(plan([sh("a", "exit 9", { disabled: true, group: "g" }), sh("b", "true", { needs: ["a"], group: "g" })], {}, { groups: [{ id: "g", label: "g", maxConcurrency: 0, cancelAfterFailures: 0 }] }));
    assert.deepEqual([grouped.result.outcome, grouped.result.states], ["succeeded", { a: "skipped", b: "succeeded" }]);
  });

  it("a DAG step whose failure is allowed lets what needs it run; an unallowed one still fails the run", async () => {
    const dag = (extra: Partial<PlanStep>) => plan([sh("a", "exit 1", extra), sh("b", "echo b", { needs: ["a"] })], { mode: "dag", onFailure: "block-descendants", maxConcurrency: 2 });
    const ok = await run(dag({ allowFailure: true }));
    assert.deepEqual([ok.result.outcome, ok.result.states], ["passed-allowed", { a: "failed", b: "succeeded" }]);
    const bad = await run(dag({}));
    assert.deepEqual([bad.result.outcome, bad.result.states], ["failed", { a: "failed", b: "blocked" }]);
  });

  it("runs a DAG in waves bounded by the maximum concurrency", async () => {
    const log = path.join(dir, "conc.log");
    fs.writeFileSync(log, "");
    // Each step records when it starts and ends; the log shows how many overlapped.
    const step = (id: string, needs: string[] = []) => sh(id, `echo "start:${id}" >> "${log}"; sleep 0.15; echo "end:${id}" >> "${log}"`, { needs });
    const p = plan([step("a"), step("b"), step("c"), step("d"), step("e", ["a", "b", "c", "d"])], { mode: "dag", maxConcurrency: 2, onFailure: "block-descendants" });
    assert.deepEqual(waves(p, selectSteps(p, {})).map((w) => w.map((s) => s.id)), [["a", "b", "c", "d"], ["e"]]);
    const r = await run(p);
    assert.equal(r.result.outcome, "succeeded");
    let cur = 0;
    let peak = 0;
    const lines = fs.readFileSync(log, "utf8").trim().split("\n");
    for (const l of lines) {
      cur += l.startsWith("start:") ? 1 : -1;
      peak = Math.max(peak, cur);
    }
    assert.equal(peak, 2, lines.join(" "));
    assert.deepEqual(lines.slice(-2), ["start:e", "end:e"], "e starts only after all it needs ended");
  });

  it("blocks only the descendants of a failure (env0) and runs independent branches", async () => {
    const p = plan(
      [sh("net", "exit 0"), sh("db", "exit 1", { needs: ["net"] }), sh("app", "echo app", { needs: ["db"] }), sh("dns", "echo dns", { needs: ["net"] })],
      { mode: "dag", maxConcurrency: 4, onFailure: "block-descendants" },
    );
    const r = await run(p);
    assert.equal(r.result.outcome, "failed");
    assert.deepEqual(r.result.states, { net: "succeeded", db: "failed", app: "blocked", dns: "succeeded" });
    assert.ok(r.events.some((e) => e.type === "step-blocked" && e.stepId === "app" && e.by === "db"));
  });

  it("starts from a step, runs one step, and reverses the order", async () => {
    const seq = plan([sh("a", "true"), sh("b", "true"), sh("c", "true")]);
    assert.deepEqual((await run(seq, { fromStep: "b" })).started, ["b", "c"]);
    assert.deepEqual((await run(seq, { only: "c" })).started, ["c"]);
    assert.deepEqual((await run(seq, { reverse: true })).started, ["c", "b", "a"]);
    const dag = plan([sh("a", "true"), sh("b", "true", { needs: ["a"] }), sh("c", "true", { needs: ["b"] }), sh("x", "true")], { mode: "dag", maxConcurrency: 1, onFailure: "block-descendants" });
    assert.deepEqual((await run(dag, { fromStep: "b" })).started, ["b", "c"]);
    assert.deepEqual((await run(dag, { reverse: true, fromStep: "a" })).started, ["c", "b", "a"]);
    await assert.rejects(run(seq, { fromStep: "nope" }), /No step 'nope'. Steps: a, b, c\./);
  });

  it("asks prompts outermost first; declining fails the run, force answers yes", async () => {
    const asked: string[] = [];
    const p = plan([sh("a", "echo ran", { prompts: [{ message: "step?", kind: "prompt" }] })], {}, { prompts: [{ message: "workflow?", kind: "prompt" }] });
    const yes = await run(p, {}, { confirm: async (m: string) => (asked.push(m), true) });
    assert.deepEqual(asked, ["workflow?", "step?"]);
    assert.equal(yes.result.outcome, "succeeded");
    const no = await run(p, {}, { confirm: async (m: string) => m !== "step?" });
    assert.equal(no.result.outcome, "failed");
    assert.equal(no.output("a"), "Declined: step?\n");
    assert.equal((await run(p, {}, { confirm: async () => false })).result.states.a, "skipped");
    assert.equal((await run(p, { force: true })).result.outcome, "succeeded");
  });

  it("skips disabled steps, reports steps it cannot run, and prints a dry run", async () => {
    const r = await run(plan([sh("a", "true", { disabled: true }), sh("b", "true", { unsupported: "Step type 'http' does not run locally." })]));
    assert.deepEqual(r.result.states, { a: "skipped", b: "failed" });
    assert.match(r.output("b"), /does not run locally/);
    const dry = await run(plan([{ id: "x", label: "x", command: { argv: ["atmos", "terraform", "plan", "vpc"] }, cwd: dir, needs: [] }]), { dryRun: true });
    assert.ok(dry.events.some((e) => e.type === "step-skipped" && e.reason === "dry run: atmos terraform plan vpc"));
    assert.equal(dry.started.length, 0);
  });

  it("never loses the output of a failing step, even megabytes of it", async () => {
    const r = await run(plan([sh("big", "for i in $(seq 1 50000); do echo line-$i; done; echo tail >&2; exit 3")]));
    const out = r.output("big");
    assert.equal(out.split("\n").length, 50000 + 2);
    assert.ok(out.includes("line-50000\n") && out.includes("tail\n"));
    const fin = r.events.find((e) => e.type === "step-finished") as Extract<RunEvent, { type: "step-finished" }>;
    assert.equal(fin.exitCode, 3);
    assert.ok(r.events.indexOf(fin) > r.events.findLastIndex((e) => e.type === "step-output"), "all output comes before the step finishes");
  });

  it("cancels by killing the whole process tree, grandchildren included", async () => {
    const ac = new AbortController();
    const pids: number[] = [];
    const events: RunEvent[] = [];
    const done = execute(
      plan([sh("long", "sleep 30 & echo child=$!; bash -c 'sleep 30 & echo grandchild=$!; wait' & wait"), sh("next", "echo never")]),
      {},
      (e) => {
        events.push(e);
        if (e.type === "step-output") for (const m of e.text.matchAll(/(?:grand)?child=(\d+)/g)) pids.push(Number(m[1]));
        if (pids.length === 2 && !ac.signal.aborted) ac.abort();
      },
      { signal: ac.signal, killGraceMs: 500 },
    );
    const result = await done;
    assert.equal(result.outcome, "cancelled");
    assert.deepEqual(result.states, { long: "cancelled", next: "cancelled" });
    assert.equal(pids.length, 2);
    assert.deepEqual(await allGone(pids), [], "no child or grandchild survives");
  });

  it("never lets a name reach a shell: argv runs without one, templates quote every value", async () => {
    const marker = path.join(dir, "pwned");
    const evil = `x$(touch ${marker});touch ${marker}\`touch ${marker}\`\ny`;
    const r = await run(plan([{ id: "a", label: "a", command: { argv: ["printf", "%s", evil] }, cwd: dir, needs: [] }]));
    assert.equal(r.output("a"), evil);
    const cmd = fillTemplate("printf %s ${alias}", { alias: evil });
    const r2 = await run(plan([sh("b", cmd)]));
    assert.equal(r2.output("b"), evil);
    assert.equal(fs.existsSync(marker), false);
    assert.equal(shellQuote("plain-name_1.0"), "plain-name_1.0");
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote(""), "''");
  });
});
