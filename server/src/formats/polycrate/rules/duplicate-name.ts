// Two blocks, actions of one block, workflows, or steps of one workflow with the same name: Polycrate looks
// names up first-match, so the later one is never reached. A block in `workspace.poly` and an installed
// `block.poly` of the same name are not duplicates: they merge.
import type { Problem } from "../../../core/problem";
import type { Span } from "../../../core/text";
import type { FileRule } from "../../types";
import type { PolyFileModel, WorkflowModel } from "../model";

interface Named {
  name: string;
  nameSpan?: Span;
}

function duplicates(path: string, list: Named[], noun: string, where: string): Problem[] {
  const first = new Map<string, Named>();
  const out: Problem[] = [];
  for (const n of list) {
    if (!n.name || !n.nameSpan) continue;
    const prev = first.get(n.name);
    if (!prev) {
      first.set(n.name, n);
      continue;
    }
    out.push({
      path,
      span: n.nameSpan,
      severity: "warning",
      code: "poly/duplicate-name",
      message: `${noun} '${n.name}' is already defined${where}. Polycrate only finds the first one.`,
      related: [{ path, span: prev.nameSpan!, message: `First definition of ${noun.toLowerCase()} '${n.name}'.` }],
    });
  }
  return out;
}

/**
 * The duplicate steps of each workflow, kept with the workflow (an open document keeps the workflows an edit did
 * not touch, see NodeMemo, and moves their spans, which these problems share).
 */
const stepDuplicates = new WeakMap<WorkflowModel, { path: string; problems: Problem[] }>();
function duplicateSteps(path: string, w: WorkflowModel): Problem[] {
  const hit = stepDuplicates.get(w);
  if (hit?.path === path) return hit.problems;
  const problems = duplicates(path, w.steps, "Step", ` in workflow '${w.name}'`);
  stepDuplicates.set(w, { path, problems });
  return problems;
}

export const duplicateName: FileRule<PolyFileModel> = {
  id: "duplicate-name",
  check(model) {
    const out: Problem[] = [];
    if (model.kind === "workspace") out.push(...duplicates(model.path, model.blocks, "Block", " in this workspace"));
    for (const b of model.blocks) out.push(...duplicates(model.path, b.actions, "Action", ` in block '${b.name}'`));
    out.push(...duplicates(model.path, model.workflows, "Workflow", " in this workspace"));
    for (const w of model.workflows) for (const p of duplicateSteps(model.path, w)) out.push(p);
    return out;
  },
};
