// Markdown for hover and completion: what a block, action, workflow or step is and does.
import type { ActionModel, BlockModel, StepModel, WorkflowModel } from "./model";

export function codeBlock(lang: string, lines: string[]): string {
  const body = lines.join("\n");
  const fence = body.includes("```") ? "~~~~" : "```";
  return `${fence}${lang}\n${body}\n${fence}`;
}

export function actionDoc(a: ActionModel): string {
  const out = [`**action** \`${a.name}\` of block \`${a.block}\``];
  if (a.description) out.push(a.description);
  if (a.script) out.push(codeBlock("bash", a.script.lines));
  else if (a.playbook) out.push(`Runs the playbook \`${a.playbook.value}\`.`);
  if (a.prompt?.message) out.push(`Asks: _${a.prompt.message}_`);
  return out.join("\n\n");
}

export function blockDoc(b: BlockModel): string {
  const facts = [b.kind && `kind \`${b.kind}\``, b.version && `version \`${b.version}\``, b.from && `from \`${b.from.value}\``, b.template && "template"].filter(Boolean);
  const out = [`**block** \`${b.name}\`${facts.length ? ` — ${facts.join(", ")}` : ""}`];
  if (b.description) out.push(b.description);
  const actions = b.actions.filter((a) => a.name).map((a) => `\`${a.name}\``);
  if (actions.length) out.push(`Actions: ${actions.join(", ")}`);
  return out.join("\n\n");
}

export function workflowDoc(w: WorkflowModel): string {
  const out = [`**workflow** \`${w.name}\`${w.allowFailure?.value ? " — allow_failure" : ""}`];
  if (w.description) out.push(w.description);
  if (w.prompt?.message) out.push(`Asks: _${w.prompt.message}_`);
  if (w.steps.length) out.push(w.steps.map((s, i) => `${i + 1}. \`${s.name || "(unnamed)"}\`: ${s.block?.value ?? "?"} → ${s.action?.value ?? "?"}`).join("\n"));
  return out.join("\n\n");
}

export function stepDetail(s: StepModel): string {
  return `${s.block?.value ?? "?"} → ${s.action?.value ?? "?"}`;
}
