// Sub-environments that need one another can never deploy: env0 waits for each before the other. Every `needs`
// entry on a cycle gets the error, with the cycle written out from that entry: `a → b → c → a`.
import type { Problem } from "../../../core/problem";
import { cycleThrough, dependencyCycles, environment } from "../model";
import type { FileRule } from "../../types";
import type { WorkflowModel } from "../model";

export const dependencyCycle: FileRule<WorkflowModel> = {
  id: "dependency-cycle",
  check(model) {
    const out: Problem[] = [];
    for (const group of dependencyCycles(model)) {
      for (const alias of group) {
        const env = environment(model, alias)!;
        const reported = new Set<string>();
        for (const n of env.needs) {
          if (n.interpolated || n.name === alias || !group.includes(n.name) || reported.has(n.name)) continue;
          reported.add(n.name);
          const cycle = cycleThrough(model, alias, n.name, group);
          out.push({
            path: model.path,
            span: n.span,
            severity: "error",
            code: "env0/dependency-cycle",
            message: `Dependency cycle: ${cycle.join(" → ")}. None of these sub-environments can deploy.`,
          });
        }
      }
    }
    return out;
  },
};
