// The env0 graph: each sub-environment (alias) as a node, ranked by the wave env0 deploys it in (same rank = can
// deploy together), with a `depends` edge from an alias to each alias it `needs`, written where the `needs` entry
// is. Disabled sub-environments and those that wait for approval are flagged; a `${VAR}` flag is only known at
// deploy time, so it is shown in the detail, not as a flag.
import * as path from "node:path";
import type { FormatGraph, FormatGraphEdge, FormatGraphNode, IndexedFile } from "../types";
import { needsOf, waveNumbers, type SubEnvironmentModel, type WorkflowModel } from "./model";

export const aliasId = (alias: string): string => `alias:${alias}`;

export function graph(file: IndexedFile): FormatGraph | undefined {
  const model = file.facts.model as WorkflowModel | undefined;
  if (!model) return undefined;
  const waves = waveNumbers(model);
  const nodes: FormatGraphNode[] = [];
  const edges: FormatGraphEdge[] = [];
  const defined = new Set(model.environments.map((e) => e.alias));
  const missing = new Set<string>();
  for (const env of model.environments) {
    const disabled = env.disabled?.value === true;
    const approval = env.requiresApproval?.value === true;
    nodes.push({
      id: aliasId(env.alias),
      label: env.alias,
      kind: "alias",
      detail: detailOf(env),
      rank: waves.get(env.alias),
      path: model.path,
      span: env.span,
      flags: disabled || approval ? { ...(disabled ? { disabled } : {}), ...(approval ? { approval } : {}) } : undefined,
    });
    const resolved = new Set(needsOf(model, env));
    const drawn = new Set<string>();
    for (const n of env.needs) {
      if (n.interpolated || n.name === env.alias || drawn.has(n.name)) continue;
      drawn.add(n.name);
      if (!resolved.has(n.name) && !defined.has(n.name)) missing.add(n.name);
      edges.push({ from: aliasId(env.alias), to: aliasId(n.name), kind: "depends", path: model.path, span: n.nodeSpan });
    }
  }
  for (const name of missing) nodes.push({ id: aliasId(name), label: name, kind: "alias", detail: "not defined" });
  return { title: `env0 workflow ${path.basename(path.dirname(model.path))}`, nodes, edges };
}

/** `name · type`, plus flags only known at deploy time. */
function detailOf(env: SubEnvironmentModel): string | undefined {
  const parts = [env.name?.value, env.vcs?.type?.value ?? (env.templateName?.value ? `template ${env.templateName.value}` : undefined)];
  if (typeof env.disabled?.value === "string") parts.push(`disabled if ${env.disabled.value}`);
  if (typeof env.requiresApproval?.value === "string") parts.push(`approval if ${env.requiresApproval.value}`);
  const text = parts.filter(Boolean).join(" · ");
  return text || undefined;
}
