// Conversions between our offsets/problems and LSP objects.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Location, type Range } from "vscode-languageserver-types";
import { URI } from "vscode-uri";
import type { Problem, Severity } from "../core/problem";
import { LineIndex, type Span } from "../core/text";
import type { WorkspaceIndex } from "../index/workspace-index";

export function toUri(p: string): string {
  return URI.file(p).toString();
}
export function toPath(uri: string): string {
  return URI.parse(uri).fsPath;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Line index of a file the index knows (open or on disk), cached per text. */
export function linesOf(index: WorkspaceIndex, p: string): LineIndex {
  const f = index.file(p);
  if (f) return f.lines;
  return new LineIndex(index.readText(p) ?? "");
}

export function rangeIn(index: WorkspaceIndex, p: string, span: Span): Range {
  return linesOf(index, p).range(span);
}

export function location(index: WorkspaceIndex, p: string, span: Span): Location {
  return { uri: toUri(p), range: rangeIn(index, p, span) };
}

export function toDiagnostic(index: WorkspaceIndex, pr: Problem): Diagnostic {
  const d: Diagnostic = {
    range: rangeIn(index, pr.path, pr.span),
    severity: SEVERITY[pr.severity],
    code: pr.code,
    source: "infraflow",
    message: pr.message,
  };
  if (pr.tags?.length) d.tags = pr.tags.map((t) => (t === "deprecated" ? DiagnosticTag.Deprecated : DiagnosticTag.Unnecessary));
  if (pr.related?.length) d.relatedInformation = pr.related.map((r) => ({ location: location(index, r.path, r.span), message: r.message }));
  return d;
}
