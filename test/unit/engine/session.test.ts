// The run session both hosts use (engine/session.ts): the environment and the check before any prompt, then one
// run written once to its log and its history record, with what is host-specific (asking, showing) passed in.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { DEFAULT_RUN_SETTINGS, type PlanStep, type RunEvent, type RunPlan } from "../../../common/run";
import { HistoryStore, type RunRecord } from "../../../engine/history";
import { prepareRun, runSession, type RunHost } from "../../../engine/session";

let dir: string;
beforeEach(() => (dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-session-")))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const sh = (id: string, script: string, extra: Partial<PlanStep> = {}): PlanStep => ({ id, label: id, command: { shell: script }, cwd: dir, needs: [], ...extra });
const plan = (steps: PlanStep[], extra: Partial<RunPlan> = {}): RunPlan => ({ title: "Demo", policy: { mode: "sequential", maxConcurrency: 1, onFailure: "stop" }, steps, ...extra });
const request = { uri: "file:///ws/w.poly", runnable: "workflow:demo" };

function host(extra: Partial<RunHost> = {}) {
  const seen = { events: [] as RunEvent[], begun: [] as Array<RunRecord | undefined>, warnings: [] as string[], refusals: [] as string[] };
  const h: RunHost = { begin: (r) => void seen.begun.push(r), event: (e) => void seen.events.push(e), warn: (m) => void seen.warnings.push(m), refused: (m) => void seen.refusals.push(m), ...extra };
  return Object.assign(h, seen);
}

describe("prepareRun", () => {
  it("builds the environment from the process, the settings and the .env beside the file, and names only the names", () => {
    fs.writeFileSync(path.join(dir, ".env"), "TOKEN=from-dotenv\n");
    const p = prepareRun({ plan: plan([sh("a", "true")]), opts: {}, file: path.join(dir, "w.poly"), settings: { ...DEFAULT_RUN_SETTINGS, env: { REGION: "eu", TOKEN: "from-settings" }, force: true }, base: { PATH: process.env.PATH, TOKEN: "from-process" } });
    assert.deepEqual([p.env.env.TOKEN, p.env.env.REGION], ["from-dotenv", "eu"]);
    assert.deepEqual(p.missing, []);
    assert.equal(p.message, "");
    assert.deepEqual(p.preamble, ["infraflow.force is on: prompts and approvals are answered yes.", "Environment (names only): infraflow.env: REGION, TOKEN; .env: TOKEN"]);
    assert.ok(!p.preamble.join("").includes("from-"), "no value is shown");
  });

  it("stops a run whose program is missing, with one message, before anything is asked", () => {
    const p = prepareRun({ plan: plan([sh("a", "true"), { id: "b", label: "b", command: { argv: ["atmos", "version"] }, cwd: dir, needs: [] }]), opts: {}, file: path.join(dir, "w.poly"), settings: DEFAULT_RUN_SETTINGS, base: { PATH: process.env.PATH } });
    assert.deepEqual(p.missing.map((m) => m.executable), ["atmos"]);
    assert.match(p.message, /^Atmos CLI: 'atmos' was not found on PATH \(needed by b\)\. Nothing was run/);
  });

  it("stops a run whose step's working directory does not exist, naming the directory and the step", () => {
    const gone = path.join(dir, "blocks", "inline");
    const p = prepareRun({ plan: plan([sh("a", "true"), sh("install", "true", { cwd: gone })]), opts: {}, file: path.join(dir, "w.poly"), settings: DEFAULT_RUN_SETTINGS, base: { PATH: process.env.PATH } });
    assert.deepEqual([p.missing, p.missingDirs], [[], [{ dir: gone, steps: ["install"] }]]);
    assert.equal(p.message, `The working directory ${gone} does not exist (needed by install). Nothing was run.`);
  });
});

describe("runSession", () => {
  it("records the run, writes its log and gives the host every event", async () => {
    const store = new HistoryStore(path.join(dir, "history"));
    store.load();
    const h = host();
    const { result, record } = await runSession({ plan: plan([sh("hello", "echo $GREETING"), sh("bad", "exit 3"), sh("after", "true")]), opts: {}, env: { ...process.env, GREETING: "hi" }, title: "demo — w.poly", request, store, preamble: ["Environment (names only): infraflow.env: GREETING"] }, h);
    assert.equal(result.outcome, "failed");
    assert.equal(h.begun.length, 1);
    assert.equal(h.begun[0]!.id, record!.id);
    assert.deepEqual(h.events.map((e) => e.type).filter((t) => t !== "step-output" && t !== "step-queued"), ["run-started", "step-started", "step-finished", "step-started", "step-finished", "step-skipped", "run-finished"]);
    assert.deepEqual([record!.outcome, record!.steps.map((s) => [s.id, s.state, s.exitCode])], ["failed", [["hello", "succeeded", 0], ["bad", "failed", 3], ["after", "skipped", undefined]]]);
    assert.deepEqual(store.get(record!.id)!.request, request);
    const log = fs.readFileSync(record!.log, "utf8");
    assert.match(log, /^Infraflow run #1: demo — w\.poly, started \d{4}-.*\nEnvironment \(names only\): infraflow\.env: GREETING\nDemo\n\n▶ \[1\/3\] hello {2}\$ echo \$GREETING\nhi\n✓ hello/);
    assert.match(log, /✗ bad: exit 3/);
    assert.match(log, /Run failed in /);
    assert.ok(!log.includes("\x1b["), "the log is plain text");
  });

  it("passes the host's confirm to the engine and keeps environment values out of the history", async () => {
    const store = new HistoryStore(path.join(dir, "history"));
    const asked: string[] = [];
    const { result, record } = await runSession({ plan: plan([sh("a", "true", { env: { TOKEN: "s3cret" }, prompts: [{ message: "Go?", kind: "approval" }] })]), opts: {}, env: process.env, title: "t", request, store }, host({ confirm: async (m) => (asked.push(m), true) }));
    assert.deepEqual([result.outcome, asked], ["succeeded", ["Go?"]]);
    assert.deepEqual(record!.plan.steps[0]!.env, { TOKEN: "••••" });
    assert.ok(!fs.readFileSync(path.join(dir, "history", "index.json"), "utf8").includes("s3cret"));
  });

  it("runs without a history (a dry run of the CLI): nothing is recorded", async () => {
    const h = host();
    const { result, record } = await runSession({ plan: plan([sh("a", "exit 1")]), opts: { dryRun: true }, env: process.env, title: "t", request }, h);
    assert.deepEqual([result.outcome, record, h.begun], ["succeeded", undefined, [undefined]]);
  });

  it("a history that cannot be written is a warning: the run still runs", async () => {
    const file = path.join(dir, "not-a-dir");
    fs.writeFileSync(file, "");
    const h = host();
    const { result, record } = await runSession({ plan: plan([sh("a", "true")]), opts: {}, env: process.env, title: "t", request, store: new HistoryStore(path.join(file, "history")) }, h);
    assert.deepEqual([result.outcome, record], ["succeeded", undefined]);
    assert.equal(h.warnings.length, 1);
    assert.match(h.warnings[0]!, /could not record the run in .*not-a-dir/);
  });

  it("a plan the engine refuses (a cycle) is a failed run, recorded, with the reason given to the host", async () => {
    const store = new HistoryStore(path.join(dir, "history"));
    const h = host();
    const { result, record } = await runSession({ plan: plan([sh("a", "true", { needs: ["b"] }), sh("b", "true", { needs: ["a"] })], { policy: { mode: "dag", maxConcurrency: 1, onFailure: "stop" } }), opts: {}, env: process.env, title: "t", request, store }, h);
    assert.deepEqual([result.outcome, record!.outcome], ["failed", "failed"]);
    assert.equal(h.refusals.length, 1);
    assert.match(h.refusals[0]!, /cycle/);
    assert.equal(h.events.at(-1)!.type, "run-finished");
    assert.match(fs.readFileSync(record!.log, "utf8"), /cycle/);
  });
});
