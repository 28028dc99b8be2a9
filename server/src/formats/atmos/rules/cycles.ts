// Cycles: in `metadata.inherits` (Atmos stops with an error) and in component dependencies (no order exists, so
// `--all` and `describe dependents` cannot run). Messages name the cycle: `a → b → a`.
import type { Problem } from "../../../core/problem";
import type { Span } from "../../../core/text";
import type { WorkspaceRule, WorkspaceView } from "../../types";
import { componentDependencies } from "../deps";
import type { ComponentModel, NameRef } from "../model";
import { findComponent, type Located, type MergedComponent, type MergedStack } from "../inherit";
import { engineFor, type Engine } from "../stacks";

interface Edge {
  to: string;
  path: string;
  span: Span;
}

/**
 * Finds the elementary cycles reachable by DFS (each reported once, rotated to a canonical start). Each cycle's
 * edges come with where they are in `edges` (source node, index).
 */
function findCycles(nodes: string[], edges: Map<string, Edge[]>): Array<{ nodes: string[]; edges: Edge[]; at: Array<[string, number]> }> {
  const out: Array<{ nodes: string[]; edges: Edge[]; at: Array<[string, number]> }> = [];
  const seenCycles = new Set<string>();
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const via: Array<[string, number]> = [];
  const dfs = (n: string): void => {
    state.set(n, 1);
    stack.push(n);
    const list = edges.get(n) ?? [];
    for (let j = 0; j < list.length; j++) {
      const e = list[j]!;
      const st = state.get(e.to);
      if (st === 1) {
        const i = stack.indexOf(e.to);
        const cycNodes = stack.slice(i);
        const at: Array<[string, number]> = [...via.slice(i), [n, j]];
        const min = cycNodes.reduce((a, b) => (b < a ? b : a));
        const k = cycNodes.indexOf(min);
        const key = [...cycNodes.slice(k), ...cycNodes.slice(0, k)].join("\u0000");
        if (!seenCycles.has(key)) {
          seenCycles.add(key);
          out.push({ nodes: cycNodes, edges: at.map(([from, x]) => edges.get(from)![x]!), at });
        }
      } else if (st === undefined) {
        via.push([n, j]);
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

/** A stack's inheritance graph (by component name), updated in place by the next check of the same stack. */
interface InheritGraph {
  stack: MergedStack;
  /** The merged components the edges were read from, by componentKey. */
  read: Map<string, MergedComponent>;
  edges: Map<string, Edge[]>;
  /** The graph's nodes, sorted (the search starts from each in turn). */
  names: string[];
  cycles?: Array<{ nodes: string[]; at: Array<[string, number]> }>;
}

const inheritState = new WeakMap<WorkspaceView, Map<string, InheritGraph>>();

/** The same edges, by target, in the same order. */
const sameTargets = (a: Edge[] | undefined, b: Edge[]): boolean => !!a && a.length === b.length && a.every((e, i) => e.to === b[i]!.to);

/** A rule's graphs of the workspace's stacks, by context, kept from one check to the next. */
function graphsOf<G>(states: WeakMap<WorkspaceView, Map<string, G>>, ws: WorkspaceView): Map<string, G> {
  let byCtx = states.get(ws);
  if (!byCtx) states.set(ws, (byCtx = new Map()));
  return byCtx;
}

/**
 * A stack graph's cycles: searched when it has none kept (the graph changed), and taken with the graph's edges as
 * they are now (an edge's span moves with the text).
 */
function cyclesOf(g: { edges: Map<string, Edge[]>; cycles?: Array<{ nodes: string[]; at: Array<[string, number]> }> }, nodes: string[]): Array<{ nodes: string[]; edges: Edge[] }> {
  g.cycles ??= findCycles(nodes, g.edges).map((cyc) => ({ nodes: cyc.nodes, at: cyc.at }));
  return g.cycles.map((cyc) => ({ nodes: cyc.nodes, edges: cyc.at.map(([from, i]) => g.edges.get(from)![i]!) }));
}

/**
 * The cycles a graph keeps after some of its edges changed: none, when it had none and no new edge closes one
 * (its target does not lead back to its source); else unknown, to be searched again. A graph without cycles is
 * the common case, and a search of every node on each keystroke was a tenth of a reference edit in a large
 * manifest. Removing edges cannot make a cycle; a new cycle must pass through a new edge.
 */
function keptCycles<C>(cycles: C[] | undefined, edges: Map<string, Edge[]>, added: Array<[string, string]>): C[] | undefined {
  if (cycles?.length !== 0) return undefined;
  for (const [from, to] of added) if (leadsTo(edges, to, from)) return undefined;
  return cycles;
}

function leadsTo(edges: Map<string, Edge[]>, start: string, goal: string): boolean {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length) {
    const n = queue.pop()!;
    if (n === goal) return true;
    for (const e of edges.get(n) ?? []) {
      if (seen.has(e.to)) continue;
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  return false;
}

/** The edges of `now` that `before` lacks (by target, counted), from `from`. */
function newEdges(from: string, before: Edge[] | undefined, now: Edge[], into: Array<[string, string]>): void {
  const left = new Map<string, number>();
  for (const e of before ?? []) left.set(e.to, (left.get(e.to) ?? 0) + 1);
  for (const e of now) {
    const n = left.get(e.to) ?? 0;
    if (n > 0) left.set(e.to, n - 1);
    else into.push([from, e.to]);
  }
}

function inheritEdges(stack: MergedStack, c: MergedComponent): Edge[] {
  const list: Edge[] = [];
  for (const inh of c.inherits as Array<Located<NameRef>>) {
    const base = findComponent(stack, inh.item.name, c.type);
    if (base) list.push({ to: base.name, path: inh.path, span: inh.item.span });
  }
  return list;
}

/**
 * The stack's inheritance graph. From the previous check's graph of the stack with the same components (by type
 * and name), a component's edges are read again only when it is another object; the cycles are searched again only
 * when an edge changed. Other components: read from nothing.
 */
function inheritGraph(engine: Engine, ctx: string): InheritGraph {
  const byCtx = graphsOf(inheritState, engine.ws);
  const prev = byCtx.get(ctx);
  const stack = engine.merged(ctx);
  if (prev?.stack === stack) return prev;
  const fresh = (): InheritGraph => {
    const g: InheritGraph = { stack, read: new Map(stack.components), edges: new Map(), names: [] };
    for (const c of stack.components.values()) g.edges.set(c.name, inheritEdges(stack, c));
    g.names = [...g.edges.keys()].sort();
    byCtx.set(ctx, g);
    return g;
  };
  // Two components of one name (of two types) are one node, whose edges the last one gives: read from nothing.
  if (!prev || prev.read.size !== prev.edges.size) return fresh();
  // With the same components (type and name), a name resolves to the same one: only the changed ones read again.
  if (prev.read.size !== stack.components.size) return fresh();
  for (const k of stack.components.keys()) if (!prev.read.has(k)) return fresh();
  let changed = false;
  const added: Array<[string, string]> = [];
  for (const [k, c] of stack.components) {
    if (prev.read.get(k) === c) continue;
    const list = inheritEdges(stack, c);
    const before = prev.edges.get(c.name);
    if (!sameTargets(before, list)) {
      changed = true;
      newEdges(c.name, before, list, added);
    }
    prev.edges.set(c.name, list);
    prev.read.set(k, c);
  }
  if (changed) prev.cycles = keptCycles(prev.cycles, prev.edges, added);
  prev.stack = stack;
  return prev;
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
      const g = inheritGraph(engine, ctx);
      for (const cyc of cyclesOf(g, g.names)) report(out, seen, "atmos/inherits-cycle", "Inheritance cycle", cyc, (n) => n);
    }
    return out;
  },
};

/** A dependency as componentDependencies resolves it, but for its target component (looked up on each use). */
interface RawEdge {
  ctx: string;
  name: string;
  path: string;
  span: Span;
}

/** One component of a stack's graph. */
interface EdgeEntry {
  mc: MergedComponent;
  /** Its node id (abstract components are no node). */
  id: string;
  raw: RawEdge[];
  /** The names it looks its bases up by (baseNames), as indexed in StackEdges.heirs. */
  bases: string[];
}

/** What the dependency-cycle rule derived from one stack; the next check of the same stack updates it in place. */
interface StackEdges {
  stack: MergedStack;
  /** Per component (by componentKey), in the stack's order. */
  entries: Map<string, EdgeEntry>;
  /** Component keys by the base names they look up: who must be resolved again when a component of that name changes. */
  heirs: Map<string, Set<string>>;
  /** The stack's graph: node ids (abstract components left out) and edges, targets resolved. */
  nodes: string[];
  edges: Map<string, Edge[]>;
  /** The cycles found in `edges` alone (for a stack whose dependencies stay in it), as node ids and edge indexes. */
  cycles?: Array<{ nodes: string[]; at: Array<[string, number]> }>;
}

const edgeState = new WeakMap<WorkspaceView, Map<string, StackEdges>>();

function rawEdges(engine: Engine, ctx: string, c: MergedComponent): RawEdge[] {
  if (c.abstract) return [];
  return componentDependencies(engine, ctx, c)
    .filter((r) => r.ctx && !r.dep.item.fileKind)
    .map((r) => ({ ctx: r.ctx!, name: r.name, path: r.dep.path, span: r.dep.item.component!.span }));
}

/** The edges the graph and the planner draw and run (templates rendered), so a cycle reported here is one they meet. */
function resolveEdges(engine: Engine, ctx: string, stack: MergedStack, raw: RawEdge[]): Edge[] {
  const list: Edge[] = [];
  for (const r of raw) {
    const target = findComponent(r.ctx === ctx ? stack : engine.merged(r.ctx), r.name);
    if (target) list.push({ to: `${r.ctx}\u0000${target.name}`, path: r.path, span: r.span });
  }
  return list;
}


function index(heirs: Map<string, Set<string>>, k: string, bases: string[], add: boolean): void {
  for (const base of bases) {
    let set = heirs.get(base);
    if (!set) heirs.set(base, (set = new Set()));
    if (add) set.add(k);
    else set.delete(k);
  }
}

/** The stack's graph, from nothing. */
function freshEdges(engine: Engine, ctx: string, stack: MergedStack): StackEdges {
  const now: StackEdges = { stack, entries: new Map(), heirs: new Map(), nodes: [], edges: new Map() };
  for (const [k, c] of stack.components) {
    const e: EdgeEntry = { mc: c, id: `${ctx}\u0000${c.name}`, raw: rawEdges(engine, ctx, c), bases: baseNames(c) };
    now.entries.set(k, e);
    index(now.heirs, k, e.bases, true);
    if (c.abstract) continue;
    now.nodes.push(e.id);
    now.edges.set(e.id, resolveEdges(engine, ctx, stack, e.raw));
  }
  return now;
}

/**
 * The stack's dependency graph, updated from the previous check's graph of the stack: a component's dependencies
 * are resolved again when its merged component is another object or something it inherits from (by name, at any
 * depth) changed, and its edges' targets when a component of the target's name changed (or the target is in
 * another stack). An edit in a large manifest changes a few components, and resolving every component's inherited
 * dependencies again was most of the rule's cost. When the stack's own sections (what a templated dependency
 * renders with) are other objects, all is resolved again. The cycles kept with it are dropped when a node or an edge
 * changed.
 */
function stackEdges(engine: Engine, ctx: string): StackEdges {
  const byCtx = graphsOf(edgeState, engine.ws);
  const prev = byCtx.get(ctx);
  const stack = engine.merged(ctx);
  if (prev?.stack === stack) return prev;
  const sameSections = !!prev && prev.stack.vars === stack.vars && prev.stack.settings === stack.settings && prev.stack.env === stack.env && prev.stack.typeSections === stack.typeSections;
  if (!prev || !sameSections) {
    const now = freshEdges(engine, ctx, stack);
    byCtx.set(ctx, now);
    return now;
  }
  // Which components changed (another object, added or removed), by name; then whoever inherits from them.
  const changedNames = new Set<string>();
  let sameOrder = prev.entries.size === stack.components.size;
  const keys = prev.entries.keys();
  for (const [k, mc] of stack.components) {
    if (sameOrder && keys.next().value !== k) sameOrder = false;
    if (prev.entries.get(k)?.mc !== mc) changedNames.add(mc.name);
  }
  const removed: string[] = [];
  if (!sameOrder) {
    for (const [k, e] of prev.entries) {
      if (stack.components.has(k)) continue;
      removed.push(k);
      changedNames.add(e.mc.name);
    }
  }
  const stale = new Set<string>();
  const queue = [...changedNames];
  const visited = new Set<string>();
  while (queue.length) {
    const n = queue.pop()!;
    if (visited.has(n)) continue;
    visited.add(n);
    for (const k of prev.heirs.get(n) ?? []) {
      if (stale.has(k)) continue;
      stale.add(k);
      const heir = prev.entries.get(k)?.mc;
      if (heir) queue.push(heir.name);
    }
  }
  let changed = !sameOrder;
  const added: Array<[string, string]> = [];
  for (const k of removed) {
    const e = prev.entries.get(k)!;
    index(prev.heirs, k, e.bases, false);
    prev.entries.delete(k);
    prev.edges.delete(e.id);
  }
  for (const [k, c] of stack.components) {
    let e = prev.entries.get(k);
    if (e && e.mc === c && !stale.has(k)) {
      // Its dependencies hold; their targets too, unless a component of a target's name changed.
      if (c.abstract || !retarget(e.raw, ctx, changedNames)) continue;
    } else {
      const bases = baseNames(c);
      if (e) {
        if (e.bases.join("\u0000") !== bases.join("\u0000")) {
          index(prev.heirs, k, e.bases, false);
          index(prev.heirs, k, bases, true);
        }
        if (e.mc.abstract !== c.abstract) changed = true;
        e.mc = c;
        e.raw = rawEdges(engine, ctx, c);
        e.bases = bases;
      } else {
        e = { mc: c, id: `${ctx}\u0000${c.name}`, raw: rawEdges(engine, ctx, c), bases };
        index(prev.heirs, k, bases, true);
        prev.entries.set(k, e);
        changed = true;
      }
    }
    if (c.abstract) {
      prev.edges.delete(e.id);
      continue;
    }
    const list = resolveEdges(engine, ctx, stack, e.raw);
    const before = prev.edges.get(e.id);
    if (!sameTargets(before, list)) {
      changed = true;
      newEdges(e.id, before, list, added);
    }
    prev.edges.set(e.id, list);
  }
  if (changed) {
    // The nodes in the stack's order, as a fresh graph has them (the search's order decides which cycles it meets).
    const fresh = new Map<string, EdgeEntry>();
    prev.nodes = [];
    for (const k of stack.components.keys()) {
      const e = prev.entries.get(k)!;
      fresh.set(k, e);
      if (!e.mc.abstract) prev.nodes.push(e.id);
    }
    prev.entries = fresh;
    prev.cycles = keptCycles(prev.cycles, prev.edges, added);
  }
  prev.stack = stack;
  // Two components of one name (of two types) are one node, whose edges the last one gives: resolved from nothing.
  if (prev.edges.size !== prev.nodes.length) {
    const now = freshEdges(engine, ctx, stack);
    byCtx.set(ctx, now);
    return now;
  }
  return prev;
}

/** Whether a dependency's target must be looked up again: in another stack, or of a changed name (a loop: this runs per component). */
function retarget(raw: RawEdge[], ctx: string, changedNames: Set<string>): boolean {
  for (const r of raw) if (r.ctx !== ctx || changedNames.has(r.name)) return true;
  return false;
}

/** The names a component looks its bases up by (basesOf): its `component` attribute and its `metadata.inherits`. */
function baseNames(c: MergedComponent): string[] {
  const out = c.inherits.map((i) => i.item.name);
  if (c.componentAttr && c.componentAttr !== c.name) out.push(c.componentAttr);
  return out;
}

export const dependencyCycleRule: WorkspaceRule = {
  id: "dependency-cycle",
  check(ws: WorkspaceView): Problem[] {
    const engine = engineFor(ws);
    const out: Problem[] = [];
    const seen = new Set<string>();
    const edges = new Map<string, Edge[]>();
    const nodes: string[] = [];
    const done = new Set<string>();
    const show = (crossStack: boolean) => (n: string) => {
      const [ctx, name] = n.split("\u0000") as [string, string];
      return crossStack ? `${name} (${engine.stackName(ctx) ?? ctx})` : name;
    };
    for (const ctx of engine.contexts()) {
      const sig = skeleton(engine, ctx);
      if (!sameStackOnly(engine, ctx)) {
        const now = stackEdges(engine, ctx);
        for (const n of now.nodes) nodes.push(n);
        for (const [id, list] of now.edges) edges.set(id, list);
        continue;
      }
      // Every dependency stays in the stack and names its component plainly: the stack's cycles are its own, and
      // the same in every stack of the same skeleton (thousands of stacks importing one catalog are checked once).
      // No edge of another stack can lead into such a stack and back out, so leaving it out of the graph below
      // loses no cycle.
      if (done.has(sig)) continue;
      done.add(sig);
      const now = stackEdges(engine, ctx);
      for (const cyc of cyclesOf(now, now.nodes)) report(out, seen, "atmos/dependency-cycle", "Dependency cycle", cyc, show(false));
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
  return engine.memo(`same-stack-only:${skeleton(engine, ctx)}`, () => engine.closure(ctx).keys.every((k) => (engine.manifestAt(k)?.model.components ?? []).every(staysInStack)));
}

/**
 * Per component model: an edit keeps the models of the components it did not touch (analyze.ts), so a large
 * manifest's thousands of dependency lists are not read again on every keystroke.
 */
const inStack = new WeakMap<ComponentModel, boolean>();
function staysInStack(c: ComponentModel): boolean {
  let v = inStack.get(c);
  if (v === undefined) inStack.set(c, (v = c.dependencies.every((d) => !d.stack && !Object.keys(d.context).length && !d.component?.name.includes("{{"))));
  return v;
}
