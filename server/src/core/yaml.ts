// Parsing with `yaml` (eemeli) and small helpers over its AST. Parse failures become problems, never exceptions.
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, YAMLParseError, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from "yaml";
import type { Span } from "./text";

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
}

/** Tags that tools such as Atmos resolve themselves; we never warn about them. */
const QUIET_TAG_WARNINGS = new Set(["TAG_RESOLVE_FAILED"]);

/**
 * The last few parses by text. Detection (atmos, fabrikate) and analysis parse the same text one after the other,
 * and several features re-read files that did not change: they now share one parse. Parsed trees are read-only
 * for everyone (the only rewrite, Procfile's duplicate-key filter, is idempotent), so sharing is safe.
 */
const recent = new Map<string, ParsedYaml>();
const RECENT_MAX = 6;

export function parseYaml(text: string): ParsedYaml {
  const hit = recent.get(text);
  if (hit) {
    recent.delete(text);
    recent.set(text, hit);
    return hit;
  }
  const parsed = parseUncached(text);
  recent.set(text, parsed);
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!);
  return parsed;
}

function parseUncached(text: string): ParsedYaml {
  try {
    // Duplicate keys are found below in linear time: the library's own check compares every key with every
    // earlier key of its map, which is quadratic (seconds for a 10k-entry mapping such as a long Procfile).
    const docs = parseAllDocuments(text, { prettyErrors: false, strict: false, keepSourceTokens: false, uniqueKeys: false });
    if (!Array.isArray(docs)) {
      // An empty stream comes back as an EmptyStream object.
      return { root: null, doc: null, problems: [] };
    }
    const problems: SyntaxProblem[] = [];
    for (const d of docs) {
      addDuplicateKeyErrors(d);
      for (const e of d.errors) {
        problems.push({ span: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) }, message: firstLine(e.message), severity: "error" });
      }
      for (const w of d.warnings) {
        if (QUIET_TAG_WARNINGS.has(w.code)) continue;
        problems.push({ span: { start: w.pos[0], end: Math.max(w.pos[1], w.pos[0] + 1) }, message: firstLine(w.message), severity: "warning" });
      }
    }
    const doc = docs[0] ?? null;
    const extra = docs.slice(1).find((d) => d.contents !== null);
    if (extra && extra.range) {
      problems.push({ span: { start: extra.range[0], end: extra.range[0] + 3 }, message: "Only the first YAML document of this file is read.", severity: "warning" });
    }
    return { root: (doc?.contents as Node | null) ?? null, doc, problems };
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
  const found: YAMLParseError[] = [];
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of (node as YAMLMap).items) {
        const k = pair.key as Node | null;
        const v = isScalar(k) ? (k as Scalar).value : k;
        const comparable = !(typeof v === "number" && Number.isNaN(v));
        if (comparable && seen.has(v) && k && (k as Node).range) {
          const at = (k as Node).range![0];
          found.push(new YAMLParseError([at, at + 1], "DUPLICATE_KEY", "Map keys must be unique"));
        }
        if (comparable) seen.add(v);
        visit(pair.key);
        visit(pair.value);
      }
    } else if (isSeq(node)) {
      for (const it of (node as YAMLSeq).items) visit(it);
    } else if (isPair(node)) {
      visit((node as Pair).key);
      visit((node as Pair).value);
    }
  };
  visit(doc.contents);
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

/** The scalar-keyed pairs of a map, in source order. */
export function entries(node: Node | null | undefined): Entry[] {
  if (!isMap(node)) return [];
  const out: Entry[] = [];
  for (const pair of (node as YAMLMap).items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const k = (pair.key as Scalar).value;
    if (k === null || k === undefined || typeof k === "object") continue;
    out.push({ key: String(k), keyNode: pair.key as Scalar, value: (pair.value as Node | null) ?? null, pair: pair as Pair });
  }
  return out;
}

export function entry(node: Node | null | undefined, key: string): Entry | undefined {
  return entries(node).find((e) => e.key === key);
}

export function get(node: Node | null | undefined, key: string): Node | null {
  return entry(node, key)?.value ?? null;
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

export { isAlias, isMap, isScalar, isSeq, isPair };
export type { Node, Pair, Scalar, YAMLMap, YAMLSeq };
