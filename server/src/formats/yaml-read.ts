// The helpers of core/yaml that formats call on every node, written so that a lookup builds nothing and calls
// the library's type tests directly.
//
// - `entry`/`get` of core/yaml call `entries()`, which makes an Entry for every pair of the mapping each time.
// - Bundled (esbuild, CommonJS `yaml`), each `isMap(…)`/`isScalar(…)` through an import is a call to a
//   re-export getter whose one property load sees every export name of the library (megamorphic): measured,
//   ~7× the cost of the lookup itself. Here the type tests are read once, when the module loads.
//
// Same results as core/yaml, rule for rule (keep them in step): only pairs with a scalar key count, keys that
// are null, undefined or objects are skipped, keys compare as `String(key)`, and the first match wins.
import * as yaml from "../core/yaml";
import type { Entry, Node, Pair, Scalar, YAMLMap, YAMLSeq } from "../core/yaml";
import type { Span } from "../core/text";

export const isMap = yaml.isMap;
export const isSeq = yaml.isSeq;
export const isPair = yaml.isPair;
export const isScalar = yaml.isScalar;

/** The key of a pair as `entries()` sees it, or undefined when `entries()` skips the pair. */
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

/** The scalar-keyed pairs of a map, in source order (as `entries()` of core/yaml). */
export function entries(node: Node | null | undefined): Entry[] {
  if (!isMap(node)) return [];
  const out: Entry[] = [];
  for (const pair of (node as YAMLMap).items) {
    const k = keyOf(pair);
    if (k !== undefined) out.push(toEntry(pair as Pair, k));
  }
  return out;
}

/** The first pair with this key, as `entry()` of core/yaml. */
export function entry(node: Node | null | undefined, key: string): Entry | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of (node as YAMLMap).items) {
    if (keyOf(pair) === key) return toEntry(pair as Pair, key);
  }
  return undefined;
}

/** The value of the first pair with this key, as `get()` of core/yaml. */
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

/** Items of a sequence (as `items()` of core/yaml). */
export function items(node: Node | null | undefined): Node[] {
  if (!isSeq(node)) return [];
  return (node as YAMLSeq).items.filter((i): i is Node => i !== null && typeof i === "object") as Node[];
}

/** The string value of a scalar, numbers and booleans as text (as `str()` of core/yaml). */
export function str(node: Node | null | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return undefined;
}

/** As `spanOf()` of core/yaml. */
export function spanOf(node: Node | Pair | null | undefined): Span | undefined {
  if (!node) return undefined;
  if (isPair(node)) {
    const k = spanOf((node as Pair).key as Node);
    const v = spanOf((node as Pair).value as Node);
    if (k && v) return { start: k.start, end: v.end };
    return k ?? v;
  }
  const r = (node as Node).range;
  if (!r) return undefined;
  return { start: r[0], end: r[1] };
}

/** A scalar's span without its quotes (as `innerSpan()` of core/yaml). */
export function innerSpan(node: Node): Span | undefined {
  const s = spanOf(node);
  if (!s) return undefined;
  if (isScalar(node) && ((node as Scalar).type === "QUOTE_DOUBLE" || (node as Scalar).type === "QUOTE_SINGLE") && s.end - s.start >= 2) {
    return { start: s.start + 1, end: s.end - 1 };
  }
  return s;
}
