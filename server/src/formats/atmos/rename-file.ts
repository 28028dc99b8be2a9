// Renaming an imported manifest: the file moves below the stacks base path and every import that names it is
// rewritten in the same style (with or without extension, relative or from the base). A glob import that would
// stop matching, or a name that is not a plain path, is refused with the reason.
import * as path from "node:path";
import type { SymbolDef, SymbolRef, WorkspaceView } from "../types";
import { configFor, globMatches, relPosix } from "./config";

const GLOB = /[*?[\]{}]/;
const YAML_EXT = /\.ya?ml$/i;

export function renameFile(def: SymbolDef, newName: string, refs: SymbolRef[], ws: WorkspaceView): { newPath: string; edits: Array<{ ref: SymbolRef; newText: string }> } | { error: string } {
  const config = configFor(def.path, ws);
  const name = newName.trim().replace(YAML_EXT, "");
  if (!name) return { error: "The new name is empty." };
  if (GLOB.test(name)) return { error: `'${newName}' is a pattern; give the new path of the manifest.` };
  if (path.isAbsolute(name) || name.startsWith("./") || name.split("/").some((p) => p === ".." || p === "." || p === "")) {
    return { error: `Give the new path below '${relPosix(config.root, config.stacksBase) || "."}', like 'catalog/vpc/defaults'.` };
  }
  const ext = path.extname(def.path) || ".yaml";
  const newPath = path.join(config.stacksBase, ...name.split("/")) + ext;
  const newRel = relPosix(config.stacksBase, newPath);
  const edits: Array<{ ref: SymbolRef; newText: string }> = [];
  for (const ref of refs) {
    if (ref.kind !== "file") continue;
    const written = ref.name.trim();
    const relative = written.startsWith("./") || written.startsWith("../");
    if (GLOB.test(written)) {
      const pattern = relative ? relPosix(config.stacksBase, path.resolve(path.dirname(ref.path), written)) : written;
      if (!globMatches(pattern, newRel)) return { error: `'${written}' in ${path.basename(ref.path)} imports this file through a pattern that would not match '${name}'.` };
      continue;
    }
    const keepExt = YAML_EXT.test(written);
    let text = relative ? relPosix(path.dirname(ref.path), newPath) : newRel;
    if (relative && !text.startsWith(".")) text = `./${text}`;
    if (!keepExt) text = text.replace(YAML_EXT, "");
    edits.push({ ref, newText: text });
  }
  return { newPath, edits };
}
