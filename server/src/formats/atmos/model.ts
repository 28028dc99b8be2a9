// The Atmos model of one file, built from its YAML alone: imports, components with their metadata and
// dependencies, workflows and steps. Everything that needs other files (imports, inheritance) is in imports.ts
// and inherit.ts.
import { hasCustomTag, type Entry, type Node } from "../../core/yaml";
import { entries, entry, get, innerSpan, isMap, isScalar, isSeq, items, spanOf, str } from "../yaml-read";
import type { Span } from "../../core/text";

export const COMPONENT_TYPES = ["terraform", "helmfile", "packer", "ansible", "kubernetes", "helm", "container", "emulator"] as const;
export type ComponentType = string;

export interface NameRef {
  name: string;
  span: Span;
}

export interface AtmosImport {
  /** The path as written. */
  path: string;
  span: Span;
  skipIfMissing: boolean;
  /** Contains a Go template or points at a remote source: not resolved locally. */
  dynamic: boolean;
  /** `context`: Atmos renders the imported manifest as a Go template with these values (plain data). */
  context?: Record<string, unknown>;
  /** `skip_templates_processing`: the imported manifest is read as written, whatever the context. */
  skipTemplates?: boolean;
  /** `ignore_missing_template_values`: a missing value renders as `<no value>` instead of failing. */
  ignoreMissing?: boolean;
}

/** One dependency in either form. */
export interface Dependency {
  form: "depends_on" | "dependencies";
  /** The target component, when the entry names one. */
  component?: NameRef;
  /** Explicit target stack (`dependencies.components[].stack`, or the engine-only `depends_on.*.stack`). */
  stack?: NameRef;
  /** Context fields of `settings.depends_on` entries. */
  context: Partial<Record<"namespace" | "tenant" | "environment" | "stage", string>>;
  kind?: string;
  /** `file`/`folder`/`path` entries: not component dependencies. */
  filePath?: string;
  fileKind?: "file" | "folder";
  /** The whole entry. */
  span: Span;
}

export interface ComponentModel {
  type: ComponentType;
  name: string;
  /** componentKey(type, name), made once: maps of a stack's components are keyed by it after every keystroke. */
  key: string;
  nameSpan: Span;
  fullSpan: Span;
  node: Node | null;
  abstract: boolean;
  /** `metadata.component` (the component folder), when set. */
  folder?: NameRef;
  inherits: NameRef[];
  /** Whether `metadata.inherits` is written here (an empty list replaces inherited lists too). */
  hasInherits: boolean;
  dependencies: Dependency[];
}

/** What the engine compares of a manifest across an edit, taken when it is analysed (see snapshot.ts). */
export interface ManifestSnapshot {
  /**
   * What the structure reads: the imports (as written, with their positions, which problems carry), the root-level
   * sections other than `components` (vars and `name` name the stack; the rest is compared whole, to be safe), and
   * whether the manifest defines components.
   */
  structural: string;
  /** The root-level sections other than `components`, as written and where. */
  rootSections: string;
  /** Each component's definitions (the whole `name: {...}` pair), as written and where, by componentKey. */
  definitions: Map<string, PlacedDefinition[]>;
  /** Which components the manifest defines, in order (see componentNames). */
  names: string;
  /** An anchor or alias may be written in the text (see mayHoldAlias): a value may come from elsewhere in the file. */
  aliases: boolean;
}

/** A component definition as written (its key and the whole pair), and where: offset and column of each. */
export interface PlacedDefinition {
  /** Shared by the analyses that kept the component's model (the same text); compared by text otherwise. */
  written: { name: string; full: string };
  name: number;
  nameColumn: number;
  full: number;
  fullColumn: number;
}

/** The same text at the same place. */
export function samePlaced(a: PlacedDefinition, b: PlacedDefinition): boolean {
  return (
    a.name === b.name &&
    a.full === b.full &&
    a.nameColumn === b.nameColumn &&
    a.fullColumn === b.fullColumn &&
    (a.written === b.written || (a.written.name === b.written.name && a.written.full === b.written.full))
  );
}

export interface StackModel {
  kind: "stack";
  imports: AtmosImport[];
  /** Top-level `name:`. */
  name?: NameRef;
  vars: Node | null;
  components: ComponentModel[];
  /** Dependencies declared for all components of a type (`terraform.dependencies`, `terraform.settings.depends_on`). */
  node: Node | null;
  /** What the engine compares across an edit, taken when the file was analysed (see snapshot.ts). */
  snapshot?: ManifestSnapshot;
}

export interface StepModel {
  /**
   * The explicit name, or the name Atmos gives an unnamed step: `stepN` by position, `PARENT_stepN` for a nested
   * step, with `_` appended while it collides with a sibling's explicit name (pkg/workflow/step_names.go).
   */
  name: string;
  nameSpan?: Span;
  fullSpan: Span;
  type: string;
  typeSpan?: Span;
  command?: string;
  stack?: NameRef;
  needs: NameRef[];
  steps: StepModel[];
  /** `max_concurrency`, `fail` and `matrix` of a `parallel`/`matrix` step (see control.ts). */
  maxConcurrency?: NumberRef;
  fail?: { mode?: NameRef; maxFailures?: NumberRef; span: Span };
  matrix?: { axes: MatrixAxis[]; span: Span };
  node: Node;
}

/** A number as written, or `value: undefined` when the text is not one. */
export interface NumberRef {
  value: number | undefined;
  text: string;
  span: Span;
}

/** One axis of a `matrix` step: its name and its values as Atmos decodes them (strings, as written). */
export interface MatrixAxis {
  name: string;
  nameSpan: Span;
  values: string[];
  span: Span;
}

export interface WorkflowDef {
  name: string;
  nameSpan: Span;
  fullSpan: Span;
  description?: string;
  stack?: NameRef;
  steps: StepModel[];
}

export interface WorkflowModel {
  kind: "workflow";
  name?: string;
  description?: string;
  workflows: WorkflowDef[];
}

export type AtmosModel = StackModel | WorkflowModel;

/** A span for a node without a range: a new object each time, since an analysis may move its spans in place (NodeMemo). */
const zero = (): Span => ({ start: 0, end: 0 });

function nameRef(node: Node | null | undefined): NameRef | undefined {
  const v = str(node);
  if (v === undefined || !node || hasCustomTag(node)) return undefined;
  return { name: v, span: innerSpan(node) ?? zero() };
}

/** A Go template or a remote source: Atmos resolves it at run time. */
export function isDynamic(p: string): boolean {
  return p.includes("{{") || /^[a-z][a-z0-9+.-]*::/i.test(p) || /^[a-z]+:\/\//i.test(p);
}

/**
 * Reads one component entry of a type section; buildEntry reads it as buildStack would. An analysis of an open
 * document passes one that keeps the entries an edit did not touch (analyze.ts).
 */
export type ComponentReader = (type: string, e: Entry) => ComponentModel;

export function buildStack(root: Node | null, read?: ComponentReader): StackModel {
  const imports: AtmosImport[] = [];
  for (const it of items(get(root, "import"))) {
    if (hasCustomTag(it)) continue;
    if (isScalar(it)) {
      const r = nameRef(it);
      if (r) imports.push({ path: r.name, span: r.span, skipIfMissing: false, dynamic: isDynamic(r.name) });
    } else if (isMap(it)) {
      const r = nameRef(get(it, "path"));
      if (!r) continue;
      const flag = (k: string): boolean => {
        const n = get(it, k);
        return isScalar(n) && n.value === true;
      };
      const ctx = get(it, "context");
      const context = isMap(ctx) && !hasCustomTag(ctx) ? ((ctx as { toJSON(): unknown }).toJSON() as Record<string, unknown>) : undefined;
      imports.push({
        path: r.name,
        span: r.span,
        skipIfMissing: flag("skip_if_missing"),
        dynamic: isDynamic(r.name),
        context: context && Object.keys(context).length ? context : undefined,
        skipTemplates: flag("skip_templates_processing") || undefined,
        ignoreMissing: flag("ignore_missing_template_values") || undefined,
      });
    }
  }
  const components: ComponentModel[] = [];
  for (const typeEntry of entries(get(root, "components"))) {
    if (!(COMPONENT_TYPES as readonly string[]).includes(typeEntry.key)) continue;
    // No closure per entry: a keystroke in a manifest of thousands of components reads them all again.
    for (const c of entries(typeEntry.value)) components.push(read ? read(typeEntry.key, c) : buildEntry(typeEntry.key, c));
  }
  return { kind: "stack", imports, name: nameRef(get(root, "name")), vars: get(root, "vars"), components, node: root };
}

/** The key of a component in a stack: its type and name (one name may be used by two types). */
export function componentKey(type: string, name: string): string {
  return `${type}\u0000${name}`;
}

/** The model of one component entry of a type section. */
export function buildEntry(type: string, e: Entry): ComponentModel {
  return buildComponent(type, e.key, e.keyNode, e.value, spanOf(e.pair) ?? zero());
}

function buildComponent(type: string, name: string, keyNode: Node, node: Node | null, fullSpan: Span): ComponentModel {
  const meta = get(node, "metadata");
  const inheritsNode = get(meta, "inherits");
  return {
    type,
    name,
    key: componentKey(type, name),
    nameSpan: innerSpan(keyNode) ?? zero(),
    fullSpan,
    node,
    abstract: str(get(meta, "type")) === "abstract",
    folder: nameRef(get(meta, "component")),
    inherits: items(inheritsNode).map(nameRef).filter((r): r is NameRef => !!r),
    hasInherits: isSeq(inheritsNode),
    dependencies: dependenciesOf(node),
  };
}

/** Both dependency forms of a component (or of a component type section). */
export function dependenciesOf(node: Node | null): Dependency[] {
  const out: Dependency[] = [];
  const legacy = [get(get(node, "settings"), "depends_on"), get(node, "depends_on")];
  for (const dep of legacy) {
    // A map (keys are labels) or a list of entries.
    const list = isSeq(dep) ? items(dep).map((value) => ({ value, pair: value })) : entries(dep);
    for (const e of list) {
      if (!isMap(e.value)) continue;
      const context: Dependency["context"] = {};
      for (const k of ["namespace", "tenant", "environment", "stage"] as const) {
        const v = str(get(e.value, k));
        if (v !== undefined) context[k] = v;
      }
      const file = str(get(e.value, "file"));
      const folder = str(get(e.value, "folder"));
      out.push({
        form: "depends_on",
        component: nameRef(get(e.value, "component")),
        stack: nameRef(get(e.value, "stack")),
        context,
        filePath: file ?? folder,
        fileKind: file !== undefined ? "file" : folder !== undefined ? "folder" : undefined,
        span: spanOf(e.pair) ?? zero(),
      });
    }
  }
  for (const it of items(get(get(node, "dependencies"), "components"))) {
    if (!isMap(it)) continue;
    const kind = str(get(it, "kind"));
    const isPath = kind === "file" || kind === "folder";
    out.push({
      form: "dependencies",
      component: nameRef(get(it, "name")) ?? nameRef(get(it, "component")),
      stack: nameRef(get(it, "stack")),
      context: {},
      kind,
      filePath: isPath ? str(get(it, "path")) : undefined,
      fileKind: isPath ? (kind as "file" | "folder") : undefined,
      span: spanOf(it) ?? zero(),
    });
  }
  return out;
}

export function buildWorkflows(root: Node | null): WorkflowModel {
  const workflows: WorkflowDef[] = [];
  for (const w of entries(get(root, "workflows"))) {
    if (!isMap(w.value)) continue;
    workflows.push({
      name: w.key,
      nameSpan: innerSpan(w.keyNode) ?? zero(),
      fullSpan: spanOf(w.pair) ?? zero(),
      description: str(get(w.value, "description")),
      stack: nameRef(get(w.value, "stack")),
      steps: buildSteps(get(w.value, "steps")),
    });
  }
  return { kind: "workflow", name: str(get(root, "name")), description: str(get(root, "description")), workflows };
}

function buildSteps(list: Node | null, parent?: string): StepModel[] {
  // Positions count every list item, as Atmos's slice indexes do; only mappings become steps.
  const all = items(list);
  const explicitNames = all.map((node) => (isMap(node) ? nameRef(get(node, "name")) : undefined)).map((r) => (r?.name ? r : undefined));
  const used = new Set(explicitNames.filter((r): r is NameRef => !!r).map((r) => r.name));
  const out: StepModel[] = [];
  all.forEach((node, i) => {
    if (!isMap(node)) return;
    const explicit = explicitNames[i];
    let name = explicit?.name;
    if (name === undefined) {
      name = parent === undefined ? `step${i + 1}` : `${parent}_step${i + 1}`;
      while (used.has(name)) name += "_";
      used.add(name);
    }
    const typeNode = entry(node, "type")?.value;
    const failNode = entry(node, "fail")?.value;
    const matrixNode = entry(node, "matrix")?.value;
    out.push({
      name,
      nameSpan: explicit?.span,
      fullSpan: spanOf(node) ?? zero(),
      type: str(typeNode)?.trim() || "atmos",
      typeSpan: typeNode && str(typeNode) !== undefined ? innerSpan(typeNode) : undefined,
      command: str(get(node, "command")),
      stack: nameRef(get(node, "stack")),
      needs: items(get(node, "needs")).map(nameRef).filter((r): r is NameRef => !!r),
      steps: buildSteps(get(node, "steps"), name),
      maxConcurrency: numberRef(get(node, "max_concurrency")),
      fail: isMap(failNode) ? { mode: nameRef(get(failNode, "mode")), maxFailures: numberRef(get(failNode, "max_failures")), span: spanOf(failNode) ?? zero() } : undefined,
      matrix: isMap(matrixNode) ? { axes: matrixAxes(matrixNode), span: spanOf(matrixNode) ?? zero() } : matrixNode && isScalar(matrixNode) && matrixNode.value === null ? { axes: [], span: spanOf(matrixNode) ?? zero() } : undefined,
      node,
    });
  });
  return out;
}

function numberRef(node: Node | null): NumberRef | undefined {
  if (!node || !isScalar(node) || hasCustomTag(node) || node.value === null) return undefined;
  const text = goString(node);
  return { value: typeof node.value === "number" && Number.isInteger(node.value) ? node.value : undefined, text, span: spanOf(node) ?? zero() };
}

/** A scalar as Go's YAML decoder reads it into a string: the text as written (`1.20` stays `1.20`). */
function goString(node: Node): string {
  if (!isScalar(node)) return "";
  const v = node.value;
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  return typeof node.source === "string" ? node.source : String(v);
}

function matrixAxes(node: Node): MatrixAxis[] {
  return entries(node).map((e) => ({
    name: e.key,
    nameSpan: innerSpan(e.keyNode) ?? zero(),
    values: items(e.value).filter(isScalar).map(goString),
    span: spanOf(e.pair) ?? zero(),
  }));
}
