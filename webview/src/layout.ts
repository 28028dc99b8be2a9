// Pure layout adapter: WorkflowGraph + collapsed groups + direction → ELK JSON, and the ELK result → positioned
// boxes and edge paths. No DOM, no worker: the worker runs ELK, this module only shapes data, so it runs in node.
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import type { EdgeKind, GraphGroup, WorkflowGraph } from "../../common/graph";
import type { Direction } from "../../common/protocol";

export const NODE_HEIGHT = 46;
export const GROUP_HEADER = 26;
const MIN_WIDTH = 120;
const MAX_WIDTH = 260;
const CHAR_WIDTH = 7.2;

/**
 * Edge kinds drawn against their data direction, so that what comes first sits upstream: a dependency above the
 * job that needs it, a base block above the block that inherits from it, an artifact producer above its consumer.
 */
export const REVERSED_KINDS: ReadonlySet<EdgeKind> = new Set<EdgeKind>(["depends", "inherits", "artifacts"]);

/** The width a node gets from its text, clamped; a longer label is cut with an ellipsis when drawn. */
export function nodeWidth(label: string, detail?: string): number {
  const chars = Math.max(label.length + 3, (detail?.length ?? 0) * 0.85);
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, 28 + chars * CHAR_WIDTH)));
}

/** A box drawn on the canvas: a graph node, or a collapsed group standing for its members. */
export interface VisibleNode {
  id: string;
  /** `node`: a graph node (id is the node id); `group`: a collapsed group (id is the group id). */
  type: "node" | "group";
  label: string;
  detail?: string;
  /** The expanded group the box sits in, if any. */
  parent?: string;
  /** For a collapsed group: how many graph nodes it hides. */
  members?: number;
}

/** An expanded group: a frame with a header around its members. */
export interface VisibleGroup {
  id: string;
  label: string;
  parent?: string;
}

/** An edge between two visible boxes; several graph edges may merge into one when groups are collapsed. */
export interface VisibleEdge {
  id: string;
  kind: EdgeKind;
  /** The visible box ids the edge joins, in data direction (as in the graph). */
  from: string;
  to: string;
  label?: string;
  /** The graph edge ids it stands for. */
  edges: string[];
}

export interface VisibleModel {
  nodes: VisibleNode[];
  groups: VisibleGroup[];
  edges: VisibleEdge[];
  /** Graph node id → the visible box id that shows it (itself, or its outermost collapsed group). */
  rep: Map<string, string>;
}

/** Every group by id, including groups that nodes name but the graph does not list. */
export function groupsById(graph: WorkflowGraph): Map<string, GraphGroup> {
  const byId = new Map<string, GraphGroup>();
  for (const g of graph.groups) byId.set(g.id, g);
  for (const n of graph.nodes) if (n.group && !byId.has(n.group)) byId.set(n.group, { id: n.group, label: n.group, kind: "workflow" });
  for (const g of [...byId.values()]) if (g.parent && !byId.has(g.parent)) byId.set(g.parent, { id: g.parent, label: g.parent, kind: "workflow" });
  return byId;
}

/** The chain of groups from the innermost (the node's own) to the outermost, cycle-safe. */
function chain(start: string | undefined, groups: Map<string, GraphGroup>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (let g = start; g && !seen.has(g) && groups.has(g); g = groups.get(g)!.parent) {
    seen.add(g);
    out.push(g);
  }
  return out;
}

/** What is drawn for a graph with some groups collapsed: collapsed groups hide their members and take their edges. */
export function visibleModel(graph: WorkflowGraph, collapsed: Iterable<string>): VisibleModel {
  const closed = new Set(collapsed);
  const groups = groupsById(graph);
  const rep = new Map<string, string>();
  // By group: thousands of nodes share a few hundred groups.
  const outer = new Map<string, string | undefined>();
  const outermostClosed = (start: string | undefined): string | undefined => {
    if (start === undefined) return undefined;
    if (outer.has(start)) return outer.get(start);
    const c = chain(start, groups);
    let found: string | undefined;
    for (let i = c.length - 1; i >= 0 && found === undefined; i--) if (closed.has(c[i]!)) found = c[i];
    outer.set(start, found);
    return found;
  };
  const nodes: VisibleNode[] = [];
  const members = new Map<string, number>();
  const usedGroups = new Set<string>();
  for (const n of graph.nodes) {
    const hidden = outermostClosed(n.group);
    if (hidden) {
      rep.set(n.id, `group:${hidden}`);
      members.set(hidden, (members.get(hidden) ?? 0) + 1);
      continue;
    }
    rep.set(n.id, n.id);
    nodes.push({ id: n.id, type: "node", label: n.label, detail: n.detail, parent: n.group });
    for (const g of chain(n.group, groups)) usedGroups.add(g);
  }
  for (const [gid, count] of members) {
    const g = groups.get(gid)!;
    const parent = g.parent && !outermostClosed(g.parent) ? g.parent : undefined;
    nodes.push({ id: `group:${gid}`, type: "group", label: g.label, detail: `${count} hidden`, parent, members: count });
    for (const p of chain(parent, groups)) usedGroups.add(p);
  }
  // Only groups with something drawn in them get a frame; a frame's parent is its nearest drawn ancestor.
  const visibleGroups: VisibleGroup[] = [];
  for (const g of groups.values()) {
    if (!usedGroups.has(g.id) || closed.has(g.id) || outermostClosed(g.id)) continue;
    visibleGroups.push({ id: g.id, label: g.label, parent: g.parent });
  }
  const edges: VisibleEdge[] = [];
  const merged = new Map<string, VisibleEdge>();
  for (const e of graph.edges) {
    const a = rep.get(e.from);
    const b = rep.get(e.to);
    if (a === undefined || b === undefined) continue;
    const rerouted = a !== e.from || b !== e.to;
    if (rerouted && a === b) continue; // Inside one collapsed group.
    if (!rerouted) {
      edges.push({ id: e.id, kind: e.kind, from: a, to: b, label: e.label, edges: [e.id] });
      continue;
    }
    const key = `${e.kind}:${a}->${b}`;
    const m = merged.get(key);
    if (m) m.edges.push(e.id);
    else {
      const v: VisibleEdge = { id: `merged:${key}`, kind: e.kind, from: a, to: b, edges: [e.id] };
      merged.set(key, v);
      edges.push(v);
    }
  }
  return { nodes, groups: visibleGroups, edges, rep };
}

/** A short, stable hash (cyrb53) so that structure keys of large graphs stay small. */
export function hash(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * What decides the layout: which boxes, frames and edges exist, and the direction. Labels, details, ranges,
 * problems and run status are not in it, so typing that only changes those keeps every position.
 */
export function structureKey(model: VisibleModel, direction: Direction): string {
  const parts: string[] = [direction];
  for (const n of model.nodes) parts.push(`${n.type}|${n.id}|${n.parent ?? ""}`);
  parts.push("#");
  for (const g of model.groups) parts.push(`${g.id}|${g.parent ?? ""}`);
  parts.push("#");
  for (const e of model.edges) parts.push(`${e.id}|${e.from}|${e.to}`);
  const s = parts.join("\n");
  return `${model.nodes.length}.${model.edges.length}.${hash(s)}`;
}

const elkNodeId = (id: string) => `n:${id}`;

/** Above this many boxes, or this many edges, the layout trades some neatness for speed. */
export const LARGE_GRAPH = 300;
export const LARGE_EDGES = 400;

/**
 * Options that decide how long the layout takes. Brandes-Köpf node placement instead of network simplex
 * (measured here: 200 nodes in 1.2-2.6 s instead of 33 s). Model order (so a workflow's steps keep the order
 * they are written in) only up to LARGE_GRAPH boxes and LARGE_EDGES edges; above that, one crossing-minimisation
 * pass and no greedy switch. The edges count too: 3000 nodes in 264 collapsed groups have 1529 edges between the
 * boxes, which took ELK 45 s with model order and 4-8 s without.
 */
export function scaleOptions(boxes: number, edges = 0): Record<string, string> {
  const base = { "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF" };
  if (boxes <= LARGE_GRAPH && edges <= LARGE_EDGES) return { ...base, "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES" };
  return { ...base, "elk.layered.thoroughness": "1", "elk.layered.crossingMinimization.greedySwitch.type": "OFF" };
}

/** The spacing between packed components (boxes and clusters that no edge joins). */
export const COMPONENT_GAP = 28;

/** The options of every ELK graph we lay out: layered, in `direction`, coordinates all absolute. */
export function baseOptions(direction: Direction, boxes: number, edges: number): Record<string, string> {
  return {
    "elk.algorithm": "layered",
    "elk.direction": direction,
    "elk.json.edgeCoords": "ROOT",
    "elk.json.shapeCoords": "ROOT",
    "elk.edgeRouting": "ORTHOGONAL",
    "elk.layered.spacing.nodeNodeBetweenLayers": "48",
    "elk.spacing.nodeNode": "28",
    "elk.spacing.edgeNode": "16",
    "elk.spacing.componentComponent": String(COMPONENT_GAP),
    ...scaleOptions(boxes, edges),
  };
}

const ROOT = "";

/**
 * The ELK input for a visible model: layered, expanded groups as compound nodes, coordinates all absolute.
 *
 * Boxes and frames that no edge joins are packed in rows (ELK's component packing, which keeps the drawing
 * near its aspect ratio) instead of one row hundreds of boxes wide. ELK packs components only in a graph laid
 * out on its own (`SEPARATE_CHILDREN`), and edges into a frame need the frame laid out with its parent
 * (`INCLUDE_CHILDREN`). So in each container (the root, or a frame laid out on its own) the children that edges
 * join form a cluster, laid out as one `INCLUDE_CHILDREN` node without a frame of its own (`c:` ids); a lone box
 * sits in the container as it is, and a lone frame is laid out on its own, the same way inside.
 */
export function toElk(model: VisibleModel, direction: Direction): ElkNode {
  const options = baseOptions(direction, model.nodes.length, model.edges.length);
  const root: ElkNode = {
    id: "root",
    layoutOptions: { ...options, "elk.hierarchyHandling": "SEPARATE_CHILDREN", "elk.padding": "[top=16,left=16,bottom=16,right=16]" },
    children: [],
    edges: [],
  };
  // The container tree: a frame whose parent is not drawn (or that sits in a cycle of parents) is at the root.
  const frameIds = new Set(model.groups.map((g) => g.id));
  const parentOf = new Map<string, string>();
  for (const g of model.groups) parentOf.set(`g:${g.id}`, g.parent !== undefined && frameIds.has(g.parent) ? g.parent : ROOT);
  for (const g of model.groups) {
    const seen = new Set<string>([g.id]);
    for (let p = parentOf.get(`g:${g.id}`)!; p !== ROOT; p = parentOf.get(`g:${p}`)!) {
      if (seen.has(p)) {
        parentOf.set(`g:${g.id}`, ROOT);
        break;
      }
      seen.add(p);
    }
  }
  for (const n of model.nodes) parentOf.set(elkNodeId(n.id), n.parent !== undefined && frameIds.has(n.parent) ? n.parent : ROOT);
  const children = new Map<string, string[]>([[ROOT, []]]);
  for (const g of model.groups) children.set(g.id, []);
  for (const g of model.groups) children.get(parentOf.get(`g:${g.id}`)!)!.push(`g:${g.id}`);
  const width = new Map<string, number>();
  for (const n of model.nodes) {
    children.get(parentOf.get(elkNodeId(n.id))!)!.push(elkNodeId(n.id));
    width.set(elkNodeId(n.id), n.type === "group" ? nodeWidth(`▸ ${n.label}`, n.detail) : nodeWidth(n.label, n.detail));
  }
  /** The chain of an item up to the root: the item, its frames outwards, then ROOT (as `g:` ids). */
  const chainOf = (item: string): string[] => {
    const out = [item];
    for (let p = parentOf.get(item)!; p !== ROOT; p = parentOf.get(`g:${p}`)!) out.push(`g:${p}`);
    out.push(ROOT);
    return out;
  };
  // Each edge belongs to the innermost container holding both ends, and joins two of its children there.
  const edgesAt = new Map<string, Array<{ edge: ElkExtendedEdge; a: string; b: string }>>();
  for (const e of model.edges) {
    const [s, t] = REVERSED_KINDS.has(e.kind) ? [e.to, e.from] : [e.from, e.to];
    const edge: ElkExtendedEdge = { id: e.id, sources: [elkNodeId(s)], targets: [elkNodeId(t)] };
    const cs = chainOf(elkNodeId(s));
    const ct = chainOf(elkNodeId(t));
    const inT = new Set(ct);
    const i = cs.findIndex((c) => inT.has(c) && c !== cs[0]);
    const lca = cs[i]!;
    const a = cs[i - 1]!;
    const b = ct[ct.indexOf(lca) - 1] ?? a;
    const container = lca === ROOT ? ROOT : lca.slice(2);
    if (!edgesAt.has(container)) edgesAt.set(container, []);
    edgesAt.get(container)!.push({ edge, a, b });
  }
  let clusters = 0;
  const frameNode = (item: string, own: boolean): ElkNode => {
    const padding = `[top=${GROUP_HEADER + 12},left=12,bottom=12,right=12]`;
    return { id: item, layoutOptions: own ? { ...options, "elk.padding": padding } : { "elk.padding": padding }, children: [], edges: [] };
  };
  /** An item and everything in it, inside a cluster: its edges go to the cluster. */
  const whole = (item: string, into: ElkNode, cluster: ElkNode): void => {
    if (item.startsWith("n:")) {
      into.children!.push({ id: item, width: width.get(item)!, height: NODE_HEIGHT });
      return;
    }
    const f = frameNode(item, false);
    into.children!.push(f);
    const id = item.slice(2);
    for (const c of children.get(id)!) whole(c, f, cluster);
    for (const e of edgesAt.get(id) ?? []) cluster.edges!.push(e.edge);
  };
  /** Lays out the children of `container` inside `into`, packing what no edge joins. */
  const place = (container: string, into: ElkNode): void => {
    const items = children.get(container)!;
    const up = new Map<string, string>(items.map((i) => [i, i]));
    const find = (x: string): string => {
      while (up.get(x) !== x) x = up.get(x)!;
      return x;
    };
    const here = edgesAt.get(container) ?? [];
    for (const e of here) up.set(find(e.a), find(e.b));
    const groups = new Map<string, string[]>();
    for (const i of items) {
      const r = find(i);
      if (!groups.has(r)) groups.set(r, []);
      groups.get(r)!.push(i);
    }
    const clusterOf = new Map<string, ElkNode>();
    for (const [r, members] of groups) {
      if (members.length === 1) {
        const item = members[0]!;
        if (item.startsWith("n:")) into.children!.push({ id: item, width: width.get(item)!, height: NODE_HEIGHT });
        else {
          const f = frameNode(item, true);
          into.children!.push(f);
          place(item.slice(2), f);
        }
        continue;
      }
      const cluster: ElkNode = {
        id: `c:${clusters++}`,
        // Larger clusters first: the connected part of the graph leads, lone boxes follow in rows.
        layoutOptions: { ...options, "elk.hierarchyHandling": "INCLUDE_CHILDREN", "elk.padding": "[top=0,left=0,bottom=0,right=0]", "elk.priority": String(members.length) },
        children: [],
        edges: [],
      };
      into.children!.push(cluster);
      clusterOf.set(r, cluster);
      for (const m of members) whole(m, cluster, cluster);
    }
    // A loop on a lone box stays with the box.
    for (const e of here) (clusterOf.get(find(e.a)) ?? into).edges!.push(e.edge);
  };
  place(ROOT, root);
  return root;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Point {
  x: number;
  y: number;
}

/** Positions from one layout run, by visible id (node ids, `group:<id>` for collapsed groups). */
export interface Positioned {
  key: string;
  nodes: Map<string, Box>;
  groups: Map<string, Box>;
  /** Edge paths in layout direction (for reversed kinds, from `to` to `from`). */
  edges: Map<string, Point[]>;
  width: number;
  height: number;
  /** Set on the quick first layout (quick-layout.ts) that ELK's replaces. */
  quick?: boolean;
}

/** Reads ELK's answer (absolute coordinates, see `toElk`) back into boxes and paths. */
export function fromElk(key: string, result: ElkNode): Positioned {
  const nodes = new Map<string, Box>();
  const groups = new Map<string, Box>();
  const edges = new Map<string, Point[]>();
  const box = (n: ElkNode): Box => ({ x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 });
  const walk = (n: ElkNode) => {
    for (const c of n.children ?? []) {
      if (c.id.startsWith("g:")) groups.set(c.id.slice(2), box(c));
      else if (c.id.startsWith("n:")) nodes.set(c.id.slice(2), box(c));
      walk(c);
    }
    for (const e of (n.edges ?? []) as ElkExtendedEdge[]) {
      const pts: Point[] = [];
      for (const s of e.sections ?? []) pts.push(s.startPoint, ...(s.bendPoints ?? []), s.endPoint);
      edges.set(e.id, pts.map((p) => ({ x: p.x, y: p.y })));
    }
  };
  walk(result);
  return { key, nodes, groups, edges, width: result.width ?? 0, height: result.height ?? 0 };
}

/** A small most-recently-used cache of layouts by structure key: toggling back and forth costs nothing. */
export class LayoutCache {
  private readonly entries = new Map<string, Positioned>();
  constructor(private readonly size = 8) {}

  get(key: string): Positioned | undefined {
    const v = this.entries.get(key);
    if (v) {
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }

  set(p: Positioned): void {
    this.entries.delete(p.key);
    this.entries.set(p.key, p);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
  }
}
