// Go templates Atmos cannot parse, where it parses them while loading stacks: an import path with `{{` that
// matches no file (ProcessYAMLConfigFile asks IsGolangTemplate, which fails on a broken template), and a manifest
// imported with a `context` (or a `.yaml.tmpl` file), which Atmos renders as a whole before reading it. Both stop
// Atmos with an error, so both are errors, on the import.
import type { Problem } from "../../../core/problem";
import type { WorkspaceRule, WorkspaceView } from "../../types";
import type { StackModel } from "../model";
import { engineFor } from "../stacks";
import { templateSyntaxError } from "../template";

export const templateSyntaxRule: WorkspaceRule = {
  id: "atmos/template-syntax",
  check(ws: WorkspaceView): Problem[] {
    const out: Problem[] = [];
    for (const f of ws.files("atmos")) {
      const model = f.facts.model as StackModel | undefined;
      if (f.kind === "workflow" || model?.kind !== "stack") continue;
      for (const imp of model.imports) {
        if (!imp.path.includes("{{")) continue;
        const err = templateSyntaxError(imp.path);
        if (!err) continue;
        out.push({
          path: f.path,
          span: imp.span,
          severity: "error",
          code: "atmos/template-syntax",
          message: `Import '${imp.path}' is not a valid Go template (${err.message}): Atmos stops loading the stack. Complete the template, or remove the braces if this is a file name.`,
        });
      }
    }
    for (const p of engineFor(ws).templateProblems()) out.push({ ...p, severity: "error", code: "atmos/template-syntax" });
    return out;
  },
};
