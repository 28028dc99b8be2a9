// The graph controller: one panel that follows the active editor, refreshes as the user types (debounced,
// single-flight, the latest wins), syncs the cursor to a node and a clicked node to the code, and survives reloads.
import * as path from "node:path";
import * as vscode from "vscode";
import type { WorkflowGraph } from "../../../common/graph";
import { impactIndex, impactOf, impactText } from "../../../common/impact";
import type { AffectedResult } from "../../../common/lsp-ext";
import { ext } from "../lazy";
import type { EditNotice, RunState } from "../../../common/protocol";
import type { Ctx } from "../ctx";
import { handleEditMessage, type EditMessage, type GraphEditHost } from "./edit";
import { changedSince, EditStack, minimalReplace, type EditRecord } from "./edit-notice";
import { nodeAt, nodesAt } from "./lookup";
import { GRAPH_VIEW_TYPE, GraphPanel } from "./panel";
import { persistedUri, persistedView } from "./validate";

export const GRAPHABLE_CONTEXT = "infraflow.graphable";
const DEBOUNCE_MS = 250;

const controllers = new WeakMap<Ctx, GraphController>();

/** The one controller of this activation, created (and wired) on first use. */
export function graphController(ctx: Ctx): GraphController {
  let c = controllers.get(ctx);
  if (!c) {
    c = new GraphController(ctx);
    controllers.set(ctx, c);
    ctx.subscriptions.push(c);
  }
  return c;
}

/** URIs as VS Code prints them, so that the server's and the editor's spelling compare equal. */
function normalize(uri: string): string {
  try {
    return vscode.Uri.parse(uri, true).toString();
  } catch {
    return uri;
  }
}

export class GraphController implements vscode.Disposable {
  private panel: GraphPanel | undefined;
  /** The document whose graph the panel shows (normalized URI string). */
  private uri: string | undefined;
  /** The stack drawn first in the graph of a file that takes part in more stacks than are drawn (see pickStack). */
  private focus: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = false;
  private again = false;
  private contextSeq = 0;
  private lastEditorColumn: vscode.ViewColumn = vscode.ViewColumn.One;
  /** The run state per node id, kept for a panel opened later (from this window's runs and the history). */
  private status: Record<string, RunState> = {};
  /** The graph edits made from the panel, for Undo / Redo from the graph (whichever files they changed). */
  private readonly edits = new EditStack();
  /** The documents the last graph edits changed: a change there redraws the graph too. */
  private touched = new Set<string>();
  /** The documents the edit message is about (the edited files, and the document whose graph was edited). */
  private noticeDocs = new Set<string>();
  /** Resolved when a graph of the followed document arrives (Show Dependents waits for it). */
  private graphWaiters: Array<() => void> = [];
  /** The last git ref asked for in "Affected since…". */
  private lastBase = "";
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, { deserializeWebviewPanel: async (panel, state) => this.restore(panel, state) }),
      vscode.window.onDidChangeActiveTextEditor((e) => void this.onActiveEditor(e)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)),
      vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e.textEditor)),
      ctx.onDidStartClient(() => this.onClientStarted()),
      // A file created, deleted or changed on disk (atmos.yaml, an imported stack) can give the followed file its
      // format or change its graph, and the active file may become one we serve (or stop being one).
      ctx.onDidChangeOutside(() => this.onOutsideChange()),
    );
    if (ctx.client) this.onClientStarted();
    void this.onActiveEditor(vscode.window.activeTextEditor);
  }

  /** `infraflow.showGraph`: opens (or reveals) the panel beside the editor, showing `uri` or the active document. */
  async show(uri?: vscode.Uri): Promise<void> {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showInformationMessage("Infraflow: open a workflow file to see its dependency graph.");
      return;
    }
    if (this.panel) this.panel.reveal();
    else {
      this.panel = GraphPanel.create(this.ctx.extension.extensionUri, this.handlers());
      this.panel.setStatus(this.status);
    }
    this.follow(target.toString());
  }

  /** Live run status per node id (from the run feature). */
  setStatus(states: Record<string, RunState>): void {
    this.status = { ...states };
    this.panel?.setStatus(states);
  }

  /** The graph shown now, if any (tests, and the run feature). */
  get graph(): WorkflowGraph | null {
    return this.panel?.shownGraph ?? null;
  }

  private restore(panel: vscode.WebviewPanel, state: unknown): void {
    if (this.panel) {
      // A second restored panel would fight the first one over the active editor; keep one.
      panel.dispose();
      return;
    }
    this.panel = GraphPanel.revive(panel, this.ctx.extension.extensionUri, this.handlers(), persistedView(state));
    this.panel.setStatus(this.status);
    const uri = persistedUri(state) ?? vscode.window.activeTextEditor?.document.uri.toString();
    if (uri) this.follow(uri);
  }

  private handlers() {
    const host: GraphEditHost = { ctx: this.ctx, graph: () => this.graph, edited: (r, importedBy) => this.edited(r, importedBy) };
    return {
      reveal: (nodeId: string) => void this.reveal(nodeId),
      export: (format: "svg" | "png", data: string) => this.save(format, data),
      error: (message: string) => this.ctx.output.warn(`Graph view: ${message}`),
      edit: (m: EditMessage) => void handleEditMessage(host, m),
      history: (direction: "undo" | "redo") => void this.history(direction),
      openFile: (uri: string) => void vscode.window.showTextDocument(vscode.Uri.parse(uri), { viewColumn: this.editorColumn() }),
      affectedSince: () => void this.affectedSince(),
      pickStack: () => void this.pickStack(),
      disposed: () => {
        this.panel = undefined;
        this.uri = undefined;
        clearTimeout(this.timer);
      },
    };
  }

  private follow(uri: string): void {
    const u = normalize(uri);
    if (u !== this.uri) {
      this.uri = u;
      this.focus = undefined;
      this.panel?.select(null);
      // The edit message stays while the graph shows a file it names (its link was followed); not beyond.
      if (this.noticeDocs.size && !this.noticeDocs.has(u)) {
        this.noticeDocs.clear();
        this.panel?.setNotice(null);
      }
    }
    clearTimeout(this.timer);
    void this.refresh();
  }

  private async served(doc: vscode.TextDocument): Promise<boolean> {
    const client = this.ctx.client;
    if (!client || doc.uri.scheme !== "file" || !client.isRunning()) return false;
    try {
      const info = await client.sendRequest(ext().fileInfoRequest, { uri: doc.uri.toString() });
      return !!info?.format;
    } catch {
      return false;
    }
  }

  private async onActiveEditor(editor: vscode.TextEditor | undefined): Promise<void> {
    if (editor?.viewColumn) this.lastEditorColumn = editor.viewColumn;
    const seq = ++this.contextSeq;
    const served = editor ? await this.served(editor.document) : false;
    if (seq !== this.contextSeq) return;
    void vscode.commands.executeCommand("setContext", GRAPHABLE_CONTEXT, served);
    // The panel follows served files only; for any other file it keeps the last graph.
    if (served && editor && this.panel && editor.document.uri.toString() !== this.uri) this.follow(editor.document.uri.toString());
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    if (!this.panel || e.contentChanges.length === 0) return;
    // The graph reads other files too (a catalog a stack imports, a block a workflow runs): a change in any file
    // it was drawn from, or that a graph edit just changed, redraws it.
    const uri = e.document.uri.toString();
    const graph = this.panel.shownGraph;
    const drawnFrom = (u: string | undefined) => !!u && normalize(u) === uri;
    if (uri !== this.uri && !this.touched.has(uri) && !graph?.nodes.some((n) => drawnFrom(n.uri)) && !graph?.edges.some((x) => drawnFrom(x.uri))) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
  }

  /** At most one request in flight; a refresh asked for meanwhile runs once it is back, so the latest text wins. */
  private async refresh(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    try {
      do {
        this.again = false;
        const uri = this.uri;
        // Shown before the language client started (a restored panel, the command at activation): wait for it.
        const client = this.panel ? await this.ctx.whenClient() : undefined;
        if (!uri || !this.panel || !client || this.again) continue;
        let graph: WorkflowGraph | null = null;
        try {
          graph = await client.sendRequest(ext().graphRequest, this.focus ? { uri, focus: this.focus } : { uri });
        } catch (err) {
          this.ctx.output.warn(`infraflow/graph failed for ${uri}: ${String(err)}`);
          continue;
        }
        if (this.again || uri !== this.uri || !this.panel) continue;
        const shown = this.panel.shownGraph;
        // Keep the last good graph of this document when the server has none (the server marks broken text `stale`).
        if (!graph && shown && normalize(shown.uri) === uri) continue;
        this.panel.setGraph(graph, `Graph: ${graph?.title || path.basename(vscode.Uri.parse(uri).path)}`);
        for (const w of this.graphWaiters.splice(0)) w();
        const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
        if (editor) this.onSelection(editor);
      } while (this.again);
    } finally {
      this.inFlight = false;
      // Whoever waits for a graph is not left waiting when none came (no server, no graph for the file).
      for (const w of this.graphWaiters.splice(0)) w();
    }
  }

  private onSelection(editor: vscode.TextEditor): void {
    // An embedded editor (the peek of Show Dependents, of references) has no column: its selection is not the cursor.
    if (editor.viewColumn === undefined) return;
    const graph = this.panel?.shownGraph;
    const uri = editor.document.uri.toString();
    if (!graph || uri !== this.uri) return;
    const normalized = { nodes: graph.nodes.map((n) => (n.uri ? { ...n, uri: normalize(n.uri) } : n)) };
    this.panel!.select(nodeAt(normalized, uri, editor.selection.active)?.id ?? null);
  }

  /** After a graph edit: remember it for Undo, name the files it changed, and redraw from the new text. */
  private edited(r: EditRecord, importedBy: Record<string, string[]>): void {
    this.edits.push(r);
    this.touched = new Set(r.files.map((f) => normalize(f.uri)));
    this.noticeDocs = new Set([...this.touched, ...(this.uri ? [this.uri] : [])]);
    this.panel?.setNotice(this.notice(r.text, r, importedBy));
    clearTimeout(this.timer);
    void this.refresh();
  }

  private notice(text: string, r: EditRecord, importedBy: Record<string, string[]>): EditNotice {
    return {
      text,
      files: r.files.map((f) => ({ uri: f.uri, label: vscode.workspace.asRelativePath(vscode.Uri.parse(f.uri)), importedBy: importedBy[f.uri] ?? [] })),
      undo: this.edits.canUndo,
      redo: this.edits.canRedo,
    };
  }

  /**
   * Undo / Redo of the last graph edit, from the graph: each file goes back to its text before the edit (or forward
   * to its text after it) with the smallest replacement, in one WorkspaceEdit. A file changed since is left alone.
   */
  private async history(direction: "undo" | "redo"): Promise<void> {
    const r = this.edits.peek(direction);
    if (!r) {
      vscode.window.setStatusBarMessage(`Infraflow: no graph edit to ${direction}`, 3000);
      return;
    }
    const docs = new Map<string, vscode.TextDocument>();
    for (const f of r.files) docs.set(f.uri, await vscode.workspace.openTextDocument(vscode.Uri.parse(f.uri)));
    const moved = changedSince(r, direction, (u) => docs.get(u)?.getText());
    if (moved) {
      void vscode.window.showWarningMessage(`Infraflow: ${vscode.workspace.asRelativePath(vscode.Uri.parse(moved))} changed since the graph edit; ${direction} it in the editor.`);
      return;
    }
    const we = new vscode.WorkspaceEdit();
    for (const f of r.files) {
      const doc = docs.get(f.uri)!;
      const c = direction === "undo" ? minimalReplace(f.after, f.before) : minimalReplace(f.before, f.after);
      we.replace(doc.uri, new vscode.Range(doc.positionAt(c.start), doc.positionAt(c.end)), c.text);
    }
    if (!(await vscode.workspace.applyEdit(we))) {
      void vscode.window.showErrorMessage(`Infraflow: VS Code did not ${direction} the graph edit.`);
      return;
    }
    this.edits.commit(direction);
    this.touched = new Set(r.files.map((f) => normalize(f.uri)));
    this.noticeDocs = new Set([...this.touched, ...(this.uri ? [this.uri] : [])]);
    this.panel?.setNotice(this.notice(`${direction === "undo" ? "Undone" : "Redone"}: ${r.text}`, r, {}));
    clearTimeout(this.timer);
    void this.refresh();
  }

  /**
   * "Show Dependents" from the editor: the node at the cursor (a component, block, alias or step), the graph
   * focused on it with its impact highlighted, and its dependents in a peek view.
   */
  async showDependents(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !(await this.served(editor.document))) {
      void vscode.window.showInformationMessage("Infraflow: put the cursor on a component, block, alias or step of a workflow file.");
      return;
    }
    const uri = normalize(editor.document.uri.toString());
    const pos = editor.selection.active;
    const arrived = new Promise<void>((resolve) => this.graphWaiters.push(resolve));
    await this.show(editor.document.uri);
    await arrived;
    const graph = this.graph;
    if (!graph) return;
    const normalized = { nodes: graph.nodes.map((n) => (n.uri ? { ...n, uri: normalize(n.uri) } : n)) };
    // A definition shared by several stacks (a catalog file) is one node per stack: their dependents together.
    const here = nodesAt(normalized, uri, pos);
    if (!here.length) {
      void vscode.window.showInformationMessage("Infraflow: the cursor is on no component, block, alias or step.");
      return;
    }
    this.panel?.select(here[here.length - 1]!.id);
    const index = impactIndex(graph);
    const dependents = new Set<string>();
    const needs = new Set<string>();
    for (const n of here) {
      const i = impactOf(index, n.id);
      for (const d of i.neededBy) dependents.add(d);
      for (const d of i.needs) needs.add(d);
    }
    const name = here[0]!.label;
    const locations = graph.nodes
      .filter((n) => dependents.has(n.id) && n.uri && n.range)
      .map((n) => new vscode.Location(vscode.Uri.parse(n.uri!), new vscode.Range(n.range!.start.line, n.range!.start.character, n.range!.end.line, n.range!.end.character)));
    if (!locations.length) {
      void vscode.window.showInformationMessage(`Infraflow: nothing needs '${name}' (${impactText({ needs, neededBy: dependents })}).`);
      return;
    }
    // The peek view, as "Find All References" shows it: the dependents' definitions, grouped by file.
    await vscode.commands.executeCommand("editor.action.peekLocations", editor.document.uri, pos, locations, "peek");
    vscode.window.setStatusBarMessage(`Infraflow: '${name}' ${impactText({ needs, neededBy: dependents })}`, 8000);
  }

  /**
   * "Show another stack…": the graph of a file in many stacks draws the first few; the user picks any of them
   * (by stack name) to be drawn first, until the graph follows another file.
   */
  async pickStack(): Promise<void> {
    const omitted = this.panel?.shownGraph?.omitted;
    if (!omitted) return;
    const items = omitted.items.map((i) => ({ label: i.label, description: i.shown ? "drawn" : undefined, key: i.key }));
    const pick = await vscode.window.showQuickPick(items, {
      title: `Stacks that take in this file (${omitted.total}; ${omitted.shown} drawn)`,
      placeHolder: "The stack to draw first",
      matchOnDescription: true,
    });
    if (!pick) return;
    this.focus = pick.key;
    clearTimeout(this.timer);
    await this.refresh();
  }

  /** "Affected since…": asks for a git ref, then marks in the graph what the files changed since it affect. */
  async affectedSince(ref?: string): Promise<AffectedResult | undefined> {
    const target = this.uri ?? vscode.window.activeTextEditor?.document.uri.toString();
    if (!target) {
      void vscode.window.showInformationMessage("Infraflow: open a workflow file first.");
      return undefined;
    }
    const base =
      ref ??
      (await vscode.window.showInputBox({
        title: "Affected since…",
        prompt: "A git branch, tag or commit: the files changed since it (committed or not) are marked with what they affect.",
        value: this.lastBase || "main",
        validateInput: (v) => (!v.trim() ? "The ref is empty." : v.startsWith("-") ? "A ref does not start with '-'." : undefined),
      }));
    if (!base) return undefined;
    this.lastBase = base;
    const client = await this.ctx.whenClient();
    if (!client) return undefined;
    if (!this.panel) await this.show(vscode.Uri.parse(target));
    let r: AffectedResult;
    try {
      r = await client.sendRequest(ext().affectedRequest, { uri: target, base });
    } catch (err) {
      void vscode.window.showErrorMessage(`Infraflow: ${String((err as Error)?.message ?? err)}`);
      return undefined;
    }
    if (r.error) {
      void vscode.window.showErrorMessage(`Infraflow: ${r.error}`);
      return r;
    }
    const shown = new Set(this.graph?.nodes.map((n) => n.id) ?? []);
    const ids = r.affected.map((a) => a.node).filter((id) => shown.has(id));
    this.panel?.setAffected({ base, nodeIds: ids, files: r.files.length });
    if (!r.affected.length) void vscode.window.showInformationMessage(`Infraflow: ${r.files.length} file(s) changed since ${base}; they affect nothing in the graphs.`);
    else if (!ids.length) void vscode.window.showInformationMessage(`Infraflow: ${r.affected.length} node(s) affected since ${base}, none of them in this graph.`);
    return r;
  }

  /** The column of the editor showing the graph's document, else the last editor column used: not the graph's. */
  private editorColumn(): vscode.ViewColumn {
    return vscode.window.visibleTextEditors.find((e) => e.viewColumn !== undefined && e.document.uri.toString() === this.uri)?.viewColumn ?? this.lastEditorColumn;
  }

  /** Node → code: opens the node's file (any file) and selects its definition. */
  private async reveal(nodeId: string): Promise<void> {
    const graph = this.panel?.shownGraph;
    const node = graph?.nodes.find((n) => n.id === nodeId);
    if (!graph || !node) return;
    const uri = vscode.Uri.parse(node.uri ?? graph.uri);
    const r = node.range;
    const range = r ? new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) : new vscode.Range(0, 0, 0, 0);
    const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(doc, { viewColumn: open?.viewColumn ?? this.lastEditorColumn, preserveFocus: false });
      // Select the definition with the cursor at its start, so that cursor → node finds this node again.
      editor.selection = new vscode.Selection(range.end, range.start);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } catch (err) {
      void vscode.window.showWarningMessage(`Infraflow: could not open ${uri.fsPath}: ${String(err)}`);
    }
  }

  private async save(format: "svg" | "png", data: string): Promise<string | null> {
    const graph = this.panel?.shownGraph;
    const base = graph ? vscode.Uri.parse(graph.uri) : undefined;
    const name = `${(graph?.title || "graph").replace(/[^\w.-]+/g, "-")}.${format}`;
    const defaultUri = base?.scheme === "file" ? vscode.Uri.joinPath(base, "..", name) : undefined;
    const target = await vscode.window.showSaveDialog({ defaultUri, filters: format === "svg" ? { "SVG image": ["svg"] } : { "PNG image": ["png"] }, saveLabel: "Export graph" });
    if (!target) return null;
    const bytes = format === "svg" ? Buffer.from(data, "utf8") : Buffer.from(data.slice(data.indexOf(",") + 1), "base64");
    try {
      await vscode.workspace.fs.writeFile(target, bytes);
      return target.fsPath;
    } catch (err) {
      void vscode.window.showErrorMessage(`Infraflow: could not write ${target.fsPath}: ${String(err)}`);
      return null;
    }
  }

  /** After each (re)start of the language client. The `Show graph` CodeLens is the run lenses' (client/src/runs/lenses.ts). */
  private onOutsideChange(): void {
    void this.onActiveEditor(vscode.window.activeTextEditor);
    if (!this.panel) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
  }

  private onClientStarted(): void {
    void this.onActiveEditor(vscode.window.activeTextEditor);
    if (this.panel) void this.refresh();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.panel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
