// Incremental re-parse of a YAML document after an edit: instead of parsing the whole text again (100–140 ms for a
// 10k-line file here), only the block-collection entry that contains the edit is parsed, on its own, and spliced
// into the previous tree; every offset after the edit is shifted in place.
//
// An entry (a `key: …` pair of a block mapping, or a `- …` item of a block sequence) spans whole lines: from the
// start of its first line to the start of the next entry's first line. Block YAML is read left to right and an
// entry ends where a line at its own indentation starts, so parsing those lines alone gives the same nodes as
// parsing them in place, provided that
// - the previous document had no errors (only our duplicate-key findings) and was a single document,
// - the new text of the entry parses alone without errors, as a collection of the same kind holding exactly one
//   entry that starts on the first line at the same column, and the text after it still starts on a new line,
// - no anchor or alias is in the old or the new entry (an alias elsewhere could point into it),
// - no document marker or directive is in the new entry.
// The deepest entry that satisfies all of this is used; when none does, the caller parses the whole text.
// Callers must own the previous tree alone: it is changed in place.
import { detached, diffTexts, type TextChange } from "./text";
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, YAMLParseError, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from "yaml";

/**
 * Collections whose content an incremental re-parse changed (the edited entry's ancestors) get a new stamp; any
 * other node kept from the previous tree has the same content, only shifted. Caches keyed by node identity (the
 * shape check's) compare stamps to know a kept node still means the same. A node's stamp only ever grows, so a
 * new one differs from every stamp that node had: no counter outside the tree is needed.
 */
const STAMP = Symbol("infraflow.editStamp");
export function editStamp(node: object): number {
  return (node as { [STAMP]?: number })[STAMP] ?? 0;
}

export { diffTexts, type TextChange } from "./text";

type Collection = YAMLMap | YAMLSeq;
type Item = Pair | Node | null;

interface Unit {
  parent: Collection;
  index: number;
  /** Offsets in the old text: the start of the entry's first line and the start of the line after it. */
  start: number;
  end: number;
  /** Column of the key (mapping) or of the `-` (sequence). */
  col: number;
  /** The collections that hold the entry, from the root down to `parent`, and the entry of each on the way. */
  ancestors: Collection[];
  path: number[];
}

const PARSE_OPTIONS = { prettyErrors: false, strict: false, keepSourceTokens: false, uniqueKeys: false } as const;

/** Where an entry starts: a pair's key, a sequence item's node. */
function itemStart(item: Item): number | undefined {
  if (item === null || item === undefined) return undefined;
  if (isPair(item)) return (item.key as Node | null)?.range?.[0];
  return (item as Node).range?.[0];
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Column of the first non-blank character of the line that starts at `ls`, and that character's offset. */
function firstNonBlank(text: string, ls: number): number {
  let i = ls;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  return i;
}

/**
 * Whether the entry starting at `at` opens its line the way a block entry does: a key first on its line, or a
 * sequence's `-` first on its line (with the item's node after it on the same line).
 */
function opensLine(text: string, kind: "map" | "seq", at: number): { lineStart: number; col: number } | undefined {
  const ls = lineStartOf(text, at);
  const fn = firstNonBlank(text, ls);
  if (kind === "map") return fn === at ? { lineStart: ls, col: at - ls } : undefined;
  if (text.charCodeAt(fn) !== 45 /* - */) return undefined;
  const after = text.charCodeAt(fn + 1);
  if (after !== 32 && after !== 10 && after !== 13) return undefined;
  // The item's node must be on this line, after the dash.
  if (at <= fn || text.slice(fn, at).includes("\n")) return undefined;
  return { lineStart: ls, col: fn - ls };
}

/** Candidate entries containing the change, deepest first. */
function unitsFor(text: string, root: Node, ch: TextChange): Unit[] {
  const out: Unit[] = [];
  const chain: Collection[] = [];
  const indices: number[] = [];
  let node: unknown = root;
  let regionEnd = text.length;
  while ((isMap(node) || isSeq(node)) && !(node as Collection).flow) {
    const coll = node as Collection;
    chain.push(coll);
    const list = coll.items as Item[];
    if (list.length === 0) break;
    // The last entry that starts at or before the change (binary search on entry starts).
    let lo = 0;
    let hi = list.length - 1;
    let i = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = itemStart(list[mid]!);
      if (s === undefined) return out.reverse();
      if (lineStartOf(text, s) <= ch.start) {
        i = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (i === -1) break;
    const s = itemStart(list[i]!)!;
    const nextStart = i + 1 < list.length ? itemStart(list[i + 1]!) : undefined;
    if (i + 1 < list.length && nextStart === undefined) break;
    const start = lineStartOf(text, s);
    const end = nextStart !== undefined ? lineStartOf(text, nextStart) : regionEnd;
    if (!(start <= ch.start && ch.oldEnd <= end)) break;
    const kind = isMap(coll) ? "map" : "seq";
    const opened = opensLine(text, kind, s);
    const colOfColl = coll.range ? coll.range[0] - lineStartOf(text, coll.range[0]) : -1;
    if (opened && opened.col === colOfColl && (nextStart === undefined || opensLine(text, kind, nextStart)?.col === opened.col)) {
      out.push({ parent: coll, index: i, start, end, col: opened.col, ancestors: [...chain], path: [...indices, i] });
    }
    indices.push(i);
    const item = list[i]!;
    node = isPair(item) ? item.value : item;
    regionEnd = end;
  }
  return out.reverse();
}

function hasAnchorOrAlias(node: unknown): boolean {
  if (node === null || node === undefined || typeof node !== "object") return false;
  if (isAlias(node)) return true;
  if (isPair(node)) return hasAnchorOrAlias(node.key) || hasAnchorOrAlias(node.value);
  if ((node as { anchor?: string }).anchor) return true;
  if (isMap(node) || isSeq(node)) {
    for (const it of (node as Collection).items as unknown[]) if (hasAnchorOrAlias(it)) return true;
  }
  return false;
}

function emptyNodeReaching(node: unknown, end: number): boolean {
  if (node === null || node === undefined || typeof node !== "object") return false;
  if (isPair(node)) return emptyNodeReaching(node.key, end) || emptyNodeReaching(node.value, end);
  const r = (node as Node).range;
  if (isScalar(node) && r && r[0] === r[1] && r[2] >= end) return true;
  if (isMap(node) || isSeq(node)) for (const it of (node as Collection).items as unknown[]) if (emptyNodeReaching(it, end)) return true;
  return false;
}

const MARKER = /^(?:---|\.\.\.)(?:[ \t\r\n]|$)|^%/m;

interface Parsed {
  item: Item;
  doc: Document.Parsed;
}

/** Deeper flow nesting than any real file has; the parser is not given such text (see flowDepthAt). */
export const MAX_FLOW_DEPTH = 256;

/**
 * Where the nesting of flow collections (`[`, `{`) first goes deeper than `limit`, or -1. Brackets are counted
 * wherever they are (in quotes and comments too), which can only over-count: harmless at a limit no real file
 * reaches. The guard exists because the yaml library on Node 20 can abort the whole process (a fatal V8
 * out-of-memory while compiling a regular expression, which no try/catch sees) on a few thousand nested `[`.
 */
export function flowDepthAt(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return -1;
}

/** Parses one entry's new lines alone and checks it reads as that entry would in place. */
function parseUnit(newText: string, unit: Unit, ch: TextChange): Parsed | undefined {
  const delta = ch.newEnd - ch.oldEnd;
  const newEnd = unit.end + delta;
  if (newEnd <= unit.start) return undefined;
  if (newEnd < newText.length && newText.charCodeAt(newEnd - 1) !== 10) return undefined;
  // In place, an empty node at the end of the entry reaches over the next line's indentation: include it.
  let tail = newEnd;
  while (tail < newText.length && newText.charCodeAt(tail) === 32) tail++;
  // Parsed from a copy: the nodes kept after later edits must not keep this whole version of the text alive.
  const src = detached(newText.slice(unit.start, tail));
  if (MARKER.test(src) || flowDepthAt(src, MAX_FLOW_DEPTH) >= 0) return undefined;
  const docs = parseAllDocuments(src, PARSE_OPTIONS);
  if (!Array.isArray(docs) || docs.length !== 1) return undefined;
  const doc = docs[0]!;
  if (doc.errors.length) return undefined;
  const root = doc.contents as Node | null;
  const kind = isMap(unit.parent) ? "map" : "seq";
  if (kind === "map" ? !isMap(root) : !isSeq(root)) return undefined;
  const coll = root as Collection;
  if (coll.flow || coll.items.length !== 1) return undefined;
  const item = coll.items[0] as Item;
  const s = itemStart(item);
  if (s === undefined) return undefined;
  // An empty key takes its place from what precedes it, which is outside these lines.
  if (isPair(item) && (!item.key || (item.key as Node).range![0] === (item.key as Node).range![1])) return undefined;
  const opened = opensLine(src, kind, s);
  if (!opened || opened.lineStart !== 0 || opened.col !== unit.col) return undefined;
  if (hasAnchorOrAlias(item)) return undefined;
  // An empty node ends where the next token starts; at the end of the entry that token is outside its lines.
  if (emptyNodeReaching(item, newEnd - unit.start)) return undefined;
  return { item, doc };
}

/**
 * Moves every range in a subtree by `by`. This runs over everything after the edit on every keystroke, so it
 * reads the nodes' own fields (a collection's `items`, a pair's `key` and `value`) instead of calling the
 * library's type tests, whose symbol-keyed lookups cost three times as much here.
 */
function shiftAll(node: unknown, by: number): void {
  if (by === 0 || node === null || node === undefined || typeof node !== "object") return;
  const n = node as { range?: [number, number, number]; items?: unknown[]; key?: unknown; value?: unknown };
  const r = n.range;
  if (r) {
    r[0] += by;
    r[1] += by;
    r[2] += by;
    const list = n.items;
    if (list) for (let i = 0; i < list.length; i++) shiftAll(list[i], by);
  } else if (isPair(n)) {
    shiftAll(n.key, by);
    shiftAll(n.value, by);
  }
}

/** What a key is compared by: a scalar's value, any other key itself. */
function keyValue(k: unknown): unknown {
  return isScalar(k) ? k.value : k;
}
function comparable(v: unknown): boolean {
  return !(typeof v === "number" && Number.isNaN(v));
}
function sameKey(a: unknown, b: unknown): boolean {
  return comparable(a) && comparable(b) && a === b;
}

/** Duplicate keys of one mapping, as the library reports them (see addDuplicateKeyErrors in yaml.ts). */
function duplicateKeyErrors(map: YAMLMap): YAMLParseError[] {
  const out: YAMLParseError[] = [];
  const seen = new Set<unknown>();
  for (const pair of map.items) {
    const k = pair.key as Node | null;
    const v = keyValue(k);
    if (!comparable(v)) continue;
    if (seen.has(v) && k && k.range) out.push(new YAMLParseError([k.range[0], k.range[0] + 1], "DUPLICATE_KEY", "Map keys must be unique"));
    seen.add(v);
  }
  return out;
}

/** Duplicate keys of every mapping in a subtree. */
export function duplicateKeyErrorsDeep(node: unknown, out: YAMLParseError[] = []): YAMLParseError[] {
  if (node === null || node === undefined || typeof node !== "object") return out;
  if (isPair(node)) {
    duplicateKeyErrorsDeep(node.key, out);
    duplicateKeyErrorsDeep(node.value, out);
  } else if (isMap(node)) {
    out.push(...duplicateKeyErrors(node as YAMLMap));
    for (const p of (node as YAMLMap).items) duplicateKeyErrorsDeep(p, out);
  } else if (isSeq(node)) {
    for (const it of (node as YAMLSeq).items) duplicateKeyErrorsDeep(it, out);
  }
  return out;
}

/**
 * Re-parses `newText` from `doc` (the parse of `oldText`), changing `doc` in place. Returns false, with `doc`
 * untouched, when the edit cannot be handled incrementally; the caller then parses the whole text.
 */
export function reparseInPlace(doc: Document.Parsed, oldText: string, newText: string): boolean {
  if (doc.errors.some((e) => e.code !== "DUPLICATE_KEY")) return false;
  const root = doc.contents as Node | null;
  if (!root) return false;
  const ch = diffTexts(oldText, newText);
  if (!ch) return true;
  // A huge edit (paste, format, undo of many lines) is cheaper to parse whole than to try entry by entry.
  const biggest = (oldText.length >> 1) + 1;
  for (const unit of unitsFor(oldText, root, ch)) {
    if (unit.end - unit.start > biggest) break;
    const old = (unit.parent.items as Item[])[unit.index]!;
    if (hasAnchorOrAlias(old)) return false;
    const got = parseUnit(newText, unit, ch);
    if (!got) continue;
    if (splice(doc, unit, ch, old, got, oldText, newText)) return true;
  }
  return false;
}

/** The node an entry ends with: a sequence item itself, a pair's value (or key, when it has none). */
function lastNode(item: Item): Node | null {
  return ((isPair(item) ? (item.value ?? item.key) : item) as Node | null) ?? null;
}

const BLANK = /^[ \t\r\n]*$/;

/**
 * New ranges for the entry's ancestors, or undefined when they cannot be derived. A block collection's range is
 * [its first entry's start, its last entry's node end, that or the end of a comment after its last entry]: for
 * each ancestor whose last entry leads down to this one, the ends follow the new entry; above that, they are
 * after the entry's lines and just shift.
 */
function ancestorRanges(unit: Unit, ch: TextChange, f: (x: number) => number, old: Item, item: Item, oldText: string, newText: string): [number, number, number][] | undefined {
  const oldStart = itemStart(old)!;
  const newStart = itemStart(item)!;
  const out: [number, number, number][] = [];
  const oldEnd = lastNode(old)?.range?.[2];
  const newEnd = lastNode(item)?.range?.[2];
  if (oldEnd === undefined || newEnd === undefined) return undefined;
  let last = unit.index === unit.parent.items.length - 1;
  if (last) {
    // Nothing but blank lines may follow the entry in its lines: a comment there would belong to an ancestor.
    const delta = ch.newEnd - ch.oldEnd;
    if (oldEnd < unit.end && !BLANK.test(oldText.slice(oldEnd, unit.end))) return undefined;
    if (newEnd < unit.end + delta && !BLANK.test(newText.slice(newEnd, unit.end + delta))) return undefined;
  }
  for (let i = unit.ancestors.length - 1; i >= 0; i--) {
    const a = unit.ancestors[i]!;
    const r = a.range;
    if (!r) return undefined;
    const start = r[0] === oldStart ? newStart : f(r[0]);
    if (!last) {
      out[i] = [start, f(r[1]), f(r[2])];
      continue;
    }
    if (r[1] !== oldEnd || r[2] !== r[1]) return undefined;
    out[i] = [start, newEnd, newEnd];
    // Is this collection the last entry of the one above?
    if (i > 0) {
      const up = unit.ancestors[i - 1]!;
      const tail = up.items[up.items.length - 1] as Item;
      last = (isPair(tail) ? tail.value : tail) === a;
    }
  }
  return out;
}

function splice(doc: Document.Parsed, unit: Unit, ch: TextChange, old: Item, got: Parsed, oldText: string, newText: string): boolean {
  const delta = ch.newEnd - ch.oldEnd;
  const newItem = got.item;
  shiftAll(newItem, unit.start);
  // Offsets before the entry's lines stay, those after them shift; inside them, only ancestors have offsets.
  const f = (x: number): number => (x < unit.start ? x : x >= unit.end ? x + delta : x < ch.start ? x : x >= ch.oldEnd ? x + delta : ch.newEnd);
  const ranges = ancestorRanges(unit, ch, f, old, newItem, oldText, newText);
  if (!ranges) return false;
  const root = unit.ancestors[0]!;
  const oldRootStart = root.range?.[0];
  // Everything after the entry, level by level: the entries that follow it, and those that follow each ancestor.
  unit.ancestors.forEach((a, level) => {
    const list = a.items as Item[];
    for (let j = unit.path[level]! + 1; j < list.length; j++) shiftAll(list[j], delta);
  });
  unit.ancestors.forEach((a, i) => {
    a.range = ranges[i]!;
    (a as { [STAMP]?: number })[STAMP] = editStamp(a) + 1;
  });
  // The document starts where its first token does (the root, unless comments or a marker come first) and its
  // value ends where the root does.
  if (doc.range) {
    const d = doc.range;
    // After the root come the document's own trailing spaces and comments: unchanged, unless the entry is the
    // last thing in the text, where they are the entry's and read as in its own parse.
    const trailing = unit.end === oldText.length && got.doc.range ? got.doc.range[2] - got.doc.range[1] : d[2] - d[1];
    doc.range = [d[0] < ch.start ? d[0] : d[0] === oldRootStart ? ranges[0]![0] : f(d[0]), ranges[0]![2], ranges[0]![2] + trailing];
  }
  (unit.parent.items as Item[])[unit.index] = newItem;

  const inUnit = (pos: number): boolean => pos >= unit.start && pos < unit.end;
  // Duplicate keys among the entry's siblings change only when its key does, and only for the old and new key:
  // a keystroke in a value of a 10k-entry mapping (a Procfile) must not re-check the whole mapping.
  const affected = new Set<unknown>();
  const affectedAt = new Set<number>();
  if (isMap(unit.parent) && isPair(old) && isPair(newItem)) {
    const before = keyValue(old.key);
    const after = keyValue(newItem.key);
    if (!sameKey(before, after)) {
      for (const v of [before, after]) if (comparable(v)) affected.add(v);
      for (const p of unit.parent.items) {
        const k = p.key as Node | null;
        if (p !== newItem && k?.range && affected.has(keyValue(k))) affectedAt.add(k.range[0]);
      }
    }
  }
  // With the same key, the entry's own key repeats an earlier one exactly when it did before.
  const ownKey = isPair(old) && isPair(newItem) && !affected.size ? (old.key as Node | null)?.range?.[0] : undefined;
  const newOwnKey = ownKey === undefined ? undefined : ((newItem as Pair).key as Node).range![0];
  const errors: YAMLParseError[] = [];
  for (const e of doc.errors) {
    // Only duplicate keys are left (checked above): those of the entry, and of its siblings with its old or new
    // key, are found again below.
    if (ownKey !== undefined && e.pos[0] === ownKey) {
      e.pos = [newOwnKey!, newOwnKey! + 1];
      errors.push(e);
      continue;
    }
    if (inUnit(e.pos[0])) continue;
    const pos: [number, number] = [f(e.pos[0]), f(e.pos[1])];
    if (affectedAt.has(pos[0])) continue;
    e.pos = pos;
    errors.push(e);
  }
  if (affected.size) {
    const seenKeys = new Set<unknown>();
    for (const p of (unit.parent as YAMLMap).items) {
      const k = p.key as Node | null;
      const v = keyValue(k);
      if (!affected.has(v)) continue;
      if (seenKeys.has(v) && k?.range) errors.push(new YAMLParseError([k.range[0], k.range[0] + 1], "DUPLICATE_KEY", "Map keys must be unique"));
      seenKeys.add(v);
    }
  }
  duplicateKeyErrorsDeep(isPair(newItem) ? newItem.value : newItem, errors);
  if (isPair(newItem)) duplicateKeyErrorsDeep(newItem.key, errors);
  const seen = new Set<number>();
  const unique = errors.filter((e) => (seen.has(e.pos[0]) ? false : (seen.add(e.pos[0]), true)));
  unique.sort((a, b) => a.pos[0] - b.pos[0]);
  doc.errors.length = 0;
  doc.errors.push(...unique);

  const warnings = doc.warnings.filter((w) => !inUnit(w.pos[0]));
  for (const w of warnings) w.pos = [f(w.pos[0]), f(w.pos[1])];
  for (const w of got.doc.warnings) {
    w.pos = [w.pos[0] + unit.start, w.pos[1] + unit.start];
    warnings.push(w);
  }
  warnings.sort((a, b) => a.pos[0] - b.pos[0]);
  doc.warnings.length = 0;
  doc.warnings.push(...warnings);
  return true;
}
