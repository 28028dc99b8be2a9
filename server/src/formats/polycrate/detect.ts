// Polycrate files are found by name: `workspace.poly`, `block.poly`, and other `*.poly` files whose content
// looks like one of the two. `CHANGELOG.poly` and `Dockerfile.poly` sit beside them but are not configurations.
import * as path from "node:path";

const NOT_CONFIG = new Set(["changelog.poly", "dockerfile.poly"]);

export function candidate(file: string): boolean {
  return path.basename(file).toLowerCase().endsWith(".poly");
}

export function detect(file: string, text: string): "workspace" | "block" | undefined {
  const base = path.basename(file).toLowerCase();
  if (!base.endsWith(".poly") || NOT_CONFIG.has(base)) return undefined;
  if (base === "workspace.poly" || base.endsWith(".workspace.poly")) return "workspace";
  if (base === "block.poly" || base.endsWith(".block.poly")) return "block";
  if (/^(workflows|blocks|organization|dependencies)\s*:/im.test(text)) return "workspace";
  if (/^name\s*:/m.test(text) && /^(actions|from|kind|version|config)\s*:/m.test(text)) return "block";
  return undefined;
}
