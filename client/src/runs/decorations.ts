// Run status in the editor itself: a gutter icon per step (one decoration type per state) and a diagnostic on
// each failed step, with its exit code and the last lines of its output, until the step runs again. A failure
// the plan allows is a warning (its own ⚠ icon, a Warning diagnostic), never an error.
import * as vscode from "vscode";
import type { RunEvent } from "../../../common/run";
import { GUTTER_ICONS, gutterIcon, statusTooltip } from "./format";
import type { ActiveRun, BoardEntry, RunController } from "./controller";
import { normalizeUri } from "./uri";

/** Diagnostics of failed steps: their own collection, so that the server's diagnostics never replace them. */
export const RUN_DIAGNOSTICS = "infraflow-runs";
export const RUN_FAILED_CODE = "run/failed";

export class RunDecorations implements vscode.Disposable {
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection(RUN_DIAGNOSTICS);
  /** Failed-step diagnostics per document URI, by step id. */
  private readonly failures = new Map<string, Map<string, vscode.Diagnostic>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly runs: RunController) {
    for (const icon of GUTTER_ICONS) {
      this.types.set(
        icon,
        vscode.window.createTextEditorDecorationType({
          gutterIconPath: vscode.Uri.joinPath(runs.ctx.extension.extensionUri, "media", "runs", `${icon}.svg`),
          gutterIconSize: "contain",
          overviewRulerColor: icon === "failed" ? new vscode.ThemeColor("editorError.foreground") : icon === "allowed" ? new vscode.ThemeColor("editorWarning.foreground") : undefined,
          overviewRulerLane: vscode.OverviewRulerLane.Left,
        }),
      );
    }
    this.disposables.push(this.diagnostics, ...this.types.values(), runs.onDidChange(() => this.paint()), runs.onDidRunEvent(({ run, event }) => this.event(run, event)), vscode.window.onDidChangeVisibleTextEditors(() => this.paint()));
  }

  /** Keeps the failure diagnostics in step with a run's events. */
  event(a: ActiveRun, e: RunEvent): void {
    if (e.type !== "step-started" && e.type !== "step-finished") return;
    const s = a.session.steps.get(e.stepId);
    if (!s?.range) return;
    const uri = normalizeUri(s.uri ?? a.session.plan.uri ?? a.request.uri);
    let m = this.failures.get(uri);
    if (e.type === "step-finished" && e.state === "failed") {
      const tail = a.session.tail(s.id);
      const r = s.range;
      const d = new vscode.Diagnostic(
        new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
        `Step '${s.label}' failed${e.exitCode === null ? "" : ` with exit code ${e.exitCode}`}${e.allowed ? " (allowed by the workflow: the run goes on)" : ""}.${tail.length ? `\n${tail.join("\n")}` : ""}`,
        e.allowed ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error,
      );
      d.source = "infraflow run";
      d.code = RUN_FAILED_CODE;
      if (!m) this.failures.set(uri, (m = new Map()));
      m.set(s.id, d);
    } else if (m) m.delete(s.id); // Rerun (started again) or succeeded: the failure is gone.
    else return;
    this.diagnostics.set(vscode.Uri.parse(uri), [...(m?.values() ?? [])]);
  }

  /** Gutter icons for every visible editor, from the latest status of each step. */
  paint(): void {
    const byUri = new Map<string, BoardEntry[]>();
    for (const e of this.runs.board.values()) {
      if (!e.range) continue;
      const list = byUri.get(e.uri) ?? [];
      list.push(e);
      byUri.set(e.uri, list);
    }
    for (const editor of vscode.window.visibleTextEditors) {
      const entries = byUri.get(normalizeUri(editor.document.uri.toString())) ?? [];
      for (const [icon, type] of this.types) {
        const ranges = entries
          .filter((e) => gutterIcon(e.status) === icon)
          .map((e) => ({ range: new vscode.Range(e.range!.start.line, 0, e.range!.start.line, 0), hoverMessage: statusTooltip(e.label, e.status) }));
        editor.setDecorations(type, ranges);
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
