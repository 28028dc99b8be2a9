// One run from plan to history: executes the plan on the engine, folds the events into a RunSession, writes
// the terminal text and the log file, and records the run. Plain Node (no vscode): the Pseudoterminal
// drives it in the editor, and the unit tests drive it with real processes.
import * as fs from "node:fs";
import type { RunEvent, RunOptions, RunPlan } from "../../../common/run";
import { execute, type EngineHooks, type RunResult } from "../../../engine/engine";
import { selectSteps } from "../../../common/run-order";
import { redactPlan } from "../../../engine/env";
import type { HistoryStore, RunRecord } from "./history";
import { RunSession } from "./session";
import type { RunRequest } from "./task-def";
import { OutputGate } from "./gate";
import { RunWriter } from "./writer";

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
  const logText = new RunWriter(plan, opts, { ansi: false });
  const selected = selectSteps(plan, opts);
  const record = input.store?.begin({
    title: input.title,
    request: input.request,
    plan: redactPlan(plan),
    steps: selected.map((s) => ({ id: s.id, label: s.label, state: "queued", uri: s.uri, range: s.range })),
  });
  const log = record ? fs.createWriteStream(record.log, { flags: "a" }) : undefined;
  log?.on("error", () => undefined);
  // The terminal gets coalesced writes and, for a step that prints megabytes, its head and tail; the log gets all.
  const gate = new OutputGate((t) => input.write(t));
  const both = (termText: string, logLine: string = termText): void => {
    if (termText) gate.text(termText);
    if (logLine) log?.write(logLine);
  };
  const omitted = (n: number): string => `\n\x1b[2m[… ${n.toLocaleString("en")} characters of output not shown here; the run log has them all]\x1b[0m\n`;
  log?.write(`Infraflow run #${record!.id}: ${input.title}, started ${new Date(record!.startedAt).toISOString()}\n`);
  for (const line of input.preamble ?? []) both(`\x1b[2m${line}\x1b[0m\n`, `${line}\n`);
  input.onBegin?.(session, record);

  const emit = (e: RunEvent): void => {
    const changed = session.apply(e);
    const termText = term.event(e);
    if (e.type === "step-output") {
      gate.output(e.stepId, termText);
      const logLine = logText.event(e);
      if (logLine) log?.write(logLine);
    } else {
      if (e.type === "step-finished" || e.type === "step-cancelled") gate.endStep(e.stepId, omitted);
      if (e.type === "run-finished") for (const s of session.included) gate.endStep(s.id, omitted);
      both(termText, logText.event(e));
      if (e.type === "run-finished" || e.type === "prompt") gate.flush();
    }
    if (record && changed && e.type !== "run-finished" && e.type !== "step-queued" && e.type !== "step-started") input.store!.update(record.id, { steps: session.historySteps() });
    input.onEvent?.(e, session, changed);
  };

  let result: RunResult;
  try {
    result = await execute(plan, opts, emit, { confirm: input.confirm, env: input.env, signal: input.signal });
  } catch (err) {
    // A plan the engine refuses (a cycle, an unknown step): the run fails before any step starts.
    const message = String((err as Error)?.message ?? err);
    both(`\x1b[31m${message}\x1b[0m\n`, `${message}\n`);
    const at = Date.now();
    if (session.outcome === "running") emit({ type: "run-finished", at, outcome: "failed", durationMs: at - session.startedAt, states: {} });
    result = { outcome: "failed", states: {}, exitCodes: {}, allowedFailures: 0 };
  }
  if (record) {
    input.store!.update(record.id, { outcome: result.outcome, allowedFailures: result.allowedFailures || undefined, finishedAt: session.finishedAt ?? Date.now(), durationMs: session.durationMs, steps: session.historySteps() });
  }
  if (log) await new Promise<void>((resolve) => log.end(resolve));
  return { result, session, record: record && input.store!.get(record.id) };
}
