// What a changed file affects in Atmos, as `atmos describe affected` reasons about it
// (internal/exec/describe_affected_components.go in cloudposse/atmos): a component in a stack is affected when a
// manifest of the stack that defines it changed, when a manifest the stack imports changed a section every
// component inherits (vars, settings, env…), when a file in its component folder changed, or when a file or folder
// it depends on (`kind: file|folder`) changed. Atmos compares the sections before and after; without the old
// text we count a changed file as a changed section.
import * as path from "node:path";
import { isMap, isPair, isScalar, type Pair, type Scalar, type YAMLMap } from "../core/yaml";
import { componentId } from "../formats/atmos/graph";
import { engineFor } from "../formats/atmos/stacks";
import type { WorkspaceView } from "../formats/types";
import type { Seeds } from "./seeds";

/** Top-level sections of a manifest that reach every component of the stacks importing it. */
const SECTION: Record<string, string> = { vars: "stack.vars", settings: "stack.settings", env: "stack.env" };

export interface AtmosNodeInfo {
  component: string;
  component_type: string;
  component_path: string;
  stack: string;
}

/** The reasons per component node, and what describes each component node in Atmos's terms. */
export function atmosSeeds(ws: WorkspaceView, changed: ReadonlySet<string>, seeds: Seeds, info: Map<string, AtmosNodeInfo>): void {
  if (!ws.files("atmos").length) return;
  const engine = engineFor(ws);
  const under = (dir: string) => [...changed].filter((c) => c === dir || c.startsWith(dir + path.sep));
  for (const ctx of engine.roots()) {
    const closure = engine.closure(ctx).files;
    const config = engine.manifest(ctx)?.config;
    const base = config?.base ?? config?.root ?? path.dirname(ctx);
    // Sections changed for the whole stack: top-level keys other than imports and components.
    const globals: Array<{ reason: string; file: string }> = [];
    for (const file of closure) {
      if (!changed.has(file)) continue;
      for (const key of topKeys(ws, file)) if (key !== "import" && key !== "components") globals.push({ reason: SECTION[key] ?? "stack.config", file });
    }
    const stack = engine.merged(ctx);
    const stackName = engine.stackName(ctx) ?? path.basename(ctx, path.extname(ctx));
    for (const c of stack.components.values()) {
      const id = componentId(ctx, c.name);
      const folderName = [...c.defs].reverse().find((d) => d.item.folder)?.item.folder?.name ?? c.name;
      const typeBase = c.type === "terraform" && config?.terraformBase ? config.terraformBase : path.join(base, "components", c.type);
      const folder = path.join(typeBase, folderName);
      info.set(id, { component: c.name, component_type: c.type, component_path: path.relative(base, folder).split(path.sep).join("/"), stack: stackName });
      for (const d of c.defs) if (changed.has(d.path)) seeds.add(id, "stack.manifest", d.path);
      for (const g of globals) seeds.add(id, g.reason, g.file);
      for (const f of under(folder)) seeds.add(id, "component", f);
      for (const dep of c.dependencies) {
        const p = dep.item.filePath;
        if (!p || !dep.item.fileKind) continue;
        const abs = path.resolve(base, p);
        for (const f of dep.item.fileKind === "folder" ? under(abs) : changed.has(abs) ? [abs] : []) seeds.add(id, dep.item.fileKind, f);
      }
    }
  }
}

function topKeys(ws: WorkspaceView, file: string): string[] {
  const root = ws.file(file)?.parsed.root;
  if (!isMap(root)) return [];
  return (root as YAMLMap).items.filter((p): p is Pair => isPair(p) && isScalar(p.key)).map((p) => String((p.key as Scalar).value));
}
