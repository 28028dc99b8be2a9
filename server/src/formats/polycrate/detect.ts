// Polycrate files are found by name: `workspace.poly`, `block.poly` (also `*.workspace.poly`, `*.block.poly`), and
// other `*.poly` files whose content looks like one of the two. But `.poly` is also the extension of other tools'
// files (Triangle and TetGen mesh files, for one), and the editor gives every `.poly` the `polycrate` language. So
// the name alone never claims a file: it must read as a YAML mapping, as Polycrate reads it (viper decodes it into
// its Workspace or Block struct, polycrate/polycrate cmd/workspace.go and cmd/blocks.go); other names need keys only
// those structs have. A file with no content yet (a new workspace.poly) is claimed by its name, so that completion
// works in it. `CHANGELOG.poly` and `Dockerfile.poly` sit beside them but are not configurations.
import * as path from "node:path";
import { parseYaml, type Node } from "../../core/yaml";
import { entries, isMap } from "../yaml-read";
import type { WorkspaceView } from "../types";

const NOT_CONFIG = new Set(["changelog.poly", "dockerfile.poly"]);

/** Keys only a workspace has, and keys that with `name` make a block: how a `*.poly` of another name is told apart. */
const WORKSPACE_ONLY = ["workflows", "blocks", "organization", "dependencies"];
const BLOCK_HINTS = ["actions", "from", "kind", "version", "config"];

export function candidate(file: string): boolean {
  return path.basename(file).toLowerCase().endsWith(".poly");
}

/**
 * The top-level keys (lowercased) of a file that reads as a YAML mapping; `null` for a file with no content yet or
 * none that could be read (a half-typed first line); `undefined` for a file whose content is something else (a
 * mesh reads as one long plain scalar).
 */
function topKeys(text: string, ws: WorkspaceView | undefined): Set<string> | null | undefined {
  const root: Node | null = (ws ? ws.parseYaml(text) : parseYaml(text)).root;
  if (root === null) return null;
  if (!isMap(root)) return undefined;
  return new Set(entries(root).map((e) => e.key.toLowerCase()));
}

const hasAny = (keys: Set<string>, known: readonly string[]): boolean => [...keys].some((k) => known.includes(k));

export function detect(file: string, text: string, ws?: WorkspaceView): "workspace" | "block" | undefined {
  const base = path.basename(file).toLowerCase();
  if (!base.endsWith(".poly") || NOT_CONFIG.has(base)) return undefined;
  const keys = topKeys(text, ws);
  if (keys === undefined) return undefined;
  // Named as Polycrate names its files, any mapping is claimed: Polycrate loads it by that name whatever its keys,
  // and keys it does not know are what our diagnostics are for. Other tools' .poly files are not mappings.
  if (base === "workspace.poly" || base.endsWith(".workspace.poly")) return "workspace";
  if (base === "block.poly" || base.endsWith(".block.poly")) return "block";
  if (keys === null) return undefined;
  if (hasAny(keys, WORKSPACE_ONLY)) return "workspace";
  if (keys.has("name") && hasAny(keys, BLOCK_HINTS)) return "block";
  return undefined;
}
