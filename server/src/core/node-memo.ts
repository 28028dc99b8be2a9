// What a format derives from one entry of an open document (a workflow, a block, a component), kept across
// keystrokes: an incremental re-parse (yaml-incremental.ts) keeps every node but the edited entry and its
// ancestors, shifted in place, so what was read from a kept node still holds; only its spans moved. Reading a
// 50k-line file again on every keystroke was most of a reference edit's cost.
import type { Node } from "yaml";
import type { Span } from "./text";
import { editStamp } from "./yaml-incremental";

interface Kept {
  /** The other inputs the value was derived with (the file, its settings): a different key is a different value. */
  key: string;
  stamp: number;
  /** Where the node started when the value was derived or last moved. */
  start: number;
  value: object;
  /** Moves the value's positions in place by `by` (by default, every span object in it). */
  move: (by: number) => void;
}

/** How a value holds its positions, when not as plain spans (`{ start, end }` objects). */
export interface Moving<T> {
  /** Moves every position of the value in place by `by`. */
  move(value: T, by: number): void;
  /** Whether the value may be kept (false when it read something besides the node, such as another file). */
  keep(value: T): boolean;
}

/**
 * Values derived from single nodes, owned by whoever re-analyses the same trees (one per workspace index, used
 * for open documents only: a file read from disk is never re-parsed in place).
 *
 * A value must be derived from the node's content and `key` alone, and hold its positions as plain spans
 * (`{ start, end }` objects, found by walking the value's plain objects and arrays). When the node moved, those
 * spans are moved in place: the value is shared with the analysis before the edit, whose tree was already shifted
 * in place by the re-parse, so that analysis is out of date either way.
 */
export class NodeMemo {
  private readonly kept = new WeakMap<object, Kept[]>();

  /**
   * The value kept for the node and key, moved to where the node is now, if any. Allocates nothing: a caller whose
   * derivation needs closures asks this first (merging a stack asks for every section of every moved component).
   */
  hit<T extends object>(node: Node, key: string): T | undefined {
    const r = node.range;
    const list = r && this.kept.get(node);
    if (!list) return undefined;
    const stamp = editStamp(node);
    for (let i = 0; i < list.length; i++) {
      const k = list[i]!;
      if (k.key !== key || k.stamp !== stamp) continue;
      const by = r[0] - k.start;
      if (by !== 0) {
        k.move(by);
        k.start = r[0];
      }
      return k.value as T;
    }
    return undefined;
  }

  get<T extends object>(node: Node, key: string, derive: () => T, how?: Moving<T>): T {
    const r = node.range;
    if (!r) return derive();
    const hit = this.hit<T>(node, key);
    if (hit) return hit;
    const value = derive();
    if (how && !how.keep(value)) return value;
    const list = this.kept.get(node);
    const entry: Kept = { key, stamp: editStamp(node), start: r[0], value, move: how ? moveWith(how.move, value) : moveSpans(spansIn(value)) };
    // A few entries per node at most (another file with the same text, or settings that changed back).
    if (list) {
      list.push(entry);
      if (list.length > 4) list.shift();
    } else this.kept.set(node, [entry]);
    return value;
  }
}

/**
 * The kept move, made outside `get` so that it holds only the function and the value: a closure holds every
 * variable its scope shares with other closures, and `how.keep` may close over the whole text of the version read.
 */
function moveWith<T>(move: (value: T, by: number) => void, value: T): (by: number) => void {
  return (by) => move(value, by);
}

function moveSpans(spans: Span[]): (by: number) => void {
  return (by) => {
    for (const s of spans) {
      s.start += by;
      s.end += by;
    }
  };
}

/** The span objects in a value (plain objects and arrays only), each once. */
export function spansIn(value: object): Span[] {
  const out: Span[] = [];
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    if (typeof v !== "object" || v === null || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    // Only plain data: a YAML node or any other class instance is not the value's to move.
    if (Object.getPrototypeOf(v) !== Object.prototype) return;
    const o = v as Record<string, unknown>;
    if (typeof o.start === "number" && typeof o.end === "number" && Object.keys(o).length === 2) {
      out.push(o as unknown as Span);
      return;
    }
    for (const k in o) walk(o[k]);
  };
  walk(value);
  return out;
}
