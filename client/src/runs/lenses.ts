// CodeLenses above everything a file can run (from `infraflow/runnables`): run actions, the state of the
// latest run (refreshed every second while a step runs), and `Show graph` above each workflow. In an
// untrusted workspace the lenses say why runs are off. The titles come from lens-model.ts (pure).
import * as vscode from "vscode";
import { ext } from "../lazy";
import type { Runnable, RunOptions } from "../../../common/run";
import type { BoardEntry, RunController } from "./controller";
import { lensesForRow, lensRows, planTooltip, type LensSpec } from "./lens-model";
import { rawRunSettings } from "./settings";
import { bindSteps, type RunRequest } from "./task-def";
import { normalizeUri } from "./uri";

interface Cached {
  version: number;
  runnables: Runnable[];
  served: boolean;
}

export class RunLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private registration: vscode.Disposable | undefined;
  private readonly cache = new Map<string, Cached>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly runs: RunController) {
    this.disposables.push(
      this.changed,
      runs.onDidChange(() => this.changed.fire()),
      runs.ctx.onDidStartClient(() => this.register()),
      // Another file's edit can change what this one runs (an action renamed in block.poly).
      vscode.workspace.onDidSaveTextDocument(() => this.forgetAll()),
      // So can a file changed on disk (a block.poly pulled from git), or a closed one.
      runs.ctx.onDidChangeOutside(() => this.forgetAll()),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cache.delete(d.uri.toString());
        this.offscreen.delete(d.uri.toString());
      }),
      // Scrolling brings rows on screen whose tooltips are not planned yet.
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
        if (this.offscreen.has(e.textEditor.document.uri.toString())) this.changed.fire();
      }),
    );
    if (runs.ctx.client) this.register();
  }

  /** Drops what every document's lenses were planned from, and asks VS Code for them again. */
  private forgetAll(): void {
    this.cache.clear();
    this.commands.clear();
    this.changed.fire();
  }

  /** Registers for the language client's selector, again after each restart (the selector may change). */
  private register(): void {
    this.registration?.dispose();
    this.cache.clear();
    const selector = this.runs.ctx.client?.clientOptions.documentSelector;
    this.registration = selector ? vscode.languages.registerCodeLensProvider(selector as vscode.DocumentSelector, this) : undefined;
    this.changed.fire();
  }

  private async load(doc: vscode.TextDocument): Promise<Cached> {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit;
    const empty: Cached = { version: doc.version, runnables: [], served: false };
    if (doc.uri.scheme !== "file") return empty;
    // The Run command may ask before the language client started: wait for it.
    const client = await this.runs.ctx.whenClient();
    if (!client) return empty;
    try {
      const [runnables, info] = await Promise.all([
        client.sendRequest(ext().runnablesRequest, { uri: key }),
        client.sendRequest(ext().fileInfoRequest, { uri: key }),
      ]);
      const c: Cached = { version: doc.version, runnables: runnables ?? [], served: !!info?.format };
      this.cache.set(key, c);
      this.runs.rememberNames(key, c.runnables);
      return c;
    } catch {
      return empty;
    }
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const { runnables, served } = await this.load(doc);
    const uri = normalizeUri(doc.uri.toString());
    const now = Date.now();
    const trusted = this.runs.trusted;
    const settings = rawRunSettings(doc.uri);
    const unexplained: RunRequest[] = [];
    const offscreen: RunRequest[] = [];
    const visible = vscode.window.visibleTextEditors.filter((e) => e.document === doc).flatMap((e) => e.visibleRanges);
    const shown = (line: number): boolean => (visible.length ? visible.some((r) => line >= r.start.line - 20 && line <= r.end.line + 20) : line < 200);
    const out: vscode.CodeLens[] = [];
    for (const row of lensRows(runnables)) {
      const members = row.map((r) => {
        const entry = this.statusOf(uri, r);
        const active = [...this.runs.active.values()].some((a) => normalizeUri(a.request.uri) === uri && a.request.runnable === r.id);
        return { runnable: r, input: { status: entry?.status, rerun: entry?.rerun, runId: entry?.runId, active } };
      });
      const line = row[0]!.range.start.line;
      // Only rows on screen ask for their plans: a stack with hundreds of components would ask for hundreds.
      const wanted = shown(line) ? unexplained : offscreen;
      for (const spec of lensesForRow(members, { trusted, now })) {
        out.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), this.command(this.explained(doc, spec, settings, wanted), doc.uri)));
      }
    }
    // Files with nothing to run (a block.poly, a stack) still offer their graph, above the first line.
    if (served && !runnables.some((r) => r.kind === "workflow")) out.unshift(new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: "Show graph", command: "infraflow.showGraph", arguments: [doc.uri] }));
    if (unexplained.length) this.explainLater(doc, unexplained, settings);
    if (offscreen.length) this.offscreen.add(doc.uri.toString());
    else this.offscreen.delete(doc.uri.toString());
    return out;
  }

  /** The exact commands of runs, by document version, request and settings (the text of a lens's tooltip). */
  private readonly commands = new Map<string, string>();
  private readonly explaining = new Map<string, { timer: ReturnType<typeof setTimeout>; version: number; requests: Map<string, RunRequest> }>();
  /** Documents with lenses below or above the screen whose commands are not known yet. */
  private readonly offscreen = new Set<string>();

  private commandKey(doc: vscode.TextDocument, req: RunRequest, settings: unknown): string {
    return JSON.stringify([doc.uri.toString(), doc.version, req, settings]);
  }

  /** The spec with the exact commands of its runs as its tooltip, when they are known; notes the runs that are not. */
  private explained(doc: vscode.TextDocument, spec: LensSpec, settings: unknown, unexplained: RunRequest[]): LensSpec {
    if (!spec.explain?.length) return spec;
    const known = spec.explain.map((r) => this.commands.get(this.commandKey(doc, r, settings)));
    spec.explain.forEach((r, i) => known[i] === undefined && unexplained.push(r));
    if (spec.kind === "choose") {
      const choices = spec.choices.map((c, i) => ({ ...c, description: known[i] }));
      const lines = choices.filter((c) => c.description).map((c) => `${c.label}: ${c.description}`);
      return { ...spec, choices, tooltip: [spec.tooltip, ...lines].filter(Boolean).join("\n") };
    }
    return known[0] === undefined ? spec : { ...spec, tooltip: known[0] };
  }

  /**
   * Plans the runs whose commands no lens knows yet, once the document has stayed unchanged for a moment (not on
   * every keystroke), then refreshes the lenses. Only a new version of the document restarts the wait: lenses are
   * asked for again and again while nothing changes (a run's progress, scrolling), and restarting on each ask
   * would put the plans off for as long as that goes on.
   */
  private explainLater(doc: vscode.TextDocument, requests: RunRequest[], settings: unknown): void {
    const key = doc.uri.toString();
    const pending = this.explaining.get(key);
    if (pending && pending.version === doc.version) {
      for (const r of requests) pending.requests.set(JSON.stringify(r), r);
      return;
    }
    if (pending) clearTimeout(pending.timer);
    const version = doc.version;
    const wanted = new Map(requests.map((r) => [JSON.stringify(r), r]));
    const timer = setTimeout(() => {
      this.explaining.delete(key);
      if (doc.isClosed || doc.version !== version) return;
      void this.explain(doc, [...wanted.values()], settings).then((learned) => learned && this.changed.fire());
    }, 300);
    this.explaining.set(key, { timer, version, requests: wanted });
  }

  /** Plans the requests; says whether it learned anything (not without a language server). */
  private async explain(doc: vscode.TextDocument, requests: RunRequest[], settings: unknown): Promise<boolean> {
    const client = await this.runs.ctx.whenClient();
    if (!client) return false;
    if (this.commands.size > 2000) this.commands.clear();
    const queue = [...requests];
    const worker = async (): Promise<void> => {
      for (let req = queue.shift(); req; req = queue.shift()) {
        let text: string;
        try {
          const plan = await client.sendRequest(ext().planRequest, { uri: req.uri, runnable: req.runnable, action: req.action, withDependencies: req.withDependencies, settings, windows: process.platform === "win32" });
          const opts: RunOptions = {};
          if (req.step) opts.only = req.step;
          if (req.fromStep) opts.fromStep = req.fromStep;
          text = planTooltip(plan, bindSteps(plan, opts));
        } catch (err) {
          text = `Cannot plan this run: ${String((err as Error)?.message ?? err)}`;
        }
        this.commands.set(this.commandKey(doc, req, settings), text);
      }
    };
    // A few at a time: a stack with many components asks for many plans.
    await Promise.all([worker(), worker(), worker(), worker()]);
    return true;
  }

  /** The latest status of a runnable: a step by its id (or, failing that, by the line it is written on); a workflow by its runs. */
  private statusOf(uri: string, r: Runnable): BoardEntry | undefined {
    if (r.kind === "workflow") return this.runs.runBoard.get(`${uri}#${r.id}`);
    const byId = this.runs.board.get(`${uri}#${r.stepId ?? r.id}`);
    if (byId) return byId;
    for (const e of this.runs.board.values()) if (e.uri === uri && e.range?.start.line === r.range.start.line) return e;
    return this.runs.runBoard.get(`${uri}#${r.id}`);
  }

  private command(spec: LensSpec, uri: vscode.Uri): vscode.Command {
    const base = { title: spec.title, tooltip: spec.tooltip };
    switch (spec.kind) {
      case "run":
        return { ...base, command: "infraflow.run", arguments: [spec.request] };
      case "withDependencies":
        return { ...base, command: "infraflow.runWithDependencies", arguments: [spec.runnable] };
      case "showGraph":
        return { ...base, command: "infraflow.showGraph", arguments: [uri] };
      case "trust":
        return { ...base, command: "workbench.trust.manage" };
      case "showTerminal":
        return { ...base, command: "infraflow.showRunTerminal" };
      case "cancel":
        return { ...base, command: "infraflow.cancelRun" };
      case "showLog":
        return { ...base, command: "infraflow.runs.openLog", arguments: [spec.runId] };
      case "label":
        // Plain text: names what the lenses after it run.
        return { ...base, command: "" };
      case "choose":
        return { ...base, command: "infraflow.chooseRun", arguments: [{ placeHolder: spec.placeHolder, items: spec.choices.map((c) => ({ label: c.label, description: c.description, command: this.command(c.then, uri) })) }] };
    }
  }

  /** The runnables of a document (for the Run command's quick pick). */
  async runnablesOf(doc: vscode.TextDocument): Promise<Runnable[]> {
    return (await this.load(doc)).runnables;
  }

  dispose(): void {
    this.registration?.dispose();
    for (const p of this.explaining.values()) clearTimeout(p.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
