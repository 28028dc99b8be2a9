// Quick fixes: every problem can carry fixes; this turns the ones under the cursor into code actions.
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from "vscode-languageserver-types";
import type { WorkspaceIndex } from "../index/workspace-index";
import { rangeIn, toDiagnostic, toUri } from "./convert";

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range["start"], y: Range["start"]) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export function codeActions(index: WorkspaceIndex, path: string, range: Range): CodeAction[] {
  const out: CodeAction[] = [];
  for (const pr of index.problems(path)) {
    if (!pr.fixes?.length) continue;
    const diag: Diagnostic = toDiagnostic(index, pr);
    if (!overlaps(diag.range, range)) continue;
    for (const fix of pr.fixes) {
      const changes: Record<string, TextEdit[]> = {};
      for (const c of fix.changes) (changes[toUri(c.path)] ??= []).push({ range: rangeIn(index, c.path, c.span), newText: c.newText });
      out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diag], isPreferred: fix.preferred ?? false, edit: { changes } });
    }
  }
  return out;
}
