// Cursor → node: the innermost node whose definition contains the cursor. Pure, so it is tested in node.
import type { GraphNode, TextRange, WorkflowGraph } from "../../../common/graph";

export interface Pos {
  line: number;
  character: number;
}

const before = (a: Pos, b: Pos) => a.line < b.line || (a.line === b.line && a.character <= b.character);
export const contains = (r: TextRange, p: Pos) => before(r.start, p) && before(p, r.end);
const size = (r: TextRange) => (r.end.line - r.start.line) * 1e6 + (r.end.character - r.start.character);

/** The innermost node defined in `uri` whose range contains `pos`, or null. Same-sized ranges: the later node. */
export function nodeAt(graph: Pick<WorkflowGraph, "nodes">, uri: string, pos: Pos): GraphNode | null {
  let best: GraphNode | null = null;
  for (const n of graph.nodes) {
    if (!n.range || n.uri !== uri || !contains(n.range, pos)) continue;
    if (!best || size(n.range) <= size(best.range!)) best = n;
  }
  return best;
}

/** Every node defined in `uri` whose range is the innermost one containing `pos` (a catalog component is one node per stack). */
export function nodesAt(graph: Pick<WorkflowGraph, "nodes">, uri: string, pos: Pos): GraphNode[] {
  const best = nodeAt(graph, uri, pos);
  if (!best) return [];
  return graph.nodes.filter((n) => n.uri === uri && n.range && size(n.range) === size(best.range!) && contains(n.range, pos));
}
