// An action needs a `script` or a `playbook` (`required_without` in the CLI). The check runs on the merged
// action: an entry in workspace.poly may only add a prompt to an action whose script is in block.poly, or
// inherit it through `from`. When an ancestor is outside the workspace we cannot tell, and stay quiet.
import type { Problem } from "../../../core/problem";
import type { WorkspaceRule } from "../../types";
import { actionParts, lineage, workspaceModel, workspaceRoots } from "../model";

export const missingScript: WorkspaceRule = {
  id: "missing-script",
  check(ws) {
    const out: Problem[] = [];
    for (const root of workspaceRoots(ws)) {
      const model = workspaceModel(ws, root);
      for (const block of model.blocks.values()) {
        const { open, cycle } = lineage(model, block.name);
        if (open || cycle) continue;
        for (const [name, defs] of block.actions) {
          if (actionParts(model, block.name, name).some((a) => a.script || a.playbook)) continue;
          for (const a of defs) {
            if (!a.nameSpan) continue;
            out.push({
              path: a.path,
              span: a.nameSpan,
              severity: "error",
              code: "poly/missing-script",
              message: `Action '${name}' has neither 'script' nor 'playbook'. Polycrate requires one of them.`,
            });
          }
        }
      }
    }
    return out;
  },
};
