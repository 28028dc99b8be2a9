// How the run history reads in the Runs view: labels and descriptions of runs and their steps. Pure: no vscode.
// The store itself (plain Node, shared with the CLI) is engine/history.ts.
import { outcomeText, wholeRequest, type RunRequest } from "../../../common/run";
import { resumeSelection } from "../../../common/run-order";
import { seconds } from "./format";
import type { HistoryStep, RunOutcome, RunRecord } from "../../../engine/history";

export { HistoryStore, type HistoryStep, type HistoryStepState, type RunOutcome, type RunRecord } from "../../../engine/history";

/** A glyph per outcome; ⚠ is the warning of a run that passed with allowed failures (an interrupted run is cut, ↯). */
const OUTCOME_ICON: Record<RunOutcome, string> = { running: "◌", succeeded: "✓", "passed-allowed": "⚠", failed: "✗", cancelled: "◼", interrupted: "↯" };

/** The steps "Rerun failed" runs again after a recorded run: those that did not succeed and what follows them. */
export function resumeOf(r: RunRecord): string[] {
  if (!r.plan?.steps) return [];
  return resumeSelection(r.plan, Object.fromEntries(r.steps.map((s) => [s.id, s.state])), { reverse: r.request.reverse });
}

/** The request that resumes a recorded run (undefined when every step it included succeeded). */
export function resumeRequest(r: RunRecord): RunRequest | undefined {
  const steps = resumeOf(r);
  if (!steps.length) return undefined;
  return { ...wholeRequest(r.request), steps };
}

/** The request that runs a recorded run's plan from one of its steps on. */
export function fromStepRequest(r: RunRecord, stepId: string): RunRequest {
  return { ...wholeRequest(r.request), fromStep: stepId };
}

/**
 * A run's title in its two parts: what ran (`provision › deploy-app`) and the file (`stage/workspace.poly`). Titles
 * are `what — file` (taskLabel, and the CLI's `infraflow run`); the file never holds " — ", so the last one splits.
 */
export function runParts(r: RunRecord): { what: string; file?: string } {
  const at = r.title.lastIndexOf(" — ");
  return at < 0 ? { what: r.title } : { what: r.title.slice(0, at), file: r.title.slice(at + 3) };
}

/**
 * `#3 provision`: what ran, short enough for the side bar at its default width. The outcome is the row's icon, the
 * file and time its description (runDescription), the rest its tooltip (runSummary).
 */
export function runLabel(r: RunRecord): string {
  return `#${r.id} ${runParts(r).what}`;
}

/** `workspace.poly · 14:03` (the date too when it is not today). */
export function runDescription(r: RunRecord, now = Date.now()): string {
  const file = runParts(r).file;
  return [...(file ? [file] : []), when(r.startedAt, now)].join(" · ");
}

/** `✓ succeeded · 2.1s · 14:03`, `⚠ passed with 1 allowed failure · …` (the date too when it is not today). */
export function runSummary(r: RunRecord, now = Date.now()): string {
  const words = r.outcome === "running" || r.outcome === "interrupted" ? r.outcome : outcomeText(r.outcome, r.allowedFailures);
  const parts = [`${OUTCOME_ICON[r.outcome]} ${words}`];
  if (r.durationMs !== undefined) parts.push(seconds(r.durationMs));
  parts.push(when(r.startedAt, now));
  return parts.join(" · ");
}

/** `exit 2 · 1.2s`, `skipped`, … for a step of a past run. */
export function stepDescription(s: HistoryStep): string {
  const parts: string[] = [s.state === "failed" && s.allowed ? "failed (allowed)" : s.state];
  if (s.exitCode !== undefined && s.exitCode !== null && s.state !== "succeeded") parts.push(`exit ${s.exitCode}`);
  if (s.durationMs !== undefined && (s.state === "succeeded" || s.state === "failed")) parts.push(seconds(s.durationMs));
  return parts.join(" · ");
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function when(at: number, now: number): string {
  const d = new Date(at);
  const n = new Date(now);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.toDateString() === n.toDateString() ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}
