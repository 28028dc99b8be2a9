// A workflow without steps loads, but `polycrate run WORKFLOW` fails on it: warn before it runs.
import type { Problem } from "../../../core/problem";
import type { FileRule } from "../../types";
import type { PolyFileModel } from "../model";

export const emptyWorkflow: FileRule<PolyFileModel> = {
  id: "empty-workflow",
  check(model) {
    const out: Problem[] = [];
    for (const w of model.workflows) {
      if (w.steps.length) continue;
      out.push({
        path: model.path,
        span: w.nameSpan ?? w.stepsKeySpan ?? { start: w.span.start, end: w.span.start },
        severity: "warning",
        code: "poly/empty-workflow",
        message: `Workflow '${w.name}' has no steps. Polycrate fails when it runs a workflow without steps.`,
      });
    }
    return out;
  },
};
