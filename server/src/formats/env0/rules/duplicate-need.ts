// An alias listed twice in one `needs` changes nothing; it is most likely a slip for another alias.
import type { Problem } from "../../../core/problem";
import { needRemovalSpan } from "./edit";
import type { FileRule } from "../../types";
import type { WorkflowModel } from "../model";

export const duplicateNeed: FileRule<WorkflowModel> = {
  id: "duplicate-need",
  check(model, text) {
    const out: Problem[] = [];
    for (const env of model.environments) {
      const seen = new Set<string>();
      for (const n of env.needs) {
        if (!seen.has(n.name)) {
          seen.add(n.name);
          continue;
        }
        const span = needRemovalSpan(text, n);
        out.push({
          path: model.path,
          span: n.span,
          severity: "warning",
          code: "env0/duplicate-need",
          message: `'${n.name}' is already listed in the 'needs' of '${env.alias}'.`,
          tags: ["unnecessary"],
          fixes: span ? [{ title: `Remove the repeated '${n.name}'`, preferred: true, changes: [{ path: model.path, span, newText: "" }] }] : undefined,
        });
      }
    }
    return out;
  },
};
