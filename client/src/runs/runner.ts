// One run in the editor's terminal: the shared run session (engine/session.ts: engine, log, history) with a
// RunSession that the lenses, gutter, graph and status bar read, and the terminal's coloured text behind an
// OutputGate. Plain Node (no vscode): the Pseudoterminal drives it, and the unit tests drive it with real processes.
import type { RunEvent, RunOptions, RunPlan } from "../../../common/run";
import type { EngineHooks, RunResult } from "../../../engine/engine";
import { runSession } from "../../../engine/session";
import { RunWriter } from "../../../engine/writer";
import type { HistoryStore, RunRecord } from "./history";
import { RunSession } from "./session";
import type { RunRequest } from "./task-def";
import { OutputGate } from "./gate";

export interface RunInput {
  plan: RunPlan;
  opts: RunOptions;
  /** The environment of every step (values never printed). */
  env: NodeJS.ProcessEnv;
  /** What the run is called in the history and the status bar. */
  title: string;
  /** What to run again. */
  request: RunRequest;
  confirm?: EngineHooks["confirm"];
  signal?: AbortSignal;
  /** Lines written before the run starts (to the terminal and the log), e.g. the environment's variable names. */
  preamble?: string[];
  /** The terminal: text with `\n` line ends and ANSI colours. */
  write(text: string): void;
  store?: HistoryStore;
  /** Called once the run is recorded, before the first step. */
  onBegin?(session: RunSession, record: RunRecord | undefined): void;
  /** Every event, after the session folded it in; `changed` says whether a step's state changed. */
  onEvent?(e: RunEvent, session: RunSession, changed: boolean): void;
}

export interface RunOutput {
  result: RunResult;
  session: RunSession;
  record: RunRecord | undefined;
}

export async function runPlan(input: RunInput): Promise<RunOutput> {
  const { plan, opts } = input;
  const session = new RunSession(plan);
  const term = new RunWriter(plan, opts, { ansi: true });
  // The terminal gets coalesced writes and, for a step that prints megabytes, its head and tail; the log gets all.
  const gate = new OutputGate((t) => input.write(t));
  const omitted = (n: number): string => `\n\x1b[2m[… ${n.toLocaleString("en")} characters of output not shown here; the run log has them all]\x1b[0m\n`;
  const { result, record } = await runSession(
    { plan, opts, env: input.env, title: input.title, request: input.request, store: input.store, preamble: input.preamble },
    {
      confirm: input.confirm,
      signal: input.signal,
      begin: (rec) => {
        for (const line of input.preamble ?? []) gate.text(`\x1b[2m${line}\x1b[0m\n`);
        input.onBegin?.(session, rec);
      },
      refused: (message) => gate.text(`\x1b[31m${message}\x1b[0m\n`),
      warn: (message) => gate.text(`\x1b[33mInfraflow ${message}\x1b[0m\n`),
      event: (e) => {
        const changed = session.apply(e);
        const text = term.event(e);
        if (e.type === "step-output") gate.output(e.stepId, text);
        else {
          if (e.type === "step-finished" || e.type === "step-cancelled") gate.endStep(e.stepId, omitted);
          if (e.type === "run-finished") for (const s of session.included) gate.endStep(s.id, omitted);
          gate.text(text);
          if (e.type === "run-finished" || e.type === "prompt") gate.flush();
        }
        input.onEvent?.(e, session, changed);
      },
    },
  );
  return { result, session, record };
}
