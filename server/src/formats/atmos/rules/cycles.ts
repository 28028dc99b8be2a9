// Cycles: in `metadata.inherits` (Atmos stops with an error) and in component dependencies (no order exists, so
// `--all` and `describe dependents` cannot run). Messages name the cycle: `a → b → a`.
import type { Problem } from "../../../core/problem";
import type { Span } from "../../../core/text";
import type { WorkspaceRule, WorkspaceView } from "../../types";
import { componentDependencies } from "../deps";
import { findComponent, type Located } from "../inherit";
import type { NameRef } from "../model";
import { engineFor } from "../stacks";

interface Edge {
  to: string;
  path: string;
  span: Span;
}

/** Finds the elementary cycles reachable by DFS (each reported once, rotated to a canonical start). */
function findCycles(nodes: string[], edges: Map<string, Edge[]>): Array<{ nodes: string[]; edges: Edge[] }> {
  const out: Array<{ nodes: string[]; edges: Edge[] }> = [];
  const seenCycles = new Set<string>();
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const via: Edge[] = [];
  const dfs = (n: string): void => {
    state.set(n, 1);
    stack.push(n);
    for (const e of edges.get(n) ?? []) {
      const st = state.get(e.to);
      if (st === 1) {
        const i = stack.indexOf(e.to);
        const cycNodes = stack.slice(i);
        const cycEdges = [...via.slice(i), e];
        const min = cycNodes.reduce((a, b) => (b < a ? b : a));
        const k = cycNodes.indexOf(min);
        const key = [...cycNodes.slice(k), ...cycNodes.slice(0, k)].join("\u0000");
        if (!seenCycles.has(key)) {
          seenCycles.add(key);
          out.push({ nodes: cycNodes, edges: cycEdges });
        }
      } else if (st === undefined) {
        via.push(e);
        dfs(e.to);
        via.pop();
      }
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of nodes) if (!state.has(n)) dfs(n);
  return out;
}

function report(out: Problem[], seen: Set<string>, code: string, label: string, cycle: { nodes: string[]; edges: Edge[] }, show: (n: string) => string): void {
  const names = [...cycle.nodes, cycle.nodes[0]!].map(show).join(" → ");
  const message = `${label}: ${names}.`;
  for (const e of cycle.edges) {
    const key = `${e.path}:${e.span.start}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: e.path, span: e.span, severity: "error", code, message });
  }
}

export const inheritsCycleRule: WorkspaceRule = {
  id: "atmos/inherits-cycle",
  check(ws: WorkspaceView): Problem[] {
    const engine = engineFor(ws);
    const out: Problem[] = [];
    const seen = new Set<string>();
    for (const ctx of engine.contexts()) {
      const stack = engine.merged(ctx);
      const edges = new Map<string, Edge[]>();
      for (const c of stack.components.values()) {
        const list: Edge[] = [];
        for (const inh of c.inherits as Array<Located<NameRef>>) {
          const base = findComponent(stack, inh.item.name, c.type);
          if (base) list.push({ to: base.name, path: inh.path, span: inh.item.span });
        }
        edges.set(c.name, list);
      }
      for (const cyc of findCycles([...edges.keys()].sort(), edges)) report(out, seen, "atmos/inherits-cycle", "Inheritance cycle", cyc, (n) => n);
    }
    return out;
  },
};

export const dependencyCycleRule: WorkspaceRule = {
  id: "atmos/dependency-cycle",
  check(ws: WorkspaceView): Problem[] {
    const engine = engineFor(ws);
    const out: Problem[] = [];
    const seen = new Set<string>();
    const edges = new Map<string, Edge[]>();
    const nodes: string[] = [];
    for (const ctx of engine.contexts()) {
      const stack = engine.merged(ctx);
      for (const c of stack.components.values()) {
        if (c.abstract) continue;
        const id = `${ctx}\u0000${c.name}`;
        nodes.push(id);
        const list: Edge[] = [];
        // The edges the graph and the planner draw and run (templates rendered), so a cycle reported here is one they meet.
        for (const r of componentDependencies(engine, ctx, c)) {
          if (!r.ctx || !r.target || r.dep.item.fileKind) continue;
          list.push({ to: `${r.ctx}\u0000${r.target.name}`, path: r.dep.path, span: r.dep.item.component!.span });
        }
        edges.set(id, list);
      }
    }
    for (const cyc of findCycles(nodes, edges)) {
      const crossStack = new Set(cyc.nodes.map((n) => n.split("\u0000")[0])).size > 1;
      report(out, seen, "atmos/dependency-cycle", "Dependency cycle", cyc, (n) => {
        const [ctx, name] = n.split("\u0000") as [string, string];
        return crossStack ? `${name} (${engine.stackName(ctx) ?? ctx})` : name;
      });
    }
    return out;
  },
};
