// `settings.environmentRemovalStrategy` takes `destroy` or `detach`. The vendor's own "Mixed Workflow" example
// writes `remove`, which its JSON Schema rejects; the docs give `detach` as the default (the schema says
// `destroy`), so the message says which is which and the fixes offer both, `detach` first as it keeps resources.
import type { Problem } from "../../../core/problem";
import { isInterpolated } from "../names";
import { REMOVAL_STRATEGIES } from "../shapes";
import type { FileRule } from "../../types";
import type { WorkflowModel } from "../model";

export const removalStrategy: FileRule<WorkflowModel> = {
  id: "removal-strategy",
  check(model) {
    const s = model.removalStrategy;
    if (!s || REMOVAL_STRATEGIES.includes(s.value) || isInterpolated(s.value)) return [];
    const problem: Problem = {
      path: model.path,
      span: s.span,
      severity: "error",
      code: "env0/removal-strategy",
      message:
        `'${s.value}' is not a removal strategy env0 accepts: use 'destroy' (destroy a sub-environment removed from this file) ` +
        "or 'detach' (keep it, outside the workflow). env0's docs give 'detach' as the default.",
      fixes: ["detach", "destroy"].map((v) => ({ title: `Change to '${v}'`, preferred: v === "detach", changes: [{ path: model.path, span: s.span, newText: v }] })),
    };
    return [problem];
  },
};
