// The Fabrikate model: the component tree of a `component.yaml|json` (`ComponentFileModel`) and what one
// environment's config file sets (`ConfigFileModel`), kept in FileFacts.model. Graph, plan and run features read
// these types; everything carries the spans it came from.
import * as path from "node:path";
import type { Span } from "../../core/text";
import type { Entry, Node } from "../../core/yaml";
import { entries, innerSpan, isMap, items, spanOf, str } from "../yaml-read";
import type { IndexedFile, WorkspaceView } from "../types";
import { componentFileOf } from "./detect";

/** A scalar value and the span of its text (quotes excluded). */
export interface ValueAt {
  value: string;
  span: Span;
}

/** A key written in the file: its span and the span of the whole `key: value` pair. */
export interface KeyAt {
  keySpan: Span;
  pairSpan: Span;
}

export type ComponentType = "component" | "helm" | "static";
export type Method = "git" | "helm" | "local" | "http";

export interface HookModel {
  /** `before-install`, `after-install`, `before-generate`, `after-generate`, or an unknown name. */
  name: string;
  keySpan: Span;
  commands: ValueAt[];
}

export interface ComponentModel {
  name?: ValueAt;
  /** The whole mapping (the file's root, or a list item). */
  span: Span;
  /** Names of the ancestors, root first; empty for the root component of a file. */
  parents: string[];
  type?: ValueAt & KeyAt;
  generator?: ValueAt & KeyAt;
  /** The type Fabrikate uses: a non-empty `generator` (deprecated, it overwrites `type`), else a non-empty `type`, else `component`. */
  effectiveType: ComponentType | string;
  method?: ValueAt & KeyAt;
  source?: ValueAt;
  path?: ValueAt;
  version?: ValueAt;
  branch?: ValueAt & KeyAt;
  hooks: HookModel[];
  /** The `subcomponents` key, when present. */
  subcomponentsKey?: Span;
  subcomponents: ComponentModel[];
  repositories?: KeyAt;
}

export interface ComponentFileModel {
  kind: "component";
  path: string;
  /** The component's folder: scope of its names, owner of `config/`. */
  dir: string;
  root?: ComponentModel;
}

/** A key set under `config:`, flattened to its dotted path. */
export interface ConfigValue {
  /** Keys from `config:` down, e.g. ["tracing", "enabled"]. */
  keys: string[];
  keySpan: Span;
  /** The value's text when it is a scalar. */
  value?: string;
}

export interface ConfigNode {
  span: Span;
  /** Component names from the file's component down to this one; empty at the root. */
  chain: string[];
  /** The subcomponent's name key in the parent's `subcomponents` map (absent at the root). */
  nameKey?: ValueAt;
  namespace?: ValueAt;
  injectNamespace?: boolean;
  disabled?: boolean;
  config: ConfigValue[];
  subcomponents: ConfigNode[];
}

export interface ConfigFileModel {
  kind: "config";
  path: string;
  /** The component folder the config belongs to. */
  dir: string;
  /** The environment: the file's name without extension. */
  environment: string;
  root: ConfigNode;
}

export type FabFileModel = ComponentFileModel | ConfigFileModel;

export interface EnvironmentModel {
  name: string;
  path: string;
}

// ---- Reading ----

function valueAt(node: Node | null): ValueAt | undefined {
  const v = str(node);
  const span = node ? innerSpan(node) : undefined;
  return v !== undefined && span ? { value: v, span } : undefined;
}

function keyAt(e: Entry): KeyAt {
  return { keySpan: spanOf(e.keyNode)!, pairSpan: spanOf(e.pair) ?? spanOf(e.keyNode)! };
}

function withKey(e: Entry): (ValueAt & KeyAt) | undefined {
  const v = valueAt(e.value);
  if (!v) return undefined;
  // One literal (the two spreads were a seventh of component reading), same properties in the same order.
  const k = keyAt(e);
  return { value: v.value, span: v.span, keySpan: k.keySpan, pairSpan: k.pairSpan };
}

export function readComponent(node: Node, parents: string[], depth = 0): ComponentModel {
  const c: ComponentModel = { span: spanOf(node) ?? { start: 0, end: 0 }, parents, effectiveType: "component", hooks: [], subcomponents: [] };
  let subs: Node | null = null;
  for (const e of entries(node)) {
    switch (e.key) {
      case "name":
        c.name = valueAt(e.value);
        break;
      case "type":
        c.type = withKey(e);
        break;
      case "generator":
        c.generator = withKey(e);
        break;
      case "method":
        c.method = withKey(e);
        break;
      case "source":
        c.source = valueAt(e.value) ?? (str(e.value) === "" ? { value: "", span: spanOf(e.value)! } : undefined);
        break;
      case "path":
        c.path = valueAt(e.value);
        break;
      case "version":
        c.version = valueAt(e.value);
        break;
      case "branch":
        c.branch = withKey(e);
        break;
      case "hooks":
        for (const h of entries(e.value)) {
          c.hooks.push({ name: h.key, keySpan: spanOf(h.keyNode)!, commands: items(h.value).map(valueAt).filter((v): v is ValueAt => !!v) });
        }
        break;
      case "subcomponents":
        c.subcomponentsKey = spanOf(e.keyNode);
        subs = e.value;
        break;
      case "repositories":
        c.repositories = keyAt(e);
        break;
    }
  }
  // microsoft/fabrikate internal/core/component.go, applyDefaultsAndMigrations (run on every component and
  // subcomponent as it is loaded): a non-empty `generator` is copied into the type, over whatever `type` says,
  // with a deprecation warning; then an empty type becomes `component`.
  c.effectiveType = c.generator?.value || c.type?.value || "component";
  if (depth < 64) {
    const chain = c.name ? [...parents, c.name.value] : parents;
    for (const item of items(subs)) if (isMap(item)) c.subcomponents.push(readComponent(item, chain, depth + 1));
  }
  return c;
}

export function readComponentFile(file: string, root: Node | null): ComponentFileModel {
  return { kind: "component", path: file, dir: path.dirname(file), root: isMap(root) ? readComponent(root, []) : undefined };
}

function flattenConfig(node: Node | null, keys: string[], out: ConfigValue[], depth: number): void {
  if (depth > 32) return;
  for (const e of entries(node)) {
    const here = [...keys, e.key];
    out.push({ keys: here, keySpan: spanOf(e.keyNode)!, value: str(e.value) });
    if (isMap(e.value)) flattenConfig(e.value, here, out, depth + 1);
  }
}

function readConfigNode(node: Node | null, chain: string[], nameKey: ValueAt | undefined, depth: number): ConfigNode {
  const n: ConfigNode = { span: spanOf(node) ?? nameKey?.span ?? { start: 0, end: 0 }, chain, nameKey, config: [], subcomponents: [] };
  for (const e of entries(node)) {
    if (e.key === "namespace") n.namespace = valueAt(e.value);
    else if (e.key === "injectNamespace") n.injectNamespace = str(e.value) === "true";
    else if (e.key === "disabled") n.disabled = str(e.value) === "true";
    else if (e.key === "config") flattenConfig(e.value, [], n.config, 0);
    else if (e.key === "subcomponents" && depth < 64) {
      for (const s of entries(e.value)) {
        const key = { value: s.key, span: innerSpan(s.keyNode)! };
        const child = readConfigNode(s.value, [...chain, s.key], key, depth + 1);
        // An empty entry (`name:` with no value) spans its key.
        if (!s.value) child.span = spanOf(s.pair) ?? key.span;
        n.subcomponents.push(child);
      }
    }
  }
  return n;
}

export function readConfigFile(file: string, root: Node | null): ConfigFileModel {
  const dir = path.dirname(path.dirname(file));
  const environment = path.basename(file).replace(/\.(yaml|json)$/, "");
  return { kind: "config", path: file, dir, environment, root: readConfigNode(root, [], undefined, 0) };
}

// ---- Queries over the workspace ----

export function fileModel(f: IndexedFile | undefined): FabFileModel | undefined {
  if (!f || f.format !== "fabrikate") return undefined;
  return f.facts.model as FabFileModel | undefined;
}

/** The component tree of a folder's component file, or undefined when the folder has none. */
export function componentTree(dir: string, ws: WorkspaceView): ComponentFileModel | undefined {
  const file = componentFileOf(dir, ws);
  const m = file ? fileModel(ws.file(file)) : undefined;
  return m?.kind === "component" ? m : undefined;
}

/** The environments of a component folder: one per `config/<env>.yaml|json`, sorted by name. */
export function environments(dir: string, ws: WorkspaceView): EnvironmentModel[] {
  const out: EnvironmentModel[] = [];
  for (const f of ws.files("fabrikate")) {
    const m = fileModel(f);
    if (m?.kind === "config" && m.dir === dir) out.push({ name: m.environment, path: m.path });
  }
  // `config/prod.yaml` wins over `config/prod.json`, as Fabrikate tries YAML first.
  const seen = new Set<string>();
  return out
    .sort((a, b) => a.name.localeCompare(b.name) || (a.path.endsWith(".yaml") ? -1 : 1))
    .filter((e) => (seen.has(e.name) ? false : (seen.add(e.name), true)));
}

/** Every config file of a component folder, YAML before JSON. */
export function configFiles(dir: string, ws: WorkspaceView): ConfigFileModel[] {
  const out: ConfigFileModel[] = [];
  for (const f of ws.files("fabrikate")) {
    const m = fileModel(f);
    if (m?.kind === "config" && m.dir === dir) out.push(m);
  }
  return out.sort((a, b) => a.environment.localeCompare(b.environment) || (a.path.endsWith(".yaml") ? -1 : 1));
}

/** Where a component's own definition lives when `source` is a local folder inside the workspace. */
export function localSourceDir(c: ComponentModel, dir: string): string | undefined {
  if (!c.source?.value) return undefined;
  const method = c.method?.value;
  if (method && method !== "local") return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(c.source.value)) return undefined;
  return path.resolve(dir, c.source.value, method === "local" && c.path?.value ? c.path.value : ".");
}

/**
 * The children a config may name under a component: its inline subcomponents, plus those of the component file
 * its local `source` points at. `open` is true when the component's definition is elsewhere (git, a Helm
 * repository, a folder outside the workspace): then any name may be right and none is reported.
 */
export interface Children {
  items: Array<{ component: ComponentModel; file: string; dir: string }>;
  open: boolean;
}

export function childrenOf(c: ComponentModel, file: string, ws: WorkspaceView, depth = 0): Children {
  const items = c.subcomponents.map((component) => ({ component, file, dir: path.dirname(file) }));
  if (c.effectiveType !== "component" || depth > 16 || !c.source) return { items, open: false };
  const local = localSourceDir(c, path.dirname(file));
  const tree = local ? componentTree(local, ws) : undefined;
  if (!tree?.root) return { items, open: true };
  const more = childrenOf(tree.root, tree.path, ws, depth + 1);
  return { items: [...items, ...more.items], open: more.open };
}

/** Follows a chain of names from a component file's root; undefined when a name is not found. */
export function componentAt(tree: ComponentFileModel, chain: readonly string[], ws: WorkspaceView): { component: ComponentModel; file: string } | "open" | undefined {
  if (!tree.root) return undefined;
  let cur = { component: tree.root, file: tree.path };
  for (const name of chain) {
    const kids = childrenOf(cur.component, cur.file, ws);
    const next = kids.items.find((k) => k.component.name?.value === name);
    if (!next) return kids.open ? "open" : undefined;
    cur = next;
  }
  return cur;
}

/** Every component of a tree, parents before children. */
export function walk(c: ComponentModel | undefined, visit: (c: ComponentModel) => void): void {
  if (!c) return;
  visit(c);
  for (const s of c.subcomponents) walk(s, visit);
}
