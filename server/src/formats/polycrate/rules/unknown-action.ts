// A step naming an action its block does not have, counting actions inherited through `from`. This is a rule
// rather than an unresolved reference so that it stays quiet when the block itself is unknown (reported once,
// as poly/unknown-block) or inherits from a block outside the workspace, whose actions we cannot see.
import type { Problem } from "../../../core/problem";
import { closest } from "../../../core/suggest";
import type { WorkspaceRule } from "../../types";
import { effectiveActions, workspaceModel, workspaceRoots, type WorkflowModel, type WorkspaceModel } from "../model";

/**
 * What a step's check reads of the workspace: each block's effective action names and whether they are all
 * known. Workflows far outnumber blocks in a large workspace.poly, so this is small next to them.
 */
const signatures = new WeakMap<WorkspaceModel, string>();
function actionsSignature(model: WorkspaceModel): string {
  let sig = signatures.get(model);
  if (sig !== undefined) return sig;
  const parts: string[] = [];
  for (const name of model.blocks.keys()) {
    const { actions, complete } = effectiveActions(model, name);
    parts.push(`${name}\u0001${complete}\u0001${[...actions.keys()].join("\u0001")}`);
  }
  sig = parts.join("\u0000");
  signatures.set(model, sig);
  return sig;
}

/**
 * Each workflow's findings, kept while the workflow (the same analysed object: an open document keeps those an
 * edit did not touch, see NodeMemo) and what its steps can name stay the same; their spans are the workflow's own.
 */
const kept = new WeakMap<WorkflowModel, { path: string; sig: string; problems: Problem[] }>();

function workflowProblems(model: WorkspaceModel, path: string, wf: WorkflowModel): Problem[] {
  const sig = actionsSignature(model);
  const hit = kept.get(wf);
  if (hit && hit.path === path && hit.sig === sig) return hit.problems;
  const out: Problem[] = [];
  for (const step of wf.steps) {
    if (!step.block || !step.action || !model.blocks.has(step.block.value)) continue;
    const { actions, complete } = effectiveActions(model, step.block.value);
    if (!complete || actions.has(step.action.value)) continue;
    const guess = closest(step.action.value, actions.keys());
    out.push({
      path,
      span: step.action.span,
      severity: "error",
      code: "poly/unknown-action",
      message: `Block '${step.block.value}' has no action '${step.action.value}'.${guess ? ` Did you mean '${guess}'?` : ""}`,
      fixes: guess ? [{ title: `Change to '${guess}'`, preferred: true, changes: [{ path, span: step.action.span, newText: guess }] }] : undefined,
    });
  }
  kept.set(wf, { path, sig, problems: out });
  return out;
}

export const unknownAction: WorkspaceRule = {
  id: "unknown-action",
  check(ws) {
    const out: Problem[] = [];
    for (const root of workspaceRoots(ws)) {
      const model = workspaceModel(ws, root);
      if (!model.workspacePath) continue;
      for (const wf of model.workflows) for (const p of workflowProblems(model, model.workspacePath, wf)) out.push(p);
    }
    return out;
  },
};
