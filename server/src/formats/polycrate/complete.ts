// Completion beyond the shape: inherited actions for `step.action`, and the customary block kinds.
import type { CompletionCandidate, CursorRequest } from "../types";
import { rootOf } from "./analyze";
import { effectiveActions, workspaceModel } from "./model";
import { BLOCK_KINDS } from "./shapes";

/** LSP CompletionItemKind values used here. */
const REFERENCE = 18;
const ENUM_MEMBER = 20;

export function unquote(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t || undefined;
}

function isStep(path: readonly string[]): boolean {
  return path.length >= 4 && path[path.length - 1] === "[]" && path[path.length - 2] === "steps";
}

function isBlock(kind: string, path: readonly string[]): boolean {
  return kind === "block" ? path.length === 0 : path.length === 2 && path[0]?.toLowerCase() === "blocks" && path[1] === "[]";
}

export function complete(req: CursorRequest): CompletionCandidate[] {
  const { cursor, file } = req;
  if (cursor.position !== "value") return [];
  if (cursor.key === "action" && file.kind === "workspace" && isStep(cursor.path)) {
    const block = unquote(cursor.siblings.get("block"));
    if (!block) return [];
    const model = workspaceModel(req.ws, rootOf(file.path, file.kind, req.ws).root);
    const out: CompletionCandidate[] = [];
    for (const [name, { action, owner }] of effectiveActions(model, block).actions) {
      out.push({ label: name, itemKind: REFERENCE, detail: owner === block ? `action of ${block}` : `inherited from ${owner}`, doc: action.description });
    }
    return out;
  }
  if (cursor.key === "kind" && isBlock(file.kind, cursor.path)) {
    return BLOCK_KINDS.map((k) => ({ label: k, itemKind: ENUM_MEMBER, detail: "block kind" }));
  }
  return [];
}

export function refScope(kind: string, req: CursorRequest): string | undefined {
  const { root } = rootOf(req.file.path, req.file.kind, req.ws);
  if (kind === "block") return root;
  if (kind === "action") return `${root}#${unquote(req.cursor.siblings.get("block")) ?? ""}`;
  return undefined;
}
