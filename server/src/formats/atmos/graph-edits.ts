// Atmos graph edits on stack manifests: dependencies between components (in the form the component already
// uses: `settings.depends_on` gets the next numeric key, anything else `dependencies.components`), new and removed
// components. Cycles and duplicates are checked on the merged stack, inherited dependencies included.
import type { GraphEdit } from "../../../../common/graph-edit";
import { shortestPath } from "../../../../common/impact";
import type { TextChange } from "../../core/problem";
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from "../../core/yaml";
import { effective, findComponent, type MergedComponent, type MergedStack } from "./inherit";
import { COMPONENT_TYPES } from "./model";
import { engineFor, type Engine } from "./stacks";
import { basename, change, pairOf, removeCascading, valueOf } from "../edit-support";
import type { EditContext, FormatEdits } from "../types";
import { appendPair, appendToList, EditRefused, fillEmptyKey, insertItem, isEmptyValue, layoutOf, quoteOf, renderFlow, renderPairs, scalar, type Out } from "../yaml-text";

const COMPONENT_NAME = /^[/a-zA-Z0-9\-_{}. ]+$/;
/** Keys that go away with their last entry when a dependency is removed. */
const DEP_KEYS: ReadonlySet<string> = new Set(["components", "dependencies", "depends_on", "settings"]);
const TYPE_KEYS: ReadonlySet<string> = new Set(["components", ...COMPONENT_TYPES]);

/** `component:<stack file>#<name>` → the stack and the component's name. */
function parseId(id: string): { ctx: string; name: string } {
  if (!id.startsWith("component:") || id.startsWith("component:?#")) throw new EditRefused("That component is not defined in this repository.");
  const rest = id.slice("component:".length);
  const hash = rest.lastIndexOf("#");
  return { ctx: rest.slice(0, hash), name: rest.slice(hash + 1) };
}

function resolve(engine: Engine, id: string): { ctx: string; stack: MergedStack; comp: MergedComponent } {
  const { ctx, name } = parseId(id);
  const stack = engine.merged(ctx);
  const comp = findComponent(stack, name);
  if (!comp) throw new EditRefused(`There is no component '${name}' in this stack.`);
  return { ctx, stack, comp };
}

/** The definition to edit: the one in the graph's document when there is one, else the last one merged. */
function defToEdit(ctx: EditContext, comp: MergedComponent) {
  const def = comp.defs.find((d) => d.path === ctx.path) ?? comp.defs[comp.defs.length - 1];
  if (!def) throw new EditRefused(`Component '${comp.name}' has no definition.`);
  const f = ctx.file(def.path);
  const pair = pairOf(valueOf(f.parsed.root, "components"), comp.type);
  const entry = pairOf(pair?.value as Node | null, comp.name);
  if (!entry) throw new EditRefused(`Could not find component '${comp.name}' in ${basename(def.path)}.`);
  return { f, entry };
}

/** Same-stack dependencies of every component of a stack, inherited ones included. */
function depsOf(stack: MergedStack): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of stack.components.values()) {
    if (c.abstract) continue;
    const eff = effective(stack, c.name, c.type);
    out.set(c.name, (eff?.dependencies ?? []).filter((d) => d.item.component && !d.item.stack && !Object.keys(d.item.context).length).map((d) => d.item.component!.name));
  }
  return out;
}

function addDependency(ctx: EditContext, from: string, to: string, scope?: "stack"): TextChange[] {
  if (ctx.ws.file(ctx.path)?.kind === "workflow") throw new EditRefused("A workflow manifest shows no dependencies; edit them on the graph of a stack manifest.");
  const engine = engineFor(ctx.ws);
  const a = resolve(engine, from);
  const b = resolve(engine, to);
  if (a.comp.abstract) throw new EditRefused(`'${a.comp.name}' is abstract: it is never deployed, so it has no dependencies.`);
  if (a.ctx === b.ctx && a.comp.name === b.comp.name) throw new EditRefused(`'${a.comp.name}' cannot depend on itself.`);
  // FIXME(https://github.com/infraflow/infraflow/issues/edit-cross-stack): a definition shared by several stacks
  // (a catalog file) would get the other stack's name in every stack that imports it; written by hand for now.
  if (a.ctx !== b.ctx) throw new EditRefused("Dependencies on a component of another stack are written by hand (dependencies.components with `stack:`).");
  const existing = effective(a.stack, a.comp.name, a.comp.type)?.dependencies ?? [];
  const dup = existing.some((d) => d.item.component?.name === b.comp.name && !d.item.stack && !Object.keys(d.item.context).length);
  if (dup) throw new EditRefused(`'${a.comp.name}' already depends on '${b.comp.name}'.`);
  const deps = depsOf(a.stack);
  const loop = shortestPath(b.comp.name, a.comp.name, (n) => deps.get(n) ?? []);
  if (loop) throw new EditRefused(`This would make a cycle: ${[a.comp.name, ...loop].join(" → ")}.`);
  if (scope === "stack") return addDependencyInStack(ctx, a, b.comp.name);
  const { f, entry } = defToEdit(ctx, a.comp);
  const st = ctx.style(f);
  const node = entry.value as Node | null;
  const legacy = pairOf(valueOf(node, "settings"), "depends_on") ?? pairOf(node, "depends_on");
  if (legacy && isMap(legacy.value) && (legacy.value as YAMLMap).items.length) {
    return [change(f.path, addDependsOn(f.text, legacy.value as YAMLMap, b.comp.name, st))];
  }
  return [change(f.path, addDependencies(f.text, entry, b.comp.name, st))];
}

/**
 * The dependency written in the stack's own (root) manifest rather than in a catalog file other stacks import. A
 * component the manifest does not list yet gets an entry with the whole list: Atmos merges lists by replacing
 * them unless atmos.yaml says `list_merge_strategy: append` (pkg/merge/merge.go), so the catalog's dependencies
 * are written again before the new one.
 */
function addDependencyInStack(ctx: EditContext, a: ReturnType<typeof resolve>, target: string): TextChange[] {
  const f = ctx.file(a.ctx);
  if (!isMap(f.parsed.root)) throw new EditRefused(`${basename(f.path)} is empty or not a map; write the dependency by hand.`);
  const st = ctx.style(f);
  const entry = pairOf(valueOf(valueOf(f.parsed.root, "components"), a.comp.type), a.comp.name);
  if (entry) return [change(f.path, addDependencies(f.text, entry, target, st))];
  const written =
    a.stack.listStrategy === "append"
      ? []
      : a.comp.dependencies.filter((d) => d.item.form === "dependencies" && d.item.component && !d.item.stack && !Object.keys(d.item.context).length).map((d) => d.item.component!.name);
  const list: Out[] = [...new Set([...written, target])].map((n) => ({ map: [["name", { s: scalar(n) }]] }));
  return [change(f.path, insertComponent(f, st, a.comp.type, scalar(a.comp.name), { map: [["dependencies", { map: [["components", { list }]] }]] }))];
}

/** Adds `components.<type>.<key>: body` to a manifest, creating the keys that are missing. */
function insertComponent(f: ReturnType<EditContext["file"]>, st: ReturnType<EditContext["style"]>, type: string, key: string, body: Out) {
  const root = f.parsed.root as YAMLMap;
  const comps = pairOf(root, "components");
  const typed = pairOf(comps?.value as Node | null, type);
  if (typed) {
    if (isEmptyValue(typed.value as Node | null)) return fillEmptyKey(f.text, typed, [[key, body]], st);
    if (!isMap(typed.value)) throw new EditRefused(`components.${type} is not a map.`);
    return appendPair(f.text, typed.value as YAMLMap, key, body, st);
  }
  const section: Out = { map: [[key, body]] };
  if (comps) {
    if (isEmptyValue(comps.value as Node | null)) return fillEmptyKey(f.text, comps, [[type, section]], st);
    if (!isMap(comps.value)) throw new EditRefused("'components' is not a map.");
    return appendPair(f.text, comps.value as YAMLMap, type, section, st);
  }
  return appendPair(f.text, root, "components", { map: [[type, section]] }, st);
}

/** A `depends_on` entry under the next numeric key, written like the last entry. */
function addDependsOn(text: string, map: YAMLMap, target: string, st: ReturnType<EditContext["style"]>) {
  const keys = map.items.map((p) => Number((p.key as Scalar).value)).filter((n) => Number.isInteger(n));
  const next = String(Math.max(0, ...keys, map.items.length) + 1);
  const last = map.items[map.items.length - 1]!;
  const lastValue = last.value as Node | null;
  const quote = quoteOf(valueOf(lastValue, "component"));
  const keyText = quoteOf(last.key as Node) ? scalar(next, quoteOf(last.key as Node)) : next;
  const value: Out = { map: [["component", { s: scalar(target, quote) }]] };
  const l = layoutOf(text, map);
  if (l.flow) return insertItem(text, l, l.bodies.length, `${keyText}: ${renderFlow(value)}`);
  if (isMap(lastValue) && (lastValue as { flow?: boolean }).flow) return insertItem(text, l, l.bodies.length, `${" ".repeat(l.column)}${keyText}: ${renderFlow(value)}`);
  return insertItem(text, l, l.bodies.length, renderPairs([[keyText, value]], l.column, st).join(st.eol));
}

/** A `dependencies.components` item, creating the keys that are missing. */
function addDependencies(text: string, entry: Pair, target: string, st: ReturnType<EditContext["style"]>) {
  const node = entry.value as Node | null;
  const depsPair = pairOf(node, "dependencies");
  const compsPair = pairOf(depsPair?.value as Node | null, "components");
  const siblings = isSeq(compsPair?.value) ? ((compsPair!.value as YAMLSeq).items as Node[]).filter(isMap) : [];
  const first = siblings[0] as YAMLMap | undefined;
  // Follow the neighbours: `component:` or `name:`, and their quoting.
  const nameKey = first && pairOf(first, "component") && !pairOf(first, "name") ? "component" : "name";
  const quote = first ? quoteOf(valueOf(first, nameKey)) : "";
  const item: Out = { map: [[nameKey, { s: scalar(target, quote) }]] };
  if (compsPair) return appendToList(text, compsPair, item, st);
  if (depsPair) {
    if (isEmptyValue(depsPair.value as Node | null)) return fillEmptyKey(text, depsPair, [["components", { list: [item] }]], st);
    if (!isMap(depsPair.value)) throw new EditRefused("'dependencies' is not a map; edit it by hand.");
    return appendPair(text, depsPair.value as YAMLMap, "components", { list: [item] }, st);
  }
  const deps: Out = { map: [["components", { list: [item] }]] };
  if (isEmptyValue(node)) return fillEmptyKey(text, entry, [["dependencies", deps]], st);
  if (!isMap(node)) throw new EditRefused("This component is not a map; edit it by hand.");
  return appendPair(text, node as YAMLMap, "dependencies", deps, st);
}

function removeDependency(ctx: EditContext, edgeId: string): TextChange[] {
  const edge = ctx.edge(edgeId);
  if (!edge) throw new EditRefused("That edge is no longer in the graph; the file changed.");
  if (edge.kind !== "depends") throw new EditRefused(edge.kind === "inherits" ? "This edge is inheritance (metadata.inherits), not a dependency; edit it in the text." : "This edge is not a dependency written in a stack.");
  const at = ctx.where(edge);
  if (!at) throw new EditRefused("Could not find where this dependency is written.");
  const f = ctx.file(at.path);
  const target = findDependencyEntry(f.parsed.root, at.span.start);
  if (!target) throw new EditRefused("Could not find where this dependency is written.");
  return [change(f.path, removeCascading(f.text, f.parsed.root, target, DEP_KEYS))];
}

/** The `dependencies.components` item or `depends_on` pair whose component name starts at `offset`. */
function findDependencyEntry(root: Node | null, offset: number): Node | Pair | undefined {
  let hit: Node | Pair | undefined;
  const holds = (v: Node | null, key: string): boolean => {
    const n = valueOf(v, key);
    if (!isScalar(n) || !n.range) return false;
    return n.range[0] === offset || n.range[0] + 1 === offset;
  };
  const walk = (n: Node | null | undefined, key: string | undefined, depth: number): void => {
    if (!n || hit || depth > 40) return;
    if (isMap(n)) {
      for (const p of (n as YAMLMap).items) {
        const k = String((p.key as Scalar | null)?.value ?? "");
        if (key === "depends_on" && isMap(p.value) && holds(p.value as Node, "component")) {
          hit = p as Pair;
          return;
        }
        walk(p.value as Node, k, depth + 1);
      }
    } else if (isSeq(n)) {
      for (const it of (n as YAMLSeq).items) {
        if (key === "components" && isMap(it) && (holds(it as Node, "name") || holds(it as Node, "component"))) {
          hit = it as Node;
          return;
        }
        walk(it as Node, undefined, depth + 1);
      }
    }
  };
  walk(root, undefined, 0);
  return hit;
}

function addComponent(ctx: EditContext, name: string, extra: Record<string, string> | undefined): TextChange[] {
  const f = ctx.file(ctx.path);
  if (f.kind === "workflow") throw new EditRefused("Components are added to stack manifests, not to workflow manifests.");
  if (!COMPONENT_NAME.test(name)) throw new EditRefused(`'${name}' is not a valid component name: use letters, digits, '/', '-', '_', '.', ' ', '{' and '}'.`);
  const type = extra?.type || "terraform";
  if (!(COMPONENT_TYPES as readonly string[]).includes(type)) throw new EditRefused(`'${type}' is not a component type.`);
  const root = f.parsed.root;
  if (!isMap(root)) throw new EditRefused("This manifest is empty or not a map; add a component in the text first.");
  const st = ctx.style(f);
  const comps = pairOf(root, "components");
  const typed = pairOf(comps?.value as Node | null, type);
  if (pairOf(typed?.value as Node | null, name)) throw new EditRefused(`This manifest already defines ${type} component '${name}'.`);
  const folder = extra?.component || name;
  const siblings = isMap(typed?.value) ? (typed!.value as YAMLMap).items : [];
  const quote = siblings.length ? quoteOf(valueOf(valueOf(siblings[0]!.value as Node, "metadata"), "component")) : "";
  const body: Out = { map: [["metadata", { map: [["component", { s: scalar(folder, quote) }]] }]] };
  return [change(f.path, insertComponent(f, st, type, scalar(name), body))];
}

function removeComponent(ctx: EditContext, id: string): TextChange[] {
  const { comp } = resolve(engineFor(ctx.ws), id);
  const { f, entry } = defToEdit(ctx, comp);
  return [change(f.path, removeCascading(f.text, f.parsed.root, entry, TYPE_KEYS))];
}

export const atmosEdits: FormatEdits = {
  apply(ctx, edit) {
    switch (edit.type) {
      case "addDependency":
        return addDependency(ctx, edit.from, edit.to, edit.scope);
      case "removeDependency":
        return removeDependency(ctx, edit.edgeId);
      case "addNode":
        if (edit.kind !== "component") throw new EditRefused(`Atmos stacks have components, not ${edit.kind}s.`);
        return addComponent(ctx, edit.name, edit.extra);
      case "removeNode":
        if (!edit.nodeId.startsWith("component:")) throw new EditRefused("Only components can be removed from an Atmos graph.");
        return removeComponent(ctx, edit.nodeId);
      case "addStep":
      case "moveStep":
      case "removeStep":
        throw new EditRefused("Atmos workflow steps are edited in the text.");
    }
  },
  importedBy(ctx, p) {
    const engine = engineFor(ctx.ws);
    return [...new Set(engine.importers(p).filter((r) => engine.isRoot(r)).map((r) => engine.stackName(r) ?? basename(r)))].sort();
  },
  stackScope(ctx, edit: GraphEdit) {
    if (edit.type !== "addDependency" || edit.scope) return undefined;
    const a = resolve(engineFor(ctx.ws), edit.from);
    const { f } = defToEdit(ctx, a.comp);
    return f.path !== a.ctx ? a.ctx : undefined;
  },
  nameAt(ctx, id) {
    if (!id.startsWith("component:") || id.startsWith("component:?#")) return undefined;
    const { comp } = resolve(engineFor(ctx.ws), id);
    const def = comp.defs.find((d) => d.path === ctx.path) ?? comp.defs[comp.defs.length - 1];
    return def ? { path: def.path, offset: def.item.nameSpan.start } : undefined;
  },
};
