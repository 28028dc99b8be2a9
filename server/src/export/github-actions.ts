// A RunPlan as a GitHub Actions workflow: one job per step, `needs` from the plan's edges, the failure policy and the
// "from step" / "only step" choices as job conditions. Text from the user's files never becomes an expression.
import { Document, isMap, isScalar, type YAMLMap } from "yaml";
import type { RunPlan } from "../../../common/run";
import { commandLine, shellQuote } from "../../../common/quote";
import { exportedSteps, planSource, underRoot, uniqueName, type ExportedStep, type ExportOptions, type Tool } from "./common";

/** The environment whose protection rules stand for the plan's prompts and approvals. */
export const APPROVAL_ENVIRONMENT = "infraflow-approval";
/** The job that waits for the plan's own prompts (a Polycrate workflow prompt) before any step. */
const GATE_JOB = "approve-run";
/** The `workflow_dispatch` inputs, and the value that means "not set". */
const FROM_INPUT = "from_step";
const ONLY_INPUT = "step";
const UNSET = "(all)";

/** Makes text literal where GitHub evaluates `${{ … }}`: GitHub's own escape for the opening braces. */
export function literal(text: string): string {
  return text.split("${{").join("${{ '${{' }}");
}

/** How a runner gets each tool: an official setup action, or a check that says what to install. */
const SETUP: Record<Tool, { uses: string; with?: Record<string, string>; note: string } | { missing: string }> = {
  atmos: { uses: "cloudposse/github-action-setup-atmos@v2", with: { "atmos-version": "latest", "install-wrapper": "false" }, note: "Pin atmos-version and the action (to a commit SHA)." },
  terraform: { uses: "hashicorp/setup-terraform@v3", with: { terraform_wrapper: "false" }, note: "Pin terraform_version and the action (to a commit SHA)." },
  tofu: { uses: "opentofu/setup-opentofu@v1", with: { tofu_wrapper: "false" }, note: "Pin tofu_version and the action (to a commit SHA)." },
  polycrate: { missing: "polycrate (the Polycrate CLI)" },
  fab: { missing: "fab (the Fabrikate CLI, github.com/microsoft/fabrikate)" },
  deis: { missing: "deis (the Deis Workflow CLI, github.com/deis/workflow-cli)" },
};

/** The expressions that say whether a job is part of this dispatch (for every job, the same shape). */
export interface Selection {
  /** True when the job runs in this dispatch: all steps, from a step that leads to it, or it alone. */
  selected(job: string): string;
}

/** A job is selected when no single step is chosen and the from-step is unset or leads to it, or it is the chosen step. */
export function selection(leadsTo: Map<string, string[]>): Selection {
  const unset = (input: string): string => `(inputs.${input} == '' || inputs.${input} == '${UNSET}')`;
  return {
    selected(job) {
      const from = leadsTo.get(job) ?? [job];
      return `(inputs.${ONLY_INPUT} == '${job}' || (${unset(ONLY_INPUT)} && (${unset(FROM_INPUT)} || contains(fromJSON('${JSON.stringify(from)}'), inputs.${FROM_INPUT}))))`;
    },
  };
}

/**
 * The condition of one job. Every job has a status function (`!cancelled()`), so GitHub evaluates it whatever its
 * needs did; without one, a job whose need was skipped (not selected) would be skipped too. A need is fine when it
 * succeeded, failed while allowed to, or was not part of this dispatch; a need that was selected and skipped was
 * blocked, so what needs it is blocked in turn. Under `continue` the needs only order the jobs.
 */
export function jobCondition(job: ExportedStep, byName: Map<string, ExportedStep>, sel: Selection, policy: RunPlan["policy"], gate: boolean): string {
  const parts = ["!cancelled()", sel.selected(job.name)];
  if (gate) parts.push(`needs.${GATE_JOB}.result == 'success'`);
  if (policy.onFailure !== "continue") {
    for (const n of job.needs) {
      const need = byName.get(n)!;
      const ok = job.tolerates.includes(n)
        ? `needs.${n}.result != 'cancelled'`
        : need.step.allowFailure
          ? `(needs.${n}.result == 'success' || needs.${n}.result == 'failure')`
          : `needs.${n}.result == 'success'`;
      parts.push(`(!${sel.selected(n)} || ${ok})`);
    }
  }
  return `\${{ ${parts.join(" && ")} }}`;
}

/** For each job, the jobs whose choice as from-step includes it: itself and everything that leads to it. */
function ancestors(steps: ExportedStep[]): Map<string, string[]> {
  const byName = new Map(steps.map((s) => [s.name, s]));
  const out = new Map<string, string[]>();
  const visit = (name: string): string[] => {
    const known = out.get(name);
    if (known) return known;
    const set = new Set([name]);
    for (const n of byName.get(name)!.needs) for (const a of visit(n)) set.add(a);
    const list = steps.map((s) => s.name).filter((x) => set.has(x));
    out.set(name, list);
    return list;
  };
  for (const s of steps) visit(s.name);
  return out;
}

/** An environment value, literal; one naming the local checkout names the runner's. */
function envValue(v: string, root: string): string {
  const rel = underRoot(v, root);
  return rel === null ? literal(v) : `\${{ github.workspace }}${literal(rel ? `/${rel}` : "")}`;
}

/** The script a job runs for its step: the command (quoted for bash), a check for a step that cannot run, or a skip. */
function scriptOf(s: ExportedStep, root: string): { run: string; shell: string } {
  // `bash -c`/`sh -c` without -e, as the engine runs them: GitHub's default `bash -e` would stop a script earlier.
  const shell = "argv" in s.step.command || s.step.command.interpreter !== "sh" ? "bash --noprofile --norc {0}" : "sh {0}";
  if (s.step.disabled) return { run: `printf '%s\\n' ${shellQuote(`Skipped: disabled${typeof s.step.disabled === "string" ? ` (${s.step.disabled})` : ""}`)}`, shell };
  if (s.step.unsupported) return { run: `printf '::error::%s\\n' ${shellQuote(s.step.unsupported.replace(/\r?\n/g, " "))}\nexit 1`, shell };
  if (!("argv" in s.step.command)) return { run: s.step.command.shell, shell };
  // An argument naming the local checkout names the runner's.
  const words = s.step.command.argv.map((w) => {
    const rel = underRoot(w, root);
    return rel === null ? shellQuote(w) : `"$GITHUB_WORKSPACE"${rel ? shellQuote(`/${rel}`) : ""}`;
  });
  return { run: s.step.command.argv.some((w) => underRoot(w, root) !== null) ? words.join(" ") : commandLine(s.step.command.argv), shell };
}

function setupSteps(tool: Tool): Array<Record<string, unknown>> {
  const how = SETUP[tool];
  if ("uses" in how) return [{ name: `Set up ${tool}`, uses: how.uses, ...(how.with ? { with: how.with } : {}) }];
  return [
    {
      name: `Set up ${tool}`,
      shell: "bash",
      run: `if ! command -v ${tool} >/dev/null 2>&1; then\n  echo "::error::This job runs ${tool}, which has no official setup action: install ${how.missing} in this step (pinned to a version), or run the job on a runner that has it."\n  exit 1\nfi`,
    },
  ];
}

/** The workflow as YAML text. */
export function toGitHubActions(plan: RunPlan, opts: ExportOptions): string {
  // Job ids: letters, digits, `-` and `_`, starting with a letter; ours are lowercase, so they are unique however
  // GitHub compares them.
  const steps = exportedSteps(plan, opts, (label, taken) => uniqueName(label, taken, 60, [GATE_JOB]));
  const byName = new Map(steps.map((s) => [s.name, s]));
  const sel = selection(ancestors(steps));
  const gate = !!plan.prompts?.length;
  const names = steps.map((s) => s.name);

  const jobs: Record<string, unknown> = {};
  if (gate) {
    jobs[GATE_JOB] = {
      name: "Approve the run",
      "runs-on": "ubuntu-latest",
      environment: APPROVAL_ENVIRONMENT,
      steps: [{ name: "Approved", shell: "bash", run: literal(`printf '%s\\n' ${shellQuote(plan.prompts!.map((p) => p.message).join(" / "))}`) }],
    };
  }
  for (const s of steps) {
    const { run, shell } = scriptOf(s, opts.root);
    const needs = [...(gate ? [GATE_JOB] : []), ...s.needs];
    const job: Record<string, unknown> = { name: literal(s.step.label) };
    if (needs.length) job.needs = needs;
    job.if = jobCondition(s, byName, sel, plan.policy, gate);
    job["runs-on"] = "ubuntu-latest";
    if (s.step.prompts?.length && !s.step.disabled) job.environment = APPROVAL_ENVIRONMENT;
    if (s.step.allowFailure) job["continue-on-error"] = true;
    const runStep: Record<string, unknown> = { name: literal(s.step.label), shell, "working-directory": literal(s.cwd) };
    if (s.step.env && Object.keys(s.step.env).length) runStep.env = Object.fromEntries(Object.entries(s.step.env).map(([k, v]) => [k, envValue(v, opts.root)]));
    runStep.run = literal(run);
    const needsTool = !s.step.disabled && !s.step.unsupported && s.tool;
    job.steps = [{ uses: "actions/checkout@v4" }, ...(needsTool ? setupSteps(s.tool!) : []), runStep];
    jobs[s.name] = job;
  }

  const choice = (description: string) => ({ description, type: "choice", default: UNSET, options: [UNSET, ...names] });
  const doc = new Document({
    // No expressions are allowed in a workflow's name, not even the escape: `${{` is broken up instead.
    name: plan.title.split("${{").join("$ {{"),
    on: {
      workflow_dispatch: {
        inputs: {
          [FROM_INPUT]: choice("Start from this step (it and what comes after it run)."),
          [ONLY_INPUT]: choice("Run only this step (the from-step is then ignored)."),
        },
      },
    },
    permissions: { contents: "read" },
    jobs,
  });

  doc.commentBefore = headerComment(plan, opts, gate);
  const jobMap = doc.get("jobs", true) as YAMLMap;
  for (const pair of jobMap.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    const s = byName.get(key);
    const lines: string[] = [];
    if (s) {
      lines.push(` Step '${s.step.label}'${s.source ? ` from ${s.source}` : ""}.`);
      if (s.step.allowFailure) lines.push(" Its failure is allowed: what needs it still runs.");
      if (s.step.disabled) lines.push(" Disabled in the source: the job only reports it.");
      if (s.step.unsupported) lines.push(` Not runnable as planned: ${s.step.unsupported}`);
      for (const p of s.step.prompts ?? []) lines.push(` ${p.kind === "approval" ? "Approval" : "Prompt"}: ${p.message}`);
      if (s.step.prompts?.length && !s.step.disabled) lines.push(` Set required reviewers on the environment '${APPROVAL_ENVIRONMENT}' (Settings > Environments) so that this job waits for them.`);
    } else if (key === GATE_JOB) {
      lines.push(` The run's own prompt: ${plan.prompts!.map((p) => p.message).join(" / ")}`, ` Set required reviewers on the environment '${APPROVAL_ENVIRONMENT}' so that the run waits for them.`);
    }
    if (isScalar(pair.key) && lines.length) pair.key.commentBefore = lines.map((l) => l.replace(/\r?\n/g, " ")).join("\n");
    if (isMap(pair.value)) {
      const stepsSeq = pair.value.get("steps", true);
      if (stepsSeq && "items" in stepsSeq) {
        for (const item of stepsSeq.items as unknown[]) {
          if (isMap(item) && typeof item.get("uses") === "string" && !String(item.get("uses")).startsWith("actions/checkout")) {
            const tool = String(item.get("name")).replace(/^Set up /, "") as Tool;
            const how = SETUP[tool];
            if (how && "note" in how) item.commentBefore = ` ${how.note}`;
          } else if (isMap(item) && item.get("uses") === "actions/checkout@v4") item.commentBefore = " Pin actions to a commit SHA.";
        }
      }
    }
  }
  return doc.toString({ lineWidth: 0 });
}

function headerComment(plan: RunPlan, opts: ExportOptions, gate: boolean): string {
  const lines = [
    ` Exported by Infraflow from ${planSource(plan, opts.root)}: ${plan.title}${opts.reverse ? " (reversed: dependents first)" : ""}.`,
    " Regenerate it with `infraflow export` rather than editing it by hand.",
    ` Failure policy: ${describePolicy(plan)}.`,
  ];
  if (plan.policy.mode === "dag" && plan.policy.maxConcurrency > 0) lines.push(` The plan runs at most ${plan.policy.maxConcurrency} step(s) at a time; GitHub runs every job whose needs are met.`);
  if (gate || plan.steps.some((s) => s.prompts?.length)) lines.push(` Prompts and approvals wait on the environment '${APPROVAL_ENVIRONMENT}': give it required reviewers.`);
  for (const w of plan.warnings ?? []) lines.push(` Warning: ${w}`);
  return lines.map((l) => l.replace(/\r?\n/g, " ")).join("\n");
}

function describePolicy(plan: RunPlan): string {
  switch (plan.policy.onFailure) {
    case "continue":
      return "every step runs whatever the others did";
    case "block-descendants":
      return "a failure blocks what depends on it";
    case "stop":
      return plan.policy.mode === "sequential"
        ? "the first failure stops the steps after it"
        : "a failure blocks what depends on it (GitHub cannot stop jobs of other branches that are already queued)";
    default:
      return plan.policy.onFailure;
  }
}
