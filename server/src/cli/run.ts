// `infraflow plan` and `infraflow run`: the editor's runs, in a terminal or CI, on the same engine.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { exitCode, normalizeRunSettings, outcomeText, resolveStepRef, stepRefNames, wholeRequest, type PlanStep, type RunEvent, type RunOptions, type RunPlan, type RunRequest } from "../../../common/run";
import { normalizeSettings } from "../../../common/settings";
import { displayCommand } from "../../../engine/engine";
import { HistoryStore, type RunRecord } from "../../../engine/history";
import { PlanError, resumeSelection, selectSteps, units, waves } from "../../../common/run-order";
import { redactPlan } from "../../../engine/env";
import { prepareRun, runSession } from "../../../engine/session";
import { findRunnable, plan as planFor, runnables } from "../features/run";
import { FORMATS } from "../formats/registry";
import { nodeHost } from "../index/host";
import { WorkspaceIndex } from "../index/workspace-index";
import { flag, parseFlags, text } from "./args";
import { readWorkspaceSettings, rootFor, UsageError } from "./check";

export interface RunArgs {
  file: string;
  target?: string;
  step?: string;
  fromStep?: string;
  dryRun: boolean;
  force: boolean;
  reverse: boolean;
  local: boolean;
  json: boolean;
  format: "text" | "json";
  action?: string;
  withDependencies: boolean;
  /** `--resume N`: rerun what run #N of the history did not finish. */
  resume?: number;
  /** `--history DIR`: where runs are recorded. */
  history?: string;
}

const RUN_FLAGS = {
  step: text(),
  "from-step": text(),
  action: text(),
  format: text(),
  "dry-run": flag,
  force: flag,
  reverse: flag,
  local: flag,
  json: flag,
  "with-dependencies": flag,
  resume: text(),
  history: text(),
};

export function parseRunArgs(args: string[], command: "plan" | "run"): RunArgs {
  const { values: v, positionals: positional } = parseFlags(args, RUN_FLAGS, command);
  const out: RunArgs = { file: "", dryRun: !!v["dry-run"], force: !!v.force, reverse: !!v.reverse, local: !!v.local, json: !!v.json, format: "text", withDependencies: !!v["with-dependencies"] };
  if (v.step !== undefined) out.step = v.step;
  if (v["from-step"] !== undefined) out.fromStep = v["from-step"];
  if (v.action !== undefined) out.action = v.action;
  if (v.history !== undefined) out.history = v.history;
  if (v.format !== undefined) {
    if (v.format !== "text" && v.format !== "json") throw new UsageError(`--format must be text or json, not '${v.format}'.`);
    out.format = v.format;
  }
  if (v.resume !== undefined) {
    if (!/^[1-9][0-9]*$/.test(v.resume)) throw new UsageError(`--resume takes a run number (#N of the run history), not '${v.resume}'.`);
    out.resume = Number(v.resume);
  }
  if (out.resume !== undefined) {
    // The run names the file, what ran and how: the options that choose steps would contradict it.
    if (command !== "run") throw new UsageError("--resume goes with run.");
    const clash = positional.length ? "FILE" : out.step ? "--step" : out.fromStep ? "--from-step" : out.action ? "--action" : out.withDependencies ? "--with-dependencies" : out.reverse ? "--reverse" : undefined;
    if (clash) throw new UsageError(`--resume reruns what run #${out.resume} ran: it takes no ${clash}.`);
    return out;
  }
  if (!positional.length) throw new UsageError(`${command} needs a FILE.`);
  if (positional.length > 2) throw new UsageError(`${command} takes a FILE and at most one name to run.`);
  out.file = positional[0]!;
  out.target = positional[1];
  if (out.step && out.fromStep) throw new UsageError("--step and --from-step do not go together.");
  return out;
}

/**
 * Loads the workspace of a file and builds the plan, with the settings of its `.vscode/settings.json` (and
 * `overrides` of them, in the same dotted keys).
 */
export function loadPlan(a: RunArgs, cwd: string, overrides: Record<string, unknown> = {}): { plan: RunPlan; opts: RunOptions; settings: ReturnType<typeof normalizeRunSettings>; file: string; request: RunRequest } {
  const file = path.resolve(cwd, a.file);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`No such file: ${a.file}`);
  const root = rootFor(file, cwd);
  const raw = readWorkspaceSettings(root);
  const index = new WorkspaceIndex(nodeHost, FORMATS);
  index.settings = normalizeSettings(raw);
  index.setRoots([root]);
  if (!index.detected(file) && index.openOrChange(file, nodeHost.readFile(file) ?? "", 0) === null) throw new UsageError(`${a.file} is not a file Infraflow serves.`);
  const settings = normalizeRunSettings(raw);
  if (a.local) settings.polycrateMode = "local";
  if (a.force) settings.force = true;
  const list = runnables(index, file);
  const target = findRunnable(list, a.target);
  // A step named as the target runs its workflow from that step's plan, alone.
  const runnable = target.kind === "step" && target.parent ? target.parent : target.id;
  const plan = planFor(index, file, { runnable, action: a.action, withDependencies: a.withDependencies, settings: { ...raw, ...overrides, "polycrate.mode": settings.polycrateMode }, windows: process.platform === "win32" }, process.env);
  const resolveStep = (s: string): string => {
    const hit = resolveStepRef(plan, s);
    if (!hit) throw new PlanError(`No step '${s}'. Steps: ${stepRefNames(plan).join(", ")}.`);
    return hit;
  };
  const opts: RunOptions = { dryRun: a.dryRun, force: settings.force, reverse: a.reverse };
  if (target.kind === "step" && target.stepId) opts.only = target.stepId;
  if (a.step) opts.only = resolveStep(a.step);
  if (a.fromStep) opts.fromStep = resolveStep(a.fromStep);
  // What the history records, in the words the editor's runs use (so either can resume the other's runs).
  const request: RunRequest = { uri: pathToFileURL(file).href, runnable };
  if (a.action) request.action = a.action;
  if (a.withDependencies) request.withDependencies = true;
  if (opts.only) request.step = opts.only;
  if (opts.fromStep) request.fromStep = opts.fromStep;
  if (a.reverse) request.reverse = true;
  return { plan, opts, settings, file, request };
}

/** The plan as people read it: steps (or waves) with their commands. */
export function planText(plan: RunPlan, opts: RunOptions): string {
  const steps = selectSteps(plan, opts);
  const policy =
    plan.policy.mode === "sequential"
      ? `in order${plan.policy.onFailure === "continue" ? ", failures allowed" : ", stops at the first failure"}`
      : `as dependencies allow, ${plan.policy.maxConcurrency} at a time${plan.policy.onFailure === "block-descendants" ? ", a failure blocks what depends on it" : ""}`;
  const lines = [`${plan.title} (${policy})`];
  for (const p of plan.prompts ?? []) lines.push(`  ? ${p.message}`);
  let n = 0;
  const stepLine = (s: PlanStep, indent: string, number: string): void => {
    const flags = [s.disabled ? "disabled" : "", s.allowFailure ? "may fail" : "", s.unsupported ? `not runnable: ${s.unsupported}` : ""].filter(Boolean).join(", ");
    lines.push(`${indent}${number}. ${s.label}  $ ${displayCommand(s)}${flags ? `  (${flags})` : ""}`);
    for (const p of s.prompts ?? []) lines.push(`${indent}     ? ${p.message}`);
  };
  if (plan.policy.mode === "sequential") {
    // A group is one step of the sequence; its members are shown in the waves they may run in.
    for (const u of units(plan, steps)) {
      n++;
      if (!u.group) {
        stepLine(u.steps[0]!, "  ", String(n));
        continue;
      }
      lines.push(`  ${n}. ${u.group.label}  (${u.group.detail ?? `${u.group.maxConcurrency || "all"} at a time`})`);
      let m = 0;
      waves(plan, u.steps).forEach((wave, i) => {
        lines.push(`       wave ${i + 1}:`);
        for (const s of wave) stepLine(s, "         ", `${n}.${++m}`);
      });
    }
  } else {
    waves(plan, steps).forEach((wave, i) => {
      lines.push(`  wave ${i + 1}:`);
      for (const s of wave) stepLine(s, "    ", String(++n));
    });
  }
  for (const w of plan.warnings ?? []) lines.push(`  ! ${w}`);
  return lines.join("\n");
}


function seconds(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`;
}

/**
 * Where the CLI records its runs: `--history DIR`, else `$INFRAFLOW_HISTORY`, else one folder per working directory
 * under the user's state folder (`$XDG_STATE_HOME`, `~/.local/state`; `%LOCALAPPDATA%` on Windows). The editor keeps
 * its own in the workspace storage, in the same format: `--history` on the folder of a run's log resumes its runs.
 */
export function historyDir(a: Pick<RunArgs, "history">, cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  if (a.history) return path.resolve(cwd, a.history);
  if (env.INFRAFLOW_HISTORY) return path.resolve(cwd, env.INFRAFLOW_HISTORY);
  const state = env.XDG_STATE_HOME || (process.platform === "win32" && env.LOCALAPPDATA) || path.join(os.homedir(), ".local", "state");
  let real = cwd;
  try {
    real = fs.realpathSync(cwd);
  } catch {
    // The working directory as given.
  }
  return path.join(state, "infraflow", "runs", createHash("sha256").update(real).digest("hex").slice(0, 16));
}

/**
 * `--resume N`: the plan of run #N's runnable as the file says now, with the steps that run #N did not finish
 * (failed, blocked, skipped, cancelled, interrupted) and what needs them or comes after them.
 */
type Loaded = ReturnType<typeof loadPlan> & { resumed?: RunRecord; notes?: string[] };

function resumePlan(a: RunArgs, cwd: string, store: HistoryStore): Loaded {
  const rec = store.get(a.resume!);
  if (!rec) throw new UsageError(`No run #${a.resume} in the run history (${store.dir}).`);
  if (rec.outcome === "running") throw new UsageError(`Run #${rec.id} is still running.`);
  let file: string;
  try {
    file = fileURLToPath(rec.request.uri);
  } catch {
    throw new UsageError(`Run #${rec.id} is not of a file (${rec.request.uri}).`);
  }
  const r = rec.request;
  const loaded = loadPlan({ ...a, file, target: r.runnable, action: r.action, withDependencies: !!r.withDependencies, reverse: !!r.reverse }, cwd);
  const wanted = resumeSelection(rec.plan, Object.fromEntries(rec.steps.map((s) => [s.id, s.state])), { reverse: r.reverse });
  if (!wanted.length) throw new UsageError(`Every step of run #${rec.id} succeeded: there is nothing to resume.`);
  const ids = new Set(loaded.plan.steps.map((s) => s.id));
  const gone = wanted.filter((id) => !ids.has(id));
  const subset = wanted.filter((id) => ids.has(id));
  if (!subset.length) throw new UsageError(`The steps run #${rec.id} did not finish are no longer in ${path.basename(file)}.`);
  const notes = gone.length ? [`Not in the file any more, so not rerun: ${gone.join(", ")}.`] : [];
  const { only: _only, fromStep: _from, ...opts } = loaded.opts;
  return { ...loaded, opts: { ...opts, subset }, request: { ...wholeRequest(loaded.request), steps: subset }, resumed: rec, notes };
}

export async function runCommand(args: string[], out: (s: string) => void, err: (s: string) => void, write: (s: string, stream: "stdout" | "stderr") => void): Promise<number> {
  const a = parseRunArgs(args, "run");
  const cwd = process.cwd();
  const store = new HistoryStore(historyDir(a, cwd));
  try {
    store.load();
  } catch (e) {
    err(`infraflow: could not read the run history in ${store.dir}: ${String((e as Error)?.message ?? e)}`);
  }
  let loaded: Loaded;
  try {
    loaded = a.resume !== undefined ? resumePlan(a, cwd, store) : loadPlan(a, cwd);
  } catch (e) {
    if (e instanceof PlanError) throw new UsageError(e.message);
    throw e;
  }
  const { plan, opts, settings, file, request } = loaded;
  try {
    waves(plan, selectSteps(plan, opts));
  } catch (e) {
    if (e instanceof PlanError) throw new UsageError(e.message);
    throw e;
  }
  // Before any prompt: a program the steps need or a working directory that is not there stops the run here, named.
  const prepared = prepareRun({ plan, opts, file, settings });
  if (prepared.message) {
    err(`infraflow: ${prepared.message}`);
    for (const m of prepared.missing) if (m.tool) err(`  ${m.tool.name}: install it (${m.tool.installUrl})${m.tool.setting ? ` or set "${m.tool.setting}" in .vscode/settings.json` : ""}${m.tool.localMode ? ", or run with --local" : ""}.`);
    return 127;
  }
  const ac = new AbortController();
  const onSigint = (): void => {
    if (!a.json) err("\nCancelling…");
    ac.abort();
  };
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigint);
  const labels = new Map(plan.steps.map((s) => [s.id, s.label]));
  const selected = selectSteps(plan, opts);
  const total = selected.length;
  let n = 0;
  const rows: Array<[string, string, string, string]> = [];
  // The run session writes the log and the history (every run but a dry run is recorded, for --resume); this shows it.
  const emit = (e: RunEvent, record: RunRecord | undefined): void => {
    if (a.json) {
      // The run's number in the history goes with the last event, for a later `--resume`.
      out(JSON.stringify(e.type === "run-started" ? { ...e, plan: redactPlan(e.plan) } : e.type === "run-finished" && record ? { ...e, run: record.id } : e));
      return;
    }
    const label = "stepId" in e && e.stepId ? (labels.get(e.stepId) ?? e.stepId) : "";
    switch (e.type) {
      case "run-started":
        err(`${plan.title}${opts.dryRun ? " (dry run)" : ""}`);
        if (loaded.resumed) err(`Resuming run #${loaded.resumed.id}: ${selected.map((s) => s.label).join(", ")}`);
        for (const note of loaded.notes ?? []) err(`! ${note}`);
        break;
      case "step-started":
        err(`\n▶ [${++n}/${total}] ${label}  $ ${e.commandLine}`);
        break;
      case "step-output":
        write(e.text, e.stream);
        break;
      case "step-finished":
        err(e.state === "succeeded" ? `✓ ${label} (${seconds(e.durationMs)})` : `${e.allowed ? "⚠" : "✗"} ${label}: ${e.exitCode === null ? "did not run" : `exit ${e.exitCode}`}${e.allowed ? " (allowed)" : ""} (${seconds(e.durationMs)})`);
        rows.push([label, e.state === "succeeded" ? "✓ succeeded" : e.allowed ? "⚠ failed (allowed)" : "✗ failed", e.exitCode === null ? "-" : String(e.exitCode), seconds(e.durationMs)]);
        break;
      case "step-skipped":
        err(`⊘ ${label}: ${e.reason}`);
        rows.push([label, "⊘ skipped", "-", "-"]);
        break;
      case "step-blocked":
        err(`⊘ ${label}: blocked by ${labels.get(e.by) ?? e.by}`);
        rows.push([label, "⊘ blocked", "-", "-"]);
        break;
      case "step-cancelled":
        rows.push([label, "◼ cancelled", "-", "-"]);
        break;
      case "prompt":
        err(`? ${e.message} ${e.answer ? "yes" : "no"}`);
        break;
      case "run-finished": {
        if (rows.length) {
          const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ["step", "state", "exit", "time"][i]!.length));
          const fmt = (r: string[]) => r.map((c, i) => c.padEnd(w[i]!)).join("  ");
          err(`\n${fmt(["step", "state", "exit", "time"])}\n${rows.map(fmt).join("\n")}`);
        }
        err(`\n${e.outcome === "passed-allowed" ? "⚠ " : ""}Run ${outcomeText(e.outcome, e.allowedFailures)} in ${seconds(e.durationMs)}.`);
        if (record) err(e.outcome === "succeeded" ? `Recorded as run #${record.id}.` : `Recorded as run #${record.id}; \`infraflow run --resume ${record.id}\` reruns what did not succeed.`);
        break;
      }
      default:
        break;
    }
  };
  const confirm = async (message: string): Promise<boolean> => {
    if (!process.stdin.isTTY) {
      err(`? ${message} — no terminal to ask; declined (use --force to answer yes).`);
      return false;
    }
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    const answer = await new Promise<string>((resolve) => rl.question(`? ${message} [y/N] `, resolve));
    rl.close();
    return /^y(es)?$/i.test(answer.trim());
  };
  try {
    const { result } = await runSession(
      { plan, opts, env: prepared.env.env, title: `${plan.title} — ${path.basename(file)}`, request, store: opts.dryRun ? undefined : store, preamble: prepared.preamble },
      { confirm, signal: ac.signal, event: emit, refused: (m) => err(`infraflow: ${m}`), warn: (m) => err(`infraflow: ${m}`) },
    );
    return exitCode(result.outcome);
  } finally {
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigint);
  }
}

export function planCommand(args: string[], out: (s: string) => void): number {
  const a = parseRunArgs(args, "plan");
  let loaded;
  try {
    loaded = loadPlan(a, process.cwd());
    out(a.format === "json" || a.json ? JSON.stringify({ plan: redactPlan(loaded.plan), selected: selectSteps(loaded.plan, loaded.opts).map((s) => s.id) }, null, 2) : planText(loaded.plan, loaded.opts));
  } catch (e) {
    if (e instanceof PlanError) throw new UsageError(e.message);
    throw e;
  }
  return 0;
}
