// Format-neutral helpers for graph edits, used by each format's graph-edits.ts: the YAML lookups and removals an
// edit needs beyond the text surgery of yaml-text.ts. Nothing here knows a format.
import type { TextChange } from "../core/problem";
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from "../core/yaml";
import { EditRefused, indentAt, layoutOf, lineEnd, removeItem, type Change } from "./yaml-text";

export function basename(p: string): string {
  return p.slice(Math.max(p.lastIndexOf("/"), p.lastIndexOf("\\")) + 1);
}

export function change(path: string, c: Change): TextChange {
  return { path, span: c.span, newText: c.newText };
}

// ---- YAML lookups. ----

/** The pair of a map with this key (case-insensitive keys for Polycrate's workspace.poly). */
export function pairOf(map: Node | null | undefined, key: string, ci = false): Pair | undefined {
  if (!isMap(map)) return undefined;
  const want = ci ? key.toLowerCase() : key;
  for (const p of (map as YAMLMap).items) {
    if (!isPair(p) || !isScalar(p.key)) continue;
    const k = String((p.key as Scalar).value);
    if ((ci ? k.toLowerCase() : k) === want) return p as Pair;
  }
  return undefined;
}

export function valueOf(map: Node | null | undefined, key: string, ci = false): Node | null {
  return (pairOf(map, key, ci)?.value as Node | null | undefined) ?? null;
}

/** One step of the way from the root to a node: a collection and the item's position in it. */
export interface Step {
  coll: YAMLSeq | YAMLMap;
  index: number;
}

/** The way from `root` to `target` (a node or a pair), outermost first; undefined when it is not below root. */
export function pathTo(root: Node | null, target: Node | Pair): Step[] | undefined {
  const walk = (n: Node | null | undefined, depth: number): Step[] | undefined => {
    if (depth > 100 || !n) return undefined;
    if (isMap(n) || isSeq(n)) {
      const coll = n as YAMLMap | YAMLSeq;
      for (let i = 0; i < coll.items.length; i++) {
        const it = coll.items[i] as Node | Pair;
        if (it === target) return [{ coll, index: i }];
        const inner = isPair(it) ? (it.value === target ? [] : walk(it.value as Node, depth + 1)) : walk(it as Node, depth + 1);
        if (inner) return [{ coll, index: i }, ...inner];
      }
    }
    return undefined;
  };
  return walk(root, 0);
}

/**
 * Removes an item (a list item or a map pair). When it is the only item of its block collection, the key holding
 * the collection goes too if its name is in `cascade` (and so on outwards); otherwise the key is left empty
 * (`key:`). A flow collection keeps its brackets (`[]`).
 */
export function removeCascading(text: string, root: Node | null, target: Node | Pair, cascade: ReadonlySet<string>): Change {
  const way = pathTo(root, target);
  if (!way) throw new EditRefused("Could not find that entry in the text.");
  for (let level = way.length - 1; level >= 0; level--) {
    const { coll, index } = way[level]!;
    const layout = layoutOf(text, coll);
    if (coll.items.length >= 2 || layout.flow) return removeItem(layout, index);
    if (level === 0) throw new EditRefused("Removing it would empty the file; edit the file by hand.");
    const parent = way[level - 1]!;
    const holder = parent.coll.items[parent.index];
    if (!isPair(holder) || !isScalar(holder.key)) throw new EditRefused("This entry is inside a nested list; edit it by hand.");
    if (cascade.has(String((holder.key as Scalar).value))) continue;
    const kr = (holder.key as Node).range!;
    return { span: { start: lineEnd(text, kr[0]), end: layout.bodies[index]!.end }, newText: "" };
  }
  throw new EditRefused("Could not remove that entry.");
}

/** The column of a node's first line. */
export function columnOf(text: string, n: Node | Pair): number {
  const r = isPair(n) ? (n.key as Node).range : (n as Node).range;
  return r ? indentAt(text, r[0]) : 0;
}
