// A config file's `subcomponents.<name>` key points at the subcomponent at the same nesting level of the
// component tree, which may continue in another component file through a local `source`. Component names are
// only unique among siblings, so a plain (kind, scope, name) lookup is not enough.
import type { SymbolDef, SymbolRef, WorkspaceView } from "../types";
import { componentAt, componentTree, fileModel, type ConfigNode } from "./model";

export function configNodeAt(root: ConfigNode, keyStart: number): ConfigNode | undefined {
  for (const s of root.subcomponents) {
    if (s.nameKey?.span.start === keyStart) return s;
    const deeper = configNodeAt(s, keyStart);
    if (deeper) return deeper;
  }
  return undefined;
}

export function resolve(ref: SymbolRef, ws: WorkspaceView): SymbolDef[] | undefined {
  if (ref.kind !== "component") return undefined;
  const m = fileModel(ws.file(ref.path));
  if (m?.kind !== "config") return [];
  const node = configNodeAt(m.root, ref.span.start);
  const tree = componentTree(m.dir, ws);
  if (!node || !tree) return [];
  const target = componentAt(tree, node.chain, ws);
  if (!target || target === "open" || !target.component.name) return [];
  const nameStart = target.component.name.span.start;
  return ws.file(target.file)?.facts.defs.filter((d) => d.kind === "component" && d.nameSpan.start === nameStart) ?? [];
}

/** Component names become folders under `components/` and keys in config files. */
export function checkName(kind: string, name: string): string | undefined {
  if (kind === "environment") return "An environment is named by its config file; rename the file instead.";
  if (kind === "component" && !/^[^\s/\\:]+$/.test(name)) return `'${name}' cannot be a component name: it becomes a folder name and a config key (no spaces, slashes or colons).`;
  return undefined;
}
