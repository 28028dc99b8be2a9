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

/**
 * Whether two values of plain data are the same as JSON would send them (a property set to undefined is absent).
 * The server compares the diagnostics it made with those it sent last, to send only what changed: comparing is a
 * walk, where writing both as JSON cost about 3 ms per keystroke for a file with a thousand problems. Diagnostics are
 * made afresh by toDiagnostic, so the list kept is never changed after it is sent.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let keys = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    keys++;
    if (!sameData(x[k], y[k])) return false;
  }
  for (const k in y) if (y[k] !== undefined) keys--;
  return keys === 0;
}
