// The run feature of one activation: starts runs as tasks, follows the running ones, and keeps what the
// editor shows about them (CodeLens status, gutter icons, failure diagnostics, graph colours, status bar,
// history view) in step with their events.
import * as path from "node:path";
import * as vscode from "vscode";
import type { Runnable, RunEvent } from "../../../common/run";
import type { RunState } from "../../../common/protocol";
import type { Ctx } from "../ctx";
import type { StepStatus } from "./format";
import { historyStates } from "./graph-states";
import { HistoryStore } from "./history";
import { RunTerminal, type ActiveRun, type RunTerminalHost } from "./terminal";
import { normalizeUri } from "./uri";
import { taskLabel, toDefinition, TASK_TYPE, type InfraflowTaskDefinition, type RunRequest } from "./task-def";

/** What the editor shows for one step (or one runnable) from the latest run that included it. */
export interface BoardEntry {
  status: StepStatus;
  label: string;
  uri: string;
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** What "Rerun" runs. */
  rerun: RunRequest;
  runId?: number;
  stepId?: string;
}

export type { ActiveRun };

/**
 * The runs of one activation (created by the run feature, which the Ctx owns). It tells the graph the states of
 * its nodes through onDidChangeNodeStates rather than knowing the graph.
 */
export class RunController implements vscode.Disposable, RunTerminalHost {
  readonly history: HistoryStore;
  readonly active = new Map<number, ActiveRun>();
  /** Step status by `uri#stepId`. */
  readonly board = new Map<string, BoardEntry>();
  /** Run-level status by `uri#runnableId` (the workflow lens). */
  readonly runBoard = new Map<string, BoardEntry>();
  private seq = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a status, a run or the history changed (lenses, gutter, tree). */
  readonly onDidChange = this.changed.event;
  private readonly historyChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeHistory = this.historyChanged.event;
  private readonly runEvent = new vscode.EventEmitter<{ run: ActiveRun; event: RunEvent }>();
  /** Every event of every run of this window (failure diagnostics). */
  readonly onDidRunEvent = this.runEvent.event;
  private readonly nodeStatesChanged = new vscode.EventEmitter<Record<string, RunState>>();
  /** Fires with the state of every graph node the runs of this window (and, at first, the history) touched. */
  readonly onDidChangeNodeStates = this.nodeStatesChanged.event;
  private readonly statusItem: vscode.StatusBarItem;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private prompts: Promise<unknown> = Promise.resolve();
  /** Runnables of the documents the lenses have seen (labels for task names). */
  readonly names = new Map<string, Map<string, string>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly ctx: Ctx) {
    const base = ctx.extension.storageUri ?? ctx.extension.globalStorageUri;
    this.history = new HistoryStore(path.join(base.fsPath, "runs"));
    try {
      this.history.load();
    } catch (err) {
      ctx.output.warn(`Could not read the run history: ${String(err)}`);
    }
    // The graph shows the last recorded state of each node until a run of this window changes it.
    Object.assign(this.nodeColours, historyStates(this.history.list()));
    this.statusItem = vscode.window.createStatusBarItem("infraflow.run", vscode.StatusBarAlignment.Left, -1);
    this.statusItem.name = "Infraflow Run";
    this.statusItem.command = "infraflow.showRunTerminal";
    this.disposables.push(this.changed, this.historyChanged, this.runEvent, this.nodeStatesChanged, this.statusItem, vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()));
  }

  whenClient(): ReturnType<Ctx["whenClient"]> {
    return this.ctx.whenClient();
  }

  /** The runnables of a document, remembered for task names. */
  rememberNames(uri: string, runnables: Runnable[]): void {
    this.names.set(normalizeUri(uri), new Map(runnables.map((r) => [r.id, r.label])));
  }

  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  /** Refuses to run in an untrusted workspace (with a way to trust it); returns whether runs may go on. */
  checkTrust(): boolean {
    if (this.trusted) return true;
    void vscode.window.showWarningMessage("Infraflow: runs are disabled in an untrusted workspace (they execute commands from its files).", "Manage Workspace Trust").then((a) => {
      if (a) void vscode.commands.executeCommand("workbench.trust.manage");
    });
    return false;
  }

  /** Starts a run as a task, so it gets a terminal, shows in the running tasks and can be terminated there. */
  async run(req: RunRequest): Promise<void> {
    if (!this.checkTrust()) return;
    const uri = vscode.Uri.parse(req.uri);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const def = toDefinition(req, uri.fsPath, folder?.uri.fsPath);
    const task = this.task(def, folder ?? vscode.TaskScope.Workspace, taskLabel(def, this.names.get(normalizeUri(req.uri))));
    try {
      await vscode.tasks.executeTask(task);
    } catch (err) {
      void vscode.window.showErrorMessage(`Infraflow: could not start the run: ${String((err as Error)?.message ?? err)}`);
    }
  }

  /** A task that runs `def` in a Pseudoterminal (the task provider builds its tasks here too). */
  task(def: InfraflowTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope, name: string, detail?: string): vscode.Task {
    const folder = typeof scope === "object" ? scope.uri.fsPath : undefined;
    const exec = new vscode.CustomExecution(async (resolved) => new RunTerminal(this, { ...(resolved as InfraflowTaskDefinition), type: TASK_TYPE }, folder, name));
    const task = new vscode.Task(def, scope, name, "infraflow", exec, []);
    task.detail = detail;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, clear: true, showReuseMessage: true };
    return task;
  }

  /** Asks a prompt or approval as a modal dialog; one at a time, even when steps run side by side. */
  confirm(message: string, kind: "prompt" | "approval", title: string): Promise<boolean> {
    const next = this.prompts.then(async () => {
      const text = kind === "approval" ? `Approval needed: ${message}` : message;
      const answer = await vscode.window.showWarningMessage(text, { modal: true, detail: `${title}\n\nDeclining fails the run. Set infraflow.force to skip these questions.` }, "Continue");
      return answer === "Continue";
    });
    this.prompts = next.catch(() => undefined);
    return next;
  }

  // --- Run lifecycle, called by the terminal --------------------------------------------------------------

  begin(run: Omit<ActiveRun, "seq">): ActiveRun {
    const a: ActiveRun = { ...run, seq: ++this.seq };
    this.active.set(a.seq, a);
    const uri = normalizeUri(a.request.uri);
    const key = `${uri}#${a.request.runnable}`;
    this.runBoard.set(key, { status: { state: "running", startedAt: Date.now() }, label: a.title, uri, rerun: a.request, runId: a.record?.id });
    this.startTicker();
    this.updateStatusBar();
    this.historyChanged.fire();
    this.changed.fire();
    return a;
  }

  event(a: ActiveRun, e: RunEvent, changed: boolean): void {
    this.runEvent.fire({ run: a, event: e });
    if (!changed) return;
    if ("stepId" in e && e.stepId) {
      const s = a.session.steps.get(e.stepId);
      if (s) {
        const uri = normalizeUri(s.uri ?? a.session.plan.uri ?? a.request.uri);
        const rerun: RunRequest = { uri: a.request.uri, runnable: a.request.runnable, step: s.id };
        if (a.request.action) rerun.action = a.request.action;
        if (a.request.withDependencies) rerun.withDependencies = true;
        this.board.set(`${uri}#${s.id}`, { status: { ...pickStatus(s) }, label: s.label, uri, range: s.range, rerun, runId: a.record?.id, stepId: s.id });
        // A parallel/matrix step's lens and gutter show its members together (passed with allowed failures, …).
        const g = s.group ? a.session.plan.groups?.find((x) => x.id === s.group) : undefined;
        const gs = g && a.session.groupStatus(g.id);
        if (g && gs) {
          const gUri = normalizeUri(g.uri ?? uri);
          this.board.set(`${gUri}#${g.id}`, { status: gs, label: g.label, uri: gUri, range: g.range, rerun: { ...rerun, step: g.id }, runId: a.record?.id, stepId: g.id });
        }
      }
    }
    if (e.type === "run-finished") {
      const key = `${normalizeUri(a.request.uri)}#${a.request.runnable}`;
      const entry = this.runBoard.get(key);
      if (entry) entry.status = { state: e.outcome, durationMs: e.durationMs, exitCode: e.outcome === "failed" ? undefined : 0, allowedFailures: e.allowedFailures };
    }
    this.nodeStatesChanged.fire(this.nodeStates());
    this.updateStatusBar();
    this.changed.fire();
    this.historyChanged.fire();
  }

  end(a: ActiveRun): void {
    this.active.delete(a.seq);
    this.updateStatusBar();
    this.historyChanged.fire();
    this.changed.fire();
  }

  /** Graph colours: the latest state of every node from every run of this window (ended runs included, so a
   * rerun of one step does not take the other nodes' colours away), over the history's. */
  private readonly nodeColours: Record<string, RunState> = {};
  nodeStates(): Record<string, RunState> {
    for (const a of [...this.active.values()].sort((x, y) => x.seq - y.seq)) Object.assign(this.nodeColours, a.session.nodeStates());
    return { ...this.nodeColours };
  }

  private startTicker(): void {
    // The lens of a running step counts seconds: refresh the lenses every second while anything runs.
    this.ticker ??= setInterval(() => {
      if (!this.active.size) {
        clearInterval(this.ticker);
        this.ticker = undefined;
      }
      this.changed.fire();
    }, 1000);
  }

  /** Whether a run is going, for the Cancel Run action's `when` (shown only while there is something to cancel). */
  private runActiveContext: boolean | undefined;

  private updateStatusBar(): void {
    const runs = [...this.active.values()];
    if (this.runActiveContext !== runs.length > 0) {
      this.runActiveContext = runs.length > 0;
      void vscode.commands.executeCommand("setContext", "infraflow.runActive", this.runActiveContext);
    }
    if (!runs.length) {
      this.statusItem.hide();
      return;
    }
    if (runs.length === 1) {
      const a = runs[0]!;
      const { done, total } = a.session.progress();
      this.statusItem.text = `$(sync~spin) Infraflow: ${runnableName(a)} ${done}/${total}`;
      this.statusItem.tooltip = `${a.title}: ${done} of ${total} steps done. Click to show the terminal; Infraflow: Cancel Run stops it.`;
    } else {
      this.statusItem.text = `$(sync~spin) Infraflow: ${runs.length} runs`;
      this.statusItem.tooltip = runs.map((a) => `${a.title}: ${a.session.progress().done}/${a.session.progress().total}`).join("\n");
    }
    this.statusItem.show();
  }

  /** Cancels a run (the only one, or the one picked). */
  async cancel(): Promise<void> {
    const runs = [...this.active.values()];
    if (!runs.length) {
      void vscode.window.showInformationMessage("Infraflow: no run is going on.");
      return;
    }
    const pick = runs.length === 1 ? runs[0] : (await vscode.window.showQuickPick(runs.map((a) => ({ label: a.title, run: a })), { placeHolder: "Cancel which run?" }))?.run;
    pick?.abort.abort();
  }

  /** Focuses the terminal of the (latest) run, or the terminal panel. */
  showTerminal(): void {
    const runs = [...this.active.values()];
    const names = runs.length ? runs.map((a) => a.taskName).reverse() : [];
    const terminal = vscode.window.terminals.find((t) => names.some((n) => t.name === n || t.name.includes(n)));
    if (terminal) terminal.show(false);
    else void vscode.commands.executeCommand("workbench.action.terminal.focus");
  }

  /** Tells the views the history changed (a run deleted). */
  historyEdited(): void {
    this.historyChanged.fire();
  }

  dispose(): void {
    clearInterval(this.ticker);
    for (const a of this.active.values()) a.abort.abort();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function pickStatus(s: StepStatus): StepStatus {
  return { state: s.state, startedAt: s.startedAt, durationMs: s.durationMs, exitCode: s.exitCode, allowed: s.allowed, reason: s.reason, allowedFailures: s.allowedFailures };
}

/** The short name of a run for the status bar: `release`. */
function runnableName(a: ActiveRun): string {
  return a.title.replace(/ — .*$/, "");
}
