// Rename a block, action, workflow, component, alias… and every reference to it, across files.
import type { Range, TextEdit, WorkspaceEdit } from "vscode-languageserver-types";
import type { SymbolDef } from "../formats/types";
import type { WorkspaceIndex } from "../index/workspace-index";
import { symbolAt } from "./at";
import { rangeIn, toUri } from "./convert";

/** "a block", "an alias". */
function article(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export type RenameResult = { edit: WorkspaceEdit } | { error: string };

function target(index: WorkspaceIndex, path: string, offset: number): { defs: SymbolDef[]; span: { start: number; end: number } } | { error: string } | undefined {
  const t = symbolAt(index, path, offset);
  if (!t) return undefined;
  if (t.type === "def") {
    if (t.def.fixedName) return { error: `${cap(article(t.def.kind))} cannot be renamed here.` };
    return { defs: [t.def], span: t.def.nameSpan };
  }
  if (!t.defs.length) return { error: `'${t.ref.name}' is not defined, so there is nothing to rename.` };
  if (t.defs.some((d) => d.fixedName)) return { error: `${cap(article(t.ref.kind))} cannot be renamed here.` };
  return { defs: t.defs, span: t.ref.renameSpan ?? t.ref.span };
}

export function prepareRename(index: WorkspaceIndex, path: string, offset: number): { range: Range; placeholder: string } | { error: string } | null {
  const t = target(index, path, offset);
  if (!t) return null;
  if ("error" in t) return t;
  const text = index.file(path)!.text;
  return { range: rangeIn(index, path, t.span), placeholder: text.slice(t.span.start, t.span.end) };
}

export function rename(index: WorkspaceIndex, path: string, offset: number, newName: string): RenameResult | null {
  const t = target(index, path, offset);
  if (!t) return null;
  if ("error" in t) return t;
  const f = index.file(path)!;
  const first = t.defs[0]!;
  if (newName === first.name) return { edit: { changes: {} } };
  const fmt = index.format(f.format);
  const bad = fmt?.checkName?.(first.kind, newName);
  if (bad) return { error: bad };
  if (!newName.trim()) return { error: "The new name is empty." };
  const clash = t.defs.flatMap((d) => index.defs(f.format, d.kind, d.scope, newName));
  if (clash.length) return { error: `${cap(article(first.kind))} named '${newName}' already exists.` };

  const changes: Record<string, TextEdit[]> = {};
  const seen = new Set<string>();
  const add = (p: string, start: number, end: number): void => {
    const k = `${p}:${start}:${end}`;
    if (seen.has(k)) return;
    seen.add(k);
    (changes[toUri(p)] ??= []).push({ range: rangeIn(index, p, { start, end }), newText: newName });
  };
  for (const d of t.defs) {
    add(d.path, d.nameSpan.start, d.nameSpan.end);
    // Other definitions of the same name in the same scope (e.g. a component defined in several stack files).
    for (const twin of index.defs(f.format, d.kind, d.scope, d.name)) add(twin.path, twin.nameSpan.start, twin.nameSpan.end);
    for (const r of index.refsTo(f.format, d)) {
      const s = r.renameSpan ?? r.span;
      add(r.path, s.start, s.end);
    }
  }
  return { edit: { changes } };
}
