// Go to definition and find references, across files.
import type { Location, LocationLink } from "vscode-languageserver-types";
import type { WorkspaceIndex } from "../index/workspace-index";
import { symbolAt } from "./at";
import { location, rangeIn, toUri } from "./convert";

export function definition(index: WorkspaceIndex, path: string, offset: number): LocationLink[] | null {
  const t = symbolAt(index, path, offset);
  if (!t) return null;
  if (t.type === "def") {
    return [{ targetUri: toUri(t.def.path), targetRange: rangeIn(index, t.def.path, t.def.fullSpan), targetSelectionRange: rangeIn(index, t.def.path, t.def.nameSpan) }];
  }
  if (!t.defs.length) return null;
  const origin = rangeIn(index, path, t.ref.span);
  return t.defs.map((d) => ({
    originSelectionRange: origin,
    targetUri: toUri(d.path),
    targetRange: rangeIn(index, d.path, d.fullSpan),
    targetSelectionRange: rangeIn(index, d.path, d.nameSpan),
  }));
}

export function references(index: WorkspaceIndex, path: string, offset: number, includeDeclaration: boolean): Location[] | null {
  const t = symbolAt(index, path, offset);
  if (!t) return null;
  const f = index.file(path)!;
  const defs = t.type === "def" ? [t.def] : t.defs;
  const out: Location[] = [];
  const seen = new Set<string>();
  const add = (p: string, start: number, end: number): void => {
    const k = `${p}:${start}:${end}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(location(index, p, { start, end }));
  };
  if (!defs.length && t.type === "ref") {
    add(t.ref.path, t.ref.span.start, t.ref.span.end);
    return out;
  }
  for (const d of defs) {
    if (includeDeclaration && d.nameSpan.end > d.nameSpan.start) add(d.path, d.nameSpan.start, d.nameSpan.end);
    for (const r of index.refsTo(f.format, d)) add(r.path, r.span.start, r.span.end);
  }
  return out;
}
