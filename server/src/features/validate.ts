// Diagnostics for one file: everything the index finds, as LSP diagnostics.
import type { Diagnostic } from "vscode-languageserver-types";
import type { WorkspaceIndex } from "../index/workspace-index";
import { toDiagnostic } from "./convert";

export function validate(index: WorkspaceIndex, path: string): Diagnostic[] {
  const problems = index.problems(path);
  // Same code on the same span once only (a rule and the shape can meet).
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const p of problems) {
    const key = `${p.code}@${p.span.start}:${p.span.end}:${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(toDiagnostic(index, p));
  }
  return out;
}
