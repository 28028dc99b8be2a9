// `infraflow graph`: the graph view's data for docs and CI, as JSON, Graphviz DOT or Mermaid.
import * as fs from "node:fs";
import * as path from "node:path";
import { DRAWN_STACKS, type EdgeKind, type WorkflowGraph } from "../../../common/graph";
import { scopeGraph, type GraphScope } from "../../../common/graph-scope";
import { buildFolderGraph, buildGraph } from "../features/graph";
import { toPath } from "../features/convert";
import { nodeHost } from "../index/host";
import { flag, parseFlags, text } from "./args";
import { indexFor, rootFor, UsageError } from "./check";

/**
 * The graph of a file or a folder. Without `all`, a folder whose files draw more than DRAWN_STACKS stacks draws
 * the first ones by name, and a file in that many stacks the first ones; either way `omitted` names every stack.
 */
export function graphOf(target: string, cwd: string, all = false): WorkflowGraph | null {
  const abs = path.resolve(cwd, target);
  if (!fs.existsSync(abs)) throw new UsageError(`No such file or directory: ${target}`);
  const root = rootFor(abs, cwd);
  const index = indexFor(root);
  if (fs.statSync(abs).isFile()) {
    if (!index.detected(abs)) index.openOrChange(abs, nodeHost.readFile(abs) ?? "", 0);
    return buildGraph(index, [abs], all ? { stacks: "all" } : {});
  }
  const prefix = abs.endsWith(path.sep) ? abs : abs + path.sep;
  const paths = index.paths().filter((p) => p.startsWith(prefix)).sort();
  return all ? buildGraph(index, paths) : buildFolderGraph(index, paths, DRAWN_STACKS);
}

/** What a graph left out, said on stderr: how many stacks, and how to ask for the others. */
export function omittedNote(g: WorkflowGraph): string | undefined {
  const o = g.omitted;
  if (!o) return undefined;
  return `Printed ${o.shown} of ${o.total} stacks. --stack S prints one stack, --component C [--depth N] a component's neighbourhood, --all every stack.`;
}

export function toJson(g: WorkflowGraph, cwd: string): string {
  const nodes = g.nodes.map((n) => ({
    id: n.id,
    label: n.label,
    kind: n.kind,
    file: n.uri ? path.relative(cwd, toPath(n.uri)) || path.basename(toPath(n.uri)) : null,
    line: n.range ? n.range.start.line + 1 : null,
  }));
  const edges = g.edges.map((e) => ({ from: e.from, to: e.to, kind: e.kind }));
  // Stacks left out are named, so that a script can ask for each (--stack).
  const omitted = g.omitted && { shown: g.omitted.shown, total: g.omitted.total, stacks: g.omitted.items.filter((i) => !i.shown).map((i) => i.label) };
  return JSON.stringify(omitted ? { nodes, edges, omitted } : { nodes, edges }, null, 2);
}

function dotString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

const DOT_EDGE: Record<EdgeKind, string> = {
  order: "style=bold",
  uses: "style=solid",
  inherits: "style=dashed, arrowhead=empty",
  artifacts: "style=dotted",
  registry: "style=dotted, arrowhead=odot",
  depends: "style=solid",
  contains: "style=solid, arrowhead=none",
  source: "style=dashed",
  targets: "style=dotted",
};

export function toDot(g: WorkflowGraph): string {
  const lines = [`digraph ${dotString(g.title)} {`, "  rankdir=TB;", '  node [shape=box, style="rounded"];'];
  const nodeLine = (n: WorkflowGraph["nodes"][number], indent: string): string => {
    const label = n.detail ? `${n.label}\n${n.detail}` : n.label;
    const shape = n.kind === "source" || n.kind === "registry" ? ", shape=cylinder" : n.flags?.abstract ? ', style="rounded,dashed"' : "";
    return `${indent}${dotString(n.id)} [label=${dotString(label)}${shape}];`;
  };
  // Groups (workflows, stacks) become clusters.
  g.groups.forEach((gr, i) => {
    const members = g.nodes.filter((n) => n.group === gr.id);
    if (!members.length) return;
    lines.push(`  subgraph cluster_${i} {`, `    label=${dotString(gr.label)};`);
    for (const n of members) lines.push(nodeLine(n, "    "));
    lines.push("  }");
  });
  const grouped = new Set(g.groups.map((gr) => gr.id));
  for (const n of g.nodes) if (!n.group || !grouped.has(n.group)) lines.push(nodeLine(n, "  "));
  for (const e of g.edges) lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [${DOT_EDGE[e.kind]}${e.label ? `, label=${dotString(e.label)}` : ""}];`);
  lines.push("}");
  return lines.join("\n");
}

const MERMAID_EDGE: Record<EdgeKind, string> = {
  order: "==>",
  uses: "-->",
  inherits: "-.->",
  artifacts: "-.->",
  registry: "-.->",
  depends: "-->",
  contains: "---",
  source: "-.->",
  targets: "-.->",
};

/** Mermaid text that GitHub renders as is. Ids are replaced by n0, n1… because Mermaid ids cannot hold any character. */
export function toMermaid(g: WorkflowGraph): string {
  const ids = new Map(g.nodes.map((n, i) => [n.id, `n${i}`]));
  const esc = (s: string) => s.replace(/"/g, "#quot;").replace(/[<>]/g, (c) => (c === "<" ? "#lt;" : "#gt;"));
  const lines = ["flowchart TD"];
  const nodeLine = (n: WorkflowGraph["nodes"][number], indent: string): string => {
    const label = esc(n.detail ? `${n.label}\u0000${n.detail}` : n.label).replace(/\u0000/g, "<br/>");
    const open = n.kind === "source" || n.kind === "registry" ? '[("' : n.flags?.abstract ? '(["' : '["';
    const close = open === '[("' ? '")]' : open === '(["' ? '"])' : '"]';
    return `${indent}${ids.get(n.id)}${open}${label}${close}`;
  };
  // Groups (workflows, stacks) become subgraphs.
  g.groups.forEach((gr, i) => {
    const members = g.nodes.filter((n) => n.group === gr.id);
    if (!members.length) return;
    lines.push(`  subgraph g${i}["${esc(gr.label)}"]`);
    for (const n of members) lines.push(nodeLine(n, "    "));
    lines.push("  end");
  });
  const grouped = new Set(g.groups.map((gr) => gr.id));
  for (const n of g.nodes) if (!n.group || !grouped.has(n.group)) lines.push(nodeLine(n, "  "));
  for (const e of g.edges) lines.push(`  ${ids.get(e.from)} ${MERMAID_EDGE[e.kind]}${e.label ? `|"${esc(e.label)}"|` : ""} ${ids.get(e.to)}`);
  return lines.join("\n");
}

/** `infraflow graph [FILE|DIR] [--format F] [--stack S] [--component C [--depth N]] [--all]`: its exit code. */
export function graphCommand(args: string[], cwd: string, out: (s: string) => void, err: (s: string) => void): number {
  const { values: v, positionals: targets } = parseFlags(args, { format: text("f"), stack: text("s"), component: text(), depth: text(), all: flag }, "graph");
  const { format = "json" } = v;
  const scope: GraphScope = {};
  if (v.stack !== undefined) scope.stack = v.stack;
  if (v.component !== undefined) scope.component = v.component;
  if (v.depth !== undefined) {
    const d = Number(v.depth);
    if (!/^[0-9]+$/.test(v.depth) || !Number.isInteger(d)) throw new UsageError(`--depth must be a whole number, not '${v.depth}'.`);
    scope.depth = d;
  }
  if (!["json", "dot", "mermaid"].includes(format)) throw new UsageError(`--format must be json, dot or mermaid, not '${format}'.`);
  if (targets.length > 1) throw new UsageError("graph takes one FILE or DIR.");
  if (scope.depth !== undefined && scope.component === undefined) throw new UsageError("--depth goes with --component.");
  const scoped = scope.stack !== undefined || scope.component !== undefined;
  // A scope looks among every stack.
  let g = graphOf(targets[0] ?? ".", cwd, v.all === true || scoped);
  if (!g) {
    err(`${targets[0] ?? "."}: no file Infraflow serves`);
    return 1;
  }
  if (scoped) {
    const r = scopeGraph(g, scope);
    if (!r.ok) {
      err(r.message);
      return 1;
    }
    g = r.graph;
  }
  out(format === "json" ? toJson(g, cwd) : format === "dot" ? toDot(g) : toMermaid(g));
  const note = omittedNote(g);
  if (note) err(note);
  return 0;
}
