// The cross-file view of an Atmos repository: manifests, import closures, merged stacks and stack names. Built
// from the workspace on demand and reused while the indexed files stay the same (same analysed objects).
import * as path from "node:path";
import { NodeMemo } from "../../core/node-memo";
import type { Span } from "../../core/text";
import { hasCustomTag, isScalar, spanOf } from "../../core/yaml";
import { get, str } from "../yaml-read";
import type { IndexedFile, WorkspaceView } from "../types";
import { configFor, isDeployable, isUnder, isYaml, manifestName, relPosix, type AtmosConfig } from "./config";
import { resolveImport, type ImportHost } from "./imports";
import { effectiveInputs, EXTRA_SECTIONS, listStrategy, merge, mergeAll, scalarAt, keptVal, toVal, type MergedComponent, type MergedStack, type Val } from "./inherit";
import { evalTemplate, renderTemplate } from "./template";
import { evalTag, type IncludeHost } from "./yaml-functions";
import { buildStack, isDynamic, samePlaced, type AtmosImport, type PlacedDefinition, type StackModel } from "./model";

export interface Manifest {
  path: string;
  text: string;
  model: StackModel;
  config: AtmosConfig;
  /** Indexed by the workspace (else read only to follow an import). */
  indexed: boolean;
  /** An editor's document (a version of 0 is the disk's text): its tree is re-parsed in place (see keptVal). */
  open?: boolean;
}

export interface Closure {
  /** Manifests in merge order: imports depth first, each file after its imports, the root last. */
  files: string[];
  /**
   * The same as manifest keys (see Engine.manifestAt): a file imported with a `context` appears once per context,
   * rendered with it, as Atmos merges it.
   */
  keys: string[];
  /** Some import of the closure names a file that does not exist. */
  missing: boolean;
}

export interface Engine {
  ws: WorkspaceView;
  /**
   * What the engine derived from the workspace's structure (import resolution, closures, reach, roots, stack names),
   * as one object: the same object for the next engine exactly when it is handed on, so that what read only the
   * structure may be kept while this is the same.
   */
  structure: object;
  manifest(p: string): Manifest | undefined;
  /** A manifest by closure key: a path, or a file as rendered with the template context of its import. */
  manifestAt(key: string): Manifest | undefined;
  /** Go template errors Atmos would meet rendering an imported manifest, reported on the import (by importing file). */
  templateProblems(): Array<{ path: string; span: Span; message: string; related?: Array<{ path: string; span: Span; message: string }> }>;
  manifests(): Manifest[];
  resolveImport(imp: AtmosImport, from: string): string[] | undefined;
  closure(p: string): Closure;
  /** Manifests whose closure contains `p` (not `p` itself). */
  importers(p: string): string[];
  /** The stacks to check and show: deployable stacks, or (without atmos.yaml) manifests nothing imports. */
  roots(): string[];
  /** Whether a manifest is one of roots(). */
  isRoot(p: string): boolean;
  merged(root: string): MergedStack;
  stackName(root: string): string | undefined;
  /** Stack names of every deployable stack under an Atmos root. */
  stackNames(atmosRoot?: string): Map<string, string>;
  /** The stacks rules check: the roots, plus manifests that no root imports (so every manifest is checked once). */
  contexts(): string[];
  /**
   * What a file takes part in: the closure keys of the file and of every manifest that imports it (each once), and
   * whether all of those closures resolved their imports. Kept across edits that leave the imports alone.
   */
  reach(file: string): Reach;
  /** Memoises a value for the lifetime of this engine (the current files). */
  memo<T>(key: string, fn: () => T): T;
  /**
   * Memoises a value computed from one component's effective() in `merged(root)` and the structure (stack name,
   * configuration) alone: the next engine keeps it while what effective() reads (effectiveInputs) is the same
   * objects, which it is when an edit leaves the stack's sections and the component and its bases alone (see Values).
   */
  componentMemo<T>(root: string, type: string, name: string, key: string, fn: () => T): T;
  /**
   * Memoises a value of `file` that reads the structure (its reach, the roots) and, of the manifests it reaches, only
   * which components they define (type, name, whether a `metadata.type` may make one abstract; see componentNames):
   * the next engine keeps it unless an edit changes those of a manifest the file reaches.
   */
  namesMemo<T>(file: string, key: string, fn: () => T): T;
  /**
   * Memoises a value that depends only on what the engine hands on across edits (closures, stack names, the
   * configuration, and which manifests define components at all): it outlives this engine when they do.
   */
  structural<T>(key: string, fn: () => T): T;
}

export interface Reach {
  keys: string[];
  complete: boolean;
  /** The manifests whose merged view the file takes part in: the file and its importers. */
  contexts: string[];
}

/** The component types whose stack-level section (`terraform:`, …) gives every component of the type its defaults. */
const TYPE_SECTIONS = ["terraform", "helmfile", "packer", "ansible"] as const;

/** The component types whose `<type>.overrides` Atmos reads. */
const OVERRIDE_TYPES = ["terraform", "helmfile"] as const;

const cache = new WeakMap<WorkspaceView, { gen: number | undefined; sig: IndexedFile[]; engine: Engine; structure: Structure; values: Values }>();

/**
 * What an engine derives from the workspace's structure, not from the values in its manifests: import resolution,
 * closures, importers, roots, stack names. An edit that keeps every changed manifest's imports and root-level
 * sections (a change inside `components:`, the usual edit) hands it to the next engine, so that engine does not
 * walk thousands of closures again; anything else starts afresh.
 */
interface Structure {
  /** The workspace's structure count it was computed under. */
  count: number | undefined;
  /** Import resolution by importing file, then by path (no key text built per lookup: every file's imports are resolved after each edit). */
  resolved: Map<string, Map<string, string[] | undefined>>;
  listings: Map<string, string[]>;
  closures: Map<string, Closure>;
  rendered: Map<string, Manifest>;
  contextOf: Map<string, Record<string, unknown>>;
  renderProblems: Map<string, { path: string; span: Span; message: string; related?: Array<{ path: string; span: Span; message: string }> }>;
  names: Map<string, string | undefined>;
  reach: Map<string, Reach>;
  memos: Map<string, unknown>;
  importerIndex?: Map<string, string[]>;
  rootList?: string[];
  rootSet?: Set<string>;
  contextList?: string[];
  /** A templated import path or an `import: !include` exists: imports then depend on values, so nothing is handed on. */
  valueDependent: boolean;
  /** Some manifest has a templated import path (then valueDependent). */
  anyTemplated?: boolean;
}

function newStructure(count: number | undefined): Structure {
  return {
    count,
    resolved: new Map(),
    listings: new Map(),
    closures: new Map(),
    rendered: new Map(),
    contextOf: new Map(),
    renderProblems: new Map(),
    names: new Map(),
    reach: new Map(),
    memos: new Map(),
    valueDependent: false,
  };
}

/**
 * What an engine computed from the values in its manifests that the next engine may keep: merged stacks, memos
 * kept per merged stack, and memos that read only component names. Handed on only with the structure (so every
 * closure, stack name and configuration they read is the same) and only when nothing of it read a file by path
 * (an `!include`, a manifest outside the index): the changed manifests are then the only inputs that can differ,
 * and Change says what in them did. A merged stack whose closure contains no changed manifest is kept whole; in
 * one that does, a component is kept when its definitions in the changed manifests are the same text at the same
 * place (ComponentModel, YAML values and provenance offsets alike) and nothing else of those manifests that a
 * component's merge reads (their root-level sections: `overrides`, type sections) changed; the rest is merged
 * again. The stack's own sections read only root-level sections, so they are kept with it. What reads a stack
 * beyond one merged component (effective(): the stack's sections, the bases) is memoised with the objects it read
 * (componentMemo), and kept while they are the same.
 */
interface Values {
  merged: Map<string, MergedStack>;
  componentMemos: Map<string, { inputs: unknown[]; value: unknown }>;
  namesMemos: Map<string, Map<string, unknown>>;
  /** Something was read by path (readText, a manifest the index does not serve): none of these values is handed on. */
  outside: boolean;
}

/** What an edit changed in one manifest, for what the next engine keeps (see Values). */
interface Change {
  /** Something besides component definitions changed (or cannot be compared): no component of its stacks is kept. */
  whole: boolean;
  /** The component keys (componentKey) whose definitions differ, including those added or removed. */
  components: Set<string>;
  /** The components' names, types or `metadata.type` presence differ (see componentNames). */
  names: boolean;
}

interface Handover {
  prev: Values;
  changed: Map<string, Change>;
}

function newValues(): Values {
  return { merged: new Map(), componentMemos: new Map(), namesMemos: new Map(), outside: false };
}

/**
 * The engine for the workspace's current files. Every reference check asks for it, so the common case, nothing
 * changed since the last call, costs one comparison (not a walk over all files, which made checking N files O(N²)).
 */
export function engineFor(ws: WorkspaceView): Engine {
  const hit = cache.get(ws);
  const gen = ws.changeCount;
  if (hit && gen !== undefined && hit.gen === gen) return hit.engine;
  const files = ws.files("atmos");
  if (hit && hit.sig.length === files.length && hit.sig.every((f, i) => f === files[i])) {
    hit.gen = gen;
    return hit.engine;
  }
  const count = ws.structureCount;
  const handed = !!hit && handOn(hit.structure, hit.sig, files, count);
  const structure = handed ? hit.structure : newStructure(count);
  const handover = handed && !hit.values.outside ? { prev: hit.values, changed: changesBetween(hit.sig, files) } : undefined;
  const values = newValues();
  const engine = createEngine(ws, files, structure, values, handover);
  cache.set(ws, { gen, sig: files, engine, structure, values });
  return engine;
}

/** What changed in each manifest that differs between `before` and `files` (same paths, in the same order: handOn). */
function changesBetween(before: IndexedFile[], files: IndexedFile[]): Map<string, Change> {
  const out = new Map<string, Change>();
  for (let i = 0; i < files.length; i++) if (before[i] !== files[i]) out.set(files[i]!.path, changeOf(before[i]!, files[i]!));
  return out;
}

function changeOf(a: IndexedFile, b: IndexedFile): Change {
  const whole: Change = { whole: true, components: new Set(), names: true };
  const ma = a.facts.model as StackModel | undefined;
  const mb = b.facts.model as StackModel | undefined;
  if (ma?.kind !== "stack" || mb?.kind !== "stack") return whole;
  // A parse error may make the same text mean something else; an alias may take its value from elsewhere in the file.
  if ((a.parsed.doc?.errors.length ?? 1) > 0 || (b.parsed.doc?.errors.length ?? 1) > 0) return whole;
  // As analysed: the model of `a` may hold a tree re-parsed in place since (see snapshot.ts).
  const sa = ma.snapshot;
  const sb = mb.snapshot;
  if (!sa || !sb || sa.aliases || sb.aliases || sa.rootSections !== sb.rootSections) return whole;
  const da = sa.definitions;
  const db = sb.definitions;
  const components = new Set<string>();
  for (const [k, v] of da) {
    const w = db.get(k);
    if (!w || !samePlacedAll(v, w)) components.add(k);
  }
  for (const k of db.keys()) if (!da.has(k)) components.add(k);
  return { whole: false, components, names: sa.names !== sb.names };
}

/** A loop, not `some`: a closure per component of a large manifest on every keystroke. */
function samePlacedAll(a: PlacedDefinition[], b: PlacedDefinition[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!samePlaced(a[i]!, b[i]!)) return false;
  return true;
}

/** Whether what `prev` derived from the structure still holds for `files` (see Structure). */
function handOn(prev: Structure, before: IndexedFile[], files: IndexedFile[], count: number | undefined): boolean {
  if (count === undefined || prev.count !== count || prev.valueDependent || before.length !== files.length) return false;
  for (let i = 0; i < files.length; i++) {
    const a = before[i]!;
    const b = files[i]!;
    if (a === b) continue;
    if (a.path !== b.path || a.kind !== b.kind) return false;
    // A manifest rendered with an import's context: its rendering holds its old text.
    const prefix = `${a.path}\u0000`;
    for (const k of prev.rendered.keys()) if (k.startsWith(prefix)) return false;
    if (structuralKey(a) !== structuralKey(b)) return false;
  }
  return true;
}

/** What the structure reads of a file (see ManifestSnapshot.structural), as it was analysed. */
function structuralKey(f: IndexedFile): string | undefined {
  if (f.kind === "workflow") return "workflow";
  const model = f.facts.model as StackModel | undefined;
  if (!model || model.kind !== "stack") return undefined;
  // Without a snapshot (not analysed as a manifest), never handed on.
  return model.snapshot?.structural ?? `${Math.random()}`;
}

/** The values read from the open documents' nodes, per workspace (see keptVal). */
const valMemos = new WeakMap<WorkspaceView, NodeMemo>();

function createEngine(ws: WorkspaceView, files: IndexedFile[], st: Structure, values: Values, handover: Handover | undefined): Engine {
  let vals = valMemos.get(ws);
  if (!vals) valMemos.set(ws, (vals = new NodeMemo()));
  const byPath = new Map<string, Manifest>();
  for (const f of files) {
    if (f.kind === "workflow") continue;
    const model = (f.facts.model as StackModel | undefined) ?? buildStack(f.parsed.root);
    if (model.kind !== "stack") continue;
    byPath.set(f.path, { path: f.path, text: f.text, model, config: configFor(f.path, ws), indexed: true, open: f.version > 0 });
  }
  const extra = new Map<string, Manifest | null>();
  const listings = st.listings;
  const host: ImportHost = {
    exists: (p) => byPath.has(p) || ws.exists(p),
    yamlFiles: (dir) => {
      let l = listings.get(dir);
      if (!l) {
        const set = new Set<string>([...ws.listFiles(dir).filter(isYaml), ...[...byPath.keys()].filter((p) => isUnder(p, dir))]);
        l = [...set];
        listings.set(dir, l);
      }
      return l;
    },
  };

  const manifest = (p: string): Manifest | undefined => {
    const m = byPath.get(p);
    if (m) return m;
    if (extra.has(p)) return extra.get(p) ?? undefined;
    // An imported file the index does not serve (a template, a file outside the stacks folder): read it.
    values.outside = true;
    const text = ws.readText(p);
    const got = text === undefined ? null : { path: p, text, model: buildStack(ws.parseYaml(text).root), config: configFor(p, ws), indexed: false };
    extra.set(p, got);
    return got ?? undefined;
  };

  const resolved = st.resolved;
  const resolve = (imp: AtmosImport, from: string): string[] | undefined => {
    // A path Atmos computes (a template, a remote source) is not resolved here (resolveImport).
    if (imp.dynamic) return undefined;
    let byImport = resolved.get(from);
    if (!byImport) resolved.set(from, (byImport = new Map()));
    if (byImport.has(imp.path)) return byImport.get(imp.path);
    const m = manifest(from);
    const r = resolveImport(imp, from, m?.config ?? configFor(from, ws), host);
    byImport.set(imp.path, r);
    return r;
  };

  // `!include` reads files the index may not serve (JSON, tfvars, text): read once per engine.
  const texts = new Map<string, string | undefined>();
  const readText = (p: string): string | undefined => {
    values.outside = true;
    if (!texts.has(p)) texts.set(p, byPath.get(p)?.text ?? ws.readText(p));
    return texts.get(p);
  };
  const includeHost = (m: Manifest): IncludeHost => ({ readText, basePath: m.config.base ?? m.config.root });

  // `import: !include file` (Atmos reads the list from the file before it looks at the imports).
  const importLists = new Map<Manifest, AtmosImport[]>();
  const importsOf = (m: Manifest | undefined): AtmosImport[] => {
    if (!m) return [];
    const hit = importLists.get(m);
    if (hit) return hit;
    let list = m.model.imports;
    const node = get(m.model.node, "import");
    if (hasCustomTag(node) && isScalar(node)) {
      st.valueDependent = true;
      const r = evalTag((node as { tag?: string }).tag!, String(node.value ?? ""), m.path, includeHost(m));
      const span = spanOf(node) ?? { start: 0, end: 0 };
      if (r.kind === "value" && Array.isArray(r.value)) {
        list = r.value
          .map((x) => (typeof x === "string" ? { path: x, skip: false } : x && typeof x === "object" ? { path: (x as { path?: unknown }).path, skip: (x as { skip_if_missing?: unknown }).skip_if_missing === true } : undefined))
          .filter((x): x is { path: string; skip: boolean } => typeof x?.path === "string")
          .map((x) => ({ path: x.path, span, skipIfMissing: x.skip, dynamic: x.path.includes("{{") || /^[a-z0-9+.-]+:\/\//i.test(x.path) }));
      }
    }
    importLists.set(m, list);
    return list;
  };

  // Imports with a `context` (ProcessYAMLConfigFile): the imported manifest is rendered as a Go template with the
  // import's context deep-merged under the importer's (the importer's values win), and that context passes down
  // to its own imports. `skip_templates_processing` reads the file as written; `.yaml.tmpl` files are rendered
  // even without a context. What only Atmos can render (env, exec, …) stays as written.
  const rendered = st.rendered;
  const contextOf = st.contextOf;
  const problems = st.renderProblems;
  const manifestAt = (key: string): Manifest | undefined => (key.includes("\u0000") ? rendered.get(key) : manifest(key));
  const pathOf = (key: string): string => key.split("\u0000")[0]!;
  const childCache = new Map<string, Array<{ imp: AtmosImport; keys: string[] | undefined }>>();
  // The vars/settings/env merged from the manifests processed before a manifest (its importer's earlier imports
  // and theirs), by manifest key: the data a templated import path of that manifest is rendered with.
  const accumOf = new Map<string, Record<string, unknown>>();
  const inProgress = new Set<string>();
  const sectionCache = new Map<string, Record<string, unknown>>();
  const sectionsOf = (k: string): Record<string, unknown> => {
    let out = sectionCache.get(k);
    if (out) return out;
    const node = manifestAt(k)?.model.node ?? null;
    out = {};
    for (const s of ["vars", "settings", "env"]) {
      const v = (get(node, s) as { toJSON?: () => unknown } | null)?.toJSON?.();
      if (v && typeof v === "object" && !Array.isArray(v)) out[s] = v;
    }
    sectionCache.set(k, out);
    return out;
  };
  // Import paths Atmos cannot render, by the key of the manifest that holds them: reported only where a stack
  // reaches that manifest (a catalog file read on its own lacks the values its importers merge before it).
  const pathProblems = new Map<string, Array<{ path: string; span: Span; message: string }>>();
  const below = new Map<string, boolean>();
  const templatedBelow = (t: string): boolean => {
    let b = below.get(t);
    if (b === undefined) {
      b = closure(t).files.some((f) => importsOf(manifest(f)).some(templatedPath));
      below.set(t, b);
    }
    return b;
  };
  // Only a workspace with a templated import path needs the values merged so far (its imports then depend on values).
  const needAccum = (): boolean => {
    if (st.anyTemplated === undefined) {
      st.anyTemplated = [...byPath.values()].some((m) => importsOf(m).some(templatedPath));
      if (st.anyTemplated) st.valueDependent = true;
    }
    return st.anyTemplated;
  };
  const children = (key: string): Array<{ imp: AtmosImport; keys: string[] | undefined }> => {
    const hit = childCache.get(key);
    if (hit) return hit;
    // An import cycle reached while a templated path is rendered: the cycle is reported elsewhere.
    if (inProgress.has(key)) return [];
    inProgress.add(key);
    const m = manifestAt(key);
    const from = pathOf(key);
    const parent = contextOf.get(key);
    const imports = importsOf(m);
    let acc = accumOf.get(key) ?? {};
    if (imports.some(templatedPath)) st.valueDependent = true;
    const out = imports.map((imp) => {
      const ctx = deepMergePlain(imp.context ?? {}, parent ?? {});
      const targets = templatedPath(imp) ? resolve(renderImportPath(imp, deepMergePlain(acc, ctx), from, key), from) : resolve(imp, from);
      const keys = targets?.map((t) => {
        const template = /\.ya?ml\.tmpl$/i.test(t);
        // A manifest with a templated import path below it is read once per set of values merged before it.
        const withAcc = needAccum() && templatedBelow(t);
        if (!Object.keys(ctx).length && !template && !withAcc) return t;
        const k = `${t}\u0000${JSON.stringify([ctx, !!imp.skipTemplates, !!imp.ignoreMissing, ...(withAcc ? [acc] : [])])}`;
        if (!rendered.has(k)) {
          const base = manifest(t);
          if (!base) return t;
          // Other delimiters than `{{ }}` (templates.settings.delimiters): not rendered here.
          const plain = imp.skipTemplates || base.config.customDelimiters || (!Object.keys(ctx).length && !template);
          rendered.set(k, plain ? base : renderManifest(base, ctx, !!imp.ignoreMissing, from, imp));
          contextOf.set(k, ctx);
          if (withAcc) accumOf.set(k, acc);
        }
        return k;
      });
      // What this import brings is there for the imports after it (and, passed down, for their own imports).
      if (needAccum()) for (const k of keys ?? []) for (const f of closure(k).keys) acc = deepMergePlain(acc, sectionsOf(f));
      return { imp, keys };
    });
    inProgress.delete(key);
    childCache.set(key, out);
    return out;
  };
  // ProcessYAMLConfigFile renders an import path that is a Go template with the values merged so far (the earlier
  // imports' vars/settings/env, passed down to nested manifests) and the import's context, missingkey=error unless
  // `ignore_missing_template_values`; a path it cannot render stops Atmos (ErrImportPathTemplate).
  const renderImportPath = (imp: AtmosImport, data: Record<string, unknown>, from: string, key: string): AtmosImport => {
    const r = evalTemplate(imp.path, data, { missingKey: imp.ignoreMissing ? "default" : "error" });
    if (r.kind === "text") return { ...imp, path: r.text, dynamic: isDynamic(r.text) };
    if (r.kind === "missing") {
      const list = pathProblems.get(key) ?? [];
      pathProblems.set(key, list);
      list.push({
        path: from,
        span: imp.span,
        message: `Atmos cannot render this import path: executing at <${r.field}>: map has no entry for key "${r.key}" (nothing imported before it, nor the import's context, sets it). Set it in an earlier import or in the import's 'context', or set 'ignore_missing_template_values: true' with 'skip_if_missing: true'.`,
      });
    }
    return imp;
  };
  const renderManifest = (base: Manifest, ctx: Record<string, unknown>, ignoreMissing: boolean, from: string, imp: AtmosImport): Manifest => {
    // A manifest with `locals` gets its own vars/settings/env/locals in the template data too
    // (extractAndAddLocalsToContext), which this rendering does not add: a key missing here may not be missing there.
    const strict = !ignoreMissing && !get(base.model.node, "locals");
    const r = evalTemplate(base.text, ctx, { missingKey: ignoreMissing ? "default" : strict ? "error" : undefined, partial: true });
    if (r.kind === "error") {
      const line = base.text.slice(0, r.offset).split("\n").length;
      const name = displayPath(base.config, base.path);
      problems.set(`${from}\u0000${imp.span.start}`, {
        path: from,
        span: imp.span,
        message: `Atmos renders '${name}' as a Go template${Object.keys(ctx).length ? " (the import has a context)" : ""} and cannot parse it: ${r.message} (line ${line}). Fix the template there, or set 'skip_templates_processing: true' on this import.`,
      });
      return base;
    }
    if (r.kind === "missing") {
      // ProcessTmpl with missingkey=error (ignore_missing_template_values is false): text/template stops on the
      // first action that reads a key the context lacks. Reported on that action, as Go's error names it.
      const name = relPosix(base.config.stacksBase, base.path);
      const before = base.text.slice(0, r.offset);
      const line = before.split("\n").length;
      const fieldAt = r.offset + Math.max(0, base.text.slice(r.offset, r.end).indexOf(r.field));
      const col = fieldAt - (base.text.lastIndexOf("\n", fieldAt - 1) + 1);
      const importer = displayPath(manifest(from)?.config ?? base.config, from);
      const key = `${base.path}\u0000${r.offset}`;
      if (!problems.has(key)) {
        problems.set(key, {
          path: base.path,
          span: { start: r.offset, end: r.end },
          message: `Atmos stops rendering '${name}' for the import in '${importer}': template: ${name}:${line}:${col}: executing "${name}" at <${r.field}>: map has no entry for key "${r.key}". Give the import a context with '${r.key}', or set 'ignore_missing_template_values: true' on it.`,
          related: [{ path: from, span: imp.span, message: `imported here${Object.keys(ctx).length ? " with a context" : ""}` }],
        });
      }
      return base;
    }
    if (r.kind !== "text" || r.text === base.text) return base;
    return { ...base, text: r.text, model: buildStack(ws.parseYaml(r.text).root), indexed: false };
  };

  const closures = st.closures;
  const closure = (root: string): Closure => {
    const hit = closures.get(root);
    if (hit) return hit;
    const seen = new Set<string>();
    const order: string[] = [];
    let missing = false;
    const visit = (key: string, depth: number): void => {
      if (seen.has(key) || depth > 64) return;
      seen.add(key);
      for (const { imp, keys } of children(key)) {
        if (!keys) continue;
        if (!keys.length && !imp.skipIfMissing) missing = true;
        for (const k of keys) visit(k, depth + 1);
      }
      order.push(key);
    };
    visit(root, 0);
    const c = { files: [...new Set(order.map(pathOf))], keys: order, missing };
    closures.set(root, c);
    return c;
  };

  const importers = (p: string): string[] => {
    let importerIndex = st.importerIndex;
    if (!importerIndex) {
      importerIndex = st.importerIndex = new Map();
      for (const m of byPath.keys()) {
        for (const f of closure(m).files) {
          if (f === m) continue;
          const l = importerIndex.get(f) ?? [];
          l.push(m);
          importerIndex.set(f, l);
        }
      }
    }
    return importerIndex.get(p) ?? [];
  };

  const roots = (): string[] => {
    if (st.rootList) return st.rootList;
    const out: string[] = [];
    for (const m of byPath.values()) {
      if (m.config.configPath ? isDeployable(m.config, m.path) : importers(m.path).length === 0) out.push(m.path);
    }
    st.rootList = out.sort();
    return st.rootList;
  };
  const isRoot = (p: string): boolean => (st.rootSet ??= new Set(roots())).has(p);

  // The `overrides` that apply to the components of each manifest of a stack, as Atmos's ProcessYAMLConfigFile
  // computes them (internal/exec/stack_processor_utils.go): a manifest's own `overrides` and `<type>.overrides`
  // reach the components of the manifest and of everything it imports, and the importer's win over the
  // imported's. Those of an imported manifest also reach the manifests imported after it by the same importer
  // (and the importer itself), below the importer's own.
  const overridesCache = new Map<string, Map<string, Map<string, Val>>>();
  const overridesOf = (root: string): Map<string, Map<string, Val>> => {
    const hit = overridesCache.get(root);
    if (hit) return hit;
    const out = new Map<string, Map<string, Val>>();
    type ByType = Record<string, Val | undefined>;
    const walk = (key: string, parentInline: ByType, parentImports: ByType, path: Set<string>): { inline: ByType; imports: ByType } => {
      const m = manifestAt(key);
      const node = m?.model.node ?? null;
      const val = (n: Parameters<typeof toVal>[0]) => (m ? toVal(n, m.path, m.text, includeHost(m), m.open) : undefined);
      const global = val(get(node, "overrides"));
      const inline: ByType = {};
      for (const t of OVERRIDE_TYPES) inline[t] = merge(merge(global, val(get(get(node, t), "overrides"))), parentInline[t]);
      const imports: ByType = { ...parentImports };
      if (path.size < 64) {
        for (const { keys } of children(key)) {
          for (const t of keys ?? []) {
            if (path.has(t)) continue;
            const r = walk(t, inline, imports, new Set([...path, t]));
            for (const ty of OVERRIDE_TYPES) imports[ty] = merge(merge(imports[ty], r.imports[ty]), r.inline[ty]);
          }
        }
      }
      for (const t of OVERRIDE_TYPES) {
        const fin = merge(imports[t], inline[t]);
        if (!fin || (fin.kind === "map" && fin.entries.size === 0)) continue;
        const byType = out.get(key) ?? new Map<string, Val>();
        byType.set(t, merge(byType.get(t), fin)!);
        out.set(key, byType);
      }
      return { inline, imports };
    };
    walk(root, {}, {}, new Set([root]));
    overridesCache.set(root, out);
    return out;
  };

  // The previous engine's merged stacks that a changed manifest reaches, with what changed in their closure: their
  // components that did not change are kept (see Values; filled when the engine is made, below).
  const candidates = new Map<string, { stack: MergedStack; changes: Change[] }>();
  const kept = (root: string): { stack: MergedStack; merge: Set<string> } | undefined => {
    const c = candidates.get(root);
    if (!c || c.changes.some((x) => x.whole)) return undefined;
    return { stack: c.stack, merge: new Set(c.changes.flatMap((x) => [...x.components])) };
  };

  const mergedCache = values.merged;
  const merged = (root: string): MergedStack => {
    const hit = mergedCache.get(root);
    if (hit) return hit;
    const prev = kept(root);
    if (prev && !prev.merge.size) {
      mergedCache.set(root, prev.stack);
      return prev.stack;
    }
    const stack: MergedStack = { vars: { kind: "map", entries: new Map() }, settings: { kind: "map", entries: new Map() }, env: { kind: "map", entries: new Map() }, typeSections: new Map(), components: new Map() };
    let vars: Val | undefined = stack.vars;
    let settings: Val | undefined = stack.settings;
    let env: Val | undefined = stack.env;
    const overrides = overridesOf(root);
    const ls = listStrategy(manifest(root)?.config.listMergeStrategy) ?? "replace";
    stack.listStrategy = ls;
    stack.inheritMetadata = manifest(root)?.config.inheritMetadata;
    stack.commands = manifest(root)?.config.commands;
    for (const at of closure(root).keys) {
      const m = manifestAt(at);
      if (!m) continue;
      const p = m.path;
      const node = m.model.node;
      const fns = includeHost(m);
      // A file read from disk is parsed afresh on change: only an open document's nodes are worth keeping values of.
      const val = m.open ? (n: Parameters<typeof toVal>[0]) => keptVal(vals, n, p, m.text, fns) : (n: Parameters<typeof toVal>[0]) => toVal(n, p, m.text, fns);
      // The stack's own sections read only root-level sections, which a kept stack's changed manifests kept as they were.
      if (!prev) {
        vars = merge(vars, val(get(node, "vars")), ls);
        settings = merge(settings, val(get(node, "settings")), ls);
        env = merge(env, val(get(node, "env")), ls);
        stack.hooks = merge(stack.hooks, val(get(node, "hooks")), ls);
        // The component-type sections (ProcessStackConfig reads terraform, helmfile and packer; ansible the same way,
        // as its documentation's "component-type defaults" say).
        for (const type of TYPE_SECTIONS) {
          const sec = get(node, type);
          if (!sec) continue;
          const cur: MergedStack["typeSections"] extends Map<string, infer T> ? T : never = stack.typeSections.get(type) ?? { vars: { kind: "map", entries: new Map() }, settings: { kind: "map", entries: new Map() }, env: { kind: "map", entries: new Map() }, extra: new Map() };
          const extra = new Map(cur.extra);
          for (const k of EXTRA_SECTIONS) {
            const v = merge(extra.get(k), val(get(sec, k)), ls);
            if (v) extra.set(k, v);
          }
          stack.typeSections.set(type, {
            vars: mergeAll([cur.vars, val(get(sec, "vars"))], ls),
            settings: mergeAll([cur.settings, val(get(sec, "settings"))], ls),
            env: mergeAll([cur.env, val(get(sec, "env"))], ls),
            backendType: merge(cur.backendType, val(get(sec, "backend_type")), ls),
            backend: merge(cur.backend, val(get(sec, "backend")), ls),
            extra,
          });
        }
      }
      for (const c of m.model.components) {
        const key = c.key;
        // A component whose inputs are unchanged: the previous merge of it, at the place it had (its first definition).
        const old = prev && !prev.merge.has(key) ? prev.stack.components.get(key) : undefined;
        if (old) {
          if (!stack.components.has(key)) stack.components.set(key, old);
          continue;
        }
        const mc: MergedComponent = stack.components.get(key) ?? { type: c.type, name: c.name, defs: [], inherits: [], abstract: false, dependencies: [], extra: new Map() };
        mc.defs.push({ item: c, path: p });
        mc.vars = merge(mc.vars, val(get(c.node, "vars")), ls);
        mc.settings = merge(mc.settings, val(get(c.node, "settings")), ls);
        mc.env = merge(mc.env, val(get(c.node, "env")), ls);
        mc.metadata = merge(mc.metadata, val(get(c.node, "metadata")), ls);
        mc.backendType = merge(mc.backendType, val(get(c.node, "backend_type")), ls);
        mc.backend = merge(mc.backend, val(get(c.node, "backend")), ls);
        for (const k of EXTRA_SECTIONS) {
          const v = merge(mc.extra.get(k), val(get(c.node, k)), ls);
          if (v) mc.extra.set(k, v);
        }
        const attr = str(get(c.node, "component"));
        if (attr !== undefined) mc.componentAttr = attr;
        // The overrides around the manifest replace the component's own `overrides` (as Atmos writes them into it).
        mc.overrides = merge(mc.overrides, overrides.get(at)?.get(c.type) ?? val(get(c.node, "overrides")), ls);
        if (c.hasInherits) mc.inherits = c.inherits.map((r) => ({ item: r, path: p }));
        mc.abstract = scalarAt(mc.metadata, "type") === "abstract";
        // depends_on maps merge (entries accumulate); a dependencies.components list replaces the earlier one.
        const listDeps = c.dependencies.filter((d) => d.form === "dependencies");
        mc.dependencies = [
          ...mc.dependencies.filter((d) => d.item.form === "depends_on" || !listDeps.length),
          ...c.dependencies.map((d) => ({ item: d, path: p })),
        ];
        stack.components.set(key, mc);
      }
    }
    stack.vars = vars ?? stack.vars;
    stack.settings = settings ?? stack.settings;
    stack.env = env ?? stack.env;
    if (prev) Object.assign(stack, { vars: prev.stack.vars, settings: prev.stack.settings, env: prev.stack.env, hooks: prev.stack.hooks, typeSections: prev.stack.typeSections });
    mergedCache.set(root, stack);
    return stack;
  };

  /**
   * The stack's global vars, as merged() merges them, without merging its components: naming every stack (a rule
   * groups them by name) would otherwise merge every component of every stack after each edit.
   */
  const stackVars = (root: string): Val => {
    const hit = mergedCache.get(root);
    if (hit) return hit.vars;
    const ls = listStrategy(manifest(root)?.config.listMergeStrategy) ?? "replace";
    let vars: Val | undefined = { kind: "map", entries: new Map() };
    for (const at of closure(root).keys) {
      const m = manifestAt(at);
      if (m) vars = merge(vars, toVal(get(m.model.node, "vars"), m.path, m.text, includeHost(m), m.open), ls);
    }
    return vars ?? { kind: "map", entries: new Map() };
  };

  const names = st.names;
  const stackName = (root: string): string | undefined => {
    if (names.has(root)) return names.get(root);
    const m = manifest(root);
    let name: string | undefined;
    if (m) {
      if (m.model.name) name = m.model.name.name;
      else name = nameFromConfig(m.config, stackVars(root)) ?? (m.config.namePattern || m.config.nameTemplate ? undefined : manifestName(m.config, root));
    }
    names.set(root, name);
    return name;
  };

  const stackNames = (atmosRoot?: string): Map<string, string> => {
    const out = new Map<string, string>();
    for (const r of roots()) {
      const m = manifest(r);
      if (atmosRoot && m && m.config.root !== atmosRoot) continue;
      const n = stackName(r);
      if (n && !out.has(n)) out.set(n, r);
    }
    return out;
  };

  const contexts = (): string[] => {
    if (st.contextList) return st.contextList;
    const covered = new Set<string>();
    for (const r of roots()) for (const f of closure(r).files) covered.add(f);
    st.contextList = [...roots(), ...[...byPath.keys()].filter((p) => !covered.has(p)).sort()];
    return st.contextList;
  };
  const reach = (file: string): Reach => {
    const hit = st.reach.get(file);
    if (hit) return hit;
    const contexts = [file, ...importers(file)];
    const keys = new Set<string>();
    let complete = true;
    for (const c of contexts) {
      const cl = closure(c);
      if (cl.missing) complete = false;
      for (const k of cl.keys) keys.add(k);
    }
    const r = { keys: [...keys], complete, contexts };
    st.reach.set(file, r);
    return r;
  };
  const memos = new Map<string, unknown>();
  const memo = <T>(key: string, fn: () => T): T => {
    if (!memos.has(key)) memos.set(key, fn());
    return memos.get(key) as T;
  };
  // An entry holds while what it read is the same objects (kept from engine to engine, so checked on every use).
  const componentMemo = <T>(root: string, type: string, name: string, key: string, fn: () => T): T => {
    const k = `${root}\u0000${type}\u0000${name}\u0000${key}`;
    const inputs = effectiveInputs(merged(root), name, type);
    const hit = values.componentMemos.get(k);
    if (hit && hit.inputs.length === inputs.length && hit.inputs.every((x, i) => x === inputs[i])) return hit.value as T;
    const value = fn();
    values.componentMemos.set(k, { inputs, value });
    return value;
  };
  // A names memo of the previous engine holds when no manifest the file reaches changed its components' names.
  const namesMemo = <T>(file: string, key: string, fn: () => T): T => {
    let m = values.namesMemos.get(file);
    if (!m) values.namesMemos.set(file, (m = new Map()));
    if (!m.has(key)) m.set(key, fn());
    return m.get(key) as T;
  };
  const structural = <T>(key: string, fn: () => T): T => {
    if (!st.memos.has(key)) st.memos.set(key, fn());
    return st.memos.get(key) as T;
  };

  const templateProblems = () => {
    const out = new Map(problems);
    if (!pathProblems.size) return [...out.values()];
    for (const r of contexts()) {
      for (const k of closure(r).keys) for (const p of pathProblems.get(k) ?? []) out.set(`${p.path}\u0000${p.span.start}`, p);
    }
    return [...out.values()];
  };

  // What this engine keeps of the previous one's values (see Values), decided now, against the previous engine's
  // files: the previous engine may still be asked by someone holding it, for values this one must not take.
  if (handover) {
    const { prev, changed } = handover;
    for (const [root, stack] of prev.merged) mergedCache.set(root, stack);
    const namesChanged = new Set<string>();
    for (const [p, ch] of changed) {
      if (ch.names) namesChanged.add(p);
      for (const r of [p, ...importers(p)]) {
        const stack = mergedCache.get(r) ?? candidates.get(r)?.stack;
        if (!stack) continue;
        mergedCache.delete(r);
        candidates.set(r, { stack, changes: [...(candidates.get(r)?.changes ?? []), ch] });
      }
    }
    for (const [k, v] of prev.componentMemos) values.componentMemos.set(k, v);
    for (const [file, m] of prev.namesMemos) {
      if (!namesChanged.size || !reach(file).keys.some((k) => namesChanged.has(pathOf(k)))) values.namesMemos.set(file, m);
    }
  }

  return {
    ws,
    structure: st,
    contexts,
    memo,
    componentMemo,
    namesMemo,
    structural,
    manifest,
    manifestAt,
    templateProblems,
    manifests: () => [...byPath.values()],
    resolveImport: resolve,
    closure,
    importers,
    reach,
    roots,
    isRoot,
    merged,
    stackName,
    stackNames,
  };
}

/** An import whose path is a Go template Atmos renders while it loads the stack (not a remote source, not skipped). */
function templatedPath(imp: AtmosImport): boolean {
  return imp.dynamic && imp.path.includes("{{") && !imp.skipTemplates && !/^[a-z][a-z0-9+.-]*::|^[a-z]+:\/\//i.test(imp.path);
}

/** A stack name from `name_template` (a Go template over the stack's vars) or `name_pattern`. */
export function nameFromConfig(config: AtmosConfig, vars: Val, overrides: Record<string, string> = {}): string | undefined {
  const value = (k: string): string | undefined => overrides[k] ?? scalarAt(vars, k);
  if (config.nameTemplate) {
    const all = { ...(plainOf(vars) as Record<string, unknown> | undefined), ...overrides };
    return renderTemplate(config.nameTemplate, { vars: all });
  }
  if (config.namePattern) {
    let ok = true;
    const out = config.namePattern.replace(/\{([A-Za-z0-9_]+)\}/g, (_, k: string) => {
      const v = value(k);
      if (v === undefined) ok = false;
      return v ?? "";
    });
    return ok ? out : undefined;
  }
  return undefined;
}

function plainOf(v: Val | undefined): unknown {
  if (!v) return undefined;
  if (v.kind === "map") return Object.fromEntries([...v.entries].map(([k, c]) => [k, plainOf(c)]));
  return v.runtime ? undefined : v.value;
}

/** `b` deep-merged over `a` (maps merge, anything else is replaced): how Atmos merges import contexts. */
export function deepMergePlain(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x === "object" && !Array.isArray(x);
    out[k] = isObj(cur) && isObj(v) ? deepMergePlain(cur, v) : v;
  }
  return out;
}

/** The stack name a file would have on its own, used for display. */
export function displayPath(config: AtmosConfig, p: string): string {
  return isUnder(p, config.stacksBase) ? manifestName(config, p) : path.basename(p);
}
