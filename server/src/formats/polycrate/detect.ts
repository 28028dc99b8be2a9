// Polycrate files are found by name: `workspace.poly`, `block.poly` (also `*.workspace.poly`, `*.block.poly`), and
// other `*.poly` files whose content looks like one of the two. But `.poly` is also the extension of other tools'
// files (Triangle and TetGen mesh files, for one), and the editor gives every `.poly` the `polycrate` language. So
// the name alone never claims a file: it must read as Polycrate reads it, a YAML mapping with at least one key
// of Polycrate's own structs. A file with no content yet (a new workspace.poly) is claimed by its name, so that
// completion works in it. `CHANGELOG.poly` and `Dockerfile.poly` sit beside them but are not configurations.
import * as path from "node:path";
import { parseYaml, type Node } from "../../core/yaml";
import { entries, isMap } from "../yaml-read";

const NOT_CONFIG = new Set(["changelog.poly", "dockerfile.poly"]);

// polycrate/polycrate cmd/workspace.go, struct Workspace: the keys viper decodes workspace.poly into
// (Workspace.LoadConfigFromFile, `workspaceConfig.Unmarshal`). Viper lowercases keys, so case does not matter.
// `organization` and `registry` are fields of later versions (FORMATS.md, section 1).
const WORKSPACE_KEYS = new Set([
  "name", "description", "labels", "alias", "events", "dependencies", "config", "blocks", "workflows", "extraenv", "extramounts",
  "path", "localpath", "containerpath", "version", "identifier", "meta", "sync", "inventory", "kubeconfig", "organization", "registry",
]);

// polycrate/polycrate cmd/blocks.go, struct Block: the keys a block.poly is decoded into (Workspace.LoadBlock).
const BLOCK_KEYS = new Set([
  "name", "description", "kind", "type", "flavor", "labels", "alias", "actions", "changelog", "config", "from", "template", "version",
  "workdir", "inventory", "kubeconfig", "artifacts", "checksum",
]);

/** Keys only a workspace has, and keys that with `name` make a block: how a `*.poly` of another name is told apart. */
const WORKSPACE_ONLY = ["workflows", "blocks", "organization", "dependencies"];
const BLOCK_HINTS = ["actions", "from", "kind", "version", "config"];

export function candidate(file: string): boolean {
  return path.basename(file).toLowerCase().endsWith(".poly");
}

/** The top-level keys (lowercased) of a file that reads as a YAML mapping; `null` for a file with no content yet. */
function topKeys(text: string): Set<string> | null | undefined {
  const parsed = parseYaml(text);
  const root: Node | null = parsed.root;
  if (root === null) return parsed.problems.some((p) => p.severity === "error") ? undefined : null;
  if (!isMap(root)) return undefined;
  return new Set(entries(root).map((e) => e.key.toLowerCase()));
}

const hasAny = (keys: Set<string>, known: Set<string> | readonly string[]): boolean => [...keys].some((k) => (known instanceof Set ? known.has(k) : known.includes(k)));

export function detect(file: string, text: string): "workspace" | "block" | undefined {
  const base = path.basename(file).toLowerCase();
  if (!base.endsWith(".poly") || NOT_CONFIG.has(base)) return undefined;
  const keys = topKeys(text);
  if (keys === undefined) return undefined;
  if (base === "workspace.poly" || base.endsWith(".workspace.poly")) return keys === null || hasAny(keys, WORKSPACE_KEYS) ? "workspace" : undefined;
  if (base === "block.poly" || base.endsWith(".block.poly")) return keys === null || hasAny(keys, BLOCK_KEYS) ? "block" : undefined;
  if (keys === null) return undefined;
  if (hasAny(keys, WORKSPACE_ONLY)) return "workspace";
  if (keys.has("name") && hasAny(keys, BLOCK_HINTS)) return "block";
  return undefined;
}
