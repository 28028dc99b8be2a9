// Which CodeLenses a runnable gets, as plain data: pure, so the titles are tested in node. The provider in
// lenses.ts turns each spec into a vscode.CodeLens.
import type { Runnable } from "../../../common/run";
import { statusText, statusTooltip, type StepStatus } from "./format";
import type { RunRequest } from "./task-def";

export type LensSpec =
  | { title: string; tooltip?: string; kind: "run"; request: RunRequest }
  | { title: string; tooltip?: string; kind: "withDependencies"; runnable: Runnable }
  | { title: string; tooltip?: string; kind: "showGraph" }
  | { title: string; tooltip?: string; kind: "trust" }
  | { title: string; tooltip?: string; kind: "showTerminal" }
  | { title: string; tooltip?: string; kind: "cancel" }
  | { title: string; tooltip?: string; kind: "showLog"; runId: number };

export const TRUST_TITLE = "$(shield) Runs need a trusted workspace";

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
  if (input.status) {
    const st = input.status;
    const title = statusText(st, input.now);
    const tooltip = statusTooltip(r.label, st);
    if (st.state === "running" || st.state === "queued") out.push({ title, tooltip, kind: "showTerminal" });
    else if (st.state === "failed" && input.trusted) out.push({ title, tooltip, kind: "run", request: input.rerun ?? base });
    else if (input.runId !== undefined) out.push({ title, tooltip, kind: "showLog", runId: input.runId });
    else out.push({ title, tooltip, kind: "showTerminal" });
  }
  if (!input.trusted) {
    out.push({ title: TRUST_TITLE, tooltip: "Running commands from workspace files needs a trusted workspace. Click to manage Workspace Trust.", kind: "trust" });
    if (r.kind === "workflow") out.push({ title: "Show graph", kind: "showGraph" });
    return out;
  }
  if (input.active) out.push({ title: "◼ Cancel", tooltip: "Cancel the run (Infraflow: Cancel Run)", kind: "cancel" });
  switch (r.kind) {
    case "workflow":
      out.push({ title: "▶ Run workflow", tooltip: r.detail, kind: "run", request: base });
      out.push({ title: "Show graph", kind: "showGraph" });
      break;
    case "step": {
      const parent = r.parent ?? r.id;
      const step = r.stepId ?? r.id;
      out.push({ title: "▶ Run step", tooltip: r.detail ? `Run only this step: ${r.detail}` : "Run only this step", kind: "run", request: { uri: r.uri, runnable: parent, step } });
      out.push({ title: "▶ Run from here", tooltip: "Run this step and the ones after it", kind: "run", request: { uri: r.uri, runnable: parent, fromStep: step } });
      break;
    }
    default:
      if (r.actions?.length) {
        for (const a of r.actions) out.push({ title: `▶ ${a}`, tooltip: r.detail ? `${r.detail} (${a})` : undefined, kind: "run", request: { ...base, action: a } });
        if (r.dependencies) out.push({ title: "▶ with dependencies…", tooltip: "Run with the components this one depends on, in dependency order", kind: "withDependencies", runnable: r });
      } else out.push({ title: "▶ Run", tooltip: r.detail, kind: "run", request: base });
  }
  return out;
}
