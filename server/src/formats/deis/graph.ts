// The Deis graph: the app (its folder, which is the app a `deis` command there talks to) with its process types
// (`contains`), and the `.env` that `deis config:push` sends as one node. Deis orders nothing between apps or
// processes, so there are no `depends` edges. Whichever of the two files is open, the graph is the app's.
import * as path from "node:path";
import type { FormatGraph, FormatGraphEdge, FormatGraphNode, IndexedFile, WorkspaceView } from "../types";
import type { DeisFileModel } from "./analyze";
import type { EnvFileModel } from "./env";
import type { ProcfileModel } from "./procfile";

export const appId = (dir: string): string => `app:${dir}`;
export const processId = (dir: string, type: string): string => `process:${dir}#${type}`;
export const configId = (dir: string): string => `config:${dir}`;

/** The Procfile and `.env` of an app folder, as the index holds them. */
export function appFiles(dir: string, ws: WorkspaceView): { procfile?: ProcfileModel & { text: string }; env?: EnvFileModel & { text: string } } {
  const pf = ws.file(path.join(dir, "Procfile"));
  const env = ws.file(path.join(dir, ".env"));
  const pm = pf?.format === "deis" ? (pf.facts.model as DeisFileModel | undefined) : undefined;
  const em = env?.format === "deis" ? (env.facts.model as DeisFileModel | undefined) : undefined;
  return {
    procfile: pm?.kind === "procfile" ? { ...pm, text: pf!.text } : undefined,
    env: em?.kind === "env" ? { ...em, text: env!.text } : undefined,
  };
}

export function graph(file: IndexedFile, ws: WorkspaceView): FormatGraph | undefined {
  const model = file.facts.model as DeisFileModel | undefined;
  if (!model) return undefined;
  const dir = model.dir;
  const { procfile, env } = appFiles(dir, ws);
  const name = path.basename(dir);
  const nodes: FormatGraphNode[] = [];
  const edges: FormatGraphEdge[] = [];
  const app = appId(dir);
  const types = new Set(procfile?.processes.map((p) => p.name)).size;
  nodes.push({ id: app, label: name, kind: "app", detail: procfile ? `${types} process type${types === 1 ? "" : "s"}` : undefined, path: procfile?.path, span: procfile ? { start: 0, end: procfile.text.length } : undefined });
  const seen = new Set<string>();
  for (const p of procfile?.processes ?? []) {
    // A repeated type: Deis keeps the last command, so the last definition is the node.
    const last = procfile!.processes.filter((q) => q.name === p.name).pop()!;
    if (seen.has(p.name)) continue;
    seen.add(p.name);
    nodes.push({ id: processId(dir, p.name), label: p.name, kind: "process", detail: last.command, path: procfile!.path, span: last.span });
    edges.push({ from: app, to: processId(dir, p.name), kind: "contains", path: procfile!.path, span: last.nameSpan });
  }
  if (env) {
    const n = new Set(env.entries.map((e) => e.key)).size;
    nodes.push({ id: configId(dir), label: ".env", kind: "file", detail: `config:push · ${n} key${n === 1 ? "" : "s"}`, path: env.path, span: { start: 0, end: env.text.length } });
    edges.push({ from: app, to: configId(dir), kind: "uses", label: "config" });
  }
  return { title: `Deis app ${name}`, nodes, edges };
}
