// `atmos describe component C -s S` as text: the keys Atmos prints that Infraflow computes statically, in the
// order and layout Atmos prints them (YAML as gopkg.in/yaml.v3 writes a Go map, JSON as Atmos's sorted, two-space
// JSON), so that a user can diff ours against Atmos's. Each value keeps the file and line it came from, for
// `--provenance` and for the editor's links. Used by the CLI and by the language server, never for a whole workspace.
import * as path from "node:path";
import { closest } from "../../core/suggest";
import { isUnder, manifestName, relPosix, type AtmosConfig } from "./config";
import { describeComponent, locate, renderedSections } from "./describe";
import type { Val } from "./inherit";
import type { Engine } from "./stacks";

/** Where a described value was written. */
export interface ValueSource {
  /** Absolute path of the manifest. */
  file: string;
  /** 0-based line and character of the value (or of the `!include` that brought it). */
  line: number;
  character: number;
  /** Import depth as Atmos counts it: 1 is the stack manifest itself, 2 what it imports, and so on. */
  depth: number;
  /** A Go template rendered here, or a YAML function only Atmos resolves: Atmos's `∴`. */
  computed: boolean;
  /** A YAML function (`!terraform.output`, `!store`, …): Atmos prints its result, we print the expression. */
  runtime: boolean;
}

/**
 * Keys of Atmos's output that need the tool at run time or files Infraflow does not read (the resolved CLI
 * configuration, the Terraform module's inspection, auth, the per-variable source listing, …): left out, never
 * invented. Named in the YAML header so that a diff against Atmos explains itself.
 */
export const NOT_COMPUTED = [
  "atmos_cli_config",
  "auth",
  "component_info",
  "deps",
  "deps_all",
  "generate",
  "provision",
  "required_providers",
  "required_version",
  "source",
  "sources",
  "tf_cli_vars",
] as const;

export interface Description {
  component: string;
  stack: string;
  /** The stack manifest (absolute path). */
  root: string;
  config: AtmosConfig;
  data: Record<string, unknown>;
  /** Sources by path key (see pathKey()). */
  sources: Map<string, ValueSource>;
}

export type DescribeResult = { ok: true; description: Description } | { ok: false; kind: "stack" | "component"; message: string };

/** The key of a path into the described data. */
export const pathKey = (p: ReadonlyArray<string | number>): string => p.join("\u0000");

/** Stack names of the workspace (every Atmos root), sorted. */
export function stackList(engine: Engine): string[] {
  return [...new Set(engine.roots().map((r) => engine.stackName(r)).filter((n): n is string => !!n))].sort();
}

/** The stacks a component takes part in (deployable ones, where it is defined after imports), sorted. */
export function stacksOfComponent(engine: Engine, component: string): string[] {
  const out = new Set<string>();
  for (const r of engine.roots()) {
    const n = engine.stackName(r);
    if (!n) continue;
    for (const c of engine.merged(r).components.values()) if (c.name === component) out.add(n);
  }
  return [...out].sort();
}

/** The deployable stacks whose import closure holds `file` (or that are `file`), by name, sorted. */
export function stacksOfFile(engine: Engine, file: string): string[] {
  const names = new Set<string>();
  for (const r of engine.roots()) {
    if (r !== file && !engine.closure(r).files.includes(file)) continue;
    const n = engine.stackName(r);
    if (n) names.add(n);
  }
  return [...names].sort();
}

/** The components of one stack (every type), sorted by name. */
export function componentsOfStack(engine: Engine, stack: string): Array<{ name: string; type: string; abstract: boolean }> {
  const out = new Map<string, { name: string; type: string; abstract: boolean }>();
  for (const r of engine.roots()) {
    if (engine.stackName(r) !== stack) continue;
    for (const c of engine.merged(r).components.values()) if (!out.has(c.name)) out.set(c.name, { name: c.name, type: c.type, abstract: c.abstract });
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Names close to `word`: a small edit away, or one containing the other (`prod` → `production`). */
function near(word: string, names: string[]): string[] {
  const out = new Set<string>();
  const c = closest(word, names);
  if (c) out.add(c);
  const lower = word.toLowerCase();
  if (lower.length >= 2) for (const n of names) if (n !== word && (n.toLowerCase().includes(lower) || lower.includes(n.toLowerCase()))) out.add(n);
  return [...out].slice(0, 5);
}

const list = (xs: string[], max = 20): string => xs.slice(0, max).join(", ") + (xs.length > max ? `, … (${xs.length - max} more)` : "");

/** The description of one component in one stack, or why there is none (with the near names). */
export function describe(engine: Engine, stack: string, component: string): DescribeResult {
  const stacks = stackList(engine);
  if (!stacks.includes(stack)) {
    const guess = near(stack, stacks);
    const lines = [`Stack '${stack}' not found.`];
    if (guess.length) lines.push(`Did you mean ${guess.map((g) => `'${g}'`).join(" or ")}?`);
    const inStacks = stacksOfComponent(engine, component);
    if (inStacks.length) lines.push(`Component '${component}' is in: ${list(inStacks)}.`);
    else lines.push(stacks.length ? `Stacks: ${list(stacks)}.` : "This workspace has no deployable stack.");
    return { ok: false, kind: "stack", message: lines.join("\n") };
  }
  const hit = locate(engine, stack, component);
  const d = hit ? describeComponent(engine, stack, component, hit.eff.component.type) : undefined;
  if (!hit || !d) {
    const names = componentsOfStack(engine, stack).map((c) => c.name);
    const lines = [`Component '${component}' not found in stack '${stack}'.`];
    const guess = near(component, names);
    if (guess.length) lines.push(`Did you mean ${guess.map((g) => `'${g}'`).join(" or ")}?`);
    const inStacks = stacksOfComponent(engine, component);
    if (inStacks.length) lines.push(`'${component}' is in: ${list(inStacks)}.`);
    else if (names.length) lines.push(`Components of '${stack}': ${list(names)}.`);
    return { ok: false, kind: "component", message: lines.join("\n") };
  }
  const { root, eff } = hit;
  const config = engine.manifest(root)!.config;
  const r = renderedSections(engine, root, eff);
  const depths = importDepths(engine, root);
  const sources = new Map<string, ValueSource>();
  const lines = new Map<string, number[]>();
  const lineStarts = (file: string): number[] => {
    let l = lines.get(file);
    if (!l) {
      const text = engine.manifest(file)?.text ?? "";
      l = [0];
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) l.push(i + 1);
      lines.set(file, l);
    }
    return l;
  };
  const at = (file: string, offset: number): { line: number; character: number } => {
    const l = lineStarts(file);
    let lo = 0;
    let hi = l.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (l[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - l[lo]! };
  };
  /** Records the sources of a section, comparing the rendered value with the one written to spot templates. */
  const record = (section: string, rendered: Val | undefined, written: Val | undefined): void => {
    const walk = (v: Val, w: Val | undefined, p: Array<string | number>): void => {
      if (v.kind === "map") {
        for (const [k, c] of v.entries) walk(c, w?.kind === "map" ? w.entries.get(k) : undefined, [...p, k]);
        for (const rt of v.runtime ?? []) if (!sources.has(pathKey(p))) sources.set(pathKey(p), { ...source(rt.path, rt.offset), computed: true, runtime: true });
        return;
      }
      if (!v.path) return;
      const templated = w?.kind === "leaf" && JSON.stringify(w.value) !== JSON.stringify(v.value);
      sources.set(pathKey(p), { ...source(v.path, v.offset), computed: !!v.runtime || templated, runtime: !!v.runtime });
    };
    if (rendered) walk(rendered, written, [section]);
  };
  const source = (file: string, offset: number): Omit<ValueSource, "computed" | "runtime"> => ({ file, ...at(file, offset), depth: depths.get(file) ?? 2 });

  record("vars", r.vars, eff.vars);
  record("settings", r.settings, eff.settings);
  record("env", r.env, eff.env);
  record("metadata", r.metadata, eff.metadata);
  if (eff.component.type === "terraform") {
    record("backend", r.backend, eff.backend);
    record("providers", r.providers, eff.providers);
    record("hooks", r.hooks, eff.hooks);
  }
  const overrides = eff.component.overrides;
  if (overrides) record("overrides", overrides, overrides);

  // The imports of the stack manifest's closure, as Atmos lists them (sorted, without the manifest itself), each
  // placed at the import that brought it in.
  const imports = [...new Set(engine.closure(root).files.filter((f) => f !== root).map((f) => manifestName(config, f)))].sort();
  const importSites = importLocations(engine, root, config);
  imports.forEach((name, i) => {
    const site = importSites.get(name);
    if (site) sources.set(pathKey(["imports", i]), { ...source(site.file, site.offset), computed: false, runtime: false });
  });

  const data: Record<string, unknown> = {
    atmos_component: component,
    atmos_manifest: manifestName(config, root),
    atmos_stack: stack,
    atmos_stack_file: manifestName(config, root),
    cli_args: ["describe", "component"],
    command: d.command,
    component: d.component,
    component_type: d.component_type,
    env: d.env ?? {},
    imports,
    inheritance: d.inheritance,
    metadata: d.metadata ?? {},
    overrides: plainOf(overrides) ?? {},
    settings: d.settings ?? {},
    stack,
    vars: d.vars ?? {},
  };
  if (eff.component.type === "terraform") {
    data.backend = d.backend ?? {};
    data.backend_type = d.backend_type ?? "";
    data.hooks = d.hooks ?? {};
    data.providers = d.providers ?? {};
    data.remote_state_backend = d.remote_state_backend ?? {};
    data.remote_state_backend_type = d.remote_state_backend_type ?? "";
    // Atmos fails where the workspace cannot be computed (a name_pattern token without a value): left out then.
    if (d.workspace !== undefined) data.workspace = d.workspace;
  }
  return { ok: true, description: { component, stack, root, config, data, sources } };
}

function plainOf(v: Val | undefined): unknown {
  if (!v) return undefined;
  if (v.kind === "map") return Object.fromEntries([...v.entries].map(([k, c]) => [k, plainOf(c)]));
  return v.value;
}

/** Import depth of each manifest of a stack's closure: the manifest is 1, its imports 2, theirs 3 (shortest path). */
function importDepths(engine: Engine, root: string): Map<string, number> {
  const depth = new Map<string, number>([[root, 1]]);
  let frontier = [root];
  for (let d = 2; frontier.length && d < 64; d++) {
    const next: string[] = [];
    for (const f of frontier) {
      for (const imp of engine.manifest(f)?.model.imports ?? []) {
        for (const t of engine.resolveImport(imp, f) ?? []) {
          if (depth.has(t)) continue;
          depth.set(t, d);
          next.push(t);
        }
      }
    }
    frontier = next;
  }
  return depth;
}

/** Where each import of a closure is written: the first `import` entry (breadth first) that resolves to it. */
function importLocations(engine: Engine, root: string, config: AtmosConfig): Map<string, { file: string; offset: number }> {
  const out = new Map<string, { file: string; offset: number }>();
  const seen = new Set([root]);
  let frontier = [root];
  while (frontier.length) {
    const next: string[] = [];
    for (const f of frontier) {
      for (const imp of engine.manifest(f)?.model.imports ?? []) {
        for (const t of engine.resolveImport(imp, f) ?? []) {
          const name = manifestName(config, t);
          if (!out.has(name)) out.set(name, { file: f, offset: imp.span.start });
          if (!seen.has(t)) {
            seen.add(t);
            next.push(t);
          }
        }
      }
    }
    frontier = next;
  }
  return out;
}

// ---- Text ----

export type DescribeFormat = "yaml" | "json";

export interface RenderOptions {
  format: DescribeFormat;
  /** Atmos's `--provenance`: the sections written in stack manifests, each line with `# ● [depth] file:line`. */
  provenance?: boolean;
  /** Skip the header comment that names the keys left out (YAML only). */
  bare?: boolean;
}

export interface RenderedLine {
  /** 0-based line of the output. */
  line: number;
  /** Where the value on this line came from. */
  source: ValueSource;
}

export interface Rendered {
  text: string;
  /** The lines of the text whose value has a source (YAML only; JSON keeps no line map). */
  sources: RenderedLine[];
}

/** The sections Atmos keeps for `--provenance` (internal/exec FilterComputedFields), `imports` shown as `import`. */
const PROVENANCE_SECTIONS = ["vars", "settings", "env", "backend", "metadata", "overrides", "providers", "imports", "dependencies"];

/** Where a file is shown: below the stacks base path when it is there (as Atmos shows it), else below the Atmos root. */
export function shownPath(config: AtmosConfig, file: string): string {
  return isUnder(file, config.stacksBase) ? relPosix(config.stacksBase, file) : relPosix(config.root, file) || path.basename(file);
}

export function render(d: Description, opts: RenderOptions): Rendered {
  if (opts.format === "json") return { text: goJson(d.data), sources: [] };
  const out: string[] = [];
  const sources: RenderedLine[] = [];
  let data: Record<string, unknown> = d.data;
  let srcOf = (p: Array<string | number>): ValueSource | undefined => firstSource(d, p);
  if (opts.provenance) {
    out.push(
      "# Provenance Legend:",
      "#   ● [1] Defined in parent stack",
      "#   ○ [N] Inherited/imported (N=2+ levels deep)",
      "#   ∴ Computed/templated",
      "",
      `# Stack: ${manifestName(d.config, d.root)}`,
      "",
    );
    data = {};
    for (const k of PROVENANCE_SECTIONS) {
      if (!(k in d.data)) continue;
      const v = d.data[k];
      const empty = v === null || v === undefined || (Array.isArray(v) ? !v.length : typeof v === "object" && !Object.keys(v).length);
      if (empty && !firstSource(d, [k])) continue;
      data[k === "imports" ? "import" : k] = v;
    }
    srcOf = (p) => firstSource(d, p[0] === "import" ? ["imports", ...p.slice(1)] : p);
  } else if (!opts.bare) {
    out.push(
      `# infraflow describe component ${d.component} -s ${d.stack}: the keys of \`atmos describe component\` Infraflow computes without running Atmos.`,
      `# Left out (only Atmos knows them): ${NOT_COMPUTED.join(", ")}.`,
    );
  }
  const lines = yamlLines(data);
  for (const l of lines) {
    const src = l.path ? srcOf(l.path) : undefined;
    let text = l.text;
    if (src && !opts.provenance && src.runtime) text += "  # resolved by Atmos at run time";
    if (src && opts.provenance) {
      const symbol = src.computed ? "∴" : src.depth === 1 ? "●" : "○";
      const comment = `# ${symbol} [${src.depth}] ${shownPath(d.config, src.file)}:${src.line + 1}`;
      if (text.length < COMMENT_COLUMN) {
        out.push(text + " ".repeat(COMMENT_COLUMN - text.length) + comment);
      } else {
        out.push(text);
        sources.push({ line: out.length - 1, source: src });
        out.push(" ".repeat(COMMENT_COLUMN) + comment);
        continue;
      }
    } else out.push(text);
    if (src) sources.push({ line: out.length - 1, source: src });
  }
  return { text: out.join("\n") + "\n", sources };
}

/** Atmos's comment column when stdout is not a terminal (pkg/provenance getCommentColumn). */
const COMMENT_COLUMN = 50;

/** The source of a path, or of its first descendant in output order (Atmos shows a map's key so). */
function firstSource(d: Description, p: Array<string | number>): ValueSource | undefined {
  const own = d.sources.get(pathKey(p));
  if (own) return own;
  let v: unknown = d.data;
  for (const k of p) v = v && typeof v === "object" ? (v as Record<string, unknown>)[k as string] : undefined;
  if (v && typeof v === "object" && !Array.isArray(v)) {
    for (const k of sortKeys(Object.keys(v))) {
      const s = firstSource(d, [...p, k]);
      if (s) return s;
    }
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const s = d.sources.get(pathKey([...p, i]));
      if (s) return s;
    }
  }
  return undefined;
}

// ---- YAML as yaml.v3 writes a map[string]any (indent 2) ----

/** yaml.v3's key order (sorter.go keyList.Less): letters before other runes, runs of digits compared as numbers. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  const isLetter = (c: string) => /\p{L}/u.test(c);
  const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== "0") {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

export function sortKeys(keys: string[]): string[] {
  return [...keys].sort((a, b) => (yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0));
}

interface YamlLine {
  text: string;
  path?: Array<string | number>;
}

const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

function yamlLines(data: Record<string, unknown>): YamlLine[] {
  const out: YamlLine[] = [];
  const block = (v: unknown, indent: string, p: Array<string | number>): void => {
    if (isMap(v)) {
      for (const k of sortKeys(Object.keys(v))) entry(`${indent}${scalar(k, indent)}:`, v[k], indent, [...p, k]);
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => entry(`${indent}-`, item, indent, [...p, i], true));
    }
  };
  // One `key:` or `-` line with its value: inline when scalar or empty, else nested below.
  const entry = (head: string, v: unknown, indent: string, p: Array<string | number>, inSeq = false): void => {
    if ((isMap(v) && Object.keys(v).length) || (Array.isArray(v) && v.length)) {
      if (inSeq) {
        // `- key: value` (or `- - item`) with the rest aligned under the first entry.
        const save = out.length;
        block(v, indent + "  ", p);
        out[save] = { ...out[save]!, text: `${head} ${out[save]!.text.slice(indent.length + 2)}` };
        return;
      }
      out.push({ text: head, path: p });
      block(v, indent + "  ", p);
      return;
    }
    const s = isMap(v) ? "{}" : Array.isArray(v) ? "[]" : scalar(v, indent);
    if (s.includes("\n")) {
      const [first, ...rest] = s.split("\n");
      out.push({ text: `${head} ${first}`, path: p }, ...rest.map((t) => ({ text: t })));
    } else out.push({ text: `${head} ${s}`, path: p });
  };
  block(data, "", []);
  return out;
}

// Plain scalars that would read back as something other than a string: yaml.v3 double-quotes them (resolve.go,
// plus the YAML 1.1 booleans and base-60 numbers it still quotes for older readers).
const NOT_A_STRING =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(?:\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[-+]?(?:[0-9][0-9_]*)?\.?[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]+|0[bB][01_]+)$/;

/** A scalar as yaml.v3 writes it: plain when it reads back the same, else single-, double-quoted or a literal block. */
function scalar(v: unknown, indent: string): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? ".nan" : v > 0 ? "+.inf" : "-.inf";
  if (typeof v !== "string") return JSON.stringify(v) ?? "null";
  if (v === "" || NOT_A_STRING.test(v)) return JSON.stringify(v);
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(v)) return JSON.stringify(v);
  if (v.includes("\n")) {
    if (/^[ \t]/.test(v) || /[ \t]\n/.test(v)) return JSON.stringify(v);
    const body = v.replace(/\n+$/, "");
    const trailing = v.length - body.length;
    const chomp = trailing === 0 ? "|-" : trailing === 1 ? "|" : "|+";
    const lines = (trailing > 1 ? v.slice(0, -1) : body).split("\n").map((l) => (l ? `${indent}  ${l}` : ""));
    return [chomp, ...lines].join("\n");
  }
  return plainAllowed(v) ? v : `'${v.replace(/'/g, "''")}'`;
}

/** libyaml's test for a plain block scalar (yaml_emitter_analyze_scalar), for single-line strings. */
function plainAllowed(s: string): boolean {
  if (/^\s|\s$/.test(s)) return false;
  if (s.startsWith("---") || s.startsWith("...")) return false;
  const first = s[0]!;
  if ("#,[]{}&*!|>'\"%@`".includes(first)) return false;
  if ((first === "?" || first === ":" || first === "-") && (s.length === 1 || s[1] === " ")) return false;
  if (s.includes(": ") || s.includes(" #") || s.endsWith(":")) return false;
  return true;
}

// ---- JSON as Atmos prints it: keys sorted byte-wise (Go), two-space indent, no HTML escaping ----

function goJson(v: unknown, indent = ""): string {
  if (Array.isArray(v)) {
    if (!v.length) return "[]";
    const inner = indent + "  ";
    return `[\n${v.map((x) => inner + goJson(x, inner)).join(",\n")}\n${indent}]`;
  }
  if (isMap(v)) {
    const keys = Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    if (!keys.length) return "{}";
    const inner = indent + "  ";
    return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${goJson(v[k], inner)}`).join(",\n")}\n${indent}}`;
  }
  if (v === undefined) return "null";
  return JSON.stringify(v) ?? "null";
}
