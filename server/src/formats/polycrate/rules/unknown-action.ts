// A step naming an action its block does not have, counting actions inherited through `from`. This is a rule
// rather than an unresolved reference so that it stays quiet when the block itself is unknown (reported once,
// as poly/unknown-block) or inherits from a block outside the workspace, whose actions we cannot see.
import type { Problem } from "../../../core/problem";
import { closest } from "../../../core/suggest";
import type { WorkspaceRule } from "../../types";
import { effectiveActions, workspaceModel, workspaceRoots } from "../model";

export const unknownAction: WorkspaceRule = {
  id: "unknown-action",
  check(ws) {
    const out: Problem[] = [];
    for (const root of workspaceRoots(ws)) {
      const model = workspaceModel(ws, root);
      if (!model.workspacePath) continue;
      for (const wf of model.workflows) {
        for (const step of wf.steps) {
          if (!step.block || !step.action || !model.blocks.has(step.block.value)) continue;
          const { actions, complete } = effectiveActions(model, step.block.value);
          if (!complete || actions.has(step.action.value)) continue;
          const guess = closest(step.action.value, actions.keys());
          out.push({
            path: model.workspacePath,
            span: step.action.span,
            severity: "error",
            code: "poly/unknown-action",
            message: `Block '${step.block.value}' has no action '${step.action.value}'.${guess ? ` Did you mean '${guess}'?` : ""}`,
            fixes: guess ? [{ title: `Change to '${guess}'`, preferred: true, changes: [{ path: model.workspacePath, span: step.action.span, newText: guess }] }] : undefined,
          });
        }
      }
    }
    return out;
  },
};
