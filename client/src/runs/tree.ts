// The Runs view (the Infraflow container in the activity bar): past and running runs, newest first, with their steps as children.
import * as vscode from "vscode";
import type { RunController } from "./controller";
import { resumeOf, runDescription, runLabel, runParts, runSummary, stepDescription, type HistoryStep, type RunOutcome, type RunRecord } from "./history";

export const RUNS_VIEW = "infraflow.runs";

export type RunsNode = { kind: "run"; id: number } | { kind: "step"; runId: number; stepId: string };

const RUN_ICONS: Record<RunOutcome, [string, string | undefined]> = {
  running: ["sync~spin", undefined],
  succeeded: ["pass", "testing.iconPassed"],
  // Passed, with every failure allowed: a warning, told apart from a success by icon and colour.
  "passed-allowed": ["warning", "list.warningForeground"],
  failed: ["error", "testing.iconFailed"],
  cancelled: ["circle-slash", "testing.iconSkipped"],
  interrupted: ["debug-disconnect", "list.warningForeground"],
};
const STEP_ICONS: Record<HistoryStep["state"], [string, string | undefined]> = {
  queued: ["circle-outline", undefined],
  running: ["sync~spin", undefined],
  succeeded: ["pass", "testing.iconPassed"],
  failed: ["error", "testing.iconFailed"],
  skipped: ["circle-slash", "testing.iconSkipped"],
  blocked: ["circle-slash", "testing.iconSkipped"],
  cancelled: ["debug-stop", "testing.iconSkipped"],
  interrupted: ["debug-disconnect", "list.warningForeground"],
};
/** A step whose failure was allowed. */
const ALLOWED_ICON: [string, string] = ["warning", "list.warningForeground"];

function icon([id, color]: [string, string | undefined]): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

export class RunsTree implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<RunsNode>;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly runs: RunController) {
    this.view = vscode.window.createTreeView(RUNS_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(this.changed, this.view, runs.onDidChangeHistory(() => this.refresh()));
  }

  /** At most a few refreshes a second: a chatty run must not redraw the tree on every step. */
  private refresh(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.changed.fire(undefined);
    }, 150);
  }

  /** A run's steps, live while it runs (the history has them as of the last step that ended). */
  private steps(r: RunRecord): HistoryStep[] {
    const live = [...this.runs.active.values()].find((a) => a.record?.id === r.id);
    if (!live) return r.steps;
    return live.session.historySteps();
  }

  getChildren(node?: RunsNode): RunsNode[] {
    if (!node) return this.runs.history.list().map((r) => ({ kind: "run", id: r.id }));
    if (node.kind === "run") {
      const r = this.runs.history.get(node.id);
      return r ? this.steps(r).map((s) => ({ kind: "step", runId: r.id, stepId: s.id })) : [];
    }
    return [];
  }

  getParent(node: RunsNode): RunsNode | undefined {
    return node.kind === "step" ? { kind: "run", id: node.runId } : undefined;
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    const r = this.runs.history.get(node.kind === "run" ? node.id : node.runId);
    if (!r) return new vscode.TreeItem("(deleted)");
    if (node.kind === "run") {
      const item = new vscode.TreeItem(runLabel(r), r.outcome === "running" ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `run-${r.id}`;
      item.description = runDescription(r);
      item.iconPath = icon(RUN_ICONS[r.outcome]);
      // e.g. `infraflowRun:failed:hasFailed`; menus match on these words ("Rerun failed" when there is something to resume).
      item.contextValue = `infraflowRun:${r.outcome}${r.outcome !== "running" && resumeOf(r).length ? ":hasFailed" : ""}`;
      // The whole story, which the row (label and description) is too narrow for. Names from the files are text.
      const { what, file } = runParts(r);
      const tip = new vscode.MarkdownString().appendMarkdown(`**#${r.id}** `).appendText(what);
      if (file) tip.appendText(` — ${file}`);
      tip.appendMarkdown("\n\n").appendText(runSummary(r)).appendMarkdown("\n\n");
      tip.appendText(`Started ${new Date(r.startedAt).toLocaleString()}${r.finishedAt ? `, finished ${new Date(r.finishedAt).toLocaleString()}` : ""}`);
      tip.appendMarkdown("\n\nLog: ").appendText(r.log);
      item.tooltip = tip;
      // What a screen reader says for the row: the outcome is an icon on screen.
      item.accessibilityInformation = { label: `${runLabel(r)}${file ? ` — ${file}` : ""}, ${runSummary(r)}` };
      return item;
    }
    const s = this.steps(r).find((x) => x.id === node.stepId);
    const item = new vscode.TreeItem(s?.label ?? node.stepId, vscode.TreeItemCollapsibleState.None);
    item.id = `run-${r.id}/${node.stepId}`;
    if (!s) return item;
    item.description = stepDescription(s);
    item.iconPath = icon(s.state === "failed" && s.allowed ? ALLOWED_ICON : STEP_ICONS[s.state]);
    item.contextValue = `infraflowRunStep:${s.state}`;
    if (s.uri && s.range) {
      const range = new vscode.Range(s.range.start.line, s.range.start.character, s.range.end.line, s.range.end.character);
      item.command = { title: "Go to step", command: "vscode.open", arguments: [vscode.Uri.parse(s.uri), { selection: new vscode.Range(range.start, range.start) }] };
    }
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
