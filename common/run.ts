// Run plans and run events: what the server plans, the engine executes and every run view consumes.
import type { TextRange } from "./graph";

/** How a step's command is written: an argument vector (no shell at all), or a script for a shell. */
export type StepCommand =
  | { argv: string[] }
  /** A script the user wrote in the workflow file (e.g. a Polycrate action script, an Atmos shell step). */
  | { shell: string; interpreter?: "bash" | "sh" | "powershell" };

export interface PlanStep {
  id: string;
  label: string;
  command: StepCommand;
  /** Absolute working directory. */
  cwd: string;
  env?: Record<string, string>;
  /** Step ids that must succeed first (DAG plans); sequential plans use the order of `steps`. */
  needs: string[];
  /** A failure of this step does not fail the run (Polycrate `allow_failure` on the workflow). */
  allowFailure?: boolean;
  /** Skipped without running (env0 `disabled`). */
  disabled?: boolean | string;
  /** Confirmations asked before the step runs, outermost first (Polycrate prompts; env0 approvals). */
  prompts?: Array<{ message: string; kind: "prompt" | "approval" }>;
  /** Where the step is written, for status in the editor. */
  uri?: string;
  range?: TextRange;
  /** The graph node the step stands for. */
  nodeId?: string;
  /** A step the engine cannot run locally (e.g. an Atmos step type without a local runner): reported, not run. */
  unsupported?: string;
  /** The `PlanGroup` the step belongs to (sequential plans); its `needs` name members of the same group. */
  group?: string;
}

/**
 * Steps that run together as one step of a sequential plan (an Atmos `parallel` or `matrix` step). The members
 * are contiguous in `RunPlan.steps`; they start as soon as their `needs` succeeded, in plan order, at most
 * `maxConcurrency` at a time, and a member that needs a failed one is blocked.
 */
export interface PlanGroup {
  id: string;
  label: string;
  /** Members running at once; 0 means all of them. */
  maxConcurrency: number;
  /** After this many failed members the group gives up: running members are cancelled, pending ones skipped. 0: never. */
  cancelAfterFailures: number;
  /**
   * A failed member does not fail the group (Atmos `best_effort`): the plan goes on, and the members' failures
   * are allowed ones, so the run ends "passed with N allowed failures" (a warning, never a plain success).
   */
  continueOnFailure?: boolean;
  /** How the format names the group's policy, for display (e.g. `parallel, 2 at a time, fail_fast`). */
  detail?: string;
  uri?: string;
  range?: TextRange;
  nodeId?: string;
}

export interface RunPolicy {
  /** `sequential`: one after another in order; `dag`: as soon as `needs` allow, up to `maxConcurrency`. */
  mode: "sequential" | "dag";
  maxConcurrency: number;
  /** `stop`: the first failure stops the run; `continue`: keep going; `block-descendants`: only what needs it is blocked. */
  onFailure: "stop" | "continue" | "block-descendants";
}

export interface RunPlan {
  title: string;
  /** The document the plan comes from. */
  uri?: string;
  format?: string;
  /** Prompts that apply to the whole run (Polycrate workflow prompt). */
  prompts?: Array<{ message: string; kind: "prompt" | "approval" }>;
  policy: RunPolicy;
  steps: PlanStep[];
  /** Groups of steps that run together (sequential plans only). */
  groups?: PlanGroup[];
  /** Problems found while planning (an unknown block, a step with no command…). */
  warnings?: string[];
}

/**
 * The id of the step or group a reference names: an id, else a label, preferring steps outside groups, then
 * groups, then group members (a workflow's top-level names come first, as for Atmos's `--from-step`).
 */
export function resolveStepRef(plan: RunPlan, ref: string): string | undefined {
  const byId = plan.steps.find((s) => s.id === ref) ?? plan.groups?.find((g) => g.id === ref);
  if (byId) return byId.id;
  return (plan.steps.find((s) => !s.group && s.label === ref) ?? plan.groups?.find((g) => g.label === ref) ?? plan.steps.find((s) => s.label === ref))?.id;
}

/** The names a user may give for the steps of a plan: each step outside a group, and each group. */
export function stepRefNames(plan: RunPlan): string[] {
  const out: string[] = [];
  for (const s of plan.steps) {
    const g = s.group ? plan.groups?.find((x) => x.id === s.group) : undefined;
    const name = g ? g.label : s.label;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

export type StepState = "queued" | "running" | "succeeded" | "failed" | "skipped" | "blocked" | "cancelled";

/**
 * How a run ended. `passed-allowed`: every failure was allowed (Polycrate `allow_failure`, Atmos `best_effort`);
 * a warning, not a success, though the CLI exits 0 for it as the tools themselves do.
 */
export type RunOutcome = "succeeded" | "passed-allowed" | "failed" | "cancelled";

/** A run's exit code, for the CLI and the task: 0 also when every failure was allowed; 130 when cancelled. */
export function exitCode(outcome: RunOutcome): number {
  return outcome === "succeeded" || outcome === "passed-allowed" ? 0 : outcome === "cancelled" ? 130 : 1;
}

/** The outcome as words: `succeeded`, `passed with 2 allowed failures`, `failed`, `cancelled`. */
export function outcomeText(outcome: RunOutcome, allowedFailures = 0): string {
  if (outcome !== "passed-allowed") return outcome;
  return `passed with ${allowedFailures} allowed failure${allowedFailures === 1 ? "" : "s"}`;
}

export type RunEvent =
  | { type: "run-started"; at: number; plan: RunPlan }
  | { type: "step-queued"; stepId: string }
  | { type: "step-started"; stepId: string; at: number; commandLine: string; pid?: number }
  | { type: "step-output"; stepId: string; stream: "stdout" | "stderr"; text: string }
  | { type: "step-finished"; stepId: string; at: number; exitCode: number | null; signal?: string | null; durationMs: number; state: "succeeded" | "failed"; allowed?: boolean }
  | { type: "step-skipped"; stepId: string; reason: string }
  | { type: "step-blocked"; stepId: string; by: string }
  | { type: "step-cancelled"; stepId: string }
  | { type: "prompt"; stepId?: string; message: string; answer: boolean }
  /** `allowedFailures`: how many steps failed with their failure allowed (the engine always sets it). */
  | { type: "run-finished"; at: number; outcome: RunOutcome; durationMs: number; states: Record<string, StepState>; allowedFailures?: number };

/** Options for one execution of a plan. */
export interface RunOptions {
  /** Run only this step. */
  only?: string;
  /** Drop the steps before this one (sequential) or run it and its descendants (DAG). */
  fromStep?: string;
  /** Run only these steps (rerun failed: `resumeSelection` in common/run-order.ts picks them). */
  subset?: string[];
  /** Print what would run; run nothing. */
  dryRun?: boolean;
  /** Reverse order (destroy): dependents first. */
  reverse?: boolean;
  /** Answer yes to every prompt. */
  force?: boolean;
}

/** What to run: a runnable of a file, and how. Lenses, the history, tasks and the CLI all describe runs this way. */
export interface RunRequest {
  /** The file's URI. */
  uri: string;
  runnable: string;
  /** A variant of the runnable (Atmos `plan`, `apply`, `deploy`, `destroy`). */
  action?: string;
  /** Run only this step (id or label) of the runnable's plan. */
  step?: string;
  /** Drop the steps before this one (sequential) or run it and its descendants (DAG). */
  fromStep?: string;
  /** Run only these steps (rerun failed). */
  steps?: string[];
  withDependencies?: boolean;
  dryRun?: boolean;
  reverse?: boolean;
}

/** A request for the whole of its runnable's plan: without the steps it chose (to choose others, e.g. a resume). */
export function wholeRequest(req: RunRequest): RunRequest {
  const { step: _step, fromStep: _fromStep, steps: _steps, ...rest } = req;
  return rest;
}

/** Something the user can run from a file: a workflow, a step, a component, an alias, a Procfile type… */
export interface Runnable {
  /** Stable within the file, e.g. `workflow:release`, `step:release#2`, `component:vpc@acme-dev`. */
  id: string;
  label: string;
  /** What the lens and task say it does, e.g. `polycrate run app deploy`. */
  detail?: string;
  kind: "workflow" | "step" | "component" | "node" | "action" | "command";
  uri: string;
  range: TextRange;
  /** For a step: the runnable (workflow) it belongs to and its step id in that workflow's plan. */
  parent?: string;
  stepId?: string;
  /** Variants offered for this runnable, e.g. Atmos `plan`, `apply`, `deploy`, `destroy`; the first is the default. */
  actions?: string[];
  /** Whether "with dependencies" applies (Atmos components). */
  dependencies?: boolean;
}

export interface PlanRequestParams {
  uri: string;
  runnable: string;
  action?: string;
  withDependencies?: boolean;
  /** Settings of the client (the same keys as `infraflow.*`), so the plan follows the user's configuration. */
  settings?: unknown;
  /**
   * The commands will run on Windows: a command template of the settings (`infraflow.env0.command`) runs in
   * PowerShell, its values quoted for PowerShell. Otherwise (and for an export) in `sh`, quoted for POSIX sh.
   */
  windows?: boolean;
}

/** Settings that shape plans (`infraflow.*` in settings.json; the CLI reads `.vscode/settings.json`). */
export interface RunSettings {
  polycrateMode: "cli" | "local";
  polycrateExecutable: string;
  atmosExecutable: string;
  fabExecutable: string;
  deisExecutable: string;
  /** The command run for each env0 sub-environment, with `${alias}`, `${name}`, `${path}`, `${workspace}`, `${action}`, `${revision}`, `${type}`. */
  env0Command: string;
  maxConcurrency: number;
  /** Answer yes to every prompt and approval. */
  force: boolean;
  /** Extra environment variables for every step. */
  env: Record<string, string>;
}

export const DEFAULT_RUN_SETTINGS: RunSettings = {
  polycrateMode: "cli",
  polycrateExecutable: "polycrate",
  atmosExecutable: "atmos",
  fabExecutable: "fab",
  deisExecutable: "deis",
  env0Command: "",
  maxConcurrency: 1,
  force: false,
  env: {},
};

/** Reads run settings from the `infraflow.*` keys (without the prefix), ignoring malformed values. */
export function normalizeRunSettings(raw: unknown): RunSettings {
  const r = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const pick = (key: string): unknown => {
    // Accept both nested ({polycrate: {mode}}) and dotted ("polycrate.mode") spellings.
    if (key in r) return r[key];
    const [a, b] = key.split(".");
    const nested = r[a!];
    return b && nested && typeof nested === "object" ? (nested as Record<string, unknown>)[b] : undefined;
  };
  const str = (key: string, d: string): string => {
    const v = pick(key);
    return typeof v === "string" && v.trim() ? v : d;
  };
  const out: RunSettings = { ...DEFAULT_RUN_SETTINGS, env: {} };
  const mode = pick("polycrate.mode");
  if (mode === "cli" || mode === "local") out.polycrateMode = mode;
  out.polycrateExecutable = str("polycrate.executable", out.polycrateExecutable);
  out.atmosExecutable = str("atmos.executable", out.atmosExecutable);
  out.fabExecutable = str("fabrikate.executable", out.fabExecutable);
  out.deisExecutable = str("deis.executable", out.deisExecutable);
  out.env0Command = str("env0.command", "");
  const mc = pick("maxConcurrency");
  if (typeof mc === "number" && Number.isFinite(mc) && mc >= 1) out.maxConcurrency = Math.floor(mc);
  out.force = pick("force") === true;
  const env = pick("env");
  if (env && typeof env === "object") for (const [k, v] of Object.entries(env)) if (typeof v === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) out.env[k] = v;
  return out;
}
