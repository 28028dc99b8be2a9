// The exports against the engine: for the same plan, outcomes and choice of steps, the jobs GitHub would run and the
// tasks Argo would run are the steps the engine runs. And text from the user's files stays text in both.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import { describe, it } from "node:test";
import type { PlanGroup, PlanStep, RunOptions, RunPlan, RunPolicy } from "../../../common/run";
import { execute } from "../../../engine/engine";
import { ExportError, exportPlan } from "../../../server/src/export";
import { literal } from "../../../server/src/export/github-actions";
import { argoSchemaPresent, argoTasks, parseGitHub, parseYaml, simulateArgo, simulateGitHub, validateArgo } from "./harness";

const ROOT = os.tmpdir();

function step(id: string, needs: string[] = [], extra: Partial<PlanStep> = {}): PlanStep {
  return { id, label: id, command: { shell: "exit 0", interpreter: "sh" }, cwd: ROOT, needs, ...extra };
}

function planOf(steps: PlanStep[], policy: Partial<RunPolicy>, extra: Partial<RunPlan> = {}): RunPlan {
  return { title: "t", uri: "file:///tmp/wf.yaml", policy: { mode: "dag", maxConcurrency: 2, onFailure: "block-descendants", ...policy }, steps, ...extra };
}

/** The steps the engine runs (their command started), with the failing ones failing. */
async function engineRan(plan: RunPlan, failing: Set<string>, opts: RunOptions): Promise<string[]> {
  const p: RunPlan = { ...plan, steps: plan.steps.map((s) => ({ ...s, command: { shell: failing.has(s.id) ? "exit 1" : "exit 0", interpreter: "sh" } })) };
  const started: string[] = [];
  await execute(p, { ...opts, force: true }, (e) => {
    if (e.type === "step-started") started.push(e.stepId);
  });
  return plan.steps.map((s) => s.id).filter((id) => started.includes(id) && !plan.steps.find((s) => s.id === id)!.disabled);
}

async function githubRan(plan: RunPlan, failing: Set<string>, opts: RunOptions): Promise<string[]> {
  const { errors, jobs } = await parseGitHub(exportPlan(plan, "github-actions", { root: ROOT }));
  assert.deepEqual(errors, []);
  const inputs = { step: opts.only ?? "(all)", from_step: opts.fromStep ?? "(all)" };
  const results = await simulateGitHub(jobs, inputs, (job) => (failing.has(job) ? "failure" : "success"));
  return plan.steps.filter((s) => !s.disabled && results.get(s.id) !== "skipped").map((s) => s.id);
}

function argoRan(plan: RunPlan, failing: Set<string>, opts: RunOptions): string[] {
  const doc = parseYaml(exportPlan(plan, "argo", { root: ROOT }));
  if (argoSchemaPresent) assert.deepEqual(validateArgo(doc), []);
  const phases = simulateArgo(doc, { step: opts.only ?? "", "from-step": opts.fromStep ?? "" }, (task) => (failing.has(task) ? "Failed" : "Succeeded"));
  return plan.steps.filter((s) => !s.disabled && (phases.get(s.id) === "Succeeded" || phases.get(s.id) === "Failed")).map((s) => s.id);
}

/** GitHub and Argo run the steps the engine runs, for this plan, these failing steps and this choice. */
async function runsAsTheEngine(plan: RunPlan, failingIds: string[], opts: RunOptions): Promise<void> {
  const failing = new Set(failingIds);
  const want = await engineRan(plan, failing, opts);
  assert.deepEqual(await githubRan(plan, failing, opts), want, "GitHub Actions");
  assert.deepEqual(argoRan(plan, failing, opts), want, "Argo");
}

// a → b, a → c, b,c → d; e → f beside them. Step ids are already valid job and task names.
const DAG = (extra: Record<string, Partial<PlanStep>> = {}): PlanStep[] => [
  step("a", [], extra.a),
  step("b", ["a"], extra.b),
  step("c", ["a"], extra.c),
  step("d", ["b", "c"], extra.d),
  step("e", [], extra.e),
  step("f", ["e"], extra.f),
];
const SEQ = (extra: Record<string, Partial<PlanStep>> = {}): PlanStep[] => ["s1", "s2", "s3", "s4"].map((id) => step(id, [], extra[id]));

const CHOICES: Array<{ name: string; opts: (ids: string[]) => RunOptions }> = [
  { name: "all steps", opts: () => ({}) },
  { name: "from the second step", opts: (ids) => ({ fromStep: ids[1]! }) },
  { name: "from the first step", opts: (ids) => ({ fromStep: ids[0]! }) },
  { name: "only the fourth step", opts: (ids) => ({ only: ids[3]! }) },
  { name: "only the last step", opts: (ids) => ({ only: ids[ids.length - 1]! }) },
];

describe("export: GitHub jobs and Argo tasks run what the engine runs", () => {
  const cases: Array<{ name: string; plan: RunPlan; failing: string[] }> = [
    { name: "DAG, nothing fails", plan: planOf(DAG(), {}), failing: [] },
    { name: "DAG, a root fails: its descendants are blocked, the other branch runs", plan: planOf(DAG(), {}), failing: ["a"] },
    { name: "DAG, a middle step fails", plan: planOf(DAG(), {}), failing: ["b", "e"] },
    { name: "DAG, an allowed failure lets its dependents run", plan: planOf(DAG({ b: { allowFailure: true } }), {}), failing: ["b"] },
    { name: "DAG, a disabled step passes through", plan: planOf(DAG({ c: { disabled: true } }), {}), failing: [] },
    { name: "DAG, a disabled step below a failure is blocked too", plan: planOf(DAG({ c: { disabled: true } }), {}), failing: ["a"] },
    { name: "DAG, continue: everything runs", plan: planOf(DAG(), { onFailure: "continue" }), failing: ["a", "b"] },
    { name: "DAG with approvals and a run prompt", plan: planOf(DAG({ b: { prompts: [{ kind: "approval", message: "ok?" }] } }), {}, { prompts: [{ kind: "prompt", message: "go?" }] }), failing: ["c"] },
    { name: "sequence, nothing fails", plan: planOf(SEQ(), { mode: "sequential", onFailure: "stop" }), failing: [] },
    { name: "sequence, a failure stops the rest", plan: planOf(SEQ(), { mode: "sequential", onFailure: "stop" }), failing: ["s2"] },
    { name: "sequence, an allowed failure does not", plan: planOf(SEQ({ s2: { allowFailure: true } }), { mode: "sequential", onFailure: "stop" }), failing: ["s2"] },
    { name: "sequence, continue", plan: planOf(SEQ({ s1: { allowFailure: true }, s2: { allowFailure: true } }), { mode: "sequential", onFailure: "continue" }), failing: ["s1", "s2"] },
    { name: "sequence with a prompt on a step", plan: planOf(SEQ({ s3: { prompts: [{ kind: "prompt", message: "sure?" }] } }), { mode: "sequential", onFailure: "stop" }), failing: [] },
  ];
  for (const c of cases) {
    for (const choice of CHOICES) {
      it(`${c.name}; ${choice.name}`, async () => {
        await runsAsTheEngine(c.plan, c.failing, choice.opts(c.plan.steps.map((s) => s.id)));
      });
    }
  }

  it("a DAG that stops at the first failure: Argo fails fast, GitHub blocks what depends on the failure", async () => {
    const plan = planOf(DAG(), { onFailure: "stop" });
    const doc = parseYaml(exportPlan(plan, "argo", { root: ROOT }));
    assert.equal(doc.spec.templates[0].dag.failFast, true);
    assert.equal(parseYaml(exportPlan({ ...plan, policy: { ...plan.policy, onFailure: "block-descendants" } }, "argo", { root: ROOT })).spec.templates[0].dag.failFast, false);
    assert.deepEqual(await githubRan(plan, new Set(["a"]), {}), ["a", "e", "f"]);
  });
});

describe("export: groups of a sequential plan (Atmos parallel and matrix steps) run side by side", () => {
  // s1, then the group g { m1, m2, m3 needs m1 }, then s2.
  const grouped = (g: Partial<PlanGroup>): RunPlan =>
    planOf(
      [step("s1"), step("m1", [], { group: "g" }), step("m2", [], { group: "g" }), step("m3", ["m1"], { group: "g" }), step("s2")],
      { mode: "sequential", onFailure: "stop" },
      { groups: [{ id: "g", label: "g", maxConcurrency: 0, cancelAfterFailures: 0, ...g }] },
    );
  const cases: Array<{ name: string; plan: RunPlan; failing: string[] }> = [
    { name: "nothing fails", plan: grouped({}), failing: [] },
    { name: "a member fails (wait_all): the others run, its dependents are blocked, the plan stops after the group", plan: grouped({}), failing: ["m1"] },
    { name: "a member fails (best_effort): the plan goes on after the group", plan: grouped({ continueOnFailure: true }), failing: ["m1"] },
    { name: "a last member fails (best_effort)", plan: grouped({ continueOnFailure: true }), failing: ["m2"] },
    { name: "the step before the group fails", plan: grouped({ continueOnFailure: true }), failing: ["s1"] },
  ];
  // Two tolerant groups in a row: a failure in the first must not block what follows the second.
  const twoGroups: RunPlan = planOf(
    [step("a1", [], { group: "g1" }), step("a2", ["a1"], { group: "g1" }), step("b1", [], { group: "g2" }), step("b2", [], { group: "g2" }), step("z")],
    { mode: "sequential", onFailure: "stop" },
    { groups: [{ id: "g1", label: "g1", maxConcurrency: 0, cancelAfterFailures: 0, continueOnFailure: true }, { id: "g2", label: "g2", maxConcurrency: 0, cancelAfterFailures: 0, continueOnFailure: true }] },
  );
  cases.push({ name: "two best_effort groups, the first fails", plan: twoGroups, failing: ["a1"] }, { name: "two best_effort groups, both fail", plan: twoGroups, failing: ["a2", "b1"] });
  for (const c of cases) {
    // "From the first step" needs a first step outside a group (a member is no place to start, as in Atmos).
    for (const choice of c.plan.steps[0]!.group ? [CHOICES[0]!] : [CHOICES[0]!, CHOICES[2]!]) {
      it(`${c.name}; ${choice.name}`, async () => {
        await runsAsTheEngine(c.plan, c.failing, choice.opts(c.plan.steps.map((s) => s.id)));
      });
    }
  }

  it("members wait for the step before the group or the members they need, not for each other", async () => {
    const { jobs } = await parseGitHub(exportPlan(grouped({}), "github-actions", { root: ROOT }));
    const needs = Object.fromEntries(jobs.map((j) => [j.id, j.needs ?? []]));
    assert.deepEqual(needs, { s1: [], m1: ["s1"], m2: ["s1"], m3: ["m1"], s2: ["m2", "m3"] });
  });
});

describe("export: the conditions themselves", () => {
  it("gives every GitHub job a status function, so a skipped need does not skip it silently", async () => {
    const { jobs } = await parseGitHub(exportPlan(planOf(DAG({ b: { allowFailure: true } }), {}), "github-actions", { root: ROOT }));
    for (const j of jobs) assert.match(j.if, /^!cancelled\(\) && /, j.id);
    const d = jobs.find((j) => j.id === "d")!;
    assert.deepEqual(d.needs, ["b", "c"]);
    assert.match(d.if, /needs\.b\.result == 'success' \|\| needs\.b\.result == 'failure'/);
    assert.match(d.if, /needs\.c\.result == 'success'\)/);
    assert.doesNotMatch(d.if, /needs\.c\.result == 'failure'/);
  });

  it("writes Argo's failure policy into depends and continueOn", () => {
    const doc = parseYaml(exportPlan(planOf(DAG({ b: { allowFailure: true } }), {}), "argo", { root: ROOT }));
    const byName = Object.fromEntries(argoTasks(doc).map((t: any) => [t.name, t]));
    assert.equal(byName.d.depends, "(b || b.Failed) && c");
    assert.deepEqual(byName.b.continueOn, { failed: true });
    assert.equal(byName.c.continueOn, undefined);
    assert.equal(byName.a.depends, undefined);
    const cont = parseYaml(exportPlan(planOf(DAG(), { onFailure: "continue" }), "argo", { root: ROOT }));
    assert.equal(argoTasks(cont).find((t) => t.name === "f")?.depends, "(e || e.Failed || e.Errored)");
  });

  it("puts a suspend task before each step that needs an approval, and takes the concurrency cap", () => {
    const doc = parseYaml(exportPlan(planOf(DAG({ d: { prompts: [{ kind: "approval", message: "ok?" }] } }), { maxConcurrency: 3 }), "argo", { root: ROOT }));
    const byName = Object.fromEntries(argoTasks(doc).map((t: any) => [t.name, t]));
    assert.equal(byName["approve-d"].template, "approval");
    assert.equal(byName["approve-d"].depends, "b && c");
    assert.equal(byName.d.depends, "approve-d");
    assert.deepEqual(doc.spec.templates.find((t: any) => t.name === "approval"), { name: "approval", suspend: {} });
    assert.equal(doc.spec.parallelism, 3);
  });

  it("reverses the edges with --reverse, and chains sequences", async () => {
    const rev = await parseGitHub(exportPlan(planOf(DAG(), {}), "github-actions", { root: ROOT, reverse: true }));
    assert.deepEqual(Object.fromEntries(rev.jobs.map((j) => [j.id, j.needs])), { f: [], e: ["f"], d: [], c: ["d"], b: ["d"], a: ["b", "c"] });
    const seq = await parseGitHub(exportPlan(planOf(SEQ(), { mode: "sequential", onFailure: "stop" }), "github-actions", { root: ROOT }));
    assert.deepEqual(Object.fromEntries(seq.jobs.map((j) => [j.id, j.needs])), { s1: [], s2: ["s1"], s3: ["s2"], s4: ["s3"] });
  });

  it("names jobs and tasks validly and uniquely, and refuses a working directory outside the root", () => {
    const plan = planOf([step("x", [], { label: "Deploy: VPC!" }), step("y", ["x"], { label: "deploy vpc" }), step("z", [], { label: "1st" }), step("w", [], { label: "true" })], {});
    const gh = parseYaml(exportPlan(plan, "github-actions", { root: ROOT }));
    assert.deepEqual(Object.keys(gh.jobs), ["deploy-vpc", "deploy-vpc-2", "step-1st", "true"]);
    const argo = parseYaml(exportPlan(plan, "argo", { root: ROOT }));
    assert.deepEqual(argoTasks(argo).map((t: any) => t.name), ["deploy-vpc", "deploy-vpc-2", "step-1st", "true-step"]);
    assert.throws(() => exportPlan(planOf([step("a", [], { cwd: "/elsewhere" })], {}), "argo", { root: "/tmp/repo" }), (e: unknown) => e instanceof ExportError && /Step 'a' runs in \/elsewhere, outside/.test(e.message));
  });

  it("names the source file and line of each step in a comment", () => {
    const plan = planOf([step("a", [], { uri: "file:///tmp/sub/wf.yaml", range: { start: { line: 6, character: 2 }, end: { line: 7, character: 0 } } })], {});
    assert.match(exportPlan(plan, "github-actions", { root: "/tmp" }), /# Step 'a' from sub\/wf\.yaml:7\.\n {2}a:/);
    assert.match(exportPlan(plan, "argo", { root: "/tmp" }), /# Step 'a' from sub\/wf\.yaml:7\.\n {10}- name: a/);
    assert.match(exportPlan(plan, "argo", { root: "/tmp" }), /^# Exported by Infraflow from wf\.yaml: t\./);
  });
});

describe("export: text from the user's files stays text", () => {
  const NASTY = "${{ github.token }} {{workflow.name}} 'q' \"d\" $HOME `x`";
  const plan = planOf(
    [
      step("a", [], { label: `deploy ${NASTY}`, command: { argv: ["printf", "%s|", NASTY, "{{inputs.parameters.x}}"] }, env: { TOKEN: NASTY, PLAIN: "p" } }),
      step("b", ["a"], { label: "script", command: { shell: `printf '%s|' "$TOKEN" '${"${{ secrets.X }}"}' '{{workflow.uid}}'`, interpreter: "sh" }, env: { TOKEN: NASTY } }),
    ],
    {},
    { title: `release ${NASTY}`, prompts: [{ kind: "prompt", message: `sure ${NASTY}?` }] },
  );

  it("escapes every `${{` for GitHub, which then parses it and evaluates nothing of it", async () => {
    const text = exportPlan(plan, "github-actions", { root: ROOT });
    const { errors, jobs } = await parseGitHub(text);
    assert.deepEqual(errors, []);
    const doc = parseYaml(text);
    // Every expression outside `if:` is GitHub's escape, and undoing it gives the user's text back.
    const strings: string[] = [];
    const walk = (v: unknown, key: string): void => {
      if (typeof v === "string") {
        if (key !== "if") strings.push(v);
      } else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(doc, "");
    for (const s of strings) for (const m of s.matchAll(/\$\{\{.*?\}\}/g)) assert.equal(m[0], "${{ '${{' }}", s);
    const unescape = (s: string) => s.split("${{ '${{' }}").join("${{");
    // The workflow's name is no expression context: GitHub refuses `${{` there even escaped, so it is broken up.
    assert.equal(doc.name, `release ${NASTY.replace("${{", "$ {{")}`);
    const a = doc.jobs[jobs[1]!.id];
    assert.equal(unescape(a.name), `deploy ${NASTY}`);
    const run = a.steps.at(-1);
    assert.equal(unescape(run.env.TOKEN), NASTY);
    // The command is quoted for bash: run through bash, it prints the words as they were.
    const out = spawnSync("bash", ["-c", unescape(run.run)], { encoding: "utf8" });
    assert.equal(out.stdout, `${NASTY}|{{inputs.parameters.x}}|`);
    assert.equal(literal("a ${{ b }}"), "a ${{ '${{' }} b }}");
  });

  it("hides `{{` from Argo in base64, and the container decodes the exact command, script and environment", () => {
    const doc = parseYaml(exportPlan(plan, "argo", { root: ROOT }));
    if (argoSchemaPresent) assert.deepEqual(validateArgo(doc), []);
    const text = JSON.stringify(doc);
    for (const m of text.matchAll(/\{\{[^}]*\}\}/g)) assert.match(m[0], /^\{\{workflow\.parameters\.(step|from-step|workspace-pvc|image-shell)\}\}$/);
    const containers = doc.spec.templates.filter((t: any) => t.container).map((t: any) => t.container);
    const runIt = (c: any) => {
      const env = Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value]));
      const [cmd, ...rest] = [...c.command, ...(c.args ?? [])];
      return spawnSync(cmd, rest, { encoding: "utf8", env: { PATH: process.env.PATH, ...env } }).stdout;
    };
    assert.equal(runIt(containers[0]), `${NASTY}|{{inputs.parameters.x}}|`);
    assert.equal(runIt(containers[1]), `${NASTY}|\${{ secrets.X }}|{{workflow.uid}}|`);
  });

  it("points paths of the local checkout at the runner's checkout and at the mounted one", async () => {
    const plan = planOf([step("a", [], { command: { argv: ["printf", "%s|", `${ROOT}/a b`, "/etc"] }, env: { ROOT: ROOT, SUB: `${ROOT}/blocks/x`, OTHER: "/etc" } })], {});
    const gh = parseYaml(exportPlan(plan, "github-actions", { root: ROOT }));
    const run = gh.jobs.a.steps.at(-1);
    assert.deepEqual(run.env, { ROOT: "${{ github.workspace }}", SUB: "${{ github.workspace }}/blocks/x", OTHER: "/etc" });
    assert.deepEqual((await parseGitHub(exportPlan(plan, "github-actions", { root: ROOT }))).errors, []);
    assert.equal(spawnSync("bash", ["-c", run.run], { encoding: "utf8", env: { PATH: process.env.PATH, GITHUB_WORKSPACE: "/gh ws" } }).stdout, "/gh ws/a b|/etc|");
    const c = parseYaml(exportPlan(plan, "argo", { root: ROOT })).spec.templates.find((t: any) => t.name === "run-a").container;
    assert.deepEqual(c.args, ["%s|", "/workspace/a b", "/etc"]);
    assert.deepEqual(c.env, [
      { name: "ROOT", value: "/workspace" },
      { name: "SUB", value: "/workspace/blocks/x" },
      { name: "OTHER", value: "/etc" },
    ]);
  });

  it("passes a plain command to Argo as it is", () => {
    const doc = parseYaml(exportPlan(planOf([step("a", [], { command: { argv: ["atmos", "terraform", "plan", "vpc", "-s", "dev"] }, env: { A: "1" } })], {}), "argo", { root: ROOT }));
    const c = doc.spec.templates.find((t: any) => t.name === "run-a").container;
    assert.deepEqual([c.command, c.args, c.env, c.image], [["atmos"], ["terraform", "plan", "vpc", "-s", "dev"], [{ name: "A", value: "1" }], "{{workflow.parameters.image-atmos}}"]);
    assert.ok(doc.spec.arguments.parameters.some((p: any) => p.name === "image-atmos" && p.value === undefined));
  });
});
