// A sub-environment that needs itself would wait for itself forever.
import type { Problem } from "../../../core/problem";
import { needRemovalSpan } from "./edit";
import type { FileRule } from "../../types";
import type { WorkflowModel } from "../model";

export const selfNeed: FileRule<WorkflowModel> = {
  id: "self-need",
  check(model, text) {
    const out: Problem[] = [];
    for (const env of model.environments) {
      for (const n of env.needs) {
        if (n.name !== env.alias) continue;
        const span = needRemovalSpan(text, n);
        out.push({
          path: model.path,
          span: n.span,
          severity: "error",
          code: "env0/self-need",
          message: `Sub-environment '${env.alias}' needs itself, so it could never deploy.`,
          fixes: span ? [{ title: `Remove '${n.name}' from 'needs'`, preferred: true, changes: [{ path: model.path, span, newText: "" }] }] : undefined,
        });
      }
    }
    return out;
  },
};
