// Finding what is under the cursor: a reference, a definition, or nothing.
import type { SymbolDef, SymbolRef } from "../formats/types";
import type { WorkspaceIndex } from "../index/workspace-index";

export type Target = { type: "ref"; ref: SymbolRef; defs: SymbolDef[] } | { type: "def"; def: SymbolDef };

export function symbolAt(index: WorkspaceIndex, path: string, offset: number): Target | undefined {
  const f = index.file(path);
  if (!f) return undefined;
  // The innermost (shortest) match wins.
  let ref: SymbolRef | undefined;
  for (const r of f.facts.refs) {
    if (offset >= r.span.start && offset <= r.span.end && (!ref || r.span.end - r.span.start < ref.span.end - ref.span.start)) ref = r;
  }
  if (ref) return { type: "ref", ref, defs: index.resolveRef(f.format, ref) };
  let def: SymbolDef | undefined;
  for (const d of f.facts.defs) {
    if (d.nameSpan.end > d.nameSpan.start && offset >= d.nameSpan.start && offset <= d.nameSpan.end) def = d;
  }
  return def ? { type: "def", def } : undefined;
}
