// `infraflow affected` and the graph's "Affected since…": the files changed since a git ref, mapped to the graph
// nodes they touch (per format, below), then everything downstream of those in the dependency graph (what needs
// an affected node is affected too). Pure over the index once the changed files are known.
import * as path from "node:path";
import type { GraphNode, WorkflowGraph } from "../../../common/graph";
import { impactIndex } from "../../../common/impact";
import type { AffectedItem, AffectedResult } from "../../../common/lsp-ext";
import { buildGraph } from "../features/graph";
import { toPath } from "../features/convert";
import type { WorkspaceIndex } from "../index/workspace-index";
import { atmosSeeds, type AtmosNodeInfo } from "./atmos";
import { Seeds } from "./seeds";

/**
 * Files that own their folder: a change anywhere below (a playbook beside block.poly, a config file of a
 * Fabrikate component, the .env beside a Procfile) affects the nodes the owner defines.
 */
const FOLDER_OWNERS = new Set(["block.poly", "component.yaml", "component.yml", "component.json", "Procfile"]);

/** The nodes of the workspace's graph that `changed` (absolute paths) affects, seeds first, then downstream. */
export function affected(index: WorkspaceIndex, root: string, changed: string[], base: string): AffectedResult {
  const rel = (p: string) => path.relative(root, p).split(path.sep).join("/");
  const inRoot = changed.filter((c) => c === root || c.startsWith(root + path.sep));
  const result: AffectedResult = { base, files: inRoot.map(rel), affected: [] };
  const paths = index.paths().filter((p) => p.startsWith(root + path.sep)).sort();
  const graph = paths.length ? buildGraph(index, paths) : null;
  if (!graph) return result;
  const set = new Set(inRoot);
  const seeds = new Seeds();
  const atmos = new Map<string, AtmosNodeInfo>();
  atmosSeeds(index, set, seeds, atmos);
  genericSeeds(index, graph, set, seeds);

  // Downstream, breadth first, so that `via` names the nearest affected node each one needs.
  const { neededBy, needs } = impactIndex(graph);
  const via = new Map<string, string>();
  const queue = [...seeds.byNode.keys()].filter((id) => graph.nodes.some((n) => n.id === id));
  const reached = new Set(queue);
  for (let i = 0; i < queue.length; i++) {
    for (const next of neededBy.get(queue[i]!) ?? []) {
      if (reached.has(next)) continue;
      reached.add(next);
      via.set(next, queue[i]!);
      queue.push(next);
    }
  }
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const groups = new Map(graph.groups.map((g) => [g.id, g.label]));
  for (const id of queue) {
    const n = byId.get(id)!;
    const seed = seeds.byNode.get(id);
    const reasons = seed ? [...seed.reasons] : [];
    if (via.has(id)) reasons.push("dependency");
    const a = atmos.get(id);
    const item: AffectedItem = {
      node: id,
      label: n.label,
      kind: n.kind,
      format: formatOf(index, n) ?? graph.format,
      file: n.uri ? rel(toPath(n.uri)) : undefined,
      group: n.group ? groups.get(n.group) : undefined,
      affected: reasons[0]!,
      affected_all: [...new Set(reasons)],
      changed_files: (seed?.files ?? []).map(rel),
      via: via.get(id),
      ...(a ? { ...a, stack_slug: `${a.stack}-${a.component}`.replace(/\//g, "-") } : {}),
      dependents: (neededBy.get(id) ?? []).map((d) => {
        const da = atmos.get(d);
        return { node: d, label: byId.get(d)?.label ?? d, ...(da ? { component: da.component, stack: da.stack } : {}) };
      }),
      included_in_dependents: (needs.get(id) ?? []).some((d) => reached.has(d)),
    };
    result.affected.push(item);
  }
  return result;
}

function formatOf(index: WorkspaceIndex, n: GraphNode) {
  return n.uri ? index.file(toPath(n.uri))?.format : undefined;
}

/**
 * Every format but Atmos stacks: a node is affected when the file that defines it changed, or a file in the folder
 * its defining file owns (FOLDER_OWNERS). Atmos stack manifests go through atmosSeeds, which knows the imports.
 */
function genericSeeds(index: WorkspaceIndex, graph: WorkflowGraph, changed: ReadonlySet<string>, seeds: Seeds): void {
  const definedIn = new Map<string, string[]>();
  for (const n of graph.nodes) {
    if (!n.uri) continue;
    const p = toPath(n.uri);
    const f = index.file(p);
    if (!f || (f.format === "atmos" && f.kind !== "workflow")) continue;
    const list = definedIn.get(p);
    if (list) list.push(n.id);
    else definedIn.set(p, [n.id]);
  }
  const owners = new Map<string, string>();
  for (const p of definedIn.keys()) if (FOLDER_OWNERS.has(path.basename(p))) owners.set(path.dirname(p), p);
  for (const c of changed) {
    for (const id of definedIn.get(c) ?? []) seeds.add(id, "definition", c);
    // The nearest folder above the changed file that an owner file holds.
    for (let d = path.dirname(c); ; d = path.dirname(d)) {
      const owner = owners.get(d);
      if (owner && owner !== c) {
        for (const id of definedIn.get(owner) ?? []) seeds.add(id, "folder", c);
        break;
      }
      if (path.dirname(d) === d) break;
    }
  }
}
