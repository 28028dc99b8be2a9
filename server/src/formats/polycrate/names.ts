// Name rules of the Polycrate CLI, registered as the validators `metadata_name` (workspaces, actions, workflows,
// steps) and `block_name` (blocks) in cmd/polycrate.go Polycrate.Load; the regexes are in cmd/vars.go.
import { readsBackPlain } from "../../core/yaml";

/** cmd/vars.go ValidateMetaDataNameRegex, matched by ValidateMetaDataName (cmd/utils.go). */
export const METADATA_NAME = /^[a-zA-Z]+([-/_]?[a-zA-Z0-9_]+)+$/;

/**
 * cmd/vars.go ValidateBlockNameRegex, `([^\/]+\.[^\/.]+)?\/?([^:]+):?(.+)?`, matched by ValidateBlockName
 * (cmd/utils.go) with Go's `MatchString`, which searches: the pattern has no anchors and every part but
 * `([^:]+)` is optional, so any name with one character other than ':' passes (and the Block struct's
 * `required` refuses an empty one). Kept as written, without anchors: JavaScript's `test` and a JSON Schema
 * `pattern` search the same way.
 */
export const BLOCK_NAME = /([^\/]+\.[^\/.]+)?\/?([^:]+):?(.+)?/;

export const METADATA_NAME_MESSAGE =
  "'{name}' is not a valid name: Polycrate wants at least two characters, a letter first, then letters, digits and '_', with single '-' or '/' separators.";
export const BLOCK_NAME_MESSAGE = "'{name}' is not a valid block name: Polycrate wants a name with at least one character other than ':'.";

/**
 * Why a new name is refused for a symbol kind, or undefined when it is fine. A rename writes the name in place
 * (the block's `name` and every `from`, `block`, `inventory.from` and `kubeconfig.from` naming it), so a block
 * name must also read back as itself written plain, without a quote or backslash to end or escape a quoted one.
 */
export function checkName(kind: string, name: string): string | undefined {
  if (kind === "block") {
    if (!BLOCK_NAME.test(name)) return BLOCK_NAME_MESSAGE.replace("{name}", name);
    if (!readsBackPlain(name) || /['"\\]/.test(name)) {
      return `'${name}' would need quoting in YAML, and a rename writes the name in place without quotes. Polycrate accepts it; to use it, rename the block and its references by hand and quote them.`;
    }
    return undefined;
  }
  if (kind === "action" || kind === "workflow" || kind === "step" || kind === "workspace") {
    return METADATA_NAME.test(name) ? undefined : METADATA_NAME_MESSAGE.replace("{name}", name);
  }
  return undefined;
}

/** Whether a block reference names a registry dependency of the workspace (`ayedo/k8s/harbor` ↔ `cargo.ayedo.cloud/ayedo/k8s/harbor:0.0.1`). */
export function matchesDependency(ref: string, dependencies: readonly string[]): boolean {
  const bare = stripTag(ref);
  return dependencies.some((d) => {
    const dep = stripTag(d);
    return dep === bare || dep.endsWith("/" + bare);
  });
}

function stripTag(s: string): string {
  const slash = s.lastIndexOf("/");
  const colon = s.lastIndexOf(":");
  return colon > slash ? s.slice(0, colon) : s;
}
