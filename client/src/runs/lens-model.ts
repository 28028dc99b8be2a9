// Which CodeLenses a runnable gets, as plain data: pure, so the titles are tested in node. The provider in
// lenses.ts turns each spec into a vscode.CodeLens. A lens that runs something says what it runs: its tooltip is
// the exact command of the plan (filled in when the lens is resolved, from `explain`), and an Atmos component
// lens names its component and its stack; a catalog file imported by several stacks gets one row per component
// whose actions ask which stack, rather than identical rows where a click could apply the wrong stack.
import type { Runnable, RunOptions, RunPlan } from "../../../common/run";
import { displayCommand } from "../../../engine/engine";
import { selectSteps } from "../../../common/run-order";
import { statusText, statusTooltip, type StepStatus } from "./format";
import type { RunRequest } from "./task-def";

/** A choice of a `choose` lens: what it is called in the quick pick, and the lens it stands for. */
export interface LensChoice {
  label: string;
  description?: string;
  then: Extract<LensSpec, { kind: "run" | "withDependencies" }>;
}

export type LensSpec = (
  | { title: string; tooltip?: string; kind: "run"; request: RunRequest }
  | { title: string; tooltip?: string; kind: "withDependencies"; runnable: Runnable }
  | { title: string; tooltip?: string; kind: "choose"; placeHolder: string; choices: LensChoice[] }
  | { title: string; tooltip?: string; kind: "label" }
  | { title: string; tooltip?: string; kind: "showGraph" }
  | { title: string; tooltip?: string; kind: "trust" }
  | { title: string; tooltip?: string; kind: "showTerminal" }
  | { title: string; tooltip?: string; kind: "cancel" }
  | { title: string; tooltip?: string; kind: "showLog"; runId: number }
) & {
  /** The runs whose exact commands make the tooltip (one per choice of a `choose` lens, in order). */
  explain?: RunRequest[];
};

export const TRUST_TITLE = "$(shield) Runs need a trusted workspace";
const TRUST_LENS: LensSpec = { title: TRUST_TITLE, tooltip: "Running commands from workspace files needs a trusted workspace. Click to manage Workspace Trust.", kind: "trust" };

export interface LensInput {
  trusted: boolean;
  now: number;
  /** The state of this runnable in the latest run that included it. */
  status?: StepStatus;
  /** What "Rerun" on a failed status runs. */
  rerun?: RunRequest;
  /** The run the status comes from (its log opens on a click on a finished status). */
  runId?: number;
  /** A run started from this runnable is going on. */
  active?: boolean;
}

/** The lenses above one runnable, left to right. */
export function lensesFor(r: Runnable, input: LensInput): LensSpec[] {
  const out: LensSpec[] = [];
  const base = { uri: r.uri, runnable: r.id };
  // A component's lenses start with its name and stack: the same component may sit in many stacks.
  const target = componentTarget(r);
  if (target) out.push({ title: `${target.component} · ${target.stack}`, tooltip: `Component ${target.component} in stack ${target.stack}`, kind: "label" });
  const status = statusLens(r, input);
  if (status) out.push(status);
  if (!input.trusted) {
    out.push(TRUST_LENS);
    if (r.kind === "workflow") out.push({ title: "Show graph", kind: "showGraph" });
    return out;
  }
  if (input.active) out.push({ title: "◼ Cancel", tooltip: "Cancel the run (Infraflow: Cancel Run)", kind: "cancel" });
  switch (r.kind) {
    case "workflow":
      out.push({ title: "▶ Run workflow", tooltip: r.detail, kind: "run", request: base, explain: [base] });
      out.push({ title: "Show graph", kind: "showGraph" });
      break;
    case "step": {
      const parent = r.parent ?? r.id;
      const step = r.stepId ?? r.id;
      const only: RunRequest = { uri: r.uri, runnable: parent, step };
      const from: RunRequest = { uri: r.uri, runnable: parent, fromStep: step };
      out.push({ title: "▶ Run step", tooltip: r.detail ? `Run only this step: ${r.detail}` : "Run only this step", kind: "run", request: only, explain: [only] });
      out.push({ title: "▶ Run from here", tooltip: "Run this step and the ones after it", kind: "run", request: from, explain: [from] });
      break;
    }
    default:
      if (r.actions?.length) {
        for (const a of r.actions) out.push({ title: `▶ ${a}`, tooltip: r.detail ? `${r.detail} (${a})` : undefined, kind: "run", request: { ...base, action: a }, explain: [{ ...base, action: a }] });
        // A node of a workflow's DAG (an env0 sub-environment): its workflow's first action from it on, that is the
        // node and everything that (transitively) needs it, as Rerun Failed Steps would.
        if (r.kind === "node" && r.parent && r.stepId) {
          const from: RunRequest = { uri: r.uri, runnable: r.parent, action: r.actions[0], fromStep: r.stepId };
          out.push({ title: `▶ ${r.actions[0]} from here`, tooltip: `Run ${r.actions[0]} of this one and of everything that needs it`, kind: "run", request: from, explain: [from] });
        }
        if (r.dependencies) out.push({ title: "▶ with dependencies…", tooltip: "Run with the components this one depends on, in dependency order", kind: "withDependencies", runnable: r });
      } else out.push({ title: "▶ Run", tooltip: r.detail, kind: "run", request: base, explain: [base] });
  }
  return out;
}

/** The lens of the runnable's latest state: the terminal while it runs, Rerun after a failure, else the log. */
function statusLens(r: Runnable, input: LensInput): LensSpec | undefined {
  const st = input.status;
  if (!st) return undefined;
  const title = statusText(st, input.now);
  const tooltip = statusTooltip(r.label, st);
  if (st.state === "running" || st.state === "queued") return { title, tooltip, kind: "showTerminal" };
  if (st.state === "failed" && input.trusted) return { title, tooltip, kind: "run", request: input.rerun ?? { uri: r.uri, runnable: r.id } };
  if (input.runId !== undefined) return { title, tooltip, kind: "showLog", runId: input.runId };
  return { title, tooltip, kind: "showTerminal" };
}

/** The component and stack an Atmos component runnable stands for, from its id (`component:vpc@plat-ue2-dev`). */
export function componentTarget(r: Runnable): { component: string; stack: string } | undefined {
  if (r.kind !== "component") return undefined;
  const m = /^component:(.+)@([^@]+)$/.exec(r.id);
  return m ? { component: m[1]!, stack: m[2]! } : undefined;
}

/**
 * The runnables of a file in rows, in order: each alone, except the instances of one component written at one
 * place in several stacks (a catalog file that several stacks import), which share a row.
 */
export function lensRows(list: Runnable[]): Runnable[][] {
  const rows: Runnable[][] = [];
  const shared = new Map<string, Runnable[]>();
  for (const r of list) {
    const t = componentTarget(r);
    if (!t) {
      rows.push([r]);
      continue;
    }
    const key = `${r.range.start.line}:${r.range.start.character}\0${t.component}`;
    let row = shared.get(key);
    if (!row) {
      shared.set(key, (row = []));
      rows.push(row);
    }
    row.push(r);
  }
  return rows;
}

/** One member of a shared row, with what the editor knows of its latest run. */
export interface RowMember {
  runnable: Runnable;
  input: Pick<LensInput, "status" | "rerun" | "runId" | "active">;
}

/**
 * The lenses of a row: a single runnable's own, or for one component in several stacks a label that names the
 * component and counts the stacks, the latest status (with its stack), and actions that ask which stack.
 */
export function lensesForRow(members: RowMember[], input: Pick<LensInput, "trusted" | "now">): LensSpec[] {
  if (members.length === 1) return lensesFor(members[0]!.runnable, { ...input, ...members[0]!.input });
  const first = members[0]!.runnable;
  const target = componentTarget(first)!;
  const stacks = members.map((m) => componentTarget(m.runnable)!.stack);
  const out: LensSpec[] = [{ title: `${target.component} · ${stacks.length} stacks`, tooltip: `Component ${target.component}, imported by ${stacks.length} stacks: ${stacks.join(", ")}. Each action asks which stack.`, kind: "label" }];
  // The status of the latest run among the stacks (a running one first), named with its stack.
  const latest = [...members].filter((m) => m.input.status).sort((a, b) => rank(b) - rank(a))[0];
  if (latest) {
    const own = statusLens(latest.runnable, { ...input, ...latest.input });
    const stack = componentTarget(latest.runnable)!.stack;
    if (own) out.push({ ...own, title: `${own.title} (${stack})` });
  }
  if (!input.trusted) {
    out.push(TRUST_LENS);
    return out;
  }
  if (members.some((m) => m.input.active)) out.push({ title: "◼ Cancel", tooltip: "Cancel the run (Infraflow: Cancel Run)", kind: "cancel" });
  for (const a of first.actions ?? []) {
    const choices: LensChoice[] = members.map((m, i) => {
      const request: RunRequest = { uri: m.runnable.uri, runnable: m.runnable.id, action: a };
      return { label: stacks[i]!, then: { title: `▶ ${a}`, kind: "run", request } };
    });
    out.push({ title: `▶ ${a}…`, tooltip: `${a} ${target.component}: asks which of ${stacks.length} stacks`, kind: "choose", placeHolder: `${a} ${target.component} in which stack?`, choices, explain: choices.map((c) => (c.then as { request: RunRequest }).request) });
  }
  if (first.dependencies) {
    const choices: LensChoice[] = members.map((m, i) => ({ label: stacks[i]!, then: { title: "▶ with dependencies…", kind: "withDependencies", runnable: m.runnable } }));
    out.push({ title: "▶ with dependencies…", tooltip: `Run ${target.component} with the components it depends on: asks which stack, then which action`, kind: "choose", placeHolder: `${target.component} with its dependencies, in which stack?`, choices });
  }
  return out;
}

/** Which status is newer: a running or queued step, then the latest run. */
function rank(m: RowMember): number {
  const st = m.input.status!;
  return (st.state === "running" || st.state === "queued" ? 1e12 : 0) + (m.input.runId ?? 0);
}

/** A tooltip that gives the exact command a plan runs (each step's, when there are several). */
export function planTooltip(plan: RunPlan, opts: RunOptions, max = 8): string {
  const steps = selectSteps(plan, opts);
  if (steps.length === 1) return displayCommand(steps[0]!);
  const lines = steps.slice(0, max).map((s, i) => `${i + 1}. ${s.label}: ${displayCommand(s)}`);
  if (steps.length > max) lines.push(`… and ${steps.length - max} more`);
  return [`${plan.title}: ${steps.length} steps`, ...lines].join("\n");
}
