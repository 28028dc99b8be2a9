// Which documents the client sends to the server, built from what detection knows before any file is open:
// file names, atmos.yaml base paths and the user's associations. The server still decides per file.

/** Globs (relative to a workspace folder) that may hold files we serve, whatever the content. */
export const NAME_GLOBS = [
  "**/*.poly",
  "**/env0.workflow.yaml",
  "**/env0.workflow.yml",
  "**/component.{yaml,json}",
  "**/config/*.{yaml,json}",
  "**/Procfile",
  "**/.env",
];

export interface AtmosPaths {
  /** Folder of atmos.yaml's `base_path`, relative to the folder holding atmos.yaml ("" for the same folder). */
  base: string;
  stacks: string;
  workflows: string | undefined;
  included: string[];
  excluded: string[];
  namePattern: string | undefined;
  nameTemplate: string | undefined;
}

function strOf(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}
function listOf(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
function trimSlashes(p: string): string {
  return p.replace(/^\.\/+/, "").replace(/\/+$/, "");
}

/** Reads the parts of a parsed atmos.yaml that decide which files are stack and workflow manifests. */
export function atmosPaths(config: unknown): AtmosPaths {
  const c = (config && typeof config === "object" ? config : {}) as Record<string, any>;
  const stacks = (c.stacks && typeof c.stacks === "object" ? c.stacks : {}) as Record<string, unknown>;
  const workflows = (c.workflows && typeof c.workflows === "object" ? c.workflows : {}) as Record<string, unknown>;
  const base = trimSlashes(strOf(c.base_path) ?? "");
  return {
    base: base === "." ? "" : base,
    stacks: trimSlashes(strOf(stacks.base_path) ?? "stacks"),
    workflows: strOf(workflows.base_path) !== undefined ? trimSlashes(strOf(workflows.base_path)!) : undefined,
    included: listOf(stacks.included_paths),
    excluded: listOf(stacks.excluded_paths),
    namePattern: strOf(stacks.name_pattern),
    nameTemplate: strOf(stacks.name_template),
  };
}

/** Joins POSIX path parts, ignoring empty ones. */
export function joinPosix(...parts: string[]): string {
  return parts
    .filter((p) => p && p !== ".")
    .join("/")
    .replace(/\/{2,}/g, "/");
}

/** Globs (relative to the folder holding atmos.yaml) for the YAML manifests an Atmos config points at. */
export function atmosGlobs(paths: AtmosPaths): string[] {
  const out = [joinPosix(paths.base, paths.stacks, "**/*.{yaml,yml}")];
  if (paths.workflows !== undefined) out.push(joinPosix(paths.base, paths.workflows, "**/*.{yaml,yml}"));
  return out;
}
