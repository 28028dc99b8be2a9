// One run as the editor follows it: each step's status and the tail of its output, folded from RunEvents.
// Pure (no vscode, no I/O): the lenses, gutter, diagnostics, graph colours, status bar and history read it.
import type { PlanStep, RunEvent, RunOutcome, RunPlan, StepState } from "../../../common/run";
import type { HistoryStep } from "../../../engine/history";
import type { RunState } from "../../../common/protocol";
import { lastLines, type StepStatus } from "./format";
import { nodeStates } from "./graph-states";

/** How many lines of a step's output a failure diagnostic quotes. */
export const TAIL_LINES = 10;
/** How much of a step's output is kept in memory for that (the rest is in the log file). */
const TAIL_CHARS = 8192;

export interface SessionStep extends StepStatus {
  state: StepState;
  id: string;
  /** The group (Atmos parallel/matrix step) the step belongs to. */
  group?: string;
  label: string;
  uri?: string;
  range?: PlanStep["range"];
  nodeId?: string;
}

export class RunSession {
  readonly steps = new Map<string, SessionStep>();
  /** The steps this run includes, in plan order (the engine's `step-queued` events). */
  readonly selected: string[] = [];
  private readonly tails = new Map<string, string>();
  outcome: "running" | RunOutcome = "running";
  /** Steps that failed with their failure allowed. */
  allowedFailures = 0;
  startedAt = Date.now();
  finishedAt: number | undefined;
  durationMs: number | undefined;

  constructor(readonly plan: RunPlan) {
    for (const s of plan.steps) this.steps.set(s.id, { id: s.id, label: s.label, uri: s.uri, range: s.range, nodeId: s.nodeId, group: s.group, state: "queued" });
  }

  /** Folds one event in; returns whether a step's state changed (output alone does not). */
  apply(e: RunEvent): boolean {
    switch (e.type) {
      case "run-started":
        this.startedAt = e.at;
        return false;
      case "step-queued":
        this.selected.push(e.stepId);
        return this.set(e.stepId, { state: "queued", startedAt: undefined, durationMs: undefined, exitCode: undefined, allowed: undefined, reason: undefined });
      case "step-started":
        this.tails.set(e.stepId, "");
        return this.set(e.stepId, { state: "running", startedAt: e.at });
      case "step-output": {
        const t = (this.tails.get(e.stepId) ?? "") + e.text;
        this.tails.set(e.stepId, t.length > TAIL_CHARS ? t.slice(-TAIL_CHARS) : t);
        return false;
      }
      case "step-finished":
        return this.set(e.stepId, { state: e.state, durationMs: e.durationMs, exitCode: e.exitCode, allowed: e.allowed });
      case "step-skipped":
        return this.set(e.stepId, { state: "skipped", reason: e.reason });
      case "step-blocked":
        return this.set(e.stepId, { state: "blocked", reason: this.steps.get(e.by)?.label ?? e.by });
      case "step-cancelled":
        return this.set(e.stepId, { state: "cancelled" });
      case "prompt":
        return false;
      case "run-finished":
        this.outcome = e.outcome;
        this.allowedFailures = e.allowedFailures ?? 0;
        this.finishedAt = e.at;
        this.durationMs = e.durationMs;
        return true;
    }
  }

  private set(id: string, patch: Partial<SessionStep>): boolean {
    const s = this.steps.get(id);
    if (!s) return false;
    Object.assign(s, patch);
    return true;
  }

  /** The steps of this run (those the engine queued), in order. */
  get included(): SessionStep[] {
    return this.selected.map((id) => this.steps.get(id)!).filter(Boolean);
  }

  /** How many of the included steps have ended, and how many there are. */
  progress(): { done: number; total: number } {
    const inc = this.included;
    return { done: inc.filter((s) => s.state !== "queued" && s.state !== "running").length, total: inc.length };
  }

  /** The last lines a step printed (for a failure's diagnostic). */
  tail(id: string, n = TAIL_LINES): string[] {
    return lastLines(this.tails.get(id) ?? "", n);
  }

  /** Graph colours: state per graph node id. */
  nodeStates(): Record<string, RunState> {
    return nodeStates(this.plan, this.included);
  }

  /**
   * The status of a group from its included members: running or queued while any is; failed when a failure is
   * not allowed; passed with allowed failures when the failures were allowed (or blocked what needed them in a
   * group whose failures do not fail it); else succeeded (skipped when every member was).
   */
  groupStatus(groupId: string): StepStatus | undefined {
    const g = this.plan.groups?.find((x) => x.id === groupId);
    const members = this.included.filter((s) => s.group === groupId);
    if (!g || !members.length) return undefined;
    const has = (pred: (s: SessionStep) => boolean): boolean => members.some(pred);
    const starts = members.map((s) => s.startedAt).filter((t): t is number => t !== undefined);
    const startedAt = starts.length ? Math.min(...starts) : undefined;
    const ends = members.map((s) => (s.startedAt !== undefined && s.durationMs !== undefined ? s.startedAt + s.durationMs : undefined)).filter((t): t is number => t !== undefined);
    const durationMs = startedAt !== undefined && ends.length ? Math.max(...ends) - startedAt : undefined;
    if (has((s) => s.state === "running")) return { state: "running", startedAt };
    if (has((s) => s.state === "queued")) return { state: "queued" };
    const allowed = members.filter((s) => s.state === "failed" && s.allowed).length;
    if (has((s) => (s.state === "failed" && !s.allowed) || (s.state === "blocked" && !g.continueOnFailure))) return { state: "failed", durationMs };
    if (has((s) => s.state === "cancelled")) return { state: "cancelled" };
    if (allowed) return { state: "passed-allowed", durationMs, allowedFailures: allowed };
    if (members.every((s) => s.state === "skipped")) return { state: "skipped", reason: members[0]!.reason };
    return { state: "succeeded", durationMs };
  }

  /** The included steps as the history records them. */
  historySteps(): HistoryStep[] {
    return this.included.map((s) => ({ id: s.id, label: s.label, state: s.state, exitCode: s.exitCode, durationMs: s.durationMs, allowed: s.allowed, uri: s.uri, range: s.range }));
  }

  /** The ids of the steps that failed. */
  failedIds(): string[] {
    return this.included.filter((s) => s.state === "failed").map((s) => s.id);
  }
}
