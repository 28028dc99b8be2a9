// Hand-made graphs for the webview and graph-host tests.
import type { GraphEdge, GraphNode, WorkflowGraph } from "../../../common/graph";
import { edgeId, type EdgeKind } from "../../../common/graph";

export function node(id: string, extra: Partial<GraphNode> = {}): GraphNode {
  return { id, label: id, kind: "step", ...extra };
}

export function edge(from: string, to: string, kind: EdgeKind = "depends", extra: Partial<GraphEdge> = {}): GraphEdge {
  return { id: edgeId(from, to, kind), from, to, kind, ...extra };
}

export function graph(nodes: GraphNode[], edges: GraphEdge[], extra: Partial<WorkflowGraph> = {}): WorkflowGraph {
  return { uri: "file:///ws/workspace.poly", format: "polycrate", title: "ws", version: 1, nodes, edges, groups: [], ...extra };
}

/** A chain a1 → … plus a second workflow group: `wf1` holds a, b, c; `wf2` holds d, e; f is ungrouped. */
export function grouped(): WorkflowGraph {
  return graph(
    [
      node("a", { group: "wf1" }),
      node("b", { group: "wf1" }),
      node("c", { group: "wf1" }),
      node("d", { group: "wf2" }),
      node("e", { group: "wf2" }),
      node("f", { kind: "block" }),
    ],
    [edge("a", "b", "order"), edge("b", "c", "order"), edge("d", "e", "order"), edge("c", "f", "uses"), edge("e", "f", "uses"), edge("d", "a", "depends"), edge("e", "b", "depends")],
    { groups: [{ id: "wf1", label: "deploy", kind: "workflow" }, { id: "wf2", label: "teardown", kind: "workflow" }] },
  );
}

/** A layered graph of n nodes: node i depends on i-1 and i-3, in groups of ten. */
export function layered(n: number): WorkflowGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (let i = 0; i < n; i++) {
    nodes.push(node(`n${i}`, { label: `step-${i}`, detail: i % 3 ? "block · install" : undefined, group: `g${Math.floor(i / 10)}` }));
    if (i > 0) edges.push(edge(`n${i}`, `n${i - 1}`, "depends"));
    if (i > 2 && i % 2 === 0) edges.push(edge(`n${i}`, `n${i - 3}`, "uses"));
  }
  const groups = Array.from({ length: Math.ceil(n / 10) }, (_, g) => ({ id: `g${g}`, label: `group ${g}`, kind: "workflow" as const }));
  return graph(nodes, edges, { groups });
}
