// Graph colours from runs: the state each graph node shows, from the live sessions and from the history, so
// that a graph opened later (another panel, another window session) shows the last run's states. Pure.
import type { RunState } from "../../../common/protocol";
import type { HistoryStepState, RunRecord } from "./history";

/** The state a node shows for a step: an allowed failure has its own; a step cut short by a crash was cancelled. */
export function graphState(state: HistoryStepState, allowed?: boolean): RunState {
  if (state === "interrupted") return "cancelled";
  if (state === "failed" && allowed) return "allowed";
  return state;
}

/** The latest state of every node that a recorded run included, newest run last (as the live colours are built). */
export function historyStates(runs: readonly RunRecord[]): Record<string, RunState> {
  const out: Record<string, RunState> = {};
  for (const r of [...runs].sort((a, b) => a.id - b.id)) {
    const nodeOf = new Map((r.plan?.steps ?? []).map((s) => [s.id, s.nodeId]));
    for (const s of r.steps ?? []) {
      const nodeId = nodeOf.get(s.id);
      if (nodeId) out[nodeId] = graphState(s.state, s.allowed);
    }
  }
  return out;
}
