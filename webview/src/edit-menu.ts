// What the user can do to the graph, per format and node kind: the context menu's items, which nodes get a
// drag handle for a new dependency, and the intent for Delete on a selection. Pure, so it is tested in node.
import type { GraphEdge, GraphNode, WorkflowGraph } from "../../common/graph";
import type { NewNodeKind } from "../../common/graph-edit";
import type { WebviewToHost } from "../../common/protocol";

export type MenuTarget = { type: "node"; nodeId: string } | { type: "edge"; edgeId: string } | { type: "group"; groupId: string } | { type: "background" };

export interface MenuItem {
  id: string;
  label: string;
  /** The message to send; absent for a disabled item. */
  message?: WebviewToHost;
}

/** `step:<workflow>#<index>` (Polycrate) → its workflow and position. */
export function parseStepId(id: string): { workflow: string; index: number } | undefined {
  const m = /^step:(.*)#(\d+)$/.exec(id);
  return m ? { workflow: m[1]!, index: Number(m[2]) } : undefined;
}

/** Nodes a dependency can be dragged from and dropped on: Atmos components and env0 aliases defined in the text. */
export function connectable(graph: WorkflowGraph, n: GraphNode): boolean {
  if (!n.uri || n.flags?.external) return false;
  if (graph.format === "atmos") return n.kind === "component";
  if (graph.format === "env0") return n.kind === "alias";
  return false;
}

/** Dependencies the graph can remove: the ones written in the text (`depends` edges). */
export function removableEdge(graph: WorkflowGraph, e: GraphEdge): boolean {
  return e.kind === "depends" && (graph.format === "atmos" || graph.format === "env0") && !!e.uri;
}

const NEW_KIND: Partial<Record<WorkflowGraph["format"], NewNodeKind>> = { atmos: "component", env0: "alias", fabrikate: "subcomponent", polycrate: "block" };

function stepCount(graph: WorkflowGraph, workflow: string): number {
  return graph.nodes.filter((n) => n.kind === "step" && parseStepId(n.id)?.workflow === workflow).length;
}

export function menuItems(graph: WorkflowGraph, target: MenuTarget): MenuItem[] {
  const items: MenuItem[] = [];
  const fmt = graph.format;
  if (target.type === "background") {
    const kind = NEW_KIND[fmt];
    if (kind) items.push({ id: "add-node", label: `Add ${kind}…`, message: { type: "addNode", kind } });
    if (fmt === "polycrate") items.push({ id: "add-workflow", label: "Add workflow…", message: { type: "addNode", kind: "workflow" } });
    return items;
  }
  if (target.type === "group") {
    if (fmt === "polycrate" && target.groupId.startsWith("workflow:")) {
      const workflow = target.groupId.slice("workflow:".length);
      items.push({ id: "add-step", label: "Add step…", message: { type: "addStep", workflow } });
      items.push({ id: "rename", label: "Rename workflow…", message: { type: "rename", nodeId: target.groupId } });
      items.push({ id: "remove", label: "Remove workflow…", message: { type: "remove", nodeId: target.groupId } });
    }
    return items;
  }
  if (target.type === "edge") {
    const e = graph.edges.find((x) => x.id === target.edgeId);
    if (e && removableEdge(graph, e)) items.push({ id: "remove-dependency", label: "Remove dependency", message: { type: "edit", edit: { type: "removeDependency", edgeId: e.id } } });
    return items;
  }
  const n = graph.nodes.find((x) => x.id === target.nodeId);
  if (!n || !n.uri || n.flags?.external) return items;
  const step = fmt === "polycrate" ? parseStepId(n.id) : undefined;
  if (step) {
    const count = stepCount(graph, step.workflow);
    items.push({ id: "add-step-after", label: "Add step after…", message: { type: "addStep", workflow: step.workflow, index: step.index + 1 } });
    items.push({ id: "move-up", label: "Move up", message: step.index > 0 ? { type: "edit", edit: { type: "moveStep", workflow: step.workflow, from: step.index, to: step.index - 1 } } : undefined });
    items.push({ id: "move-down", label: "Move down", message: step.index < count - 1 ? { type: "edit", edit: { type: "moveStep", workflow: step.workflow, from: step.index, to: step.index + 1 } } : undefined });
  }
  if (fmt === "fabrikate" && (n.kind === "component" || n.kind === "subcomponent")) {
    items.push({ id: "add-node", label: "Add subcomponent…", message: { type: "addNode", kind: "subcomponent", parent: n.id } });
  }
  const renamable = fmt === "fabrikate" ? n.kind === "subcomponent" : ["step", "block", "action", "component", "abstract", "alias"].includes(n.kind);
  if (renamable) items.push({ id: "rename", label: "Rename…", message: { type: "rename", nodeId: n.id } });
  const removable = fmt === "fabrikate" ? n.kind === "subcomponent" : ["step", "block", "action", "component", "abstract", "alias"].includes(n.kind);
  if (removable) items.push({ id: "remove", label: step ? "Remove step" : "Remove…", message: { type: "remove", nodeId: n.id } });
  return items;
}

/** The intent for Delete/Backspace: a selected dependency is removed at once (Ctrl+Z brings it back); a node asks first. */
export function deleteMessage(graph: WorkflowGraph, selectedEdge: string | null, selectedNode: string | null): WebviewToHost | undefined {
  if (selectedEdge) {
    const e = graph.edges.find((x) => x.id === selectedEdge);
    return e && removableEdge(graph, e) ? { type: "edit", edit: { type: "removeDependency", edgeId: e.id } } : undefined;
  }
  if (selectedNode) return menuItems(graph, { type: "node", nodeId: selectedNode }).find((i) => i.id === "remove")?.message;
  return undefined;
}
