// CodeLenses above everything a file can run (from `infraflow/runnables`): run actions, the state of the
// latest run (refreshed every second while a step runs), and `Show graph` above each workflow. In an
// untrusted workspace the lenses say why runs are off. The titles come from lens-model.ts (pure).
import * as vscode from "vscode";
import { fileInfoRequest, runnablesRequest, type FileInfo } from "../../../common/lsp-ext";
import type { Runnable } from "../../../common/run";
import type { BoardEntry, RunController } from "./controller";
import { rememberNames } from "./controller";
import { lensesFor, type LensSpec } from "./lens-model";
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
      vscode.workspace.onDidSaveTextDocument(() => {
        this.cache.clear();
        this.changed.fire();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString())),
    );
    if (runs.ctx.client) this.register();
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
        client.sendRequest<Runnable[]>(runnablesRequest.method, { uri: key }),
        client.sendRequest<FileInfo>(fileInfoRequest.method, { uri: key }),
      ]);
      const c: Cached = { version: doc.version, runnables: runnables ?? [], served: !!info?.format };
      this.cache.set(key, c);
      rememberNames(this.runs, key, c.runnables);
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
    const out: vscode.CodeLens[] = [];
    for (const r of runnables) {
      const entry = this.statusOf(uri, r);
      const active = [...this.runs.active.values()].some((a) => normalizeUri(a.request.uri) === uri && a.request.runnable === r.id);
      const specs = lensesFor(r, { trusted, now, status: entry?.status, rerun: entry?.rerun, runId: entry?.runId, active });
      const line = r.range.start.line;
      for (const spec of specs) out.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), this.command(spec, doc.uri)));
    }
    // Files with nothing to run (a block.poly, a stack) still offer their graph, above the first line.
    if (served && !runnables.some((r) => r.kind === "workflow")) out.unshift(new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: "Show graph", command: "infraflow.showGraph", arguments: [doc.uri] }));
    return out;
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
    }
  }

  /** The runnables of a document (for the Run command's quick pick). */
  async runnablesOf(doc: vscode.TextDocument): Promise<Runnable[]> {
    return (await this.load(doc)).runnables;
  }

  dispose(): void {
    this.registration?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
