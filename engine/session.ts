// One run from plan to history, the same for the extension and the CLI: the environment of the run and the check
// before any prompt (prepareRun), then the engine, the run log and the history record, written once
// (runSession). What differs between the hosts (a VS Code terminal and modal prompts, or stdout/stderr and stdin)
// is a RunHost they pass in. Plain Node: no vscode, nothing of the formats.
import * as fs from "node:fs";
import type { RunEvent, RunOptions, RunPlan, RunRequest, RunSettings } from "../common/run";
import { selectSteps } from "../common/run-order";
import { execute, type EngineHooks, type RunResult } from "./engine";
import { envSummary, redactPlan, runEnv, type RunEnv } from "./env";
import type { HistoryStep, HistoryStore, RunRecord } from "./history";
import { missingDirectories, nodeExecSystem, preflight, preflightMessage, type ExecSystem, type MissingDirectory, type MissingExecutable } from "./preflight";
import { RunWriter } from "./writer";

export interface Prepared {
  env: RunEnv;
  /** The programs the run needs and cannot find. */
  missing: MissingExecutable[];
  /** The working directories of its steps that do not exist. */
  missingDirs: MissingDirectory[];
  /** The one message that says what is missing; when not empty, nothing may be asked or run. */
  message: string;
  /** Lines to show before the run (the run log has them too): that prompts are answered, the variables' names. */
  preamble: string[];
}

/**
 * The environment of a run of `file` and the check, before any prompt, that everything its steps start is there and
 * that their working directories exist.
 * `system` stands for the machine (tests pass another).
 */
export function prepareRun(a: { plan: RunPlan; opts: RunOptions; file: string; settings: RunSettings; base?: NodeJS.ProcessEnv; system?: (env: NodeJS.ProcessEnv) => ExecSystem }): Prepared {
  const env = runEnv(a.file, a.settings.env, a.base);
  const sys = (a.system ?? nodeExecSystem)(env.env);
  const missing = preflight(a.plan, a.opts, a.settings, sys);
  const missingDirs = missingDirectories(a.plan, a.opts, sys);
  const summary = envSummary(env);
  return {
    env,
    missing,
    missingDirs,
    message: preflightMessage(missingDirs, missing, sys.platform),
    preamble: [...(a.settings.force ? ["infraflow.force is on: prompts and approvals are answered yes."] : []), ...(summary ? [summary] : [])],
  };
}

/** What a host does for a run: ask, show, cancel. */
export interface RunHost {
  /** Asks a prompt or approval; without it, prompts are declined unless `force`. */
  confirm?: EngineHooks["confirm"];
  /** Cancels the run. */
  signal?: AbortSignal;
  /** The run is recorded (undefined: no history, or it could not be written), before the first step. */
  begin?(record: RunRecord | undefined): void;
  /** Every event, after the log and the history took it. */
  event(e: RunEvent, record: RunRecord | undefined): void;
  /** The engine refused the plan (a cycle, an unknown step): the run failed before any step started. */
  refused?(message: string): void;
  /** Something that does not stop the run went wrong (the history could not be written). */
  warn?(message: string): void;
}

export interface SessionInput {
  plan: RunPlan;
  opts: RunOptions;
  /** The environment of every step (values never written anywhere). */
  env: NodeJS.ProcessEnv;
  /** What the run is called in the history. */
  title: string;
  /** What to run again (`--resume`, "Rerun failed"). */
  request: RunRequest;
  /** Where the run is recorded, with its log; none: not recorded. */
  store?: HistoryStore;
  /** Lines at the top of the log, after the line naming the run. */
  preamble?: string[];
}

export interface SessionResult {
  result: RunResult;
  /** The run as recorded at its end. */
  record: RunRecord | undefined;
}

function message(e: unknown): string {
  return String((e as Error)?.message ?? e);
}

/** Runs a plan on the engine, writes its log (the plain text of RunWriter) and keeps its history record up to date. */
export async function runSession(input: SessionInput, host: RunHost): Promise<SessionResult> {
  const { plan, opts, store } = input;
  const steps = new Map<string, HistoryStep>(selectSteps(plan, opts).map((s) => [s.id, { id: s.id, label: s.label, state: "queued", uri: s.uri, range: s.range }]));
  const historySteps = (): HistoryStep[] => [...steps.values()].map((s) => ({ ...s }));
  let record: RunRecord | undefined;
  try {
    record = store?.begin({ title: input.title, request: input.request, plan: redactPlan(plan), steps: historySteps() });
  } catch (e) {
    host.warn?.(`could not record the run in ${store?.dir}: ${message(e)}`);
  }
  const update = (patch: Parameters<HistoryStore["update"]>[1]): void => {
    if (!record) return;
    try {
      store!.update(record.id, patch);
    } catch (e) {
      host.warn?.(`could not update the run history in ${store?.dir}: ${message(e)}`);
    }
  };
  const log = record ? fs.createWriteStream(record.log, { flags: "a" }) : undefined;
  log?.on("error", () => undefined);
  const logText = new RunWriter(plan, opts, { ansi: false });
  if (record) log!.write(`Infraflow run #${record.id}: ${input.title}, started ${new Date(record.startedAt).toISOString()}\n`);
  for (const line of input.preamble ?? []) log?.write(`${line}\n`);
  host.begin?.(record);

  let startedAt = Date.now();
  let finished: Extract<RunEvent, { type: "run-finished" }> | undefined;
  const emit = (e: RunEvent): void => {
    const text = logText.event(e);
    if (text) log?.write(text);
    const st = "stepId" in e && e.stepId ? steps.get(e.stepId) : undefined;
    if (e.type === "run-started") startedAt = e.at;
    else if (e.type === "run-finished") finished = e;
    else if (st && e.type === "step-finished") Object.assign(st, { state: e.state, exitCode: e.exitCode, durationMs: e.durationMs, allowed: e.allowed || undefined });
    else if (st && (e.type === "step-skipped" || e.type === "step-blocked" || e.type === "step-cancelled")) st.state = e.type === "step-skipped" ? "skipped" : e.type === "step-blocked" ? "blocked" : "cancelled";
    else if (st && e.type === "step-started") st.state = "running";
    if (st && (e.type === "step-finished" || e.type === "step-skipped" || e.type === "step-blocked" || e.type === "step-cancelled")) update({ steps: historySteps() });
    host.event(e, record);
  };

  let result: RunResult;
  try {
    result = await execute(plan, opts, emit, { confirm: host.confirm, env: input.env, signal: host.signal });
  } catch (err) {
    const text = message(err);
    log?.write(`${text}\n`);
    host.refused?.(text);
    const at = Date.now();
    if (!finished) emit({ type: "run-finished", at, outcome: "failed", durationMs: at - startedAt, states: {} });
    result = { outcome: "failed", states: {}, exitCodes: {}, allowedFailures: 0 };
  }
  update({ outcome: result.outcome, allowedFailures: result.allowedFailures || undefined, finishedAt: finished?.at ?? Date.now(), durationMs: finished?.durationMs, steps: historySteps() });
  if (log) await new Promise<void>((resolve) => log.end(resolve));
  return { result, record: record && store!.get(record.id) };
}
