// A small description language for the shape of our files. One shape serves validation, completion, hover and
// the JSON Schemas in schemas/, so the four never disagree.
import type { Node, Pair, YAMLMap } from "yaml";
import * as yaml from "./yaml";
import { hasCustomTag, items, spanOf, type Scalar } from "./yaml";
import { closest } from "./suggest";
import type { Problem, Severity } from "./problem";
import type { Span } from "./text";
import { editStamp } from "./yaml-incremental";

interface Base {
  /** Markdown documentation shown on hover and in completion. */
  doc?: string;
  /** Why the key is deprecated and what to use instead: reported as a warning. */
  deprecated?: string;
  /** A snippet inserted when the key is completed (the text after `key:`), e.g. `\n  - name: $1`. */
  snippet?: string;
  /** Title for the JSON Schema. */
  title?: string;
  /** Declared so it can be checked, but never offered in completion (e.g. a key the tool ignores there). */
  noCompletion?: boolean;
  /**
   * For objects, maps and lists: the tool rejects the key written without a value (`vars:` alone, or `~`). The
   * message is reported on the key; `{key}` is replaced by its name. Otherwise a missing value reads as empty.
   */
  noNull?: string;
}
export interface ObjectShape extends Base {
  type: "object";
  fields: Record<string, Shape>;
  required?: string[];
  /** How keys that are not in `fields` are reported. */
  unknown: Severity | "ignore";
  /** Keys compare case-insensitively (viper/mapstructure decoding). */
  caseInsensitive?: boolean;
  /** Words used in messages: "Unknown key 'x' in <noun>". */
  noun?: string;
}
export interface MapShape extends Base {
  type: "map";
  values: Shape;
  /** Pattern for the keys, with the message shown when one does not match. */
  keyPattern?: { re: RegExp; message: string };
}
export interface ArrayShape extends Base {
  type: "array";
  items: Shape;
  /** Snippet for a new item, without the leading `- `. */
  itemSnippet?: string;
}
export interface ScalarShape extends Base {
  type: "string" | "boolean" | "integer" | "number";
  enum?: string[];
  /** An empty string is accepted besides the `enum` values (the tool reads it as unset). */
  emptyOk?: boolean;
  pattern?: { re: RegExp; message: string };
  /** The value names a symbol of this kind (completion, definition, rename). */
  ref?: string;
  /** `${VAR}` interpolation is allowed (env0): any type accepts such a string. */
  interpolation?: boolean;
  minimum?: number;
  maximum?: number;
}
export interface AnyShape extends Base {
  type: "any";
}
export interface UnionShape extends Base {
  type: "union";
  options: Shape[];
}
export type Shape = ObjectShape | MapShape | ArrayShape | ScalarShape | AnyShape | UnionShape;

export type PathSegment = string | "[]";

// ---- Builders, so format shapes read like their documentation. ----
export const s = {
  object(fields: Record<string, Shape>, opts: Partial<Omit<ObjectShape, "type" | "fields">> = {}): ObjectShape {
    return { type: "object", fields, unknown: opts.unknown ?? "error", ...opts };
  },
  map(values: Shape, opts: Partial<Omit<MapShape, "type" | "values">> = {}): MapShape {
    return { type: "map", values, ...opts };
  },
  array(itemsShape: Shape, opts: Partial<Omit<ArrayShape, "type" | "items">> = {}): ArrayShape {
    return { type: "array", items: itemsShape, ...opts };
  },
  string(opts: Partial<Omit<ScalarShape, "type">> = {}): ScalarShape {
    return { type: "string", ...opts };
  },
  bool(opts: Partial<Omit<ScalarShape, "type">> = {}): ScalarShape {
    return { type: "boolean", ...opts };
  },
  int(opts: Partial<Omit<ScalarShape, "type">> = {}): ScalarShape {
    return { type: "integer", ...opts };
  },
  number(opts: Partial<Omit<ScalarShape, "type">> = {}): ScalarShape {
    return { type: "number", ...opts };
  },
  any(opts: Partial<Omit<AnyShape, "type">> = {}): AnyShape {
    return { type: "any", ...opts };
  },
  union(options: Shape[], opts: Partial<Omit<UnionShape, "type" | "options">> = {}): UnionShape {
    return { type: "union", options, ...opts };
  },
  /** Documents a shape in place. */
  doc<T extends Shape>(shape: T, doc: string): T {
    return { ...shape, doc };
  },
};

// ---- Lookup along a path (completion and hover). ----

/** The shape of the value at `path`, or undefined when the path leaves the described part of the file. */
export function shapeAt(root: Shape, path: readonly PathSegment[]): Shape | undefined {
  let cur: Shape | undefined = root;
  for (const seg of path) {
    if (!cur) return undefined;
    cur = childShape(cur, seg);
  }
  return cur;
}

export function childShape(shape: Shape, seg: PathSegment): Shape | undefined {
  switch (shape.type) {
    case "object":
      if (seg === "[]") return undefined;
      return fieldOf(shape, seg);
    case "map":
      return seg === "[]" ? undefined : shape.values;
    case "array":
      return seg === "[]" ? shape.items : undefined;
    case "union": {
      for (const o of shape.options) {
        const c = childShape(o, seg);
        if (c) return c;
      }
      return undefined;
    }
    case "any":
      return shape;
    default:
      return undefined;
  }
}

export function fieldOf(shape: ObjectShape, key: string): Shape | undefined {
  const direct = shape.fields[key];
  if (direct || !shape.caseInsensitive) return direct;
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(shape.fields)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** The object shapes a value at this shape may take (unions flattened), for key completion. */
export function objectOptions(shape: Shape | undefined): ObjectShape[] {
  if (!shape) return [];
  if (shape.type === "object") return [shape];
  if (shape.type === "union") return shape.options.flatMap(objectOptions);
  return [];
}

export function describeType(shape: Shape): string {
  switch (shape.type) {
    case "object":
    case "map":
      return "a mapping";
    case "array":
      return "a list";
    case "string":
      return shape.enum ? `one of ${shape.enum.map((e) => `'${e}'`).join(", ")}` : "a string";
    case "boolean":
      return "true or false";
    case "integer":
      return "a whole number";
    case "number":
      return "a number";
    case "any":
      return "any value";
    case "union":
      return [...new Set(shape.options.map(describeType))].join(" or ");
  }
}

// ---- Validation. ----

// The library's type tests, read once: bundled, each call through the import goes through a re-export getter
// (a megamorphic property load), which was a fifth of the validation walk. See formats/yaml-read.ts.
const isAlias = yaml.isAlias;
const isMap = yaml.isMap;
const isScalar = yaml.isScalar;
const isSeq = yaml.isSeq;
const isPair = yaml.isPair;

/** The pairs of a map that `entries()` of core/yaml lists (scalar keys that are not null or objects). */
function pairsOf(node: Node | null | undefined): Pair[] {
  return isMap(node) ? ((node as YAMLMap).items as Pair[]) : [];
}

/** The key of a pair as `entries()` of core/yaml reads it, or undefined when it skips the pair. */
function keyOf(pair: unknown): string | undefined {
  if (!isPair(pair) || !isScalar((pair as Pair).key)) return undefined;
  const k = ((pair as Pair).key as Scalar).value;
  if (k === null || k === undefined || typeof k === "object") return undefined;
  return typeof k === "string" ? k : String(k);
}

/** The first scalar key of a map, as `entries(node)[0]?.keyNode`. */
function firstKeyNode(node: Node | null): Node | undefined {
  for (const pair of pairsOf(node)) if (keyOf(pair) !== undefined) return pair.key as Node;
  return undefined;
}

export interface ValidateOptions {
  /** Format code prefix, e.g. `poly`. */
  prefix: string;
  path: string;
  /** Recursion guard for hostile nesting. */
  maxDepth?: number;
  /** Results kept from earlier checks (see ShapeMemo): its owner's, the workspace index's. Without it, all is walked. */
  memo?: ShapeMemo;
}

export function validateShape(node: Node | null, shape: Shape, opts: ValidateOptions): Problem[] {
  const out: Problem[] = [];
  visit(node, shape, { ...opts, scope: `${opts.prefix}\u0000${opts.path}\u0000${opts.maxDepth ?? 64}` }, out, 0, undefined);
  return out;
}

/** The options of one check, with what the kept results are keyed by (built once per check, not per node). */
type Walk = ValidateOptions & { scope: string };

function nodeKind(node: Node | null): "map" | "seq" | "scalar" | "null" | "alias" {
  if (node === null || node === undefined) return "null";
  if (isAlias(node)) return "alias";
  if (isMap(node)) return "map";
  if (isSeq(node)) return "seq";
  if (isScalar(node) && (node as Scalar).value === null) return "null";
  return "scalar";
}

function push(out: Problem[], opts: ValidateOptions, node: Node | null, severity: Severity, code: string, message: string, extra: Partial<Problem> = {}): void {
  const span = spanOf(node) ?? { start: 0, end: 0 };
  out.push({ path: opts.path, span, severity, code: `${opts.prefix}/${code}`, message, ...extra });
}

/** Returns whether the node matched the shape's type (used to pick a union option). */
function matchesType(node: Node | null, shape: Shape): boolean {
  const k = nodeKind(node);
  if (k === "alias" || hasCustomTag(node)) return true;
  switch (shape.type) {
    case "any":
      return true;
    case "object":
    case "map":
      return k === "map" || (k === "null" && !shape.noNull);
    case "array":
      return k === "seq" || (k === "null" && !shape.noNull);
    case "union":
      return shape.options.some((o) => matchesType(node, o));
    default: {
      // A key without a value passes as "not set", unless the consumer fails on it (noNull).
      if (k === "null") return !shape.noNull;
      if (k !== "scalar") return false;
      const v = (node as Scalar).value;
      if (shape.interpolation && typeof v === "string" && /\$\{[^}]*\}/.test(v)) return true;
      if (shape.type === "string") return typeof v === "string" || typeof v === "number" || typeof v === "boolean";
      if (shape.type === "boolean") return typeof v === "boolean";
      if (shape.type === "integer") return typeof v === "number" && Number.isInteger(v);
      return typeof v === "number";
    }
  }
}

/**
 * The problems found under each collection, kept with the node, so that re-checking a file after a keystroke
 * (re-parsed incrementally: every node but the edited entry and its ancestors is kept, maybe shifted) walks only
 * what changed. A kept entry is used when the node's content is the same (edit stamp) and it is checked against
 * the same shape, at the same depth, under a key at the same distance; its problems move with the node.
 */
interface Checked {
  shape: Shape;
  scope: string;
  depth: number;
  stamp: number;
  start: number;
  keyAt: number;
  problems: Problem[];
}
/** The problems kept per collection node, owned by whoever re-checks the same trees (one per workspace index). */
export class ShapeMemo {
  readonly checked = new WeakMap<object, Checked[]>();
}

function visit(node: Node | null, shape: Shape, opts: Walk, out: Problem[], depth: number, keyNode: Node | undefined): void {
  if (depth > (opts.maxDepth ?? 64)) return;
  const r = node && depth > 0 && (yaml.isMap(node) || yaml.isSeq(node)) ? node.range : undefined;
  const checked = opts.memo?.checked;
  if (!r || !checked) return check(node, shape, opts, out, depth, keyNode);
  const scope = opts.scope;
  const stamp = editStamp(node!);
  const keyAt = keyNode?.range ? keyNode.range[0] - r[0] : NaN;
  const list = checked.get(node!);
  // A loop, not `find`: this runs for every map and list of an open document on every keystroke.
  let hit: Checked | undefined;
  for (let i = 0; list && i < list.length && !hit; i++) {
    const c = list[i]!;
    if (c.shape === shape && c.scope === scope && c.depth === depth && c.stamp === stamp && Object.is(c.keyAt, keyAt)) hit = c;
  }
  if (hit) {
    const by = r[0] - hit.start;
    for (const p of hit.problems) out.push(by === 0 ? p : moved(p, by));
    return;
  }
  const from = out.length;
  check(node, shape, opts, out, depth, keyNode);
  const entry: Checked = { shape, scope, depth, stamp, start: r[0], keyAt, problems: out.slice(from) };
  // A few entries per node at most (a node checked against a shape built anew each time must not pile up).
  if (list) {
    list.push(entry);
    if (list.length > 4) list.shift();
  } else checked.set(node!, [entry]);
}

/** A problem of a kept subtree, moved with it (its fixes' and related spans in the same file too). */
function moved(p: Problem, by: number): Problem {
  const shift = (s: Span): Span => ({ start: s.start + by, end: s.end + by });
  return {
    ...p,
    span: shift(p.span),
    fixes: p.fixes?.map((f) => ({ ...f, changes: f.changes.map((c) => (c.path === p.path ? { ...c, span: shift(c.span) } : c)) })),
    related: p.related?.map((x) => (x.path === p.path ? { ...x, span: shift(x.span) } : x)),
  };
}

function check(node: Node | null, shape: Shape, opts: Walk, out: Problem[], depth: number, keyNode: Node | undefined): void {
  if (node && (isAlias(node) || hasCustomTag(node))) return;
  if (!matchesType(node, shape)) {
    const k = nodeKind(node);
    const noNull = shape.noNull ?? (shape.type === "union" ? shape.options.find((o) => o.noNull)?.noNull : undefined);
    if (k === "null" && noNull) {
      const key = keyNode && isScalar(keyNode) ? String((keyNode as Scalar).value) : "";
      push(out, opts, keyNode ?? node, "error", "null-section", noNull.replace(/\{key\}/g, key));
      return;
    }
    const got = k === "map" ? "a mapping" : k === "seq" ? "a list" : k === "null" ? "no value" : `'${String((node as Scalar).value)}'`;
    push(out, opts, node, "error", "wrong-type", `Expected ${describeType(shape)}, got ${got}.`);
    return;
  }
  switch (shape.type) {
    case "any":
      return;
    case "union": {
      const match = shape.options.find((o) => matchesType(node, o));
      if (match) visit(node, match, opts, out, depth + 1, keyNode);
      return;
    }
    case "array":
      for (const item of items(node)) visit(item, shape.items, opts, out, depth + 1, undefined);
      return;
    case "map":
      for (const pair of pairsOf(node)) {
        const key = keyOf(pair);
        if (key === undefined) continue;
        const kn = pair.key as Scalar;
        if (shape.keyPattern && !shape.keyPattern.re.test(key)) {
          push(out, opts, kn, "error", "invalid-name", shape.keyPattern.message.replace("{name}", key));
        }
        visit((pair.value as Node | null) ?? null, shape.values, opts, out, depth + 1, kn);
      }
      return;
    case "object": {
      const present = new Set<string>();
      for (const pair of pairsOf(node)) {
        const key = keyOf(pair);
        if (key === undefined) continue;
        const kn = pair.key as Scalar;
        const field = fieldOf(shape, key);
        present.add(shape.caseInsensitive ? key.toLowerCase() : key);
        if (!field) {
          if (shape.unknown === "ignore") continue;
          const guess = closest(key, Object.keys(shape.fields).filter((k) => !present.has(shape.caseInsensitive ? k.toLowerCase() : k)));
          const where = shape.noun ? ` in ${shape.noun}` : "";
          const verb = shape.unknown === "error" ? "" : " It is ignored.";
          push(out, opts, kn, shape.unknown, "unknown-key", `Unknown key '${key}'${where}.${guess ? ` Did you mean '${guess}'?` : ""}${verb}`, {
            fixes: guess ? [{ title: `Change to '${guess}'`, preferred: true, changes: [{ path: opts.path, span: spanOf(kn)!, newText: guess }] }] : undefined,
          });
          continue;
        }
        if (field.deprecated) {
          push(out, opts, kn, "warning", "deprecated", `'${key}' is deprecated: ${field.deprecated}`, { tags: ["deprecated"] });
        }
        visit((pair.value as Node | null) ?? null, field, opts, out, depth + 1, kn);
      }
      if (nodeKind(node) === "map") {
        for (const req of shape.required ?? []) {
          if (!present.has(shape.caseInsensitive ? req.toLowerCase() : req)) {
            const anchor = keyNode ?? firstKeyNode(node) ?? node;
            const noun = shape.noun ? ` in ${shape.noun}` : "";
            push(out, opts, anchor ?? null, "error", "missing-required", `Missing required key '${req}'${noun}.`);
          }
        }
      }
      return;
    }
    default: {
      if (nodeKind(node) !== "scalar") return;
      const v = (node as Scalar).value;
      if (typeof v === "string" && shape.interpolation && /\$\{[^}]*\}/.test(v)) return;
      if (shape.enum && !shape.enum.includes(String(v)) && !(shape.emptyOk && v === "")) {
        const guess = closest(String(v), shape.enum);
        push(out, opts, node, "error", "invalid-value", `Invalid value '${String(v)}'. Expected one of: ${shape.enum.join(", ")}.${guess ? ` Did you mean '${guess}'?` : ""}`, {
          fixes: shape.enum.map((e) => ({ title: `Change to '${e}'`, preferred: e === guess, changes: [{ path: opts.path, span: spanOf(node)!, newText: e }] })),
        });
      }
      if (shape.pattern && typeof v === "string" && !shape.pattern.re.test(v)) {
        push(out, opts, node, "error", "invalid-name", shape.pattern.message.replace("{name}", v));
      }
      if (typeof v === "number") {
        if (shape.minimum !== undefined && v < shape.minimum) push(out, opts, node, "error", "out-of-range", `${v} is below the minimum ${shape.minimum}.`);
        if (shape.maximum !== undefined && v > shape.maximum) push(out, opts, node, "error", "out-of-range", `${v} is above the maximum ${shape.maximum}.`);
      }
    }
  }
}

// ---- JSON Schema export (schemas/*.json). ----

export function toJsonSchema(shape: Shape, meta: { id: string; title: string; description: string }): Record<string, unknown> {
  return { $schema: "http://json-schema.org/draft-07/schema#", $id: meta.id, title: meta.title, description: meta.description, ...convert(shape) };
}

function convert(shape: Shape): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (shape.doc) out.markdownDescription = shape.doc;
  if (shape.doc) out.description = shape.doc.replace(/[`*]/g, "");
  if (shape.deprecated) {
    out.deprecated = true;
    out.deprecationMessage = shape.deprecated;
  }
  switch (shape.type) {
    case "object": {
      out.type = shape.noNull ? "object" : ["object", "null"];
      out.properties = Object.fromEntries(Object.entries(shape.fields).map(([k, v]) => [k, convert(v)]));
      if (shape.required?.length) out.required = shape.required;
      if (shape.unknown === "error") out.additionalProperties = false;
      return out;
    }
    case "map":
      out.type = shape.noNull ? "object" : ["object", "null"];
      out.additionalProperties = convert(shape.values);
      if (shape.keyPattern) out.propertyNames = { pattern: shape.keyPattern.re.source };
      return out;
    case "array":
      out.type = shape.noNull ? "array" : ["array", "null"];
      out.items = convert(shape.items);
      return out;
    case "any":
      return out;
    case "union":
      out.anyOf = shape.options.map(convert);
      return out;
    default: {
      const base: Record<string, unknown> = { type: shape.type };
      if (shape.enum) base.enum = shape.emptyOk ? [...shape.enum, ""] : shape.enum;
      if (shape.pattern) base.pattern = shape.pattern.re.source;
      if (shape.minimum !== undefined) base.minimum = shape.minimum;
      if (shape.maximum !== undefined) base.maximum = shape.maximum;
      if (shape.interpolation && shape.type !== "string") {
        out.anyOf = [base, { type: "string", pattern: "\\$\\{[^}]*\\}" }];
        return out;
      }
      return { ...out, ...base };
    }
  }
}
