// Graph colours from runs: the state each graph node shows, from the live sessions and from the history, so
// that a graph opened later (another panel, another window session) shows the last run's states. Pure.
import type { RunState } from "../../../common/protocol";
import type { RunPlan } from "../../../common/run";
import type { HistoryStepState, RunRecord } from "./history";

/** The state a node shows for a step: an allowed failure has its own; a step cut short by a crash was cancelled. */
export function graphState(state: HistoryStepState, allowed?: boolean): RunState {
  if (state === "interrupted") return "cancelled";
  if (state === "failed" && allowed) return "allowed";
  return state;
}

/** When several steps show on one node (the rows of an Atmos matrix), the most telling state wins: first here. */
const PRECEDENCE: readonly RunState[] = ["running", "failed", "cancelled", "blocked", "allowed", "queued", "passed-allowed", "succeeded", "skipped"];

function fold(states: RunState[]): RunState | undefined {
  return PRECEDENCE.find((p) => states.includes(p));
}

/**
 * The state of every node a run's steps stand for: each step's node (the states of steps sharing a node folded),
 * and each group's node (an Atmos parallel/matrix step) from its members: `passed-allowed` when the failures in
 * it were allowed, or blocked what needed them in a group whose failures do not fail it (`best_effort`).
 */
export function nodeStates(plan: Pick<RunPlan, "steps" | "groups"> | undefined, steps: ReadonlyArray<{ id: string; state: HistoryStepState; allowed?: boolean }>): Record<string, RunState> {
  const byId = new Map((plan?.steps ?? []).map((s) => [s.id, s]));
  const perNode = new Map<string, RunState[]>();
  const perGroup = new Map<string, RunState[]>();
  const push = (m: Map<string, RunState[]>, k: string, v: RunState): void => void m.set(k, [...(m.get(k) ?? []), v]);
  for (const s of steps) {
    const p = byId.get(s.id);
    const st = graphState(s.state, s.allowed);
    if (p?.nodeId) push(perNode, p.nodeId, st);
    if (p?.group) push(perGroup, p.group, st);
  }
  const out: Record<string, RunState> = {};
  for (const [node, list] of perNode) out[node] = fold(list)!;
  for (const g of plan?.groups ?? []) {
    const list = perGroup.get(g.id);
    if (!g.nodeId || !list) continue;
    const f = fold(list)!;
    out[g.nodeId] = f === "allowed" || (f === "blocked" && g.continueOnFailure) ? "passed-allowed" : f;
  }
  return out;
}

/** The latest state of every node that a recorded run included, newest run last (as the live colours are built). */
export function historyStates(runs: readonly RunRecord[]): Record<string, RunState> {
  const out: Record<string, RunState> = {};
  for (const r of [...runs].sort((a, b) => a.id - b.id)) Object.assign(out, nodeStates(r.plan, r.steps ?? []));
  return out;
}
