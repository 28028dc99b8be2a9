// What both exports share: the steps in their exported order with their edges, names the targets accept, the
// tool each step needs, where each step is written and its working directory relative to the repository root.
import * as path from "node:path";
import { URI } from "vscode-uri";
import type { PlanStep, RunPlan } from "../../../common/run";
import { selectSteps, waves } from "../../../common/run-order";

export type ExportTarget = "github-actions" | "argo";
export const EXPORT_TARGETS: readonly ExportTarget[] = ["github-actions", "argo"];

export interface ExportOptions {
  /** The repository (or workspace) root: working directories and source locations are written relative to it. */
  root: string;
  /** Dependents first: each step waits for the steps that needed it (the CLI's `--reverse`). */
  reverse?: boolean;
}

/** A plan that cannot be exported as it is (a step outside the repository, text the target would rewrite…). */
export class ExportError extends Error {}

/** One exported step: the plan step, its name in the target, the names it waits for and where it is written. */
export interface ExportedStep {
  step: PlanStep;
  name: string;
  needs: string[];
  /**
   * Needs whose failure (or blocking) does not stop this step: the last members of a group whose failures do not
   * stop the plan (Atmos `best_effort`), when this step follows the group.
   */
  tolerates: string[];
  /** `file:line` relative to the root, or null when the plan does not say. */
  source: string | null;
  /** The working directory relative to the root, `.` for the root itself. */
  cwd: string;
  tool: Tool | null;
}

/** The tools a plan's commands run, each with how a CI runner gets it. */
export type Tool = "polycrate" | "atmos" | "fab" | "deis" | "terraform" | "tofu";
export const TOOLS: readonly Tool[] = ["polycrate", "atmos", "fab", "deis", "terraform", "tofu"];

/**
 * The steps in exported order, their edges in the exported graph and their names. Sequential plans become chains
 * (each step waits for the one before); DAG plans keep their `needs`. `reverse` inverts the edges, as a run does.
 * Throws on a cycle, as a run would.
 */
export function exportedSteps(plan: RunPlan, opts: ExportOptions, nameOf: (label: string, taken: Set<string>) => string): ExportedStep[] {
  if (!plan.steps.length) throw new ExportError(`'${plan.title}' has no steps to export.`);
  const steps = selectSteps(plan, { reverse: !!opts.reverse });
  waves(plan, steps);
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const s of steps) names.set(s.id, nameOf(s.label, taken));
  const grouped = plan.policy.mode === "sequential" && !opts.reverse && steps.some((s) => s.group) ? groupedNeeds(plan, steps) : undefined;
  return steps.map((s, i) => {
    const edges = grouped?.get(s.id) ?? { needs: plan.policy.mode === "sequential" ? (i > 0 ? [steps[i - 1]!.id] : []) : s.needs, tolerates: [] };
    return {
      step: s,
      name: names.get(s.id)!,
      needs: edges.needs.map((n) => names.get(n)!),
      tolerates: edges.tolerates.map((n) => names.get(n)!),
      source: sourceOf(s, plan, opts.root),
      cwd: relativeDir(s, opts.root),
      tool: toolOf(s),
    };
  });
}

/**
 * The edges of a sequential plan with groups (Atmos `parallel`/`matrix` steps): a group's members wait for what
 * came before the group (or for the members they `need`), and what follows a group waits for its last members, so
 * members run side by side as the engine runs them. After a group whose failures do not stop the plan, those
 * members' failures are tolerated. (Reversed plans keep the plain chain.)
 */
function groupedNeeds(plan: RunPlan, steps: PlanStep[]): Map<string, { needs: string[]; tolerates: string[] }> {
  type Edges = { needs: string[]; tolerates: string[] };
  const out = new Map<string, Edges>();
  let exits: string[] = [];
  let tolerated = false;
  // The edges into the last group: a step after a tolerant group also waits for what the group waited for (with the
  // same tolerance), so that a member blocked by an earlier failure is not taken for one blocked inside the group.
  let entry: Edges = { needs: [], tolerates: [] };
  const union = (a: string[], b: string[]) => [...a, ...b.filter((x) => !a.includes(x))];
  for (let i = 0; i < steps.length; ) {
    const s = steps[i]!;
    const before: Edges = tolerated ? { needs: union(exits, entry.needs), tolerates: union(exits, entry.tolerates) } : { needs: exits, tolerates: [] };
    if (!s.group) {
      out.set(s.id, before);
      exits = [s.id];
      tolerated = false;
      i++;
      continue;
    }
    let j = i;
    while (j < steps.length && steps[j]!.group === s.group) j++;
    const members = steps.slice(i, j);
    const ids = new Set(members.map((m) => m.id));
    const needed = new Set<string>();
    for (const m of members) {
      const inGroup = m.needs.filter((n) => ids.has(n));
      for (const n of inGroup) needed.add(n);
      out.set(m.id, inGroup.length ? { needs: inGroup, tolerates: [] } : before);
    }
    entry = before;
    exits = members.filter((m) => !needed.has(m.id)).map((m) => m.id);
    tolerated = !!plan.groups?.find((g) => g.id === s.group)?.continueOnFailure;
    i = j;
  }
  return out;
}

/** `file:line` of a step, relative to the root. */
function sourceOf(s: PlanStep, plan: RunPlan, root: string): string | null {
  const uri = s.uri ?? plan.uri;
  if (!uri) return null;
  const file = relativePath(uri.startsWith("file:") ? URI.parse(uri).fsPath : uri, root);
  return s.range ? `${file}:${s.range.start.line + 1}` : file;
}

/** The source file of the plan, relative to the root (for the documents' first comment). */
export function planSource(plan: RunPlan, root: string): string {
  if (!plan.uri) return "(unknown file)";
  return relativePath(plan.uri.startsWith("file:") ? URI.parse(plan.uri).fsPath : plan.uri, root);
}

function relativePath(p: string, root: string): string {
  const rel = path.relative(root, p);
  return (rel === "" ? "." : rel).split(path.sep).join("/");
}

function relativeDir(s: PlanStep, root: string): string {
  const rel = path.relative(root, s.cwd);
  if (rel.startsWith("..") || path.isAbsolute(rel)) throw new ExportError(`Step '${s.label}' runs in ${s.cwd}, outside the repository root ${root}: the exported workflow could not find it.`);
  return rel === "" ? "." : rel.split(path.sep).join("/");
}

/** The tool a step runs: the program of an argument vector, or the first known tool a script calls. */
export function toolOf(s: PlanStep): Tool | null {
  if ("argv" in s.command) {
    const exe = path.basename(s.command.argv[0] ?? "").replace(/\.exe$/i, "");
    return (TOOLS as readonly string[]).includes(exe) ? (exe as Tool) : null;
  }
  const m = /(?:^|[\s;&|(`])(polycrate|atmos|fab|deis|terraform|tofu)(?=\s|$)/m.exec(s.command.shell);
  return m ? (m[1] as Tool) : null;
}

/** Lowercase letters, digits and hyphens, starting with a letter, at most `max` long; unique among `taken`. */
export function uniqueName(label: string, taken: Set<string>, max: number, reserved: readonly string[] = []): string {
  let base = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/, "");
  if (!/^[a-z]/.test(base)) base = `step-${base}`.replace(/-+$/, "").slice(0, max);
  if (reserved.includes(base)) base = `${base}-step`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base.slice(0, max - String(n).length - 1)}-${n}`;
  taken.add(name);
  return name;
}

/**
 * Settings the exported plan is built with, over the user's: the tools by their names on PATH, since a local
 * `infraflow.<tool>.executable` path means nothing on a CI runner (the setup steps put the tools on PATH).
 */
export const EXPORT_SETTINGS: Readonly<Record<string, string>> = {
  "polycrate.executable": "polycrate",
  "atmos.executable": "atmos",
  "fabrikate.executable": "fab",
  "deis.executable": "deis",
};

/**
 * A local path under the root, as the path relative to it ('' for the root itself), or null for anything else.
 * Environment values and arguments that name the local checkout (Polycrate's WORKSPACE_ROOT in local mode) are
 * rewritten to the runner's checkout with it.
 */
export function underRoot(value: string, root: string): string | null {
  if (!path.isAbsolute(value)) return null;
  const rel = path.relative(root, value);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join("/");
}
