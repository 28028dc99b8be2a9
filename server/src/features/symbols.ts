// The outline of one file and the symbols of the whole workspace.
import type { DocumentSymbol, SymbolInformation, SymbolKind } from "vscode-languageserver-types";
import type { SymbolDef } from "../formats/types";
import type { WorkspaceIndex } from "../index/workspace-index";
import { location, rangeIn } from "./convert";

export function documentSymbols(index: WorkspaceIndex, path: string): DocumentSymbol[] | null {
  const f = index.file(path);
  if (!f) return null;
  const defs = f.facts.defs.filter((d) => !d.hidden && d.path === path).sort((a, b) => a.fullSpan.start - b.fullSpan.start || b.fullSpan.end - a.fullSpan.end);
  const roots: DocumentSymbol[] = [];
  const stack: Array<{ def: SymbolDef; sym: DocumentSymbol }> = [];
  for (const d of defs) {
    const range = f.lines.range(d.fullSpan);
    const selection = f.lines.range(d.nameSpan.end > d.nameSpan.start ? d.nameSpan : { start: d.fullSpan.start, end: d.fullSpan.start });
    const sym: DocumentSymbol = { name: d.name || "(unnamed)", detail: d.detail ?? d.kind, kind: d.symbolKind as SymbolKind, range, selectionRange: selection, children: [] };
    while (stack.length && stack[stack.length - 1]!.def.fullSpan.end < d.fullSpan.end) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent && parent.def.fullSpan.start <= d.fullSpan.start && d.fullSpan.end <= parent.def.fullSpan.end) parent.sym.children!.push(sym);
    else roots.push(sym);
    stack.push({ def: d, sym });
  }
  return roots;
}

/** Case-insensitive subsequence match, as VS Code's own symbol search does. */
export function fuzzyMatch(query: string, name: string): boolean {
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  let i = 0;
  for (let j = 0; j < n.length && i < q.length; j++) if (n[j] === q[i]) i++;
  return i === q.length;
}

export function workspaceSymbols(index: WorkspaceIndex, query: string, limit = 500): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const f of index.files()) {
    for (const d of f.facts.defs) {
      if (d.hidden || !d.name || !fuzzyMatch(query, d.name)) continue;
      out.push({ name: d.name, kind: d.symbolKind as SymbolKind, location: location(index, d.path, d.nameSpan.end > d.nameSpan.start ? d.nameSpan : d.fullSpan), containerName: d.detail ?? d.kind });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

export { rangeIn };
