// The terminal of one run (a task's Pseudoterminal): asks the server for the plan, runs it on the engine, and
// shows step headers, the steps' output and a summary. Ctrl+C or closing the terminal cancels the run, and
// the engine kills the steps' process trees.
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { ext } from "../lazy";
import type { Runnable, RunEvent, RunPlan } from "../../../common/run";
import type { HistoryStore, RunRecord } from "./history";
import { toTerminal } from "./format";
import { offerFixes } from "./preflight";
import { runPlan } from "./runner";
import type { RunSession } from "./session";
import { rawRunSettings } from "./settings";
import { bindSteps, taskLabel, toExecution, type InfraflowTaskDefinition, type RunRequest } from "./task-def";
import { exitCode, normalizeRunSettings } from "../../../common/run";
import { prepareRun } from "../../../engine/session";

/** A run going on in a terminal of this window. */
export interface ActiveRun {
  seq: number;
  title: string;
  taskName: string;
  request: RunRequest;
  session: RunSession;
  record?: RunRecord;
  abort: AbortController;
}

/** What a run's terminal needs from the window's runs (the RunController): the terminal knows nothing else of it. */
export interface RunTerminalHost {
  whenClient(): Promise<LanguageClient | undefined>;
  readonly history: HistoryStore;
  confirm(message: string, kind: "prompt" | "approval", title: string): Promise<boolean>;
  rememberNames(uri: string, runnables: Runnable[]): void;
  /** Starts a run of the request (as a new task). */
  run(req: RunRequest): Thenable<void> | void;
  begin(run: Omit<ActiveRun, "seq">): ActiveRun;
  event(a: ActiveRun, e: RunEvent, changed: boolean): void;
  end(a: ActiveRun): void;
}

/** A little over VS Code's terminal launching time (ProcessConstants.LaunchingDuration, 500 ms). */
const LAUNCHING_MS = 600;

export class RunTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly abort = new AbortController();
  private finished = false;
  private active: ActiveRun | undefined;
  private openedAt = 0;

  constructor(
    private readonly runs: RunTerminalHost,
    private readonly def: InfraflowTaskDefinition,
    private readonly folder: string | undefined,
    private readonly taskName: string,
  ) {}

  open(): void {
    this.openedAt = Date.now();
    void this.start().then(
      (code) => this.done(code),
      (err) => {
        this.error(String((err as Error)?.message ?? err));
        this.done(1);
      },
    );
  }

  /** Ctrl+C cancels; anything else typed is ignored (steps read no input). */
  handleInput(data: string): void {
    if (data.includes("\x03") && !this.finished && !this.abort.signal.aborted) {
      this.write("^C\nCancelling…\n");
      this.abort.abort();
    }
  }

  /** The terminal was closed (or the task terminated): cancel what still runs. */
  close(): void {
    if (!this.finished) this.abort.abort();
  }

  private write(text: string): void {
    this.writeEmitter.fire(toTerminal(text));
  }

  private error(message: string): void {
    this.write(`\x1b[31m${message}\x1b[0m\n`);
  }

  private done(code: number): void {
    if (this.finished) return;
    this.finished = true;
    if (this.active) this.runs.end(this.active);
    // VS Code calls a terminal that exits non-zero within its first 500 ms "failed to launch" (its process state
    // is still Launching: terminalProcessManager's LaunchingDuration), which would blame the terminal for a run
    // that failed quickly: such a close waits until that time is over.
    const early = LAUNCHING_MS - (Date.now() - this.openedAt);
    if (code !== 0 && early > 0) setTimeout(() => this.closeEmitter.fire(code), early);
    else this.closeEmitter.fire(code);
  }

  private async start(): Promise<number> {
    if (!vscode.workspace.isTrusted) {
      this.error("Runs are disabled in an untrusted workspace: they execute commands from its files. Trust the workspace (Workspaces: Manage Workspace Trust) to run.");
      return 1;
    }
    const client = await this.runs.whenClient();
    if (!client) {
      this.error("The Infraflow language server is not running, so there is no plan to run. See Infraflow: Show Output.");
      return 1;
    }
    const settingsRaw = rawRunSettings();
    const settings = normalizeRunSettings(settingsRaw);
    const pre = toExecution(this.def, { folder: this.folder, force: settings.force });
    if ("error" in pre) {
      this.error(pre.error);
      return 1;
    }
    const uri = vscode.Uri.file(pre.file);
    let runnables: Runnable[] = [];
    try {
      runnables = (await client.sendRequest(ext().runnablesRequest, { uri: uri.toString() })) ?? [];
      this.runs.rememberNames(uri.toString(), runnables);
    } catch {
      // The plan request below says what is wrong.
    }
    const exec = toExecution(this.def, { folder: this.folder, force: settings.force, runnables });
    if ("error" in exec) {
      this.error(exec.error);
      return 1;
    }
    let plan: RunPlan;
    try {
      plan = await client.sendRequest(ext().planRequest, { uri: uri.toString(), ...exec.plan, settings: settingsRaw, windows: process.platform === "win32" });
    } catch (err) {
      this.error(`Infraflow could not plan this run: ${String((err as Error)?.message ?? err)}`);
      return 1;
    }
    let opts;
    try {
      opts = bindSteps(plan, exec.opts);
    } catch (err) {
      this.error(String((err as Error).message));
      return 1;
    }
    if (this.abort.signal.aborted) {
      this.error("Cancelled before it started.");
      return 130;
    }
    const request: RunRequest = { uri: uri.toString(), runnable: exec.plan.runnable };
    if (exec.plan.action) request.action = exec.plan.action;
    if (exec.plan.withDependencies) request.withDependencies = true;
    if (exec.opts.only) request.step = opts.only;
    if (exec.opts.fromStep) request.fromStep = opts.fromStep;
    if (opts.subset) request.steps = opts.subset;
    if (opts.dryRun) request.dryRun = true;
    if (opts.reverse) request.reverse = true;
    // Before any prompt: every program the steps start and every working directory must be there, or the run does
    // not start at all.
    const prepared = prepareRun({ plan, opts, file: exec.file, settings });
    if (prepared.message) {
      this.error(prepared.message);
      void offerFixes(prepared.missing, prepared.message, uri, () => this.runs.run(request));
      return 1;
    }
    const title = taskLabel({ ...this.def, runnable: exec.plan.runnable, step: request.step, steps: request.steps, fromStep: request.fromStep }, new Map(runnables.map((r) => [r.id, r.label])));
    const out = await runPlan({
      plan,
      opts,
      env: prepared.env.env,
      title,
      request,
      signal: this.abort.signal,
      confirm: (message, kind) => this.runs.confirm(message, kind, title),
      preamble: prepared.preamble,
      write: (t) => this.write(t),
      store: this.runs.history,
      onBegin: (session, record) => {
        this.active = this.runs.begin({ title, taskName: this.taskName, request, session, record, abort: this.abort });
      },
      onEvent: (e, _session, changed) => {
        if (this.active) this.runs.event(this.active, e, changed);
      },
    });
    if (out.record) this.write(`\x1b[2mLog: ${out.record.log} (run #${out.record.id})\x1b[0m\n`);
    return exitCode(out.result.outcome);
  }
}
