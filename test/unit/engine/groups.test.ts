// Groups in a sequential plan (Atmos parallel/matrix steps) with real processes: members run side by side as
// their needs allow, bounded by the group's maxConcurrency; a failure blocks what needs it; the group gives up
// (cancels the running, skips the pending) after cancelAfterFailures failures; continueOnFailure lets the plan
// go on, and the run passes with allowed failures (never plain success). Concurrency is proven by rendezvous, never by timing.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { PlanGroup, PlanStep, RunEvent, RunPlan } from "../../../common/run";
import { resolveStepRef, stepRefNames } from "../../../common/run";
import { execute } from "../../../engine/engine";
import { PlanError, selectSteps, waves } from "../../../common/run-order";

let dir: string;
before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-groups-"))));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const sh = (id: string, script: string, extra: Partial<PlanStep> = {}): PlanStep => ({ id, label: id, command: { shell: script }, cwd: dir, needs: [], ...extra });
const group = (id: string, extra: Partial<PlanGroup> = {}): PlanGroup => ({ id, label: id, maxConcurrency: 0, cancelAfterFailures: 0, ...extra });
const plan = (steps: PlanStep[], groups: PlanGroup[]): RunPlan => ({ title: "t", policy: { mode: "sequential", maxConcurrency: 1, onFailure: "stop" }, steps, groups });

async function run(p: RunPlan, opts = {}) {
  const events: RunEvent[] = [];
  const result = await execute(p, opts, (e) => events.push(e), { killGraceMs: 200 });
  const started = events.filter((e) => e.type === "step-started").map((e) => (e as { stepId: string }).stepId);
  return { result, events, started };
}

/** A shell line that waits (at most ~10 s, then fails) until a file exists. */
const waitFor = (file: string): string => `i=0; while [ ! -e "${file}" ]; do i=$((i+1)); [ $i -gt 1000 ] && exit 9; sleep 0.01; done`;

describe("engine groups", () => {
  it("runs members side by side: two members wait for each other and both succeed", async () => {
    const a = path.join(dir, "a.started");
    const b = path.join(dir, "b.started");
    // Each member announces itself, then waits for the other: only concurrent members can both finish.
    const p = plan([sh("a", `touch "${a}"; ${waitFor(b)}`, { group: "g" }), sh("b", `touch "${b}"; ${waitFor(a)}`, { group: "g" }), sh("after", "true")], [group("g")]);
    const r = await run(p);
    assert.equal(r.result.outcome, "succeeded");
    assert.deepEqual(r.result.states, { a: "succeeded", b: "succeeded", after: "succeeded" });
    assert.equal(r.started.at(-1), "after", "the step after the group starts once the group is done");
  });

  it("keeps to maxConcurrency and starts ready members in plan order, after what they need", async () => {
    const log = path.join(dir, "conc.log");
    fs.writeFileSync(log, "");
    const step = (id: string, needs: string[] = []) => sh(id, `echo "start:${id}" >> "${log}"; sleep 0.05; echo "end:${id}" >> "${log}"`, { needs, group: "g" });
    const p = plan([step("c"), step("a"), step("b"), step("d", ["c", "a", "b"])], [group("g", { maxConcurrency: 1 })]);
    assert.deepEqual(waves(p, selectSteps(p, {})).map((w) => w.map((s) => s.id)), [["c", "a", "b"], ["d"]]);
    const r = await run(p);
    assert.equal(r.result.outcome, "succeeded");
    // One at a time, in plan order (not by id): every start is followed by its own end.
    assert.deepEqual(fs.readFileSync(log, "utf8").trim().split("\n"), ["start:c", "end:c", "start:a", "end:a", "start:b", "end:b", "start:d", "end:d"]);
  });

  it("wait_all: a failure blocks only what needs it, the rest runs, and the plan stops after the group", async () => {
    const p = plan(
      [sh("lint", "exit 1", { group: "g" }), sh("unit", "echo unit", { group: "g" }), sh("package", "echo package", { group: "g", needs: ["lint", "unit"] }), sh("docs", "echo docs", { group: "g" }), sh("deploy", "echo deploy")],
      [group("g")],
    );
    const r = await run(p);
    assert.equal(r.result.outcome, "failed");
    assert.deepEqual(r.result.states, { lint: "failed", unit: "succeeded", package: "blocked", docs: "succeeded", deploy: "skipped" });
    assert.ok(r.events.some((e) => e.type === "step-blocked" && e.stepId === "package" && e.by === "lint"));
  });

  it("fail_fast (give up after 1): the running sibling is cancelled, the pending ones skipped", async () => {
    const started = path.join(dir, "slow.started");
    const p = plan(
      [
        sh("slow", `touch "${started}"; exec sleep 30`, { group: "g" }),
        // Fails only once its sibling runs, so the sibling is surely running when the group gives up.
        sh("bad", `${waitFor(started)}; exit 4`, { group: "g" }),
        sh("later", "echo never", { group: "g" }),
        sh("next", "echo never"),
      ],
      [group("g", { maxConcurrency: 2, cancelAfterFailures: 1 })],
    );
    const r = await run(p);
    assert.equal(r.result.outcome, "failed");
    assert.deepEqual(r.result.states, { slow: "cancelled", bad: "failed", later: "skipped", next: "skipped" });
    assert.ok(r.events.some((e) => e.type === "step-skipped" && e.stepId === "later" && /'g' gave up after 1 failed step/.test(e.reason)));
  });

  it("gives up only after cancelAfterFailures failures (wait_all with max_failures)", async () => {
    const p = plan([sh("x", "exit 1", { group: "g" }), sh("y", "exit 1", { group: "g" }), sh("z", "echo z", { group: "g" })], [group("g", { maxConcurrency: 1, cancelAfterFailures: 2 })]);
    const r = await run(p);
    assert.deepEqual(r.result.states, { x: "failed", y: "failed", z: "skipped" });
    const once = await run(plan([sh("x", "exit 1", { group: "g" }), sh("y", "echo y", { group: "g" })], [group("g", { maxConcurrency: 1, cancelAfterFailures: 2 })]));
    assert.deepEqual(once.result.states, { x: "failed", y: "succeeded" });
  });

  it("best_effort (continueOnFailure): what needs a failed member is blocked, the plan goes on, and the run passes with allowed failures", async () => {
    const p = plan([sh("x", "exit 1", { group: "g" }), sh("y", "echo y", { group: "g", needs: ["x"] }), sh("z", "echo z", { group: "g" }), sh("next", "echo next")], [group("g", { continueOnFailure: true })]);
    const r = await run(p);
    assert.deepEqual(r.result.states, { x: "failed", y: "blocked", z: "succeeded", next: "succeeded" });
    assert.equal(r.result.outcome, "passed-allowed", "a run in which a step failed never reports plain success");
    const fin = r.events.at(-1) as Extract<RunEvent, { type: "run-finished" }>;
    assert.deepEqual([fin.outcome, fin.allowedFailures], ["passed-allowed", 1]);
    const x = r.events.find((e) => e.type === "step-finished" && e.stepId === "x") as Extract<RunEvent, { type: "step-finished" }>;
    assert.equal(x.allowed, true, "the member's failure is an allowed one");
    // The same group without best_effort fails the run at its end.
    const strict = await run(plan(p.steps, [group("g")]));
    assert.deepEqual([strict.result.outcome, strict.result.states.next], ["failed", "skipped"]);
  });

  it("runs a group, or starts from it or from inside it (the member, what needs it in the group, then what follows)", async () => {
    const p = plan([sh("first", "true"), sh("a", "true", { group: "g" }), sh("b", "true", { group: "g", needs: ["a"] }), sh("c", "true", { group: "g" }), sh("last", "true")], [group("g", { label: "checks" })]);
    assert.deepEqual((await run(p, { only: "g" })).started, ["a", "c", "b"], "c needs nothing and starts with a");
    assert.deepEqual((await run(p, { fromStep: "g" })).started, ["a", "c", "b", "last"]);
    assert.deepEqual(selectSteps(p, { fromStep: "a" }).map((s) => s.id), ["a", "b", "last"]);
    const fromB = await run(p, { fromStep: "b" });
    assert.deepEqual([fromB.started, fromB.result.outcome], [["b", "last"], "succeeded"]);
    assert.throws(() => selectSteps(p, { fromStep: "nope" }), (e: Error) => e instanceof PlanError && /No step 'nope'/.test(e.message));
    assert.equal(resolveStepRef(p, "checks"), "g");
    assert.equal(resolveStepRef(p, "b"), "b");
    assert.deepEqual(stepRefNames(p), ["first", "checks", "last"]);
  });

  it("keeps a group's chosen members together, as a rerun of the failed steps lists them", async () => {
    const p = plan([sh("first", "true"), sh("a", "true", { group: "g" }), sh("b", "true", { group: "g" }), sh("last", "true")], [group("g")]);
    assert.deepEqual(selectSteps(p, { subset: ["a", "last", "b", "a"] }).map((s) => s.id), ["a", "b", "last"]);
    assert.deepEqual((await run(p, { subset: ["b", "last", "a"] })).result.states, { b: "succeeded", a: "succeeded", last: "succeeded" });
  });

  it("rejects a member of an unknown group and a cycle inside a group", () => {
    assert.throws(() => waves(plan([sh("a", "true", { group: "nope" })], []), selectSteps(plan([sh("a", "true", { group: "nope" })], []), {})), /group 'nope', which the plan does not define/);
    const cyc = plan([sh("a", "true", { group: "g", needs: ["b"] }), sh("b", "true", { group: "g", needs: ["a"] })], [group("g")]);
    assert.throws(() => waves(cyc, selectSteps(cyc, {})), /cycle/);
  });
});
