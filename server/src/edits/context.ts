// What a format's edit module works with: the index, the document the graph was drawn for, its graph (built on
// demand), and helpers to find nodes, edges and the YAML they are written in.
import type { GraphEdge, GraphNode, WorkflowGraph } from "../../../common/graph";
import type { GraphEdit, StepChoices } from "../../../common/graph-edit";
import type { TextChange } from "../core/problem";
import type { Span } from "../core/text";
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from "../core/yaml";
import { buildGraph } from "../features/graph";
import { toPath } from "../features/convert";
import type { IndexedFile } from "../formats/types";
import type { WorkspaceIndex } from "../index/workspace-index";
import { EditRefused, indentAt, layoutOf, lineEnd, removeItem, styleOf, type Change, type Style } from "./yaml-text";

export class EditContext {
  private built: WorkflowGraph | null | undefined;
  constructor(
    readonly index: WorkspaceIndex,
    /** The document the graph was drawn for. */
    readonly path: string,
  ) {}

  get graph(): WorkflowGraph | null {
    if (this.built === undefined) this.built = buildGraph(this.index, [this.path]);
    return this.built;
  }

  node(id: string): GraphNode | undefined {
    return this.graph?.nodes.find((n) => n.id === id);
  }

  edge(id: string): GraphEdge | undefined {
    return this.graph?.edges.find((e) => e.id === id);
  }

  /** Where a node or edge is written, as a path and offsets. */
  where(x: { uri?: string; range?: GraphNode["range"] } | undefined): { path: string; span: Span } | undefined {
    if (!x?.uri || !x.range) return undefined;
    const p = toPath(x.uri);
    const f = this.index.file(p);
    if (!f) return undefined;
    return { path: p, span: { start: f.lines.offset(x.range.start), end: f.lines.offset(x.range.end) } };
  }

  /** A file to edit; refused when its text does not parse, since an edit would have to guess. */
  file(p: string): IndexedFile {
    const f = this.index.file(p);
    if (!f) throw new EditRefused(`${p} is not open or indexed.`);
    const broken = f.parsed.problems.find((x) => x.severity === "error");
    if (broken) {
      const line = f.lines.position(broken.span.start).line + 1;
      throw new EditRefused(`${basename(p)} does not parse (line ${line}: ${broken.message}); fix the text before editing the graph.`);
    }
    if (/\.json$/i.test(p)) throw new EditRefused(`${basename(p)} is JSON; the graph edits YAML files only.`);
    return f;
  }

  style(f: IndexedFile): Style {
    return styleOf(f.text, f.parsed.root);
  }
}

export function basename(p: string): string {
  return p.slice(Math.max(p.lastIndexOf("/"), p.lastIndexOf("\\")) + 1);
}

export function change(path: string, c: Change): TextChange {
  return { path, span: c.span, newText: c.newText };
}

/** What each format can do; anything it does not handle is refused with a message. */
export interface FormatEdits {
  apply(ctx: EditContext, edit: Exclude<GraphEdit, { type: "renameNode" }>): TextChange[];
  /** Where a node's name is written: rename and references start there. */
  nameAt(ctx: EditContext, nodeId: string): { path: string; offset: number } | undefined;
  stepChoices?(ctx: EditContext): StepChoices;
  /** The stacks that import a file (and so see an edit of it), by name; none when nothing imports it. */
  importedBy?(ctx: EditContext, path: string): string[];
  /** For an edit that lands in a shared file: the manifest the edit could be written in instead (`scope: "stack"`). */
  stackScope?(ctx: EditContext, edit: GraphEdit): string | undefined;
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
