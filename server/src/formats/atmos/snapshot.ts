// What the engine compares between a manifest before and after an edit (stacks.ts: whether the structure is handed
// on, and which components changed), taken when the manifest is analysed. It cannot be read later from the model:
// an open document's tree is re-parsed in place (core/yaml-incremental.ts), so the tree an earlier analysis holds
// already shows the new text, and a comparison of the two would find no change.
import { detached, type Span } from "../../core/text";
import { spanOf } from "../../core/yaml";
import { get, isMap } from "../yaml-read";
import type { ComponentModel, ManifestSnapshot, PlacedDefinition, StackModel } from "./model";

export function snapshotOf(m: StackModel, text: string): ManifestSnapshot {
  return { structural: structuralKey(m), rootSections: rootSections(m, text), definitions: definitions(m, text), names: componentNames(m, text), aliases: mayHoldAlias(text) };
}

/**
 * Whether an anchor (`&a`) or alias (`*a`) may be written: `&` or `*` at the start of the text or after a space,
 * a flow indicator, `:` or `-`, and followed by a non-space (a false alarm only costs reuse). The two characters
 * are found by the engine's native search: most manifests hold neither, and a regular expression over a
 * megabyte of text on every keystroke cost a millisecond.
 */
export function mayHoldAlias(text: string): boolean {
  for (const mark of ["&", "*"]) {
    for (let i = text.indexOf(mark); i !== -1; i = text.indexOf(mark, i + 1)) {
      if (i > 0 && !BEFORE_MARK.test(text[i - 1]!)) continue;
      const next = text[i + 1];
      if (next !== undefined && !/\s/.test(next)) return true;
    }
  }
  return false;
}
const BEFORE_MARK = /[\s[{,:-]/;

function structuralKey(model: StackModel): string {
  try {
    const sections: Array<[string, unknown]> = [];
    const root = model.node as { items?: Array<{ key?: { value?: unknown }; value?: { toJSON?: () => unknown } | null }> } | null;
    for (const it of root?.items ?? []) {
      const key = String(it.key?.value);
      if (key === "components") continue;
      sections.push([key, key === "import" ? null : (it.value?.toJSON?.() ?? null)]);
    }
    return JSON.stringify([model.imports, sections, model.components.length > 0]);
  } catch {
    // A value that cannot be read as plain data (an anchor loop): never handed on.
    return `${Math.random()}`;
  }
}

/** Where text sits: its offset and column, and the text itself. */
const placed = (text: string, span: Span): string => `${span.start}:${column(text, span.start)}:${text.slice(span.start, span.end)}`;
const column = (text: string, offset: number): number => offset - text.lastIndexOf("\n", offset - 1);

/**
 * What a component's definition reads as, kept with its model: an open document's analysis keeps the models of the
 * components an edit did not touch (analyze.ts), whose text is then the same, wherever it moved.
 */
interface Written {
  name: string;
  full: string;
  typed: boolean;
  /** The component's entry in componentNames. */
  listed: string;
}
const written = new WeakMap<ComponentModel, Written>();

function writtenOf(c: ComponentModel, text: string): Written {
  let w = written.get(c);
  // Copies: a kept model outlives this version of the text, which a substring would keep alive.
  if (!w) {
    const typed = mayBeTyped(c);
    written.set(c, (w = { name: detached(text.slice(c.nameSpan.start, c.nameSpan.end)), full: detached(text.slice(c.fullSpan.start, c.fullSpan.end)), typed, listed: JSON.stringify([c.type, c.name, typed]) }));
  }
  return w;
}

function rootSections(m: StackModel, text: string): string {
  const root = m.node as { items?: Array<{ key?: { value?: unknown } }> } | null;
  const out: string[] = [];
  for (const it of root?.items ?? []) {
    if (String(it.key?.value) === "components") continue;
    const span = spanOf(it as Parameters<typeof spanOf>[0]);
    out.push(span ? placed(text, span) : "?");
  }
  return out.join("\u0000");
}

function definitions(m: StackModel, text: string): Map<string, PlacedDefinition[]> {
  const out = new Map<string, PlacedDefinition[]>();
  for (const c of m.components) {
    const k = c.key;
    const d: PlacedDefinition = { written: writtenOf(c, text), name: c.nameSpan.start, nameColumn: column(text, c.nameSpan.start), full: c.fullSpan.start, fullColumn: column(text, c.fullSpan.start) };
    const list = out.get(k);
    if (list) list.push(d);
    else out.set(k, [d]);
  }
  return out;
}

/**
 * Which components a manifest defines, in order: type, name, and whether a `metadata.type` (or a metadata that is
 * not a plain map, e.g. `!include`d) may make it abstract. What visibleFrom reads of a manifest.
 */
function componentNames(m: StackModel, text: string): string {
  // Joined from each model's own entry: the models an edit did not touch are kept, and so are their entries.
  return `[${m.components.map((c) => writtenOf(c, text).listed).join(",")}]`;
}

/** A `metadata.type` is written for the component, or its metadata is not a plain map. */
export function mayBeTyped(c: ComponentModel): boolean {
  const md = get(c.node, "metadata");
  return !!md && (!isMap(md) || get(md, "type") !== null);
}
