// A sub-environment deploys either an env0 template (`templateName`) or code given in place (`vcs`): the file
// reference says exactly one. The vendor's JSON Schema does not enforce it, env0 does when it deploys.
import type { Problem } from "../../../core/problem";
import type { FileRule } from "../../types";
import type { WorkflowModel } from "../model";

export const templateOrVcs: FileRule<WorkflowModel> = {
  id: "template-or-vcs",
  check(model) {
    const out: Problem[] = [];
    for (const env of model.environments) {
      if (!env.mapping) continue;
      const t = env.templateName?.keySpan;
      const v = env.vcs?.keySpan;
      if (!t && !v) {
        out.push({
          path: model.path,
          span: env.aliasSpan,
          severity: "error",
          code: "env0/template-or-vcs",
          message: `Sub-environment '${env.alias}' has neither 'templateName' nor 'vcs': give one of them, so that env0 knows what to deploy.`,
        });
      } else if (t && v) {
        const [first, second] = t.start < v.start ? [t, v] : [v, t];
        const [firstKey, secondKey] = t.start < v.start ? ["templateName", "vcs"] : ["vcs", "templateName"];
        out.push({
          path: model.path,
          span: second,
          severity: "error",
          code: "env0/template-or-vcs",
          message: `Sub-environment '${env.alias}' has both '${firstKey}' and '${secondKey}': give only one of them.`,
          related: [{ path: model.path, span: first, message: `'${firstKey}' is given here.` }],
        });
      }
    }
    return out;
  },
};
