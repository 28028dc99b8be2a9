// Completion beyond the shapes: import paths, stack names in `stack:` fields, and step types.
import { CompletionItemKind } from "vscode-languageserver-types";
import type { CompletionCandidate, CursorRequest } from "../types";
import { configFor, manifestName } from "./config";
import { STEP_TYPES, RUNNABLE_STEP_TYPES } from "./shapes";
import { engineFor } from "./stacks";

export function completeAt(req: CursorRequest): CompletionCandidate[] {
  const { cursor, file, ws } = req;
  const p = cursor.path;
  const last = p[p.length - 1];
  const config = configFor(file.path, ws);
  // An import: a bare list item under `import:`, or `path:` of an import object.
  const inImportList = p.length === 2 && p[0] === "import" && last === "[]";
  if (file.kind !== "workflow" && inImportList && ((cursor.position === "key" && cursor.inListItem) || (cursor.position === "value" && cursor.key === "path"))) {
    const engine = engineFor(ws);
    const out: CompletionCandidate[] = [];
    for (const m of engine.manifests()) {
      if (m.path === file.path || m.config.stacksBase !== config.stacksBase) continue;
      const name = manifestName(config, m.path);
      out.push({ label: name, itemKind: CompletionItemKind.File, detail: "stack manifest", sortText: (name.startsWith("catalog/") ? "a" : "b") + name });
    }
    return out;
  }
  if (cursor.position === "value" && cursor.key === "stack") {
    const names = engineFor(ws).stackNames(config.root);
    return [...names.keys()].sort().map((n) => ({ label: n, itemKind: CompletionItemKind.Module, detail: "stack" }));
  }
  if (file.kind === "workflow" && cursor.position === "value" && cursor.key === "type" && p.includes("steps")) {
    return STEP_TYPES.map((t) => ({
      label: t,
      itemKind: CompletionItemKind.EnumMember,
      sortText: (RUNNABLE_STEP_TYPES.includes(t) ? "a" : "b") + t,
      detail: t === "atmos" ? "runs `atmos <command>` (default)" : t === "shell" ? "runs the command in a shell" : "Atmos step type",
    }));
  }
  return [];
}
