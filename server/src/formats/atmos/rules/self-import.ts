// A manifest that imports itself: Atmos stops with "The file imports itself" (ProcessYAMLConfigFile in
// internal/exec/stack_processor_utils.go compares the import, its extension resolved, with the importing file).
// Globs are not compared there, so they are not reported here either.
import type { Problem } from "../../../core/problem";
import type { IndexedFile, WorkspaceRule, WorkspaceView } from "../../types";
import type { StackModel } from "../model";
import { engineFor, type Engine } from "../stacks";

const GLOB = /[*?[\]{}]/;

export const selfImportRule: WorkspaceRule = {
  id: "self-import",
  check(ws: WorkspaceView): Problem[] {
    const engine = engineFor(ws);
    return ws.files("atmos").flatMap((f) => fileProblems(engine, f));
  },
  checkFile(ws: WorkspaceView, path: string): Problem[] {
    const f = ws.file(path);
    return f?.format === "atmos" ? fileProblems(engineFor(ws), f) : [];
  },
};

function fileProblems(engine: Engine, f: IndexedFile): Problem[] {
  const model = f.facts.model as StackModel | undefined;
  if (f.kind === "workflow" || model?.kind !== "stack") return [];
  const out: Problem[] = [];
  for (const imp of model.imports) {
    if (imp.dynamic || GLOB.test(imp.path)) continue;
    if (!(engine.resolveImport(imp, f.path) ?? []).includes(f.path)) continue;
    out.push({ path: f.path, span: imp.span, severity: "error", code: "atmos/self-import", message: `The manifest imports itself ('${imp.path}'): Atmos stops with an error.` });
  }
  return out;
}
