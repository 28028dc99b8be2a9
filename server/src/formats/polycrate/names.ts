// Name rules of the Polycrate CLI: `metadata_name` for workspaces, actions, workflows and steps, and the looser
// `block_name` for blocks, whose names may be registry references (`registry.example.com/ns/block:1.0.0`).

/** The CLI's metadata_name: a letter first, then letters, digits and `_`, with single `-` or `/` separators. */
export const METADATA_NAME = /^[a-zA-Z]+([-/_]?[a-zA-Z0-9_]+)+$/;

/** Path parts of letters and digits joined by `-`, `_` or `.`, separated by `/`, with an optional port and `:tag`. */
export const BLOCK_NAME = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*(?::[0-9]+)?(?:\/[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*)*(?::[a-zA-Z0-9_][a-zA-Z0-9._-]*)?$/;

export const METADATA_NAME_MESSAGE =
  "'{name}' is not a valid name: Polycrate wants at least two characters, a letter first, then letters, digits and '_', with single '-' or '/' separators.";
export const BLOCK_NAME_MESSAGE =
  "'{name}' is not a valid block name: use letters, digits, '-', '_' and '.', with '/' between path parts and an optional ':tag'.";

/** Why a new name is refused for a symbol kind, or undefined when it is fine. */
export function checkName(kind: string, name: string): string | undefined {
  if (kind === "block") return BLOCK_NAME.test(name) ? undefined : BLOCK_NAME_MESSAGE.replace("{name}", name);
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
