// The graph panel: one webview panel with a lifetime. It builds the page, validates what the webview sends and
// holds back every message until the webview said `ready` (and again after the webview was hidden and rebuilt).
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { WorkflowGraph } from "../../../common/graph";
import { assertNever, type AffectedMarks, type EditNotice, type GraphViewState, type HostToWebview, type RunState, type WebviewToHost } from "../../../common/protocol";
import type { EditMessage } from "./edit";
import { buildHtml } from "./html";
import { isWebviewToHost } from "./validate";

export const GRAPH_VIEW_TYPE = "infraflow.graph";

export interface PanelHandlers {
  reveal(nodeId: string): void;
  export(format: "svg" | "png", data: string): Promise<string | null>;
  error(message: string): void;
  /** An edit of the graph (an intent, or a flow that asks the user first). */
  edit(m: EditMessage): void;
  /** Undo or redo the last graph edit (from the edit message, or Ctrl+Z / Ctrl+Shift+Z in the graph). */
  history(direction: "undo" | "redo"): void;
  /** Open a file the edit message links to. */
  openFile(uri: string): void;
  /** "Affected since…": ask for the git ref and mark what the changed files affect. */
  affectedSince(): void;
  /** "Show another stack…": ask which of the stacks the graph leaves out to draw first. */
  pickStack(): void;
  disposed(): void;
}

export class GraphPanel implements vscode.Disposable {
  private ready = false;
  private graph: WorkflowGraph | null = null;
  private selected: string | null = null;
  private status: Record<string, RunState> = {};
  private affected: AffectedMarks | null = null;
  private notice: EditNotice | null = null;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** The last view state the webview reported (or the one restored after a reload). */
  view: GraphViewState | undefined;

  static create(extensionUri: vscode.Uri, handlers: PanelHandlers): GraphPanel {
    const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, "Dependency Graph", { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, GraphPanel.options(extensionUri));
    return new GraphPanel(panel, extensionUri, handlers);
  }

  /** After a reload: VS Code hands back the panel; the webview's saved state comes with it. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, handlers: PanelHandlers, view: GraphViewState | undefined): GraphPanel {
    panel.webview.options = GraphPanel.options(extensionUri);
    const p = new GraphPanel(panel, extensionUri, handlers);
    p.view = view;
    return p;
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist")] };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly handlers: PanelHandlers,
  ) {
    const w = panel.webview;
    const dist = (f: string) => w.asWebviewUri(vscode.Uri.joinPath(extensionUri, "dist", f)).toString();
    w.html = buildHtml({
      cspSource: w.cspSource,
      nonce: randomBytes(16).toString("hex"),
      scriptUri: dist("webview.js"),
      styleUri: dist("webview.css"),
      workerUri: dist("layout-worker.js"),
      title: "Dependency Graph",
    });
    this.disposables.push(
      w.onDidReceiveMessage((m: unknown) => {
        if (isWebviewToHost(m)) void this.onMessage(m);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private async onMessage(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case "ready":
        this.ready = true;
        this.post({ type: "init", graph: this.graph, view: this.view, editable: this.editable() });
        if (Object.keys(this.status).length) this.post({ type: "status", states: this.status });
        if (this.selected) this.post({ type: "select", nodeId: this.selected });
        if (this.affected) this.post({ type: "affected", marks: this.affected });
        if (this.notice) this.post({ type: "notice", notice: this.notice });
        return;
      case "reveal":
        this.handlers.reveal(m.nodeId);
        return;
      case "viewState":
        this.view = m.view;
        return;
      case "export": {
        const path = await this.handlers.export(m.format, m.data);
        this.post({ type: "exported", path });
        return;
      }
      case "error":
        this.handlers.error(m.message);
        return;
      case "edit":
      case "addStep":
      case "rename":
      case "remove":
      case "addNode":
        // Nothing is edited from a stale graph: the webview disables editing then, and the server refuses it too.
        if (this.editable()) this.handlers.edit(m);
        return;
      case "undo":
      case "redo":
        this.handlers.history(m.type);
        return;
      case "openFile":
        // Only a file the last message named: the webview cannot make the host open anything else.
        if (this.notice?.files.some((f) => f.uri === m.uri)) this.handlers.openFile(m.uri);
        return;
      case "pickStack":
        this.handlers.pickStack();
        return;
      case "affectedSince":
        this.handlers.affectedSince();
        return;
      default:
        assertNever(m);
    }
  }

  private editable(): boolean {
    return !!this.graph && !this.graph.stale;
  }

  private post(msg: HostToWebview): void {
    if (this.ready && !this.disposed) void this.panel.webview.postMessage(msg);
  }

  get shownGraph(): WorkflowGraph | null {
    return this.graph;
  }

  setGraph(graph: WorkflowGraph | null, title: string): void {
    this.graph = graph;
    this.panel.title = title;
    this.post({ type: "graph", graph, editable: this.editable() });
    // The webview drops the states when the graph is another document's: the map covers every document.
    if (Object.keys(this.status).length) this.post({ type: "status", states: this.status });
  }

  select(nodeId: string | null): void {
    if (nodeId === this.selected) return;
    this.selected = nodeId;
    this.post({ type: "select", nodeId });
  }

  setStatus(states: Record<string, RunState>): void {
    this.status = { ...states };
    this.post({ type: "status", states: this.status });
  }

  /** Marks what a set of changed files affects (null clears the marks). */
  setAffected(marks: AffectedMarks | null): void {
    this.affected = marks;
    this.post({ type: "affected", marks });
  }

  /** The message about the last graph edit, shown above the graph. */
  setNotice(notice: EditNotice | null): void {
    this.notice = notice;
    this.post({ type: "notice", notice });
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.handlers.disposed();
  }
}
