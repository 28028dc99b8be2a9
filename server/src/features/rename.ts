// Rename a block, action, workflow, component, alias… and every reference to it, across files.
import type { Range, TextDocumentEdit, TextEdit, WorkspaceEdit } from "vscode-languageserver-types";
import type { FormatId } from "../../../common/formats";
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
  // Whole-file symbols (import targets) are renamed from a reference, when the format can move the file.
  const movable = !!index.format(index.file(path)!.format)?.renameFile;
  if (t.type === "def") {
    if (t.def.fixedName) return { error: `${cap(article(t.def.kind))} cannot be renamed here.` };
    return { defs: [t.def], span: t.def.nameSpan };
  }
  if (!t.defs.length) return { error: `'${t.ref.name}' is not defined, so there is nothing to rename.` };
  if (t.defs.length > 1 && t.defs.some((d) => d.fixedName)) return { error: `'${t.ref.name}' names ${t.defs.length} files; rename them one at a time from an import that names one.` };
  if (t.defs.some((d) => d.fixedName) && !movable) return { error: `${cap(article(t.ref.kind))} cannot be renamed here.` };
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
  if (first.fixedName && fmt?.renameFile) return renameFile(index, f.format, first, newName);
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

/** Moves a whole-file symbol and rewrites every reference to it, as one workspace edit (undoable as one). */
function renameFile(index: WorkspaceIndex, format: FormatId, def: SymbolDef, newName: string): RenameResult {
  const fmt = index.format(format)!;
  const refs = index.refsTo(format, def);
  const plan = fmt.renameFile!(def, newName, refs, index);
  if ("error" in plan) return plan;
  if (plan.newPath === def.path) return { edit: { changes: {} } };
  if (index.exists(plan.newPath)) return { error: `'${newName}' already exists.` };
  const byFile = new Map<string, TextEdit[]>();
  for (const e of plan.edits) {
    const list = byFile.get(e.ref.path) ?? [];
    const s = e.ref.renameSpan ?? e.ref.span;
    list.push({ range: rangeIn(index, e.ref.path, s), newText: e.newText });
    byFile.set(e.ref.path, list);
  }
  const documentChanges: NonNullable<WorkspaceEdit["documentChanges"]> = [...byFile].map(([p, edits]): TextDocumentEdit => ({ textDocument: { uri: toUri(p), version: null }, edits }));
  documentChanges.push({ kind: "rename", oldUri: toUri(def.path), newUri: toUri(plan.newPath), options: { overwrite: false, ignoreIfExists: false } });
  return { edit: { documentChanges } };
}
