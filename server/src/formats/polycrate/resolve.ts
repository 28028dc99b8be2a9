// Resolution beyond a plain (kind, scope, name) match: actions inherited through `from`, and a workspace
// entry's `from: <its own name>`, which names the block itself (poly/self-from): navigation goes to the other
// definitions of that name (the installed block.poly), not to the entry the cursor is in.
import type { SymbolDef, SymbolRef, WorkspaceView } from "../types";
import { actionScope } from "./analyze";
import { fileModel, lineage, workspaceModel, type BlockModel, type PolyFileModel } from "./model";

function splitScope(scope: string): { root: string; block: string } | undefined {
  const i = scope.lastIndexOf("#");
  return i === -1 ? undefined : { root: scope.slice(0, i), block: scope.slice(i + 1) };
}

const selfFroms = new WeakMap<PolyFileModel, Map<number, BlockModel>>();

/** A file's workspace entries whose `from` names the entry itself, by where that `from` starts (once per analysis). */
function selfFromsOf(m: PolyFileModel): Map<number, BlockModel> {
  let out = selfFroms.get(m);
  if (out) return out;
  out = new Map();
  for (const b of m.blocks) if (b.source === "workspace" && b.from && b.from.value === b.name && !out.has(b.from.span.start)) out.set(b.from.span.start, b);
  selfFroms.set(m, out);
  return out;
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
    const owner = m && selfFromsOf(m).get(ref.span.start);
    if (!owner) return undefined;
    return ws.defs("polycrate", "block", ref.scope, ref.name).filter((d) => !(d.path === ref.path && d.nameSpan.start === owner.nameSpan?.start));
  }
  return undefined;
}
