// Parsing with `yaml` (eemeli) and small helpers over its AST. Parse failures become problems, never exceptions.
import * as Y from "yaml";
import { parseAllDocuments, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from "yaml";
import type { Span } from "./text";
import { duplicateKeyErrorsDeep, flowDepthAt, MAX_FLOW_DEPTH, reparseInPlace } from "./yaml-incremental";

// The library's type tests, read once: bundled (esbuild, CommonJS `yaml`), each `isMap(…)` through the import is a
// call to a re-export getter whose property load sees every export name of the library (megamorphic), measured
// at ~7x the cost of the test itself. These run on every node the formats read.
const isAlias: typeof Y.isAlias = Y.isAlias;
const isMap: typeof Y.isMap = Y.isMap;
const isPair: typeof Y.isPair = Y.isPair;
const isScalar: typeof Y.isScalar = Y.isScalar;
const isSeq: typeof Y.isSeq = Y.isSeq;

export interface SyntaxProblem {
  span: Span;
  message: string;
  severity: "error" | "warning";
}

export interface ParsedYaml {
  /** The first document's root node, or null when empty or unparseable. */
  root: Node | null;
  doc: Document.Parsed | null;
  problems: SyntaxProblem[];
  /** The text held one YAML document (a condition for re-parsing it incrementally). */
  single?: boolean;
}

/** Tags that tools such as Atmos resolve themselves; we never warn about them. */
const QUIET_TAG_WARNINGS = new Set(["TAG_RESOLVE_FAILED"]);

/**
 * The parses of one workspace index (it owns one; formats reach it as `ws.parseYaml`). It keeps the last few parses
 * by text: detection (atmos, fabrikate) and analysis parse the same text one after the other, and several features
 * re-read files that did not change, so they share one parse. Parsed trees are read-only for everyone (the only
 * rewrite, Procfile's duplicate-key filter, is idempotent), so sharing is safe. Another index has its own cache, so
 * it never sees these trees nor what was kept on their nodes.
 */
export class YamlCache {
  private readonly recent = new Map<string, ParsedYaml>();
  private static readonly RECENT_MAX = 6;
  /** While set, every parse of `text` is `path`'s own, from `owned` (detection and analysis of an open document). */
  private scope: { path: string; text: string } | null = null;

  constructor(readonly owned: OwnedTrees = new OwnedTrees()) {}

  parse(text: string): ParsedYaml {
    if (this.scope && this.scope.text === text) return this.owned.parse(this.scope.path, text);
    const hit = this.recent.get(text);
    if (hit) {
      this.recent.delete(text);
      this.recent.set(text, hit);
      return hit;
    }
    const parsed = parseUncached(text);
    this.recent.set(text, parsed);
    if (this.recent.size > YamlCache.RECENT_MAX) this.recent.delete(this.recent.keys().next().value!);
    return parsed;
  }

  /** Runs `fn` with every parse of `text` answered as `path`'s own, from the owned trees. */
  asOwner<T>(path: string, text: string, fn: () => T): T {
    const before = this.scope;
    this.scope = { path, text };
    try {
      return fn();
    } finally {
      this.scope = before;
    }
  }

  /** Hands a shared parse to an opened document (OwnedTrees.adopt): it leaves the shared cache, so nobody else gets it. */
  adopt(path: string, text: string, parsed: ParsedYaml): void {
    if (this.recent.get(text) === parsed) this.recent.delete(text);
    this.owned.adopt(path, text, parsed);
  }
}

/**
 * Open documents' own trees, kept by the index. The index parses an open document "as its owner" (`asOwner`): the
 * first time in full, then, keystroke after keystroke, incrementally from the previous tree, which is changed in
 * place (yaml-incremental.ts). Owned trees never enter the shared cache: only the owner can reach them, so nobody
 * else ever sees one change.
 */
export class OwnedTrees {
  private readonly byPath = new Map<string, { text: string; parsed: ParsedYaml }>();
  /** How many parses were incremental and how many whole (tests and the benchmark read these). */
  readonly stats = { incremental: 0, whole: 0 };
  /** Forgets a document's tree (it was closed). */
  release(path: string): void {
    this.byPath.delete(path);
  }
  has(path: string): boolean {
    return this.byPath.has(path);
  }
  /**
   * Takes over the parse of a file's disk text when it is opened, so that the editor's text (the same, or the
   * same plus a change) is re-parsed from it instead of whole. The caller must know nobody else holds the tree
   * (YamlCache.adopt takes it out of the shared cache).
   */
  adopt(path: string, text: string, parsed: ParsedYaml): void {
    this.byPath.set(path, { text, parsed });
  }
  /** The owner's parse of `text`: the tree it has, re-parsed incrementally when it can be, or a new one. */
  parse(path: string, text: string): ParsedYaml {
    const mine = this.byPath.get(path);
    if (mine && mine.text === text) return mine.parsed;
    let parsed = mine ? reparse(mine.text, mine.parsed, text) : undefined;
    if (parsed) this.stats.incremental++;
    else {
      // Never keep a tree an attempt may have left half-changed.
      this.byPath.delete(path);
      parsed = parseUncached(text);
      this.stats.whole++;
    }
    this.byPath.set(path, { text, parsed });
    return parsed;
  }
}

/**
 * A new parse of `text`, kept by nobody: for tests and for code with no workspace at hand. Format code parses with
 * `ws.parseYaml`, its index's cache.
 */
export function parseYaml(text: string): ParsedYaml {
  return parseUncached(text);
}

/** `before` (the parse of `oldText`) brought to `text` in place, as a new ParsedYaml; undefined when it has to be whole. */
function reparse(oldText: string, before: ParsedYaml, text: string): ParsedYaml | undefined {
  const { doc, single } = before;
  if (!doc || !single) return undefined;
  try {
    if (!reparseInPlace(doc, oldText, text)) return undefined;
  } catch {
    return undefined;
  }
  return { root: (doc.contents as Node | null) ?? null, doc, problems: problemsOf([doc]), single: true };
}

function parseUncached(text: string): ParsedYaml {
  const deep = flowDepthAt(text, MAX_FLOW_DEPTH);
  if (deep >= 0) {
    const message = `The document nests [ ] or { } more than ${MAX_FLOW_DEPTH} deep here; it is not read.`;
    return { root: null, doc: null, problems: [{ span: { start: deep, end: deep + 1 }, message, severity: "error" }] };
  }
  try {
    // Duplicate keys are found below in linear time: the library's own check compares every key with every
    // earlier key of its map, which is quadratic (seconds for a 10k-entry mapping such as a long Procfile).
    const docs = parseAllDocuments(text, { prettyErrors: false, strict: false, keepSourceTokens: false, uniqueKeys: false });
    if (!Array.isArray(docs)) {
      // An empty stream comes back as an EmptyStream object.
      return { root: null, doc: null, problems: [] };
    }
    for (const d of docs) addDuplicateKeyErrors(d);
    const problems = problemsOf(docs);
    const doc = docs[0] ?? null;
    const extra = docs.slice(1).find((d) => d.contents !== null);
    if (extra && extra.range) {
      problems.push({ span: { start: extra.range[0], end: extra.range[0] + 3 }, message: "Only the first YAML document of this file is read.", severity: "warning" });
    }
    return { root: (doc?.contents as Node | null) ?? null, doc, problems, single: docs.length === 1 };
  } catch (e) {
    // Deeply nested input can exhaust the stack inside the composer; report it instead of crashing.
    const message = e instanceof RangeError ? "The document is nested too deeply to be read." : `The document could not be read: ${String((e as Error)?.message ?? e)}`;
    return { root: null, doc: null, problems: [{ span: { start: 0, end: Math.min(1, text.length) }, message, severity: "error" }] };
  }
}

/**
 * Reports keys that repeat an earlier key of the same mapping, exactly as the library does with its default
 * `uniqueKeys` (same code, message and position; scalars equal by value, other keys only to themselves), in one
 * pass with a set per mapping. Each error goes where the library would have raised it, among the errors in
 * source order.
 */
function addDuplicateKeyErrors(doc: Document.Parsed): void {
  const found = duplicateKeyErrorsDeep(doc.contents);
  if (!found.length) return;
  const merged = [...doc.errors];
  for (const e of found) {
    const i = merged.findIndex((x) => x.pos[0] > e.pos[0]);
    if (i === -1) merged.push(e);
    else merged.splice(i, 0, e);
  }
  doc.errors.length = 0;
  doc.errors.push(...merged);
}

function problemsOf(docs: Document.Parsed[]): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  for (const d of docs) {
    for (const e of d.errors) {
      problems.push({ span: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) }, message: firstLine(e.message), severity: "error" });
    }
    for (const w of d.warnings) {
      if (QUIET_TAG_WARNINGS.has(w.code)) continue;
      problems.push({ span: { start: w.pos[0], end: Math.max(w.pos[1], w.pos[0] + 1) }, message: firstLine(w.message), severity: "warning" });
    }
  }
  return problems;
}

function firstLine(s: string): string {
  const i = s.indexOf("\n");
  return (i === -1 ? s : s.slice(0, i)).replace(/ at line \d+, column \d+:?$/, "").trim();
}

export function spanOf(node: Node | Pair | null | undefined): Span | undefined {
  if (!node) return undefined;
  if (isPair(node)) {
    const k = spanOf(node.key as Node);
    const v = spanOf(node.value as Node);
    if (k && v) return { start: k.start, end: v.end };
    return k ?? v;
  }
  const r = (node as Node).range;
  if (!r) return undefined;
  return { start: r[0], end: r[1] };
}

export interface Entry {
  key: string;
  keyNode: Scalar;
  value: Node | null;
  pair: Pair;
}

/** The key of a pair as lookups see it: only scalar keys that are not null; numbers and booleans as text. */
function keyOf(pair: unknown): string | undefined {
  if (!isPair(pair)) return undefined;
  const k = (pair as Pair).key;
  if (!isScalar(k)) return undefined;
  const v = (k as Scalar).value;
  if (v === null || v === undefined || typeof v === "object") return undefined;
  return typeof v === "string" ? v : String(v);
}

function toEntry(pair: Pair, key: string): Entry {
  return { key, keyNode: pair.key as Scalar, value: (pair.value as Node | null) ?? null, pair };
}

/** The scalar-keyed pairs of a map, in source order. */
export function entries(node: Node | null | undefined): Entry[] {
  if (!isMap(node)) return [];
  const out: Entry[] = [];
  for (const pair of (node as YAMLMap).items) {
    const k = keyOf(pair);
    if (k !== undefined) out.push(toEntry(pair as Pair, k));
  }
  return out;
}

/** The first pair with this key (a walk that builds nothing until it finds it). */
export function entry(node: Node | null | undefined, key: string): Entry | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of (node as YAMLMap).items) {
    if (keyOf(pair) === key) return toEntry(pair as Pair, key);
  }
  return undefined;
}

/** The value of the first pair with this key. */
export function get(node: Node | null | undefined, key: string): Node | null {
  if (!isMap(node)) return null;
  for (const pair of (node as YAMLMap).items) {
    if (keyOf(pair) === key) return ((pair as Pair).value as Node | null) ?? null;
  }
  return null;
}

/** The first pair whose key equals this one ignoring case (`lowerKey` given in lower case). */
export function entryLower(node: Node | null | undefined, lowerKey: string): Entry | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of (node as YAMLMap).items) {
    const k = keyOf(pair);
    if (k !== undefined && (k === lowerKey || k.toLowerCase() === lowerKey)) return toEntry(pair as Pair, k);
  }
  return undefined;
}

/**
 * The first pair of each key of a mapping, in one pass: for a model that reads many keys of one mapping, one
 * walk instead of one per key. With `lower`, keys are stored lower-cased (look them up in lower case); the first
 * pair wins either way, as with `entry`/`entryLower`.
 */
export function fields(node: Node | null | undefined, lower = false): Map<string, Entry> {
  const out = new Map<string, Entry>();
  if (!isMap(node)) return out;
  for (const pair of (node as YAMLMap).items) {
    const k = keyOf(pair);
    if (k === undefined) continue;
    const at = lower ? k.toLowerCase() : k;
    if (!out.has(at)) out.set(at, toEntry(pair as Pair, k));
  }
  return out;
}

/** Items of a sequence. */
export function items(node: Node | null | undefined): Node[] {
  if (!isSeq(node)) return [];
  return (node as YAMLSeq).items.filter((i): i is Node => i !== null && typeof i === "object") as Node[];
}

/** The string value of a scalar (numbers and booleans as text), or undefined for anything else. */
export function str(node: Node | null | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return undefined;
}

/** The span of a scalar's text without its quotes, so that renames and highlights cover only the name. */
export function innerSpan(node: Node): Span | undefined {
  const s = spanOf(node);
  if (!s) return undefined;
  if (isScalar(node) && (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") && s.end - s.start >= 2) {
    return { start: s.start + 1, end: s.end - 1 };
  }
  return s;
}

export function hasCustomTag(node: Node | null | undefined): boolean {
  const tag = (node as { tag?: string } | null)?.tag;
  return typeof tag === "string" && tag.startsWith("!") && !tag.startsWith("!!");
}

/** Whether `value` reads back as the same string when written plain, in block and in flow context. */
export function readsBackPlain(value: string): boolean {
  if (!value || value !== value.trim() || /[\n\r\t]/.test(value)) return false;
  try {
    const block = Y.parse(`k: ${value}`) as { k?: unknown } | null;
    const flow = Y.parse(`k: [${value}]`) as { k?: unknown[] } | null;
    return block?.k === value && Array.isArray(flow?.k) && flow!.k.length === 1 && flow!.k[0] === value;
  } catch {
    return false;
  }
}

export { isAlias, isMap, isScalar, isSeq, isPair };
export type { Node, Pair, Scalar, YAMLMap, YAMLSeq };
