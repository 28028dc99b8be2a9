// Deterministic workflow graphs of any size: groups of ~20 steps (workflows), each step after the previous one
// ("order"), some steps using a shared block ("uses"), a few dependencies across groups ("depends").
import type { WorkflowGraph } from "../../common/graph";

export function makeGraph(n: number): WorkflowGraph {
  let seed = n * 7919 + 17;
  const r = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const nodes: WorkflowGraph["nodes"] = [];
  const edges: WorkflowGraph["edges"] = [];
  const groups: WorkflowGraph["groups"] = [];
  const per = 20;
  const blocks = Math.max(3, Math.round(n / 25));
  let id = 0;
  for (let b = 0; b < blocks && nodes.length < n; b++) nodes.push({ id: `block:${b}`, label: `block-${b}`, kind: "block", detail: "block" });
  for (let g = 0; nodes.length < n; g++) {
    groups.push({ id: `wf:${g}`, label: `workflow-${g}`, kind: "workflow" });
    let prev: string | undefined;
    for (let k = 0; k < per && nodes.length < n; k++) {
      const nid = `step:${g}:${k}`;
      nodes.push({ id: nid, label: `step-${g}-${k}`, kind: "step", detail: `deploy block-${k % blocks}`, group: `wf:${g}` });
      if (prev) edges.push({ id: `e${id++}`, from: prev, to: nid, kind: "order" });
      if (r() < 0.5) edges.push({ id: `e${id++}`, from: nid, to: `block:${Math.floor(r() * blocks)}`, kind: "uses" });
      if (g > 0 && r() < 0.05) edges.push({ id: `e${id++}`, from: nid, to: `step:${Math.floor(r() * g)}:${Math.floor(r() * per)}`, kind: "depends" });
      prev = nid;
    }
  }
  const ids = new Set(nodes.map((x) => x.id));
  return { uri: "file:///bench/workspace.poly", format: "polycrate", title: `Generated graph (${n} nodes)`, version: 1, nodes, edges: edges.filter((e) => ids.has(e.from) && ids.has(e.to)), groups };
}
