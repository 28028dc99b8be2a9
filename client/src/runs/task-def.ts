// Tasks of type `infraflow`: the definition written in tasks.json, its label, and what it executes. Pure (no
// vscode), tested in node, like rust-analyzer's `targetToExecution`.
import * as path from "node:path";
import { resolveStepRef, stepRefNames, type PlanRequestParams, type Runnable, type RunOptions, type RunPlan, type RunRequest } from "../../../common/run";

export type { RunRequest };

export const TASK_TYPE = "infraflow";

/** A task in tasks.json: `{ "type": "infraflow", "file": "workspace.poly", "runnable": "workflow:provision" }`. */
export interface InfraflowTaskDefinition extends Omit<RunRequest, "uri"> {
  type: typeof TASK_TYPE;
  /** The file, relative to the task's workspace folder (or absolute). */
  file: string;
}

/** What a task executes: the plan to ask the server for and the options for the engine. */
export interface Execution {
  /** Absolute path of the file. */
  file: string;
  plan: Omit<PlanRequestParams, "uri" | "settings">;
  opts: RunOptions;
}

function posix(p: string): string {
  return p.split(path.sep).join("/");
}

/** The task definition of a request; `folder` is the workspace folder's path (none: the path stays absolute). */
export function toDefinition(req: RunRequest, filePath: string, folder: string | undefined): InfraflowTaskDefinition {
  const rel = folder ? path.relative(folder, filePath) : "";
  const file = folder && rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? posix(rel) : filePath;
  const def: InfraflowTaskDefinition = { type: TASK_TYPE, file, runnable: req.runnable };
  if (req.action) def.action = req.action;
  if (req.step) def.step = req.step;
  if (req.fromStep) def.fromStep = req.fromStep;
  if (req.steps?.length) def.steps = [...req.steps];
  if (req.withDependencies) def.withDependencies = true;
  if (req.dryRun) def.dryRun = true;
  if (req.reverse) def.reverse = true;
  return def;
}

/** The absolute path a definition's `file` names. */
export function definitionFile(def: Pick<InfraflowTaskDefinition, "file">, folder: string | undefined): string {
  return path.isAbsolute(def.file) || !folder ? path.resolve(folder ?? "/", def.file) : path.join(folder, ...def.file.split("/"));
}

/**
 * Turns a task definition into an execution. A step runnable (`step:release#2`) runs its workflow's plan with
 * only that step, as the CLI does. Returns a message when the definition is unusable.
 */
export function toExecution(def: Partial<InfraflowTaskDefinition>, env: { folder?: string; runnables?: Runnable[]; force?: boolean }): Execution | { error: string } {
  if (typeof def.file !== "string" || !def.file.trim()) return { error: "The task needs a `file` (relative to the workspace folder)." };
  if (typeof def.runnable !== "string" || !def.runnable.trim()) return { error: "The task needs a `runnable` (for example `workflow:provision`)." };
  if (def.step && def.fromStep) return { error: "A task takes `step` or `fromStep`, not both." };
  if (def.steps !== undefined && (!Array.isArray(def.steps) || def.steps.some((s) => typeof s !== "string"))) return { error: "`steps` must be a list of step ids." };
  let runnable = def.runnable;
  const opts: RunOptions = {};
  const r = env.runnables?.find((x) => x.id === runnable);
  if (r?.kind === "step" && r.parent) {
    runnable = r.parent;
    if (!def.step && !def.fromStep && !def.steps) opts.only = r.stepId ?? r.id;
  }
  if (def.step) opts.only = def.step;
  if (def.fromStep) opts.fromStep = def.fromStep;
  if (def.steps?.length) opts.subset = [...def.steps];
  if (def.dryRun) opts.dryRun = true;
  if (def.reverse) opts.reverse = true;
  if (env.force) opts.force = true;
  const plan: Execution["plan"] = { runnable };
  if (def.action) plan.action = def.action;
  if (def.withDependencies) plan.withDependencies = true;
  return { file: definitionFile({ file: def.file }, env.folder), plan, opts };
}

/** Resolves step references (an id or a label) against the plan; throws with the valid names when one is unknown. */
export function bindSteps(plan: RunPlan, opts: RunOptions): RunOptions {
  const resolve = (ref: string): string => {
    const hit = resolveStepRef(plan, ref);
    if (!hit) throw new Error(`No step '${ref}' in ${plan.title}. Steps: ${stepRefNames(plan).join(", ") || "(none)"}.`);
    return hit;
  };
  const out: RunOptions = { ...opts };
  if (opts.only !== undefined) out.only = resolve(opts.only);
  if (opts.fromStep !== undefined) out.fromStep = resolve(opts.fromStep);
  if (opts.subset) out.subset = opts.subset.map(resolve);
  return out;
}

/** `workflow:provision` → `provision`. */
function bare(id: string): string {
  const i = id.indexOf(":");
  return i >= 0 ? id.slice(i + 1) : id;
}

/** The label of a task: `provision › deploy-app — polycrate/workspace.poly`. `names` maps runnable and step ids to labels. */
export function taskLabel(def: Pick<InfraflowTaskDefinition, "file" | "runnable"> & Partial<InfraflowTaskDefinition>, names?: ReadonlyMap<string, string>): string {
  const name = (id: string): string => names?.get(id) ?? bare(id);
  let s = name(def.runnable);
  if (def.action) s += ` ${def.action}`;
  if (def.step) s += ` › ${name(def.step)}`;
  if (def.fromStep) s += ` › from ${name(def.fromStep)}`;
  if (def.steps?.length) s += ` › ${def.steps.length === 1 ? name(def.steps[0]!) : `${def.steps.length} steps`}`;
  if (def.withDependencies) s += " (with dependencies)";
  if (def.reverse) s += " (reverse)";
  if (def.dryRun) s += " (dry run)";
  return `${s} — ${shortFile(def.file)}`;
}

/**
 * The file as a label shows it: its folder and name (`stage/env0.workflow.yaml`), since many workflow files share
 * a name (every env0 workflow is env0.workflow.yaml, every Polycrate workspace workspace.poly).
 */
function shortFile(file: string): string {
  const parts = file.split("\\").join("/").split("/").filter(Boolean);
  return parts.slice(-2).join("/");
}

/** Every task a file offers: each workflow, each step, each action variant (and with dependencies), each other runnable. */
export function tasksFor(runnables: Runnable[], file: string): Array<{ def: InfraflowTaskDefinition; label: string; detail?: string }> {
  const names = new Map(runnables.map((r) => [r.id, r.label]));
  const out: Array<{ def: InfraflowTaskDefinition; label: string; detail?: string }> = [];
  const add = (def: Omit<InfraflowTaskDefinition, "type" | "file">, detail?: string): void => {
    const d: InfraflowTaskDefinition = { type: TASK_TYPE, file, ...def };
    out.push({ def: d, label: taskLabel(d, names), detail });
  };
  for (const r of runnables) {
    if (r.kind === "step" && r.parent) add({ runnable: r.parent, step: r.stepId ?? r.id }, r.detail);
    else if (r.actions?.length) {
      for (const a of r.actions) add({ runnable: r.id, action: a }, r.detail);
      if (r.dependencies) for (const a of r.actions) add({ runnable: r.id, action: a, withDependencies: true }, r.detail);
    } else add({ runnable: r.id }, r.detail);
  }
  return out;
}
