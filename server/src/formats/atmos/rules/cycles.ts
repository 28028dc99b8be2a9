// Cycles: in `metadata.inherits` (Atmos stops with an error) and in component dependencies (no order exists, so
// `--all` and `describe dependents` cannot run). Messages name the cycle: `a → b → a`.
import type { Problem } from "../../../core/problem";
import type { Span } from "../../../core/text";
import type { WorkspaceRule, WorkspaceView } from "../../types";
import { componentDependencies } from "../deps";
import { findComponent, type Located } from "../inherit";
import type { NameRef } from "../model";
import { engineFor, type Engine } from "../stacks";

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
  id: "inherits-cycle",
  check(ws: WorkspaceView): Problem[] {
    const engine = engineFor(ws);
    const out: Problem[] = [];
    const seen = new Set<string>();
    const done = new Set<string>();
    for (const ctx of engine.contexts()) {
      // Contexts with the same skeleton have the same components and inherits: one is checked for all.
      const sig = skeleton(engine, ctx);
      if (done.has(sig)) continue;
      done.add(sig);
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
  id: "dependency-cycle",
  check(ws: WorkspaceView): Problem[] {
    const engine = engineFor(ws);
    const out: Problem[] = [];
    const seen = new Set<string>();
    const edges = new Map<string, Edge[]>();
    const nodes: string[] = [];
    const done = new Set<string>();
    const add = (ctx: string, into: { nodes: string[]; edges: Map<string, Edge[]> }): void => {
      for (const c of engine.merged(ctx).components.values()) {
        if (c.abstract) continue;
        const id = `${ctx}\u0000${c.name}`;
        into.nodes.push(id);
        const list: Edge[] = [];
        // The edges the graph and the planner draw and run (templates rendered), so a cycle reported here is one they meet.
        for (const r of componentDependencies(engine, ctx, c)) {
          if (!r.ctx || !r.target || r.dep.item.fileKind) continue;
          list.push({ to: `${r.ctx}\u0000${r.target.name}`, path: r.dep.path, span: r.dep.item.component!.span });
        }
        into.edges.set(id, list);
      }
    };
    const show = (crossStack: boolean) => (n: string) => {
      const [ctx, name] = n.split("\u0000") as [string, string];
      return crossStack ? `${name} (${engine.stackName(ctx) ?? ctx})` : name;
    };
    for (const ctx of engine.contexts()) {
      const sig = skeleton(engine, ctx);
      if (!sameStackOnly(engine, ctx)) {
        add(ctx, { nodes, edges });
        continue;
      }
      // Every dependency stays in the stack and names its component plainly: the stack's cycles are its own, and
      // the same in every stack of the same skeleton (thousands of stacks importing one catalog are checked once).
      // No edge of another stack can lead into such a stack and back out, so leaving it out of the graph below
      // loses no cycle.
      if (done.has(sig)) continue;
      done.add(sig);
      const own = { nodes: [] as string[], edges: new Map<string, Edge[]>() };
      add(ctx, own);
      for (const cyc of findCycles(own.nodes, own.edges)) report(out, seen, "atmos/dependency-cycle", "Dependency cycle", cyc, show(false));
    }
    for (const cyc of findCycles(nodes, edges)) {
      const crossStack = new Set(cyc.nodes.map((n) => n.split("\u0000")[0])).size > 1;
      report(out, seen, "atmos/dependency-cycle", "Dependency cycle", cyc, show(crossStack));
    }
    return out;
  },
};

/**
 * What a stack's merged components (names, types, inherits, dependencies, metadata) are made of: the manifests of
 * its closure that define components, in merge order, and the settings that change how they merge. Stacks differ
 * mostly in their vars; those with the same skeleton have the same components.
 */
function skeleton(engine: Engine, ctx: string): string {
  return engine.structural(`skeleton:${ctx}`, () => {
    const m = engine.manifest(ctx);
    const keys = engine.closure(ctx).keys.filter((k) => (engine.manifestAt(k)?.model.components.length ?? 0) > 0);
    // A short id per distinct skeleton: thousands of stacks share one, and its long text is hashed once.
    const ids = engine.structural("skeleton-ids", () => new Map<string, string>());
    const sig = JSON.stringify([m?.config.root, m?.config.listMergeStrategy, m?.config.inheritMetadata, keys]);
    let id = ids.get(sig);
    if (!id) ids.set(sig, (id = `s${ids.size}`));
    return id;
  });
}

/** No component of the stack depends on another stack, by name or context, or names its target with a template. */
function sameStackOnly(engine: Engine, ctx: string): boolean {
  return engine.memo(`same-stack-only:${skeleton(engine, ctx)}`, () =>
    engine.closure(ctx).keys.every((k) =>
      (engine.manifestAt(k)?.model.components ?? []).every((c) => c.dependencies.every((d) => !d.stack && !Object.keys(d.context).length && !d.component?.name.includes("{{"))),
    ),
  );
}
