// Hover on a step (its name, block or action): what it runs, the prompts asked first, and the block it uses.
import type { CursorRequest } from "../types";
import { codeBlock } from "./docs";
import { actionParts, fileModel, workspaceModel, type StepModel, type WorkflowModel } from "./model";

function stepAt(req: CursorRequest): { wf: WorkflowModel; step: StepModel } | undefined {
  const m = fileModel(req.file);
  if (!m || m.kind !== "workspace") return undefined;
  for (const wf of m.workflows) {
    for (const step of wf.steps) {
      const own = [step.nameSpan, step.block?.span, step.action?.span].some((s) => s && req.offset >= s.start && req.offset <= s.end);
      if (own) return { wf, step };
    }
  }
  return undefined;
}

export function hover(req: CursorRequest): string | undefined {
  const at = stepAt(req);
  if (!at) return undefined;
  const { wf, step } = at;
  const block = step.block?.value;
  const action = step.action?.value;
  const out = [`**step** \`${step.name || "(unnamed)"}\` runs \`polycrate run ${block ?? "?"} ${action ?? "?"}\``];
  if (!block || !action) return out.join("\n\n");
  const model = workspaceModel(req.ws, fileModel(req.file)!.root);
  const parts = actionParts(model, block, action);
  const prompts = [
    wf.prompt?.message && `workflow: _${wf.prompt.message}_`,
    step.prompt?.message && `step: _${step.prompt.message}_`,
    parts.find((p) => p.prompt?.message)?.prompt?.message,
  ];
  if (prompts[2]) prompts[2] = `action: _${prompts[2]}_`;
  const asked = prompts.filter(Boolean);
  if (asked.length) out.push(`Asks first (declining fails the step):\n${asked.map((p, i) => `${i + 1}. ${p}`).join("\n")}`);
  const script = parts.find((p) => p.script)?.script;
  const playbook = parts.find((p) => p.playbook)?.playbook;
  if (script) out.push(codeBlock("bash", script.lines));
  else if (playbook) out.push(`Runs the playbook \`${playbook.value}\` with ansible-playbook.`);
  else if (!model.blocks.has(block)) out.push(`Block \`${block}\` is not in this workspace.`);
  const description = model.blocks.get(block)?.parts.find((p) => p.description)?.description;
  if (description) out.push(`Block \`${block}\`: ${description}`);
  return out.join("\n\n");
}
