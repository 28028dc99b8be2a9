// `script` and `playbook` exclude each other (`excluded_with` in the CLI's Action struct): the load fails.
import type { Problem } from "../../../core/problem";
import type { FileRule } from "../../types";
import type { PolyFileModel } from "../model";

export const scriptAndPlaybook: FileRule<PolyFileModel> = {
  id: "script-and-playbook",
  check(model) {
    const out: Problem[] = [];
    for (const b of model.blocks) {
      for (const a of b.actions) {
        if (!a.script || !a.playbook) continue;
        out.push({
          path: model.path,
          span: a.playbook.keySpan,
          severity: "error",
          code: "poly/script-and-playbook",
          message: `Action '${a.name}' has both 'script' and 'playbook'. Polycrate accepts only one of them.`,
          related: [{ path: model.path, span: a.script.keySpan, message: "The action's script." }],
        });
      }
    }
    return out;
  },
};
