// Text surgery on YAML that keeps everything else byte-identical. Documents are never re-stringified: a change is
// computed from the source offsets of the parsed nodes and from the indentation, quoting and list style of the
// lines around it. A collection is seen as its items' *bodies* (whole lines for block collections, with the comment
// lines above an item and the deeper comment lines below it; the item's text for flow collections) and the
// separators between them, which never move: inserting, removing and reordering only touch bodies, so an edit
// followed by its inverse gives back the same bytes.
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from "yaml";
import type { Span } from "../core/text";
import { readsBackPlain } from "../core/yaml";

/** One replacement in one document's text. */
export interface Change {
  span: Span;
  newText: string;
}

/** Thrown by the helpers when the text is written in a way we do not edit; the message is shown to the user. */
export class EditRefused extends Error {}

export interface Layout {
  flow: boolean;
  /** Block: whole lines, without the last line break. Flow: the items' text. */
  bodies: Span[];
  /** Flow: between the brackets. */
  inner?: Span;
  /** Block: the column of the items' dash (lists) or key (maps). */
  column: number;
  /** Block lists: how far the item's content starts after the dash (`- name:` → 2). */
  contentOffset: number;
  /** A map that is a list item: its first key is on the dash's line, so its first body starts at the key. */
  inlineFirst?: boolean;
}

// ---- Lines. ----

export function lineStart(text: string, off: number): number {
  return text.lastIndexOf("\n", off - 1) + 1;
}

/** The end of the line holding `off`, before its `\r\n` or `\n`. */
export function lineEnd(text: string, off: number): number {
  let e = text.indexOf("\n", off);
  if (e === -1) e = text.length;
  return e > 0 && text[e - 1] === "\r" && e - 1 >= off ? e - 1 : e;
}

export function eolOf(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

/** The column of the first non-space character of the line holding `off`. */
export function indentAt(text: string, off: number): number {
  const s = lineStart(text, off);
  let i = s;
  while (text[i] === " ") i++;
  return i - s;
}

function trimBack(text: string, end: number, floor: number): number {
  while (end > floor && /\s/.test(text[end - 1]!)) end--;
  return end;
}

/** The line after the one ending at `end` (a lineEnd), or -1 at the end of the text. */
function nextLine(text: string, end: number): number {
  const nl = text.indexOf("\n", end);
  return nl === -1 ? -1 : nl + 1;
}

function isCommentLine(text: string, start: number): { indent: number } | undefined {
  const e = lineEnd(text, start);
  const line = text.slice(start, e);
  const t = line.trimStart();
  return t.startsWith("#") ? { indent: line.length - t.length } : undefined;
}

// ---- Layout of a collection. ----

function rangeOf(n: Node | null | undefined): [number, number, number] | undefined {
  return (n as { range?: [number, number, number] } | null)?.range ?? undefined;
}

/** Start of a block item: the dash of a list item, the key of a map pair. */
function itemAnchor(text: string, coll: YAMLSeq | YAMLMap, i: number): number {
  if (isSeq(coll)) {
    const it = coll.items[i] as Node | null;
    const r = rangeOf(it);
    if (!r) throw new EditRefused("A list item is empty; edit this list by hand.");
    let d = r[0] - 1;
    // `-` then spaces (or a line break, for an item that starts on the next line).
    while (d >= 0 && /\s/.test(text[d]!)) d--;
    while (d >= 0 && text[d] !== "-") {
      // An anchor or a tag between the dash and the item.
      if (text[d] === "\n") throw new EditRefused("This list is written in a way Infraflow does not edit.");
      d--;
    }
    if (d < 0) throw new EditRefused("This list is written in a way Infraflow does not edit.");
    return d;
  }
  const p = coll.items[i] as Pair;
  const r = rangeOf(p.key as Node);
  if (!r) throw new EditRefused("A map entry has no key; edit this map by hand.");
  return r[0];
}

function contentEnd(text: string, coll: YAMLSeq | YAMLMap, i: number, anchor: number): number {
  let r: [number, number, number] | undefined;
  if (isSeq(coll)) r = rangeOf(coll.items[i] as Node);
  else {
    const p = coll.items[i] as Pair;
    r = rangeOf(p.value as Node) ?? rangeOf(p.key as Node);
    // A value-less key (`name:`): the key's own range.
    if (p.value && isScalar(p.value) && (p.value as Scalar).value === null && rangeOf(p.value as Node)![0] === rangeOf(p.value as Node)![1]) r = rangeOf(p.key as Node);
  }
  return Math.max(anchor + 1, trimBack(text, r![1], anchor));
}

export function layoutOf(text: string, coll: YAMLSeq | YAMLMap): Layout {
  const r = rangeOf(coll as unknown as Node);
  if (!r) throw new EditRefused("This collection has no position in the text.");
  if ((coll as { flow?: boolean }).flow) {
    const bodies: Span[] = [];
    for (const it of coll.items) {
      if (isSeq(coll)) {
        const ir = rangeOf(it as Node);
        if (!ir) throw new EditRefused("A list item is empty; edit this list by hand.");
        bodies.push({ start: ir[0], end: ir[1] });
      } else {
        const p = it as Pair;
        const kr = rangeOf(p.key as Node);
        const vr = rangeOf(p.value as Node);
        if (!kr) throw new EditRefused("A map entry has no key; edit this map by hand.");
        bodies.push({ start: kr[0], end: vr ? vr[1] : kr[1] });
      }
    }
    const close = trimBack(text, r[1], r[0]) - 1;
    return { flow: true, bodies, inner: { start: r[0] + 1, end: close }, column: 0, contentOffset: 0 };
  }
  const bodies: Span[] = [];
  let column = -1;
  let contentOffset = 2;
  let prevEnd = -1;
  for (let i = 0; i < coll.items.length; i++) {
    const anchor = itemAnchor(text, coll, i);
    const ls = lineStart(text, anchor);
    const prefix = text.slice(ls, anchor);
    const inline = i === 0 && isMap(coll) && /^[ ]*-[ ]+$/.test(prefix);
    if (prefix.trim() !== "" && !inline) throw new EditRefused("A list nested on one line (`- - a`) is not edited by Infraflow; edit it by hand.");
    const col = anchor - ls;
    if (column === -1) column = col;
    if (isSeq(coll)) {
      const ir = rangeOf(coll.items[i] as Node)!;
      if (lineStart(text, ir[0]) === ls) contentOffset = ir[0] - anchor;
    }
    // Comment lines right above the item, at its column, belong to it.
    let start = inline ? anchor : ls;
    while (start > 0 && !inline) {
      const prev = lineStart(text, start - 1);
      const c = isCommentLine(text, prev);
      if (!c || c.indent !== col || prev <= prevEnd) break;
      start = prev;
    }
    // Deeper comment lines right below the item's content belong to it too.
    let end = lineEnd(text, contentEnd(text, coll, i, anchor) - 1);
    for (let n = nextLine(text, end); n !== -1; n = nextLine(text, end)) {
      const c = isCommentLine(text, n);
      if (!c || c.indent <= col) break;
      end = lineEnd(text, n);
    }
    bodies.push({ start, end });
    prevEnd = end;
  }
  const inlineFirst = isMap(coll) && bodies.length > 0 && bodies[0]!.start !== lineStart(text, bodies[0]!.start);
  return { flow: false, bodies, column: Math.max(0, column), contentOffset, inlineFirst };
}

// ---- Operations on a layout. ----

function sepBetween(text: string, l: Layout, i: number): string {
  return text.slice(l.bodies[i]!.end, l.bodies[i + 1]!.start);
}

/** The separator a new item gets: the neighbours', reduced to line breaks (block) or kept as is (flow). */
function typicalSep(text: string, l: Layout, near: number): string {
  const n = l.bodies.length;
  if (n < 2) return l.flow ? ", " : eolOf(text);
  const sep = sepBetween(text, l, Math.min(Math.max(near, 0), n - 2));
  if (l.flow) return sep.includes("#") ? ", " : sep;
  const eol = eolOf(text);
  // Keep one blank line when the items are spaced out; never copy the comments of a separator.
  const blank = sep.split("\n").slice(1, -1).some((line) => line.trim() === "");
  return blank ? eol + eol : eol;
}

/** Inserts an item's body (block: whole indented lines without the last line break; flow: the item's text). */
export function insertItem(text: string, l: Layout, index: number, body: string): Change {
  const n = l.bodies.length;
  if (n === 0) {
    if (!l.flow || !l.inner) throw new EditRefused("Nothing to insert next to.");
    // `[]` → `[a]`, `[ ]` → `[ a ]`: removing the item again gives back the same brackets.
    const pad = l.inner.end > l.inner.start ? " " : "";
    return { span: { start: l.inner.end, end: l.inner.end }, newText: body + pad };
  }
  const i = Math.min(Math.max(index, 0), n);
  if (i === 0 && l.inlineFirst) throw new EditRefused("Cannot insert before the first key of a list item.");
  if (i === n) {
    const at = l.bodies[n - 1]!.end;
    return { span: { start: at, end: at }, newText: typicalSep(text, l, n - 2) + body };
  }
  const at = l.bodies[i]!.start;
  return { span: { start: at, end: at }, newText: body + typicalSep(text, l, i - 1) };
}

/** Removes an item and one separator next to it (the one after it; for the last item, the one before). */
export function removeItem(l: Layout, index: number): Change {
  const n = l.bodies.length;
  const b = l.bodies[index];
  if (!b) throw new EditRefused("There is no such item.");
  if (n === 1) {
    if (!l.flow || !l.inner) throw new EditRefused("Cannot remove the only item of a block collection in place.");
    // `[a]` → `[]`, `[ a ]` → `[ ]`: the item and the spaces after it.
    return { span: { start: b.start, end: l.inner.end }, newText: "" };
  }
  // The first key of a list item (`- name: a`): the next key moves up onto the dash's line.
  if (index === 0 && l.inlineFirst) return { span: { start: b.start, end: l.bodies[1]!.start + l.column }, newText: "" };
  if (index < n - 1) return { span: { start: b.start, end: l.bodies[index + 1]!.start }, newText: "" };
  return { span: { start: l.bodies[index - 1]!.end, end: b.end }, newText: "" };
}

/** Moves the item at `from` to position `to`; separators stay where they are, so moving back restores the bytes. */
export function moveItem(text: string, l: Layout, from: number, to: number): Change | undefined {
  const n = l.bodies.length;
  if (from < 0 || from >= n || to < 0 || to >= n) throw new EditRefused(`There is no position ${Math.max(from, to) + 1} in a list of ${n}.`);
  if (from === to) return undefined;
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  if (lo === 0 && l.inlineFirst) throw new EditRefused("The first key of a list item stays first; edit it by hand.");
  const texts = l.bodies.slice(lo, hi + 1).map((b) => text.slice(b.start, b.end));
  const [moved] = texts.splice(from - lo, 1);
  texts.splice(to - lo, 0, moved!);
  let out = "";
  for (let k = 0; k < texts.length; k++) {
    out += texts[k];
    if (lo + k < hi) out += sepBetween(text, l, lo + k);
  }
  return { span: { start: l.bodies[lo]!.start, end: l.bodies[hi]!.end }, newText: out };
}

// ---- Writing new YAML in the file's style. ----

export type Quote = '"' | "'" | "";

export interface Style {
  eol: string;
  /** Spaces per nesting level of maps. */
  unit: number;
  /** How far a block list's dashes are indented under their key (`key:\n  - a` → 2, `key:\n- a` → 0). */
  seqIndent: number;
}

export function scalar(value: string, quote: Quote = ""): string {
  if (quote === "'") return `'${value.replace(/'/g, "''")}'`;
  if (quote === '"') return JSON.stringify(value);
  return readsBackPlain(value) ? value : JSON.stringify(value);
}

export function quoteOf(n: Node | null | undefined): Quote {
  if (!isScalar(n)) return "";
  const t = (n as Scalar).type;
  return t === "QUOTE_DOUBLE" ? '"' : t === "QUOTE_SINGLE" ? "'" : "";
}

/** The quoting of `key`'s value in the first of `maps` that has it (neighbours of a new entry). */
export function quoteFor(maps: ReadonlyArray<Node | null | undefined>, key: string): Quote {
  for (const m of maps) {
    if (!isMap(m)) continue;
    const p = (m as YAMLMap).items.find((x) => isScalar(x.key) && String((x.key as Scalar).value) === key);
    if (p) return quoteOf(p.value as Node);
  }
  return "";
}

/** Orders new fields like the first neighbour that has them; fields it lacks keep their place at the end. */
export function orderLike<T>(fields: Array<[string, T]>, maps: ReadonlyArray<Node | null | undefined>): Array<[string, T]> {
  const first = maps.find((m) => isMap(m)) as YAMLMap | undefined;
  if (!first) return fields;
  const keys = first.items.map((p) => (isScalar(p.key) ? String((p.key as Scalar).value) : ""));
  const rank = (k: string) => (keys.includes(k) ? keys.indexOf(k) : keys.length);
  return fields.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f[0]) - rank(b.f[0]) || a.i - b.i).map((x) => x.f);
}

/** Indentation unit and list style, read from the document's first nested block collections. */
export function styleOf(text: string, root: Node | null): Style {
  const found = measure(text, root);
  const u = found.unit ?? (found.seqIndent || 2);
  return { eol: eolOf(text), unit: u, seqIndent: found.seqIndent ?? u };
}

/** The document's style, overridden by what the collection a new entry goes into does itself. */
export function localStyle(text: string, st: Style, near: Node | null | undefined): Style {
  const found = measure(text, near ?? null);
  return { ...st, unit: found.unit ?? st.unit, seqIndent: found.seqIndent ?? st.seqIndent };
}

/** The most frequent map nesting and list indentation of block collections below `root`. */
function measure(text: string, root: Node | null): { unit?: number; seqIndent?: number } {
  const units = new Map<number, number>();
  const seqs = new Map<number, number>();
  const bump = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
  let budget = 2000;
  const visit = (n: Node | null | undefined, depth: number): void => {
    if (depth > 40 || budget-- <= 0) return;
    if (isMap(n) && !(n as { flow?: boolean }).flow) {
      for (const p of (n as YAMLMap).items) {
        const kr = rangeOf(p.key as Node);
        if (!kr) continue;
        const col = indentAt(text, kr[0]);
        const v = p.value as Node | null;
        if (isMap(v) && !(v as { flow?: boolean }).flow && v.items.length) {
          const c = rangeOf((v as YAMLMap).items[0]!.key as Node);
          if (c && lineStart(text, c[0]) !== lineStart(text, kr[0]) && indentAt(text, c[0]) > col) bump(units, indentAt(text, c[0]) - col);
        }
        if (isSeq(v) && !(v as { flow?: boolean }).flow && v.items.length) {
          const ir = rangeOf(v.items[0] as Node);
          if (ir && lineStart(text, ir[0]) !== lineStart(text, kr[0])) bump(seqs, Math.max(0, indentAt(text, ir[0]) - col));
        }
        visit(v, depth + 1);
      }
    } else if (isSeq(n) && !(n as { flow?: boolean }).flow) {
      for (const it of (n as YAMLSeq).items) visit(it as Node, depth + 1);
    }
  };
  visit(root, 0);
  const top = (m: Map<number, number>) => [...m.entries()].filter(([k]) => k <= 8).sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
  return { unit: top(units), seqIndent: top(seqs) };
}

/** A value to write: a scalar (already rendered), a map of values, or a list. */
export type Out = { s: string } | { map: Array<[string, Out]> } | { list: Out[] };

/** Renders `key: value` lines at `col` (a value that is a map or list goes below its key). */
export function renderPairs(pairs: Array<[string, Out]>, col: number, st: Style): string[] {
  const pad = " ".repeat(col);
  const out: string[] = [];
  for (const [k, v] of pairs) {
    if ("s" in v) out.push(`${pad}${k}: ${v.s}`);
    else if ("map" in v) {
      out.push(`${pad}${k}:`);
      out.push(...renderPairs(v.map, col + st.unit, st));
    } else {
      out.push(`${pad}${k}:`);
      out.push(...renderList(v.list, col + st.seqIndent, st));
    }
  }
  return out;
}

/** Renders list items with their dash at `col`. */
export function renderList(list: Out[], col: number, st: Style, contentOffset = 2): string[] {
  const pad = " ".repeat(col);
  const out: string[] = [];
  for (const v of list) {
    if ("s" in v) out.push(`${pad}- ${v.s}`);
    else if ("map" in v) {
      const lines = renderPairs(v.map, col + contentOffset, st);
      if (!lines.length) out.push(`${pad}- {}`);
      else out.push(`${pad}-${" ".repeat(contentOffset - 1)}${lines[0]!.slice(col + contentOffset)}`, ...lines.slice(1));
    } else throw new EditRefused("Nested lists are not written by Infraflow.");
  }
  return out;
}

/** A flow rendering (`{ name: a, block: b }`, or `{name: a}` when `compact`; `[a, b]`). */
export function renderFlow(v: Out, compact = false): string {
  if ("s" in v) return v.s;
  const inner = (x: Out) => renderFlow(x, compact);
  if ("map" in v) return compact ? `{${v.map.map(([k, x]) => `${k}: ${inner(x)}`).join(", ")}}` : `{ ${v.map.map(([k, x]) => `${k}: ${inner(x)}`).join(", ")} }`;
  return `[${v.list.map(inner).join(", ")}]`;
}

// ---- Higher-level edits. ----

/** Where a pair's value could hold a new collection: right after the key's colon (and anything on that line). */
function afterPairLine(text: string, p: Pair): number {
  const kr = rangeOf(p.key as Node)!;
  return lineEnd(text, kr[0]);
}

/**
 * Appends an item to the list that is the value of pair `p`: a block list gets a block item, a flow list a flow
 * item, an empty value a new block list below the key.
 */
export function appendToList(text: string, p: Pair, item: Out, doc: Style, index?: number): Change {
  const v = p.value as Node | null;
  const st = localStyle(text, doc, v);
  const kr = rangeOf(p.key as Node)!;
  const keyCol = indentAt(text, kr[0]);
  if (isSeq(v)) {
    const l = layoutOf(text, v as YAMLSeq);
    const at = index ?? l.bodies.length;
    if (l.flow) {
      const first = l.bodies[0];
      return insertItem(text, l, at, renderFlow(item, !!first && /^\{\S/.test(text.slice(first.start, first.end))));
    }
    if (!l.bodies.length) throw new EditRefused("This list has no items to follow.");
    return insertItem(text, l, at, renderList([item], l.column, st, l.contentOffset).join(st.eol));
  }
  if (v === null || (isScalar(v) && (v as Scalar).value === null && !(rangeOf(v) && rangeOf(v)![1] > rangeOf(v)![0]))) {
    const at = afterPairLine(text, p);
    return { span: { start: at, end: at }, newText: st.eol + renderList([item], keyCol + st.seqIndent, st).join(st.eol) };
  }
  throw new EditRefused(`'${String((p.key as Scalar).value)}' is not a list.`);
}

/** Adds `key: value` as the last pair of a block map (or a flow map). */
export function appendPair(text: string, map: YAMLMap, key: string, value: Out, doc: Style): Change {
  const l = layoutOf(text, map);
  const st = localStyle(text, doc, map);
  if (l.flow) {
    if ("s" in value || ("list" in value && value.list.every((x) => "s" in x))) return insertItem(text, l, l.bodies.length, `${key}: ${renderFlow(value)}`);
    throw new EditRefused("This map is written in flow style (`{…}`); edit it by hand.");
  }
  if (!l.bodies.length) throw new EditRefused("This map has no entries to follow.");
  return insertItem(text, l, l.bodies.length, renderPairs([[key, value]], l.column, st).join(st.eol));
}

/** Gives a key whose value is empty (`key:`) a block map value. */
export function fillEmptyKey(text: string, p: Pair, pairs: Array<[string, Out]>, st: Style): Change {
  const kr = rangeOf(p.key as Node)!;
  const keyCol = indentAt(text, kr[0]);
  const at = afterPairLine(text, p);
  return { span: { start: at, end: at }, newText: st.eol + renderPairs(pairs, keyCol + st.unit, st).join(st.eol) };
}

/** Whether a pair's value is empty: `key:` or `key: ~`/`null`. */
export function isEmptyValue(v: Node | null | undefined): boolean {
  if (v === null || v === undefined) return true;
  return isScalar(v) && (v as Scalar).value === null;
}

/** The item of a collection that a node is, or that holds the offset. */
export function indexIn(coll: YAMLSeq | YAMLMap, child: Node | Pair): number {
  return (coll.items as unknown[]).indexOf(child);
}

export function applyChanges(text: string, changes: ReadonlyArray<Change>): string {
  const sorted = [...changes].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let out = text;
  for (const c of sorted) out = out.slice(0, c.span.start) + c.newText + out.slice(c.span.end);
  return out;
}
