// The dependency graph of a document (`infraflow/graph`) or of a whole folder (the CLI), from the formats'
// graph builders, with ranges and the diagnostics that fall inside each node.
import { edgeId, type GraphNode, type WorkflowGraph } from "../../../common/graph";
import type { FormatGraph, GraphOptions } from "../formats/types";
import type { WorkspaceIndex } from "../index/workspace-index";
import { rangeIn, toUri } from "./convert";

/** The last graph built from text that parsed, per file: shown (marked stale) while the text is broken. */
export class GraphCache {
  private last = new Map<string, WorkflowGraph>();

  graph(index: WorkspaceIndex, path: string, options: GraphOptions = {}): WorkflowGraph | null {
    const f = index.file(path);
    if (!f) return null;
    const broken = f.parsed.problems.find((p) => p.severity === "error");
    if (broken) {
      const prev = this.last.get(path);
      const line = f.lines.position(broken.span.start).line + 1;
      const why = `The file does not parse (line ${line}: ${broken.message}); showing the last good graph.`;
      if (prev) return { ...prev, stale: why };
      const g = buildGraph(index, [path], options);
      return g ? { ...g, stale: why } : null;
    }
    const g = buildGraph(index, [path], options);
    if (g) this.last.set(path, g);
    return g;
  }

  forget(path: string): void {
    this.last.delete(path);
  }
}

/** Names in the order people expect (`s2` before `s10`), the same on every machine. */
const BY_NAME = new Intl.Collator("en", { numeric: true });

/**
 * The graph of a folder's files that draws at most `limit` stacks: the first by name (numbers in names by value), with every
 * stack listed in `omitted`. A plain `infraflow graph` of a repository with thousands of stacks printed all of them
 * (78 MB of JSON at 2000 stacks); those left out are named, and a scope or `--all` asks for them.
 */
export function buildFolderGraph(index: WorkspaceIndex, paths: string[], limit: number): WorkflowGraph | null {
  const stacks = new Map<string, string>();
  for (const p of paths) {
    const f = index.file(p);
    const fmt = f && index.format(f.format);
    if (!f || !fmt?.graphStacks) continue;
    for (const s of index.contain(() => fmt.graphStacks!(f, index), [])) stacks.set(s.key, s.label);
  }
  // Each stack's own manifest draws it, so the files' graphs by default draw every stack between them.
  if (stacks.size <= limit) return buildGraph(index, paths);
  const items = [...stacks].map(([key, label]) => ({ key, label })).sort((a, b) => BY_NAME.compare(a.label, b.label) || BY_NAME.compare(a.key, b.key));
  const chosen = new Set(items.slice(0, limit).map((i) => i.key));
  const g = buildGraph(index, paths, { stacks: chosen });
  if (g) g.omitted = { kind: "stack", shown: chosen.size, total: items.length, items: items.map((i) => ({ ...i, shown: chosen.has(i.key) })) };
  return g;
}

/** Builds and merges the graphs of several files (same node ids merge; a node with a definition wins). */
export function buildGraph(index: WorkspaceIndex, paths: string[], options: GraphOptions = {}): WorkflowGraph | null {
  const first = paths.map((p) => index.file(p)).find((f) => f);
  if (!first) return null;
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, WorkflowGraph["edges"][number]>();
  const groups = new Map<string, WorkflowGraph["groups"][number]>();
  let title = "";
  const problemsByPath = new Map<string, ReturnType<WorkspaceIndex["problems"]>>();
  const problemsOf = (p: string) => {
    let v = problemsByPath.get(p);
    if (!v) problemsByPath.set(p, (v = index.problems(p)));
    return v;
  };
  let omitted: WorkflowGraph["omitted"];
  const uris = new Map<string, string>();
  const uriOf = (p: string): string => {
    let u = uris.get(p);
    if (u === undefined) uris.set(p, (u = toUri(p)));
    return u;
  };
  for (const p of paths) {
    const f = index.file(p);
    if (!f) continue;
    const fmt = index.format(f.format);
    const g: FormatGraph | undefined = index.contain(() => fmt?.graph?.(f, index, options), undefined);
    if (!g) continue;
    title ||= g.title;
    for (const n of g.nodes) {
      const { path: np, span, ...rest } = n;
      const prev = nodes.get(rest.id);
      // Several files draw the same node (a stack's component from its manifest and from each catalog file).
      if (prev && (prev.uri || !np)) continue;
      const node: GraphNode = { ...rest };
      if (np && span) {
        node.uri = uriOf(np);
        node.range = rangeIn(index, np, span);
        const problems = problemsOf(np).filter((pr) => pr.span.start >= span.start && pr.span.end <= span.end && pr.severity !== "hint");
        if (problems.length) node.problems = problems.slice(0, 20).map((pr) => ({ severity: pr.severity, message: pr.message, code: pr.code }));
      }
      if (!prev || (!prev.uri && node.uri)) nodes.set(node.id, prev ? { ...prev, ...node } : node);
    }
    for (const e of g.edges) {
      const { path: ep, span, id, ...rest } = e;
      const eid = id ?? edgeId(e.from, e.to, e.kind);
      if (edges.has(eid)) continue;
      edges.set(eid, { ...rest, id: eid, uri: ep && span ? uriOf(ep) : undefined, range: ep && span ? rangeIn(index, ep, span) : undefined });
    }
    for (const gr of g.groups ?? []) groups.set(gr.id, gr);
    // What one file's graph leaves out; a folder's graph draws every stack from its own manifest.
    if (paths.length === 1 && g.omitted) omitted = g.omitted;
  }
  // Edges never point at nodes that do not exist.
  const liveEdges = [...edges.values()].filter((e) => nodes.has(e.from) && nodes.has(e.to));
  const out: WorkflowGraph = { uri: toUri(paths[0]!), format: first.format, title: title || first.path, version: first.version, nodes: [...nodes.values()], edges: liveEdges, groups: [...groups.values()] };
  if (omitted) out.omitted = omitted;
  return out;
}
