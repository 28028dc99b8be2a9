// The CLI configuration `atmos.yaml`: where stacks and workflows live, which stacks are deployable and how stacks
// are named. Atmos reads it from the working directory; we take the nearest one above a file.
import * as path from "node:path";
import picomatch from "picomatch";
import { parseYaml } from "../../core/yaml";
import { get, items, str } from "../yaml-read";
import type { WorkspaceView } from "../types";

export const CONFIG_NAMES = ["atmos.yaml", "atmos.yml"];

export interface AtmosConfig {
  /** The folder of `atmos.yaml`, or the workspace root when there is none: the scope of component names. */
  root: string;
  /** Absolute path of `atmos.yaml`, when there is one. */
  configPath?: string;
  /** Absolute `base_path` (the folder of atmos.yaml when unset): where `!include` paths fall back to. */
  base?: string;
  /** Absolute `stacks.base_path`. */
  stacksBase: string;
  /** Absolute `workflows.base_path`. */
  workflowsBase: string;
  /** Absolute `components.terraform.base_path`, when set. */
  terraformBase?: string;
  /** Globs relative to the stacks base path. */
  included: string[];
  excluded: string[];
  /** `stacks.name_pattern`, e.g. `{tenant}-{environment}-{stage}`. */
  namePattern?: string;
  /** `stacks.name_template`, a Go template such as `{{ .vars.tenant }}-{{ .vars.stage }}`. */
  nameTemplate?: string;
  /** `stacks.inherit.metadata` (Atmos's default is true). */
  inheritMetadata?: boolean;
  /** `settings.list_merge_strategy`: replace (the default), append or merge. */
  listMergeStrategy?: string;
  /**
   * `templates.settings.enabled`: Atmos renders Go templates in stack manifests only when it is true (since
   * v1.68.0 templating must be enabled explicitly). Imports with a context are rendered regardless.
   */
  templatesEnabled?: boolean;
  /** `templates.settings.delimiters` other than `{{` `}}`: templates we do not render (nor check). */
  customDelimiters?: boolean;
  /** `integrations.github`: Atmos merges it under every component's `settings.integrations.github`. */
  integrationsGithub?: Record<string, unknown>;
  /** `integrations.atlantis.project_templates`: each template's `name` pattern, for `atlantis_project`. */
  atlantisProjectNames?: Record<string, string>;
  /**
   * `components.terraform.command` and `components.helmfile.command`: the executable a component of that type runs
   * unless a stack sets another (mergeComponentConfigurations reads only these two).
   */
  commands?: Record<string, string>;
  /** `components.terraform.workspaces_enabled: false`: every component uses Terraform's `default` workspace. */
  workspacesDisabled?: boolean;
}

/** Reads an `atmos.yaml`; missing settings take the Atmos defaults. */
export function parseConfig(configPath: string, text: string): AtmosConfig {
  const root = path.dirname(configPath);
  const doc = parseYaml(text).root;
  const stacks = get(doc, "stacks");
  const basePath = str(get(doc, "base_path"));
  // A relative base_path is relative to the folder Atmos runs in, which is the folder of atmos.yaml.
  const base = basePath && !path.isAbsolute(basePath) ? path.resolve(root, basePath) : root;
  const under = (p: string | undefined, dflt: string): string => (p && path.isAbsolute(p) ? p : path.resolve(base, p || dflt));
  const list = (n: ReturnType<typeof get>): string[] => items(n).map((i) => str(i)).filter((s): s is string => !!s);
  const terraform = str(get(get(get(doc, "components"), "terraform"), "base_path"));
  const config: AtmosConfig = {
    root,
    configPath,
    base,
    stacksBase: under(str(get(stacks, "base_path")), "stacks"),
    workflowsBase: under(str(get(get(doc, "workflows"), "base_path")), "stacks/workflows"),
    terraformBase: terraform ? under(terraform, terraform) : undefined,
    included: list(get(stacks, "included_paths")),
    excluded: list(get(stacks, "excluded_paths")),
    namePattern: str(get(stacks, "name_pattern")) || undefined,
    nameTemplate: str(get(stacks, "name_template")) || undefined,
    listMergeStrategy: str(get(get(doc, "settings"), "list_merge_strategy")) || undefined,
    inheritMetadata: str(get(get(stacks, "inherit"), "metadata")) === "false" ? false : undefined,
    templatesEnabled: str(get(get(get(doc, "templates"), "settings"), "enabled")) === "true",
    customDelimiters: ((d) => d.length === 2 && (d[0] !== "{{" || d[1] !== "}}"))(list(get(get(get(doc, "templates"), "settings"), "delimiters"))) || undefined,
    integrationsGithub: plainMap(get(get(doc, "integrations"), "github")),
    atlantisProjectNames: projectNames(get(get(get(doc, "integrations"), "atlantis"), "project_templates")),
    commands: commandsOf(get(doc, "components")),
    workspacesDisabled: str(get(get(get(doc, "components"), "terraform"), "workspaces_enabled")) === "false" || undefined,
  };
  return config;
}

function plainMap(n: ReturnType<typeof get>): Record<string, unknown> | undefined {
  const v = (n as { toJSON?: () => unknown } | null)?.toJSON?.();
  return v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length ? (v as Record<string, unknown>) : undefined;
}

function commandsOf(components: ReturnType<typeof get>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const type of ["terraform", "helmfile"]) {
    const c = str(get(get(components, type), "command"));
    if (c) out[type] = c;
  }
  return Object.keys(out).length ? out : undefined;
}

function projectNames(n: ReturnType<typeof get>): Record<string, string> | undefined {
  const all = plainMap(n);
  if (!all) return undefined;
  const out: Record<string, string> = {};
  for (const [k, t] of Object.entries(all)) {
    const name = t && typeof t === "object" ? (t as { name?: unknown }).name : undefined;
    if (typeof name === "string") out[k] = name;
  }
  return out;
}

/** The nearest `atmos.yaml` at or above the folder of `file`, parsed. */
/**
 * Each index's parsed `atmos.yaml` files, by path and text: detection asks for the configuration of every file
 * of a scan, and one index never hands its objects to another.
 */
const parsed = new WeakMap<WorkspaceView, Map<string, { text: string; config: AtmosConfig }>>();
function parsedConfig(ws: WorkspaceView, configPath: string, text: string): AtmosConfig {
  let byPath = parsed.get(ws);
  if (!byPath) parsed.set(ws, (byPath = new Map()));
  const hit = byPath.get(configPath);
  if (hit && hit.text === text) return hit.config;
  const config = parseConfig(configPath, text);
  byPath.set(configPath, { text, config });
  return config;
}

export function findConfig(file: string, ws: WorkspaceView): AtmosConfig | undefined {
  let dir = path.dirname(file);
  for (let i = 0; i < 64; i++) {
    for (const name of CONFIG_NAMES) {
      const p = path.join(dir, name);
      if (p === file) continue;
      if (ws.exists(p)) {
        const text = ws.readText(p);
        if (text !== undefined) return parsedConfig(ws, p, text);
      }
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** A configuration for files without `atmos.yaml`: the conventional layout below the workspace root. */
export function implicitConfig(file: string, ws: WorkspaceView): AtmosConfig {
  const root = ws.roots.find((r) => isUnder(file, r)) ?? path.dirname(file);
  // Take the folder named `stacks` nearest to the file as the stacks base path, if the file is in one.
  const parts = path.relative(root, file).split(path.sep);
  const idx = parts.lastIndexOf("stacks", parts.length - 2);
  const stacksBase = idx >= 0 ? path.join(root, ...parts.slice(0, idx + 1)) : root;
  return { root, stacksBase, workflowsBase: path.join(stacksBase, "workflows"), included: [], excluded: [] };
}

/**
 * Whether Atmos renders the Go templates of stack manifests under this configuration, with the `{{ }}` delimiters
 * we read. Without an atmos.yaml Atmos runs with its built-in defaults, which enable them.
 */
export function templatesOn(config: AtmosConfig): boolean {
  if (config.customDelimiters) return false;
  return config.configPath ? config.templatesEnabled === true : true;
}

/** The configuration that governs `file`: its `atmos.yaml`, or the implicit layout. */
export function configFor(file: string, ws: WorkspaceView): AtmosConfig {
  const count = ws.structureCount;
  if (count === undefined) return findConfig(file, ws) ?? implicitConfig(file, ws);
  // Every file of a folder has the same configuration, which only a change of structure (a configuration file
  // edited, created or deleted) can move: looked up once per folder instead of on every edit of any file.
  let cached = configs.get(ws);
  if (cached?.count !== count) configs.set(ws, (cached = { count, byFolder: new Map() }));
  const key = CONFIG_NAMES.includes(path.basename(file)) ? file : path.dirname(file);
  let c = cached.byFolder.get(key);
  if (!c) cached.byFolder.set(key, (c = findConfig(file, ws) ?? implicitConfig(file, ws)));
  return c;
}
const configs = new WeakMap<WorkspaceView, { count: number; byFolder: Map<string, AtmosConfig> }>();

export function isUnder(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

export function isYaml(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

export function isConfigName(file: string): boolean {
  return CONFIG_NAMES.includes(path.basename(file));
}

/** Path relative to a base, with `/` separators. */
export function relPosix(base: string, file: string): string {
  return path.relative(base, file).split(path.sep).join("/");
}

/** The name Atmos gives a manifest: its path below the stacks base path, without extension. */
export function manifestName(config: AtmosConfig, file: string): string {
  return relPosix(config.stacksBase, file).replace(/\.ya?ml$/i, "");
}

// Compiled globs, as a regular expression literal would be compiled once: a pure function of the pattern, shared
// by every index because it holds nothing of any (bounded, so no pattern set grows it without end).
const matchers = new Map<string, (s: string) => boolean>();
function matcher(glob: string): (s: string) => boolean {
  let m = matchers.get(glob);
  if (!m) {
    if (matchers.size >= 1000) matchers.clear();
    m = picomatch(glob, { dot: true });
    matchers.set(glob, m);
  }
  return m;
}

/** Whether a glob (relative to a base, as in included_paths) matches a relative path, with or without extension. */
export function globMatches(glob: string, rel: string): boolean {
  const m = matcher(glob.replace(/^\.\//, ""));
  return m(rel) || m(rel.replace(/\.ya?ml$/i, ""));
}

/** A deployable (top-level) stack: under the stacks base path, matched by included_paths and not excluded. */
export function isDeployable(config: AtmosConfig, file: string): boolean {
  if (!isUnder(file, config.stacksBase) || isUnder(file, config.workflowsBase)) return false;
  const rel = relPosix(config.stacksBase, file);
  if (!config.configPath) return false;
  const included = config.included.length ? config.included : ["**/*"];
  return included.some((g) => globMatches(g, rel)) && !config.excluded.some((g) => globMatches(g, rel));
}
