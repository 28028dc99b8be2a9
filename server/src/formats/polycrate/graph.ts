// The Polycrate graph: each workflow as its ordered steps, each step linked to the action it runs and that
// action to its block; blocks with their `from` parents, `inventory.from`/`kubeconfig.from` sources and the
// workspace's registry dependencies. Whichever file of a workspace is open, the graph is the workspace's.
import type { GraphGroup } from "../../../../common/graph";
import type { FormatGraph, FormatGraphEdge, FormatGraphNode, IndexedFile, WorkspaceView } from "../types";
import { effectiveActions, fileModel, workspaceModel, type MergedBlock } from "./model";

export const blockId = (name: string): string => `block:${name}`;
export const actionId = (block: string, action: string): string => `action:${block}/${action}`;
export const stepId = (workflow: string, index: number): string => `step:${workflow}#${index}`;
export const workflowId = (workflow: string): string => `workflow:${workflow}`;
const registryId = (ref: string): string => `registry:${ref}`;

export function graph(file: IndexedFile, ws: WorkspaceView): FormatGraph | undefined {
  const fm = fileModel(file);
  if (!fm) return undefined;
  const model = workspaceModel(ws, fm.root);
  const nodes: FormatGraphNode[] = [];
  const edges: FormatGraphEdge[] = [];
  const groups: GraphGroup[] = [];
  const have = new Set<string>();
  const add = (n: FormatGraphNode): void => {
    if (have.has(n.id)) return;
    have.add(n.id);
    nodes.push(n);
  };
  const deps = new Set(model.dependencies);

  const blockNode = (b: MergedBlock): FormatGraphNode => {
    // The installed block.poly defines the block; a workspace entry only configures it.
    const def = b.parts.find((p) => p.source === "block-file") ?? b.parts[0]!;
    const first = b.parts[0]!;
    const detail = [def.kind ?? first.kind, def.version ?? first.version].filter(Boolean).join(" · ");
    return { id: blockId(b.name), label: b.name, kind: "block", detail: detail || undefined, path: def.path, span: def.span, flags: def.template || first.template ? { abstract: true } : undefined };
  };
  const referencedBlock = (name: string): string => {
    const b = model.blocks.get(name);
    if (b) add(blockNode(b));
    else if (deps.has(name) || /[/:]/.test(name)) add({ id: registryId(name), label: name, kind: "registry", flags: { external: true } });
    else add({ id: blockId(name), label: name, kind: "block", detail: "not defined" });
    return b ? blockId(name) : deps.has(name) || /[/:]/.test(name) ? registryId(name) : blockId(name);
  };

  for (const wf of model.workflows) {
    const gid = workflowId(wf.name);
    groups.push({ id: gid, label: wf.name, kind: "workflow" });
    let prev: string | undefined;
    wf.steps.forEach((st, i) => {
      const id = stepId(wf.name, i);
      const detail = [st.block?.value, st.action?.value].filter(Boolean).join(" · ");
      add({ id, label: st.name || `step ${i + 1}`, kind: "step", detail: detail || undefined, group: gid, rank: i + 1, path: model.workspacePath, span: st.span, flags: st.prompt ? { prompt: true } : undefined });
      if (prev) edges.push({ from: prev, to: id, kind: "order" });
      prev = id;
      if (!st.block) return;
      const target = referencedBlock(st.block.value);
      const b = model.blocks.get(st.block.value);
      if (st.action && b) {
        const found = effectiveActions(model, b.name).actions.get(st.action.value);
        const owner = found?.owner ?? b.name;
        const aid = actionId(owner, st.action.value);
        add({ id: aid, label: st.action.value, kind: "action", detail: owner, path: found?.action.path, span: found?.action.span, flags: found?.action.prompt ? { prompt: true } : undefined });
        edges.push({ from: id, to: aid, kind: "uses", path: model.workspacePath, span: st.action.span });
        edges.push({ from: blockId(owner), to: aid, kind: "contains" });
        if (owner !== b.name) edges.push({ from: id, to: target, kind: "uses", path: model.workspacePath, span: st.block.span });
      } else {
        edges.push({ from: id, to: target, kind: "uses", path: model.workspacePath, span: st.block.span });
      }
    });
  }

  for (const b of model.blocks.values()) {
    add(blockNode(b));
    if (b.parent) edges.push({ from: blockId(b.name), to: referencedBlock(b.parent.name), kind: "inherits", path: b.parent.path, span: b.parent.at.span });
    for (const part of b.parts) {
      for (const [src, label] of [
        [part.inventoryFrom, "inventory"],
        [part.kubeconfigFrom, "kubeconfig"],
      ] as const) {
        if (src && src.value !== b.name) edges.push({ from: blockId(b.name), to: referencedBlock(src.value), kind: "artifacts", label, path: part.path, span: src.span });
      }
    }
  }

  if (model.dependencies.length) {
    const wsName = model.workspace?.name?.value ?? "workspace";
    const wid = `workspace:${wsName}`;
    add({ id: wid, label: wsName, kind: "workspace", path: model.workspacePath, span: model.workspace?.span });
    for (const d of model.workspace?.dependencies ?? []) {
      add({ id: registryId(d.value), label: d.value, kind: "registry", flags: { external: true } });
      edges.push({ from: wid, to: registryId(d.value), kind: "registry", path: model.workspacePath, span: d.span });
    }
  }
  const title = model.workspace?.name?.value ? `Polycrate workspace ${model.workspace.name.value}` : "Polycrate workspace";
  return { title, nodes, edges, groups };
}
