// Deep merging with provenance: every leaf remembers the file and offset it came from, so hover can say where an
// effective value was set. Lists are leaves (Atmos' default list_merge_strategy is `replace`).
import { hasCustomTag, type Node, type Scalar } from "../../core/yaml";
import type { NodeMemo } from "../../core/node-memo";
import { detached } from "../../core/text";
import { entries, isMap, isScalar, isSeq, spanOf } from "../yaml-read";
import { componentKey, type ComponentModel, type Dependency, type NameRef } from "./model";
import { evalTag, type IncludeHost } from "./yaml-functions";

export type Leaf = {
  kind: "leaf";
  value: unknown;
  text: string;
  path: string;
  offset: number;
  /** A YAML function only Atmos resolves, at run time: `value` and `text` are its expression. */
  runtime?: boolean;
};

export type Val =
  | {
      kind: "map";
      entries: Map<string, Val>;
      /** Run-time values (a remote `!include`, `!store`, …) written over this whole map: Atmos merges them in later. */
      runtime?: Leaf[];
    }
  | Leaf;

export const EMPTY: Val = { kind: "map", entries: new Map() };

/**
 * A YAML node as a mergeable value; `text` is the source text of leaves (tags included), for display. With `copy`
 * (an open document's node), leaf texts are copies: what is merged from an open document is kept across its edits
 * (keptVal, the merged components an edit did not touch), and a substring would keep that version of the text alive.
 */
export function toVal(node: Node | null | undefined, path: string, text: string, fns?: IncludeHost, copy = false): Val | undefined {
  if (node === null || node === undefined) return undefined;
  if (isMap(node) && !hasCustomTag(node)) {
    const out = new Map<string, Val>();
    for (const e of entries(node)) {
      const v = toVal(e.value, path, text, fns, copy) ?? { kind: "leaf", value: null, text: "null", path, offset: e.keyNode.range?.[0] ?? 0 };
      out.set(e.key, v);
    }
    return { kind: "map", entries: out };
  }
  const span = spanOf(node) ?? { start: 0, end: 0 };
  const cut = text.slice(span.start, span.end);
  const raw = copy ? detached(cut) : cut;
  if (hasCustomTag(node)) {
    // A YAML function: a local `!include` becomes the file's content, anything else stays as its expression.
    const tag = (node as { tag?: string }).tag!;
    const arg = isScalar(node) ? String((node as Scalar).value ?? "") : "";
    const r = fns && isScalar(node) ? evalTag(tag, arg, path, fns) : { kind: "runtime" as const, expression: isScalar(node) ? `${tag} ${arg}`.trim() : `${tag} ${raw}` };
    if (r.kind === "value") return fromPlain(r.value, path, span.start);
    return { kind: "leaf", value: r.expression, text: r.expression, path, offset: span.start, runtime: true };
  }
  // Lists are leaves (merged whole, by the list strategy) whose value is the list.
  const value = isScalar(node) ? (node as Scalar).value : isSeq(node) ? plainList(node) : raw;
  return { kind: "leaf", value, text: raw, path, offset: span.start };
}

/**
 * toVal of a node of an open document, kept in `memo` across edits (see NodeMemo): merging again the components
 * after an edit point (their offsets moved) read every one of their sections again. A kept value's leaves move with
 * the node. A value that read another file (`!include`) is not kept: that file may change. The merged values that
 * share a kept value's leaves belong to merges the edit made out of date (the component moved), so moving them is
 * safe.
 */
export function keptVal(memo: NodeMemo, node: Node | null | undefined, path: string, text: string, fns?: IncludeHost): Val | undefined {
  if (!node?.range) return toVal(node, path, text, fns, true);
  const hit = memo.hit<Val>(node, path);
  if (hit) return hit;
  let read = false;
  const probe: IncludeHost | undefined = fns && {
    basePath: fns.basePath,
    readText: (p) => {
      read = true;
      return fns.readText(p);
    },
  };
  return memo.get(node, path, () => toVal(node, path, text, probe, true)!, { move: shiftVal, keep: () => !read });
}

function shiftVal(v: Val, by: number): void {
  if (v.kind === "leaf") {
    v.offset += by;
    return;
  }
  for (const x of v.entries.values()) shiftVal(x, by);
  for (const x of v.runtime ?? []) x.offset += by;
}

/** Plain data (an included file) as a value, every leaf placed at the `!include` that brought it. */
export function fromPlain(v: unknown, path: string, offset: number): Val {
  if (v && typeof v === "object" && !Array.isArray(v)) {
    return { kind: "map", entries: new Map(Object.entries(v).map(([k, x]) => [k, fromPlain(x, path, offset)])) };
  }
  return { kind: "leaf", value: v, text: typeof v === "string" ? v : JSON.stringify(v), path, offset };
}

function plainList(node: Node): unknown {
  const j = (node as { toJSON?: () => unknown }).toJSON?.();
  return Array.isArray(j) ? j : [];
}

/** How two lists merge: atmos.yaml `settings.list_merge_strategy`, or a component's `settings.list_merge_strategy`. */
export type ListStrategy = "replace" | "append" | "merge";

export function listStrategy(v: unknown): ListStrategy | undefined {
  return v === "replace" || v === "append" || v === "merge" ? v : undefined;
}

/**
 * Deep merge: maps merge key by key, lists as the strategy says (pkg/merge: `replace` keeps the later list,
 * `append` concatenates, `merge` deep-merges map items by index), anything else is replaced by the later value.
 */
export function merge(a: Val | undefined, b: Val | undefined, strategy: ListStrategy = "replace"): Val | undefined {
  if (!b) return a;
  if (!a) return b;
  if (a.kind === "map" && b.kind === "map") {
    const out = new Map(a.entries);
    for (const [k, v] of b.entries) out.set(k, merge(out.get(k), v, strategy)!);
    const runtime = a.runtime || b.runtime ? [...(a.runtime ?? []), ...(b.runtime ?? [])] : undefined;
    return runtime ? { kind: "map", entries: out, runtime } : { kind: "map", entries: out };
  }
  // A run-time value over a map does not wipe what was merged before: Atmos merges its result in at run time.
  if (a.kind === "map" && b.kind === "leaf" && b.runtime) return { ...a, runtime: [...(a.runtime ?? []), b] };
  if (strategy !== "replace" && a.kind === "leaf" && b.kind === "leaf" && Array.isArray(a.value) && Array.isArray(b.value)) {
    const value = strategy === "append" ? [...(a.value as unknown[]), ...(b.value as unknown[])] : mergeLists(a.value as unknown[], b.value as unknown[]);
    return { ...b, value, text: JSON.stringify(value) };
  }
  return b;
}

const isPlainMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

// The `merge` strategy, as pkg/merge's native slice merge: where both items at an index are maps they are deep
// merged (their lists too, by index); otherwise the earlier item stays. A longer later list adds its extra items.
function mergeLists(a: unknown[], b: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i >= a.length) out.push(b[i]);
    else if (i < b.length && isPlainMap(a[i]) && isPlainMap(b[i])) out.push(mergePlain(a[i] as Record<string, unknown>, b[i] as Record<string, unknown>));
    else out.push(a[i]);
  }
  return out;
}

function mergePlain(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] = isPlainMap(cur) && isPlainMap(v) ? mergePlain(cur, v) : Array.isArray(cur) && Array.isArray(v) ? mergeLists(cur, v) : v;
  }
  return out;
}

export function mergeAll(vals: Array<Val | undefined>, strategy: ListStrategy = "replace"): Val {
  let acc: Val | undefined = EMPTY;
  for (const v of vals) acc = merge(acc, v, strategy);
  return acc ?? EMPTY;
}

/** The flat leaves of a value: `tags.team` → leaf. */
export function leaves(v: Val | undefined, prefix = ""): Array<{ key: string; leaf: Leaf }> {
  if (!v) return [];
  if (v.kind === "leaf") return prefix ? [{ key: prefix, leaf: v }] : [];
  const out: Array<{ key: string; leaf: Leaf }> = [];
  for (const r of v.runtime ?? []) out.push({ key: prefix || "(whole section)", leaf: r });
  for (const [k, child] of v.entries) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (child.kind === "map" && child.entries.size === 0) out.push({ key, leaf: { kind: "leaf", value: {}, text: "{}", path: "", offset: 0 } });
    else out.push(...leaves(child, key));
  }
  return out;
}

function leafString(v: Val | undefined): string | undefined {
  return v?.kind === "leaf" && typeof v.value === "string" && v.value ? v.value : undefined;
}

export function scalarAt(v: Val | undefined, key: string): string | undefined {
  if (!v || v.kind !== "map") return undefined;
  const c = v.entries.get(key);
  if (!c || c.kind !== "leaf") return undefined;
  const x = c.value;
  return typeof x === "string" || typeof x === "number" || typeof x === "boolean" ? String(x) : undefined;
}

/**
 * The sections besides vars, settings, env, metadata and the backend that a component's stack globals, type section,
 * bases and own definition contribute to (internal/exec mergeComponentConfigurations): Terraform `providers`,
 * `hooks`, `command` and the remote state backend. Kept by name so that one merge walk serves them all.
 */
export const EXTRA_SECTIONS = ["providers", "hooks", "command", "remote_state_backend_type", "remote_state_backend"] as const;
export type ExtraSection = (typeof EXTRA_SECTIONS)[number];

export interface Located<T> {
  item: T;
  path: string;
}

/** A component of one stack, merged over every manifest of the stack's import closure that defines it. */
export interface MergedComponent {
  type: string;
  name: string;
  defs: Array<Located<ComponentModel>>;
  vars?: Val;
  settings?: Val;
  env?: Val;
  metadata?: Val;
  /**
   * The component's `overrides` (vars, settings, env, command): the `overrides` sections of the manifest that
   * defines it and of the manifests around it in the import tree, merged last over everything else.
   */
  overrides?: Val;
  /** Terraform `backend_type` and `backend` as written for the component (merged over manifests). */
  backendType?: Val;
  backend?: Val;
  /** The EXTRA_SECTIONS written for the component (merged over manifests). */
  extra: Map<ExtraSection, Val>;
  /** The legacy top-level `component:` attribute (the last written): a base when it names a component of the stack. */
  componentAttr?: string;
  /** The last `metadata.inherits` written (lists replace). */
  inherits: Array<Located<NameRef>>;
  abstract: boolean;
  dependencies: Array<Located<Dependency>>;
}

export interface MergedStack {
  vars: Val;
  settings: Val;
  env: Val;
  /** The stack-level `hooks` section. */
  hooks?: Val;
  /** Per component type: the type section's vars/settings/env (`terraform.vars`, …) and EXTRA_SECTIONS. */
  typeSections: Map<string, { vars: Val; settings: Val; env: Val; backendType?: Val; backend?: Val; extra: Map<ExtraSection, Val> }>;
  components: Map<string, MergedComponent>;
  /** atmos.yaml `settings.list_merge_strategy` (default `replace`). */
  listStrategy?: ListStrategy;
  /** atmos.yaml `stacks.inherit.metadata` (default true). */
  inheritMetadata?: boolean;
  /** atmos.yaml `components.<type>.command`. */
  commands?: Record<string, string>;
}

// The first component of each name, in the stack's order: a lookup by name alone (a dependency, an inherits entry
// of another type) scanned every component, which made the rules quadratic in the number of components. Built on
// first use and rebuilt if the stack's component count has changed since.
const byName = new WeakMap<Map<string, MergedComponent>, { size: number; first: Map<string, MergedComponent> }>();

function firstByName(components: Map<string, MergedComponent>): Map<string, MergedComponent> {
  const hit = byName.get(components);
  if (hit && hit.size === components.size) return hit.first;
  const first = new Map<string, MergedComponent>();
  for (const c of components.values()) if (!first.has(c.name)) first.set(c.name, c);
  byName.set(components, { size: components.size, first });
  return first;
}

/** Finds a component by name, preferring the given type. */
export function findComponent(stack: MergedStack, name: string, type?: string): MergedComponent | undefined {
  if (type) {
    const hit = stack.components.get(componentKey(type, name));
    if (hit) return hit;
  }
  return firstByName(stack.components).get(name);
}

export interface EffectiveComponent {
  component: MergedComponent;
  vars: Val;
  settings: Val;
  env: Val;
  /** The component's metadata, with its bases' when metadata inheritance is on (see effective()). */
  metadata?: Val;
  /** Terraform only: the backend type and that type's backend section, as Atmos's processTerraformBackend computes them. */
  backendType?: string;
  backend?: Val;
  /** Terraform only: `providers`, and the remote state backend as written (describe picks the type's part). */
  providers?: Val;
  remoteStateBackendType?: string;
  remoteStateBackend?: Val;
  /** Terraform only: `hooks`. */
  hooks?: Val;
  /** The executable (`command`): atmos.yaml's, the type section's, the last base's, the component's, its overrides'. */
  command: string;
  /** Base components in merge order (the inheritance chain, depth first). */
  chain: string[];
  /** Atmos's `inheritance`: the bases, the last one processed first, each once (ProcessBaseComponentConfig). */
  inheritance: string[];
  dependencies: Array<Located<Dependency>>;
  /** An inheritance cycle was met. */
  cycle: boolean;
}

/**
 * The effective configuration of a component: the stack's global and type sections, then each inherited
 * component (with its own inheritance) in `metadata.inherits` order, then the component's own values.
 */
export function effective(stack: MergedStack, name: string, type?: string): EffectiveComponent | undefined {
  const strategy = stack.listStrategy ?? "replace";
  const comp = findComponent(stack, name, type);
  if (!comp) return undefined;
  let cycle = false;
  const chain: string[] = [];
  type Inherited = {
    vars?: Val;
    settings?: Val;
    env?: Val;
    backend?: Val;
    backendType?: string;
    metadata?: Val;
    providers?: Val;
    hooks?: Val;
    remoteStateBackend?: Val;
    /** The last base processed sets these, even to nothing (processBaseComponentConfigInternal assigns them). */
    command?: string;
    remoteStateBackendType?: string;
    deps: Array<Located<Dependency>>;
  };
  const inherited = (c: MergedComponent, seen: Set<string>): Inherited => {
    const out: Inherited = { deps: [] };
    for (const base of basesOf(stack, c)) {
      if (seen.has(base.name)) {
        cycle = true;
        continue;
      }
      const b = inherited(base, new Set([...seen, base.name]));
      chain.push(base.name);
      const layer = (acc: Val | undefined, fromBases: Val | undefined, own: Val | undefined) => merge(acc, merge(fromBases, own, strategy), strategy);
      out.vars = layer(out.vars, b.vars, base.vars);
      out.settings = layer(out.settings, b.settings, base.settings);
      out.env = layer(out.env, b.env, base.env);
      out.backend = layer(out.backend, b.backend, base.backend);
      out.backendType = leafString(base.backendType) || b.backendType || out.backendType;
      out.metadata = layer(out.metadata, b.metadata, base.metadata);
      out.providers = layer(out.providers, b.providers, base.extra.get("providers"));
      out.hooks = layer(out.hooks, b.hooks, base.extra.get("hooks"));
      out.remoteStateBackend = layer(out.remoteStateBackend, b.remoteStateBackend, base.extra.get("remote_state_backend"));
      out.command = leafString(base.extra.get("command"));
      out.remoteStateBackendType = leafString(base.extra.get("remote_state_backend_type"));
      out.deps.push(...b.deps, ...base.dependencies);
    }
    return out;
  };
  const base = inherited(comp, new Set([comp.name]));
  const section = stack.typeSections.get(comp.type);
  // Atmos merges each section as: the stack's globals, the bases, the component, then the component's overrides.
  const over = (k: string): Val | undefined => (comp.overrides?.kind === "map" ? comp.overrides.entries.get(k) : undefined);
  const settings = mergeAll([stack.settings, section?.settings, base.settings, comp.settings, over("settings")], strategy);
  // A `settings.list_merge_strategy` in these layers (the last one set wins) decides how this component's lists
  // merge (internal/exec effectiveAtmosConfig, Atmos issue #2396).
  const own = listStrategy(scalarAt(settings, "list_merge_strategy")) ?? strategy;
  const terraform = comp.type === "terraform";
  // processTerraformBackend: the component's backend_type, else the bases', else the stack's; the backend
  // sections merge in the same order and the chosen type's part is the backend.
  let backendType: string | undefined;
  let backend: Val | undefined;
  if (terraform) {
    backendType = leafString(comp.backendType) || base.backendType || leafString(section?.backendType) || "";
    const all = mergeAll([section?.backend, base.backend, comp.backend], strategy);
    const part = all.kind === "map" ? all.entries.get(backendType) : undefined;
    backend = part?.kind === "map" ? part : EMPTY;
  }
  // Terraform metadata is inherited since Atmos's `stacks.inherit.metadata` default became true (pkg/edition
  // journal, 2025-12-06; applyTerraformMetadataInheritance), except `inherits` itself and an abstract `type`.
  let metadata = comp.metadata;
  if (terraform && stack.inheritMetadata !== false && base.metadata?.kind === "map") {
    const from = new Map(base.metadata.entries);
    from.delete("inherits");
    if (scalarAt(base.metadata, "type") === "abstract") from.delete("type");
    metadata = merge({ kind: "map", entries: from }, comp.metadata, strategy);
  }
  // applyTerraformMetadataInheritance: with a `terraform_workspace`, a workspace pattern or template (inherited or
  // not) is dropped, so that the explicit name is the one BuildTerraformWorkspace uses.
  if (terraform && metadata?.kind === "map" && metadata.entries.get("terraform_workspace")?.kind === "leaf" && typeof (metadata.entries.get("terraform_workspace") as Leaf).value === "string") {
    const entries = new Map(metadata.entries);
    entries.delete("terraform_workspace_pattern");
    entries.delete("terraform_workspace_template");
    metadata = { ...metadata, entries };
  }
  const typeExtra = (k: ExtraSection): Val | undefined => section?.extra.get(k);
  // The executable: the type's name, atmos.yaml's `components.<type>.command`, the type section's `command`, the
  // last base's, the component's, then `overrides.command`, each when not empty.
  const command = [leafString(typeExtra("command")), base.command, leafString(comp.extra.get("command")), leafString(over("command"))].reduce<string>((acc, c) => c || acc, stack.commands?.[comp.type] || comp.type);
  return {
    component: comp,
    metadata,
    backendType,
    backend,
    // Terraform only, as the stack processor extracts and merges them (providers from `terraform.providers` on).
    providers: terraform ? mergeAll([typeExtra("providers"), base.providers, comp.extra.get("providers"), over("providers")], own) : undefined,
    hooks: terraform ? mergeAll([stack.hooks, typeExtra("hooks"), base.hooks, comp.extra.get("hooks"), over("hooks")], own) : undefined,
    remoteStateBackendType: terraform ? leafString(comp.extra.get("remote_state_backend_type")) || base.remoteStateBackendType || leafString(typeExtra("remote_state_backend_type")) || backendType : undefined,
    remoteStateBackend: terraform ? mergeAll([typeExtra("remote_state_backend"), base.remoteStateBackend, comp.extra.get("remote_state_backend")], strategy) : undefined,
    command,
    vars: mergeAll([stack.vars, section?.vars, base.vars, comp.vars, over("vars")], own),
    settings: own === strategy ? settings : mergeAll([stack.settings, section?.settings, base.settings, comp.settings, over("settings")], own),
    env: mergeAll([stack.env, section?.env, base.env, comp.env, over("env")], own),
    chain,
    inheritance: [...new Set([...chain].reverse())],
    dependencies: [...base.deps, ...comp.dependencies],
    cycle,
  };
}

/**
 * The bases of a component in the order Atmos processes them: the legacy top-level `component:` attribute when it
 * names another component of the stack (a component folder alone is no base), then `metadata.inherits` in order.
 */
function basesOf(stack: MergedStack, c: MergedComponent): MergedComponent[] {
  const out: MergedComponent[] = [];
  if (c.componentAttr && c.componentAttr !== c.name) {
    const b = stack.components.get(componentKey(c.type, c.componentAttr));
    if (b) out.push(b);
  }
  for (const inh of c.inherits) {
    const b = findComponent(stack, inh.item.name, c.type);
    if (b) out.push(b);
  }
  return out;
}

/**
 * What effective() reads of a stack, as objects: the stack's own sections, then the component and every base it
 * finds from there (depth first, each component's bases in order, after their count). Two stacks that give
 * the same objects here give the same effective component.
 */
export function effectiveInputs(stack: MergedStack, name: string, type?: string): unknown[] {
  const out: unknown[] = [stack.vars, stack.settings, stack.env, stack.hooks, stack.typeSections, stack.listStrategy, stack.inheritMetadata, stack.commands];
  const comp = findComponent(stack, name, type);
  out.push(comp);
  const seen = new Set<MergedComponent>();
  const walk = (c: MergedComponent): void => {
    if (seen.has(c)) return;
    seen.add(c);
    // What the component's base names found (its names are its own; basesOf drops what it does not find).
    const bases = basesOf(stack, c);
    out.push(bases.length, ...bases);
    for (const b of bases) walk(b);
  };
  if (comp) walk(comp);
  return out;
}

/**
 * The dependencies of `effective()` alone: the same inheritance walk (depth first, in `metadata.inherits` order,
 * a base met again on its own path skipped), without merging vars, settings and env, which the rules, the graph
 * and the planner do not read.
 */
export function effectiveDependencies(stack: MergedStack, name: string, type?: string): Array<Located<Dependency>> | undefined {
  const comp = findComponent(stack, name, type);
  if (!comp) return undefined;
  const inherited = (c: MergedComponent, seen: Set<string>): Array<Located<Dependency>> => {
    const deps: Array<Located<Dependency>> = [];
    for (const base of basesOf(stack, c)) {
      if (seen.has(base.name)) continue;
      deps.push(...inherited(base, new Set([...seen, base.name])), ...base.dependencies);
    }
    return deps;
  };
  return [...inherited(comp, new Set([comp.name])), ...comp.dependencies];
}
