// The Atmos graph. For a stack manifest: every stack the file takes part in, as a group of its components with
// their `metadata.inherits` and dependency edges, ranked in deploy waves. For a workflow manifest: each workflow's
// steps in order, with the component an Atmos step runs.
import * as path from "node:path";
import { DRAWN_STACKS, type GraphGroup } from "../../../../common/graph";
import type { FormatGraph, FormatGraphEdge, FormatGraphNode, GraphOptions, IndexedFile, WorkspaceView } from "../types";
import { effectiveDependencies, findComponent, type MergedComponent } from "./inherit";
import { controlSettings, expandMatrix, isControlStep } from "./control";
import type { StackModel, StepModel, WorkflowModel } from "./model";
import { componentDependencies } from "./deps";
import { engineFor, type Engine } from "./stacks";

/** Graph node ids: a component of a stack (its root manifest), a workflow step. Plans use them as `nodeId`. */
export const componentId = (ctx: string, name: string): string => `component:${ctx}#${name}`;
export const stepNodeId = (file: string, workflow: string, index: number): string => `step:${file}#${workflow}#${index}`;
const stackId = (ctx: string): string => `stack:${ctx}`;

export function graph(file: IndexedFile, ws: WorkspaceView, options: GraphOptions = {}): FormatGraph | undefined {
  const model = file.facts.model as StackModel | WorkflowModel | undefined;
  if (!model) return undefined;
  const engine = engineFor(ws);
  const out: FormatGraph = { title: path.basename(file.path), nodes: [], edges: [], groups: [] };
  const have = new Set<string>();
  const add = (n: FormatGraphNode): void => {
    if (have.has(n.id)) return;
    have.add(n.id);
    out.nodes.push(n);
  };
  const groups = out.groups as GraphGroup[];
  const group = (ctx: string): string => {
    const id = stackId(ctx);
    if (!groups.some((g) => g.id === id)) groups.push({ id, label: stackLabel(engine, ctx), kind: "stack" });
    return id;
  };
  const ranks = new Map<string, number>();
  const node = (ctx: string, c: MergedComponent): string => {
    const rank = ranks.get(componentId(ctx, c.name));
    const def = c.defs.find((d) => d.path === file.path) ?? c.defs[c.defs.length - 1]!;
    const folder = def.item.folder?.name;
    add({ id: componentId(ctx, c.name), label: c.name, kind: c.abstract ? "abstract" : "component", detail: folder && folder !== c.name ? `${c.type} · ${folder}` : c.type, group: group(ctx), rank, path: def.path, span: def.item.fullSpan, flags: c.abstract ? { abstract: true } : undefined });
    return componentId(ctx, c.name);
  };

  if (model.kind === "workflow") {
    for (const w of model.workflows) {
      const gid = `workflow:${file.path}#${w.name}`;
      groups.push({ id: gid, label: w.name, kind: "workflow" });
      let prev: string | undefined;
      w.steps.forEach((st, i) => {
        const id = stepNodeId(file.path, w.name, i);
        add({ id, label: st.name, kind: "step", detail: isControlStep(st) ? controlDetail(st) : st.type === "atmos" ? st.command : `${st.type}${st.command ? ` · ${st.command}` : ""}`, group: gid, rank: i + 1, path: file.path, span: st.fullSpan });
        if (prev) out.edges.push({ from: prev, to: id, kind: "order" });
        prev = id;
        if (isControlStep(st)) controlGraph(file.path, id, gid, st, out, add);
        const target = st.type === "atmos" && st.command ? /^(?:terraform|helmfile|packer)\s+\S+\s+([^\s-][^\s]*)/.exec(st.command)?.[1] : undefined;
        const stack = st.stack?.name ?? w.stack?.name ?? /(?:^|\s)(?:-s|--stack)[\s=]+(\S+)/.exec(st.command ?? "")?.[1];
        const ctx = stack ? engine.stackNames().get(stack) : undefined;
        if (!target) return;
        const comp = ctx ? findComponent(engine.merged(ctx), target) : undefined;
        const tid = ctx && comp ? node(ctx, comp) : `component:?#${target}`;
        if (!comp) add({ id: tid, label: target, kind: "component", detail: stack, flags: { external: true } });
        out.edges.push({ from: id, to: tid, kind: "targets", label: stack, path: file.path, span: st.fullSpan });
      });
    }
    return out;
  }

  const contexts = stackContexts(file, engine);
  // A file in more stacks than can be drawn readably: the stack asked for first, then the others in order; those
  // left out are listed by name (the graph view offers them), never dropped silently.
  const { focus, stacks } = options;
  const ordered = focus && contexts.includes(focus) ? [focus, ...contexts.filter((c) => c !== focus)] : contexts;
  const all = ordered.length ? ordered : [file.path];
  // Stacks chosen by the caller (a folder's graph) are its to list; "all" draws every one.
  const shown = stacks === "all" ? all : stacks ? all.filter((c) => stacks.has(c)) : all.slice(0, DRAWN_STACKS);
  if (!stacks && contexts.length > shown.length) {
    const drawn = new Set(shown);
    out.omitted = { kind: "stack", shown: shown.length, total: contexts.length, items: contexts.map((c) => ({ key: c, label: stackLabel(engine, c), shown: drawn.has(c) })) };
  }
  if (contexts.length === 1) out.title = engine.stackName(contexts[0]!) ?? out.title;
  for (const ctx of shown) for (const [name, w] of waves(engine, ctx)) ranks.set(componentId(ctx, name), w);
  for (const ctx of shown) stackGraph(engine, ctx, node, out.edges, add);
  return out;
}

/**
 * The stacks a stack manifest takes part in, in the order of roots(): found through the importer index, not by a
 * walk of every stack's closure for each file (a whole-workspace graph asks it of every file).
 */
function stackContexts(file: IndexedFile, engine: Engine): string[] {
  return [file.path, ...engine.importers(file.path)].filter((r) => engine.isRoot(r)).sort();
}

/** Every stack graph() draws for the file with `stacks: "all"`: a manifest in no stack is drawn as its own. */
export function graphStacks(file: IndexedFile, ws: WorkspaceView): Array<{ key: string; label: string }> {
  const model = file.facts.model as StackModel | WorkflowModel | undefined;
  if (!model || model.kind === "workflow") return [];
  const engine = engineFor(ws);
  const contexts = stackContexts(file, engine);
  return (contexts.length ? contexts : [file.path]).map((c) => ({ key: c, label: stackLabel(engine, c) }));
}

/** What a stack is called in a graph: its Atmos name, else its manifest's file name. */
function stackLabel(engine: Engine, ctx: string): string {
  return engine.stackName(ctx) ?? path.basename(ctx);
}

/**
 * The children of a parallel/matrix step, in a group of their own inside the workflow's group: `needs` edges
 * between siblings, and in a matrix the order Atmos adds between a child without `needs` and the one before it.
 * A matrix is drawn once, not once per row; the group's label says how many rows run. The parallel/matrix step's
 * own node links to the children that wait for no sibling.
 */
function controlGraph(file: string, parentId: string, workflowGroup: string, st: StepModel, out: FormatGraph, add: (n: FormatGraphNode) => void): void {
  const gid = `steps:${parentId}`;
  const rows = st.type === "matrix" ? expandMatrix(st).length : 0;
  const axes = st.matrix?.axes.map((a) => a.name).join(" × ");
  (out.groups as GraphGroup[]).push({ id: gid, label: st.type === "matrix" ? `${st.name} (matrix${axes ? ` ${axes}` : ""}, ${rows} row${rows === 1 ? "" : "s"})` : `${st.name} (parallel)`, kind: "step", parent: workflowGroup });
  const childId = (j: number): string => `${parentId}/${j}`;
  const index = new Map<string, number>();
  st.steps.forEach((c, j) => {
    if (!index.has(c.name)) index.set(c.name, j);
  });
  st.steps.forEach((c, j) => {
    add({ id: childId(j), label: c.name, kind: "step", detail: c.type === "atmos" ? c.command : `${c.type}${c.command ? ` · ${c.command}` : ""}`, group: gid, path: file, span: c.fullSpan });
    for (const n of c.needs) {
      const t = index.get(n.name);
      if (t !== undefined) out.edges.push({ from: childId(j), to: childId(t), kind: "depends", path: file, span: n.span });
    }
    const ordered = st.type === "matrix" && !c.needs.length && j > 0;
    if (ordered) out.edges.push({ from: childId(j - 1), to: childId(j), kind: "order" });
    // The step fans out to the children that wait for no sibling.
    else if (!c.needs.some((n) => index.has(n.name))) out.edges.push({ from: parentId, to: childId(j), kind: "contains" });
  });
}

function controlDetail(st: StepModel): string {
  const c = controlSettings(st);
  return `${st.type} · ${st.steps.length} step${st.steps.length === 1 ? "" : "s"}, ${c.maxConcurrency > 0 ? `${c.maxConcurrency} at a time` : "all at once"}, ${c.mode}`;
}

/** Deploy waves: a component comes one wave after its deepest same-stack dependency (cycles stop the walk). */
function waves(engine: Engine, ctx: string): Map<string, number> {
  const stack = engine.merged(ctx);
  const deps = new Map<string, string[]>();
  for (const c of stack.components.values()) {
    if (c.abstract) continue;
    deps.set(c.name, (effectiveDependencies(stack, c.name, c.type) ?? []).filter((d) => d.item.component && !d.item.stack && !Object.keys(d.item.context).length).map((d) => d.item.component!.name));
  }
  const wave = new Map<string, number>();
  const waveOf = (n: string, seen: Set<string>): number => {
    const known = wave.get(n);
    if (known !== undefined) return known;
    if (seen.has(n)) return 1;
    seen.add(n);
    const w = 1 + Math.max(0, ...(deps.get(n) ?? []).filter((d) => deps.has(d)).map((d) => waveOf(d, seen)));
    wave.set(n, w);
    return w;
  };
  for (const n of deps.keys()) waveOf(n, new Set());
  return wave;
}

function stackGraph(engine: Engine, ctx: string, node: (ctx: string, c: MergedComponent) => string, edges: FormatGraphEdge[], add: (n: FormatGraphNode) => void): void {
  const stack = engine.merged(ctx);
  for (const c of stack.components.values()) {
    const id = node(ctx, c);
    for (const inh of c.inherits) {
      const base = findComponent(stack, inh.item.name, c.type);
      if (base) edges.push({ from: id, to: node(ctx, base), kind: "inherits", path: inh.path, span: inh.item.span });
    }
    if (c.abstract) continue;
    for (const r of componentDependencies(engine, ctx, c)) {
      let to: string;
      if (r.ctx && r.target) to = node(r.ctx, r.target);
      else {
        to = `component:?#${r.stackLabel ?? ""}#${r.name}`;
        add({ id: to, label: r.name, kind: "component", detail: r.stackLabel ?? "not defined", flags: { external: true } });
      }
      edges.push({ from: id, to, kind: "depends", label: r.ctx !== ctx ? r.stackLabel : undefined, path: r.dep.path, span: r.dep.item.component!.span });
    }
  }
}
