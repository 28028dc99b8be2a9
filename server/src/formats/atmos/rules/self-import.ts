// A manifest that imports itself: Atmos stops with "The file imports itself" (ProcessYAMLConfigFile in
// internal/exec/stack_processor_utils.go compares the import, its extension resolved, with the importing file).
// Globs are not compared there, so they are not reported here either.
import type { Problem } from "../../../core/problem";
import type { WorkspaceRule, WorkspaceView } from "../../types";
import type { StackModel } from "../model";
import { engineFor } from "../stacks";

const GLOB = /[*?[\]{}]/;

export const selfImportRule: WorkspaceRule = {
  id: "atmos/self-import",
  check(ws: WorkspaceView): Problem[] {
    const engine = engineFor(ws);
    const out: Problem[] = [];
    for (const f of ws.files("atmos")) {
      const model = f.facts.model as StackModel | undefined;
      if (f.kind === "workflow" || model?.kind !== "stack") continue;
      for (const imp of model.imports) {
        if (imp.dynamic || GLOB.test(imp.path)) continue;
        if (!(engine.resolveImport(imp, f.path) ?? []).includes(f.path)) continue;
        out.push({ path: f.path, span: imp.span, severity: "error", code: "atmos/self-import", message: `The manifest imports itself ('${imp.path}'): Atmos stops with an error.` });
      }
    }
    return out;
  },
};
