// Text of run status, shared by the terminal, the CodeLenses, the status bar and the run history. Pure: no vscode.
import { outcomeText, type StepState } from "../../../common/run";
import { seconds } from "../../../engine/writer";

export { seconds, table } from "../../../engine/writer";

/** Whole seconds for something still running (`3s`, `1m 05s`), so a lens refreshed every second stays calm. */
export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
}

/** What the editor knows about one step of the latest run that touched it. */
export interface StepStatus {
  /** A step's state; a run (the workflow lens) or a group may also have passed with allowed failures. */
  state: StepState | "passed-allowed";
  startedAt?: number;
  durationMs?: number;
  exitCode?: number | null;
  /** A failure that the plan allows (Polycrate `allow_failure`). */
  allowed?: boolean;
  /** Why it was skipped, or the step that blocked it. */
  reason?: string;
  /** For `passed-allowed`: how many failures were allowed. */
  allowedFailures?: number;
}

/**
 * The title of a status lens: `◌ running 3s`, `✓ 2.1s`, `✗ exit 2 · Rerun`, `⚠ exit 2 (allowed) · Rerun`,
 * `⚠ passed with 1 allowed failure · 2.1s`, `⊘ skipped`, `⊘ blocked`. ⚠ marks what failed but was allowed.
 */
export function statusText(st: StepStatus, now: number): string {
  switch (st.state) {
    case "queued":
      return "◌ queued";
    case "running":
      return `◌ running ${elapsed(now - (st.startedAt ?? now))}`;
    case "succeeded":
      return `✓ ${seconds(st.durationMs ?? 0)}`;
    case "passed-allowed":
      return `⚠ ${outcomeText("passed-allowed", st.allowedFailures)} · ${seconds(st.durationMs ?? 0)}`;
    case "failed":
      return `${st.allowed ? "⚠" : "✗"} ${st.exitCode === null || st.exitCode === undefined ? "failed" : `exit ${st.exitCode}`}${st.allowed ? " (allowed)" : ""} · Rerun`;
    case "skipped":
      return "⊘ skipped";
    case "blocked":
      return "⊘ blocked";
    case "cancelled":
      return "◼ cancelled";
  }
}

const ICONS: Record<StepState | "passed-allowed", string> = {
  queued: "queued",
  running: "running",
  succeeded: "succeeded",
  "passed-allowed": "allowed",
  failed: "failed",
  skipped: "skipped",
  blocked: "skipped",
  cancelled: "cancelled",
};

/** The gutter icons (media/runs/NAME.svg). */
export const GUTTER_ICONS: readonly string[] = [...new Set([...Object.values(ICONS), "allowed"])];

/** The gutter icon of a status: an allowed failure has the warning icon of a run that passed with it. */
export function gutterIcon(st: StepStatus): string {
  return st.state === "failed" && st.allowed ? "allowed" : ICONS[st.state];
}

/** A one-line tooltip for a status lens or a gutter icon. */
export function statusTooltip(label: string, st: StepStatus): string {
  switch (st.state) {
    case "failed":
      return `${label} failed${st.exitCode === null || st.exitCode === undefined ? "" : ` with exit code ${st.exitCode}`}${st.allowed ? " (the workflow allows failures)" : ""}. Click to run it again.`;
    case "skipped":
      return `${label} was skipped${st.reason ? `: ${st.reason}` : ""}.`;
    case "blocked":
      return `${label} did not run: ${st.reason ? `'${st.reason}' failed` : "a step it needs failed"}.`;
    case "succeeded":
      return `${label} succeeded in ${seconds(st.durationMs ?? 0)}.`;
    case "passed-allowed":
      return `${label} ${outcomeText("passed-allowed", st.allowedFailures)} in ${seconds(st.durationMs ?? 0)}: they are warnings, not errors. Click to open the log.`;
    case "running":
      return `${label} is running. Click to show the terminal.`;
    case "queued":
      return `${label} waits for its turn.`;
    case "cancelled":
      return `${label} was cancelled.`;
  }
}

/** Line breaks as a terminal wants them: every `\n` (not already after `\r`) becomes `\r\n`. */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}

/** The last `n` non-empty lines of a text, for a failure's diagnostic. */
export function lastLines(text: string, n: number): string[] {
  const lines = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").split(/\r?\n/).map((l) => l.replace(/^[\s\S]*\r/, "").trimEnd());
  return lines.filter((l) => l.trim()).slice(-n);
}
