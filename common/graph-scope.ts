// A part of a large graph: one stack, or the neighbourhood of a component (issue 16: a graph of thousands of stacks is
// read one stack or one component at a time). Pure; the CLI uses it for `infraflow graph --stack/--component`.
import type { GraphGroup, WorkflowGraph } from "./graph";

export interface GraphScope {
  /** Only the nodes of this stack (a group of kind `stack`, by its label), and what they point at outside it. */
  stack?: string;
  /** Only the nodes named so (within `stack` when given) and those within `depth` edges of them, either way. */
  component?: string;
  /** Edges from the component; default 1. */
  depth?: number;
}

export type ScopeResult = { ok: true; graph: WorkflowGraph } | { ok: false; message: string };

export function scopeGraph(g: WorkflowGraph, scope: GraphScope): ScopeResult {
  const groups = new Map(g.groups.map((x) => [x.id, x]));
  const stackOf = (groupId: string | undefined): GraphGroup | undefined => {
    for (let id = groupId, hops = 0; id && hops < 64; hops++) {
      const gr = groups.get(id);
      if (!gr) return undefined;
      if (gr.kind === "stack") return gr;
      id = gr.parent;
    }
    return undefined;
  };
  let inScope = g.nodes;
  if (scope.stack !== undefined) {
    const stacks = [...new Set(g.groups.filter((x) => x.kind === "stack").map((x) => x.label))].sort();
    if (!stacks.includes(scope.stack)) return { ok: false, message: stacks.length ? unknownStack(scope.stack, stacks) : `This graph has no stacks (--stack is for Atmos).` };
    inScope = g.nodes.filter((n) => stackOf(n.group)?.label === scope.stack);
  }
  const keep = new Set(inScope.map((n) => n.id));
  if (scope.component !== undefined) {
    const seeds = inScope.filter((n) => n.label === scope.component).map((n) => n.id);
    if (!seeds.length) return { ok: false, message: `No node named '${scope.component}'${scope.stack !== undefined ? ` in stack '${scope.stack}'` : ""}.` };
    const around = new Map<string, string[]>();
    const link = (a: string, b: string) => {
      const l = around.get(a);
      if (l) l.push(b);
      else around.set(a, [b]);
    };
    for (const e of g.edges) {
      link(e.from, e.to);
      link(e.to, e.from);
    }
    keep.clear();
    let frontier = seeds;
    for (const s of seeds) keep.add(s);
    for (let d = 0; d < (scope.depth ?? 1) && frontier.length; d++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const o of around.get(id) ?? []) {
          if (keep.has(o)) continue;
          keep.add(o);
          next.push(o);
        }
      }
      frontier = next;
    }
  } else if (scope.stack !== undefined) {
    // What the stack's nodes point at in other stacks (cross-stack dependencies) stays, so no edge loses its end.
    for (const e of g.edges) if (keep.has(e.from)) keep.add(e.to);
  }
  const nodes = g.nodes.filter((n) => keep.has(n.id));
  const edges = g.edges.filter((e) => keep.has(e.from) && keep.has(e.to));
  const usedGroups = new Set<string>();
  for (const n of nodes) {
    for (let id = n.group, hops = 0; id && hops < 64 && !usedGroups.has(id); hops++) {
      usedGroups.add(id);
      id = groups.get(id)?.parent;
    }
  }
  return { ok: true, graph: { ...g, nodes, edges, groups: g.groups.filter((x) => usedGroups.has(x.id)) } };
}

/** Stacks named at most in the message for an unknown one: a repository may have thousands. */
export const LISTED_STACKS = 20;

/**
 * The message for a stack the graph does not have: its stacks when they are few; else those whose names hold the
 * name asked for (or are held in it), else the first ones, and how many more there are.
 */
function unknownStack(asked: string, stacks: string[]): string {
  if (stacks.length <= LISTED_STACKS) return `No stack '${asked}' in this graph; its stacks: ${stacks.join(", ")}.`;
  const a = asked.toLowerCase();
  const near = stacks.filter((s) => s.toLowerCase().includes(a) || a.includes(s.toLowerCase()));
  const list = near.length ? near : stacks;
  const more = list.length > LISTED_STACKS ? `, and ${list.length - LISTED_STACKS} more` : "";
  return `No stack '${asked}' in this graph of ${stacks.length} stacks; ${near.length ? `those whose names hold it or are held in it` : "the first"}: ${list.slice(0, LISTED_STACKS).join(", ")}${more}.`;
}
