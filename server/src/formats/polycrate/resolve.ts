// Resolution beyond a plain (kind, scope, name) match: actions inherited through `from`, and a workspace
// entry's `from: <its own name>`, which names the block itself (poly/self-from): navigation goes to the other
// definitions of that name (the installed block.poly), not to the entry the cursor is in.
import type { SymbolDef, SymbolRef, WorkspaceView } from "../types";
import { actionScope } from "./analyze";
import { fileModel, lineage, workspaceModel } from "./model";

function splitScope(scope: string): { root: string; block: string } | undefined {
  const i = scope.lastIndexOf("#");
  return i === -1 ? undefined : { root: scope.slice(0, i), block: scope.slice(i + 1) };
}

export function resolve(ref: SymbolRef, ws: WorkspaceView): SymbolDef[] | undefined {
  if (ref.kind === "action") {
    const direct = ws.defs("polycrate", "action", ref.scope, ref.name);
    if (direct.length) return direct;
    const where = splitScope(ref.scope);
    if (!where) return undefined;
    const model = workspaceModel(ws, where.root);
    for (const b of lineage(model, where.block).chain.slice(1)) {
      const inherited = ws.defs("polycrate", "action", actionScope(where.root, b.name), ref.name);
      if (inherited.length) return inherited;
    }
    return [];
  }
  if (ref.kind === "block") {
    const m = fileModel(ws.file(ref.path));
    const owner = m?.blocks.find((b) => b.source === "workspace" && b.from && b.from.span.start === ref.span.start && b.from.value === b.name);
    if (!owner) return undefined;
    return ws.defs("polycrate", "block", ref.scope, ref.name).filter((d) => !(d.path === ref.path && d.nameSpan.start === owner.nameSpan?.start));
  }
  return undefined;
}
