// The Fabrikate graph: the component tree (`contains` edges from a component to its subcomponents), the external
// sources components are fetched from (git repositories, Helm repositories, HTTP manifests: `source` nodes flagged
// external), local sources followed into their own component files, and the environments of `config/` with
// `uses` edges to the components each one configures. Fabrikate has no ordering between siblings, so there are no
// `depends` edges. The graph is the component folder's, whichever of its files is open.
import * as path from "node:path";
import type { Span } from "../../core/text";
import type { FormatGraph, FormatGraphEdge, FormatGraphNode, IndexedFile, WorkspaceView } from "../types";
import { componentFileOf } from "./detect";
import { componentAt, componentTree, configFiles, fileModel, localSourceDir, readComponentFile, type ComponentFileModel, type ComponentModel, type ConfigNode } from "./model";

const EXTERNAL = new Set(["git", "helm", "http"]);

/** The component tree of a folder, read from disk when the index does not hold it (a config file opened alone). */
export function treeOf(dir: string, ws: WorkspaceView): ComponentFileModel | undefined {
  const tree = componentTree(dir, ws);
  if (tree) return tree;
  const file = componentFileOf(dir, ws);
  const text = file ? ws.readText(file) : undefined;
  return file && text !== undefined ? readComponentFile(file, ws.parseYaml(text).root) : undefined;
}

/** A component's node id: its file and its chain of names from the file's root. */
export function componentId(file: string, c: ComponentModel): string {
  return `component:${file}#${[...c.parents, c.name?.value ?? "?"].join("/")}`;
}

export const environmentId = (dir: string, env: string): string => `environment:${dir}#${env}`;

export function graph(file: IndexedFile, ws: WorkspaceView): FormatGraph | undefined {
  const fm = fileModel(file);
  if (!fm) return undefined;
  const tree = fm.kind === "component" ? fm : treeOf(fm.dir, ws);
  if (!tree?.root) return undefined;
  const nodes: FormatGraphNode[] = [];
  const edges: FormatGraphEdge[] = [];
  const have = new Set<string>();
  const add = (n: FormatGraphNode): void => {
    if (have.has(n.id)) return;
    have.add(n.id);
    nodes.push(n);
  };
  const visitedFiles = new Set<string>();

  const visitTree = (t: ComponentFileModel, depth: number): string | undefined => {
    if (!t.root || visitedFiles.has(t.path) || depth > 16) return t.root ? componentId(t.path, t.root) : undefined;
    visitedFiles.add(t.path);
    const visit = (c: ComponentModel, isRoot: boolean): string => {
      const id = componentId(t.path, c);
      const method = c.method?.value;
      add({ id, label: c.name?.value ?? "(unnamed)", kind: isRoot ? "component" : "subcomponent", detail: [c.effectiveType, method].filter(Boolean).join(" · "), path: t.path, span: c.span });
      if (c.source?.value) {
        const local = localSourceDir(c, t.dir);
        const localTree = local ? componentTree(local, ws) : undefined;
        if (localTree?.root) {
          const to = visitTree(localTree, depth + 1);
          if (to) edges.push({ from: id, to, kind: "source", path: t.path, span: c.source.span });
        } else if (method && EXTERNAL.has(method)) {
          const sid = sourceNode(c, t.path, add);
          edges.push({ from: id, to: sid, kind: "source", path: t.path, span: c.source.span });
        }
      }
      for (const s of c.subcomponents) {
        const child = visit(s, false);
        edges.push({ from: id, to: child, kind: "contains", path: t.path, span: s.span });
      }
      return id;
    };
    return visit(t.root, true);
  };
  const rootId = visitTree(tree, 0)!;

  for (const cfg of configFiles(tree.dir, ws)) {
    const eid = environmentId(tree.dir, cfg.environment);
    if (have.has(eid)) continue; // `prod.yaml` wins over `prod.json`, as in Fabrikate.
    const text = ws.file(cfg.path)?.text ?? "";
    add({ id: eid, label: cfg.environment, kind: "environment", detail: cfg.environment === "common" ? "applied last" : path.basename(cfg.path), path: cfg.path, span: { start: 0, end: text.length } });
    edges.push({ from: eid, to: rootId, kind: "uses", label: cfg.root.disabled ? "disabled" : undefined });
    const visitConfig = (n: ConfigNode): void => {
      for (const s of n.subcomponents) {
        const at = componentAt(tree, s.chain, ws);
        if (at && at !== "open" && s.nameKey) edges.push({ from: eid, to: componentId(at.file, at.component), kind: "uses", label: s.disabled ? "disabled" : undefined, path: cfg.path, span: s.nameKey.span });
        visitConfig(s);
      }
    };
    visitConfig(cfg.root);
  }
  return { title: `Fabrikate ${tree.root.name?.value ?? path.basename(tree.dir)}`, nodes, edges };
}

/** The node of an external source: one per repository (and chart or subfolder, and version). */
function sourceNode(c: ComponentModel, file: string, add: (n: FormatGraphNode) => void): string {
  const method = c.method!.value;
  const source = c.source!.value;
  const sub = c.path?.value;
  const version = c.version?.value ?? c.branch?.value;
  const id = `source:${method}:${source}#${sub ?? ""}@${version ?? ""}`;
  const repo = source.replace(/\/+$/, "").split("/").pop()!.replace(/\.git$/, "") || source;
  const label = method === "helm" && sub ? sub : repo;
  const detail = [method === "helm" ? `helm chart from ${source}` : method === "http" ? source : `git ${sub ? `· ${sub}` : ""}`.trim(), version ? `@ ${version}` : ""].filter(Boolean).join(" ");
  const span: Span = c.source!.span;
  add({ id, label, kind: "source", detail, path: file, span, flags: { external: true } });
  return id;
}
