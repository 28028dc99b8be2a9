// Cycles: in `metadata.inherits` (Atmos stops with an error) and in component dependencies (no order exists, so
// `--all` and `describe dependents` cannot run). Messages name the cycle: `a → b → a`.
import type { Problem } from "../../../core/problem";
import type { Span } from "../../../core/text";
import type { WorkspaceRule, WorkspaceView } from "../../types";
import { effectiveDependencies, findComponent, type Located } from "../inherit";
import type { Dependency, NameRef } from "../model";
import { engineFor, nameFromConfig, type Engine } from "../stacks";

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
        for (const d of effectiveDependencies(stack, c.name, c.type) ?? []) {
          const target = targetOf(engine, ctx, d);
          if (!target) continue;
          const targetStack = engine.merged(target.ctx);
          if (!findComponent(targetStack, target.name)) continue;
          list.push({ to: `${target.ctx}\u0000${target.name}`, path: d.path, span: d.item.component!.span });
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

/** The stack (context) and component a dependency points at, or undefined when it leaves what we know. */
function targetOf(engine: Engine, ctx: string, d: Located<Dependency>): { ctx: string; name: string } | undefined {
  const dep = d.item;
  if (!dep.component || dep.fileKind) return undefined;
  if (!dep.stack && !Object.keys(dep.context).length) return { ctx, name: dep.component.name };
  const m = engine.manifest(ctx);
  if (!m) return undefined;
  const names = engine.stackNames(m.config.root);
  const stackName = dep.stack ? (dep.stack.name.includes("{{") ? undefined : dep.stack.name) : nameFromConfig(m.config, engine.merged(ctx).vars, dep.context as Record<string, string>);
  const target = stackName ? names.get(stackName) : undefined;
  return target ? { ctx: target, name: dep.component.name } : undefined;
}
