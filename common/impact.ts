// Impact over the dependency graph: what a node needs (upstream, transitively) and what needs it (downstream).
// One reading of the edge kinds, used by the graph view's highlight, "Show Dependents" and `infraflow affected`.
import type { GraphEdge, NodeKind, WorkflowGraph } from "./graph";

/** Nodes that are parts of the node containing them and run in its context: a Polycrate action, a Deis process type. */
const PART_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>(["action", "process"]);

/**
 * An edge as "dependent needs dependency". Every kind points from the node that needs to the node it needs (a
 * step uses a block, a derived component inherits from its base, a component depends on another, a Fabrikate
 * component is generated with its subcomponents), except `order`, which points from the step that runs first to
 * the one after it, and `contains` towards a part (`childKind` an action or process), which needs its container.
 */
export function dependencyOf(e: Pick<GraphEdge, "from" | "to" | "kind">, childKind?: NodeKind): { dependent: string; dependency: string } {
  const reversed = e.kind === "order" || (e.kind === "contains" && childKind !== undefined && PART_KINDS.has(childKind));
  return reversed ? { dependent: e.to, dependency: e.from } : { dependent: e.from, dependency: e.to };
}

export interface ImpactIndex {
  /** Node id → the nodes it needs directly. */
  needs: Map<string, string[]>;
  /** Node id → the nodes that need it directly. */
  neededBy: Map<string, string[]>;
}

export function impactIndex(graph: Pick<WorkflowGraph, "edges"> & { nodes?: ReadonlyArray<{ id: string; kind: NodeKind }> }): ImpactIndex {
  const kinds = new Map(graph.nodes?.map((n) => [n.id, n.kind]));
  const needs = new Map<string, string[]>();
  const neededBy = new Map<string, string[]>();
  const push = (m: Map<string, string[]>, k: string, v: string) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  for (const e of graph.edges) {
    const { dependent, dependency } = dependencyOf(e, kinds.get(e.to));
    if (dependent === dependency) continue;
    push(needs, dependent, dependency);
    push(neededBy, dependency, dependent);
  }
  return { needs, neededBy };
}

/** Every node reachable from `seeds` along `next` (cycle-safe), the seeds themselves excluded unless reached again. */
export function reach(next: Map<string, string[]>, seeds: Iterable<string>): Set<string> {
  const start = new Set(seeds);
  const out = new Set<string>();
  const stack = [...start];
  while (stack.length) {
    const cur = stack.pop()!;
    for (const n of next.get(cur) ?? []) {
      if (out.has(n)) continue;
      out.add(n);
      stack.push(n);
    }
  }
  for (const s of start) out.delete(s);
  return out;
}

/** A shortest way from `start` to `goal` along `next` (breadth first, both ends included), or undefined. */
export function shortestPath(start: string, goal: string, next: (node: string) => Iterable<string>): string[] | undefined {
  const prev = new Map<string, string | undefined>([[start, undefined]]);
  const queue = [start];
  while (queue.length) {
    const cur = queue.shift()!;
    if (cur === goal) {
      const way: string[] = [];
      for (let at: string | undefined = cur; at !== undefined; at = prev.get(at)) way.unshift(at);
      return way;
    }
    for (const n of next(cur)) {
      if (prev.has(n)) continue;
      prev.set(n, cur);
      queue.push(n);
    }
  }
  return undefined;
}

export interface Impact {
  /** What the node needs, directly or through others (upstream). */
  needs: Set<string>;
  /** What needs the node, directly or through others (downstream). */
  neededBy: Set<string>;
}

/** The upstream and downstream sets of one node. */
export function impactOf(index: ImpactIndex, nodeId: string): Impact {
  return { needs: reach(index.needs, [nodeId]), neededBy: reach(index.neededBy, [nodeId]) };
}

/** "needs 3 · needed by 5", for the toolbar and the editor command. */
export function impactText(i: { needs: { size: number }; neededBy: { size: number } }): string {
  return `needs ${i.needs.size} · needed by ${i.neededBy.size}`;
}
