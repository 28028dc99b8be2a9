// Completion of aliases in `needs`, block list or flow list, leaving out the sub-environment itself and what it
// already lists; and of the removal strategies, which the shape leaves open (see shapes.ts).
import type { CompletionCandidate, CursorRequest } from "../types";
import { aliasDoc } from "./docs";
import { readWorkflow, type WorkflowModel } from "./model";
import { REMOVAL_STRATEGIES } from "./shapes";

/** LSP CompletionItemKind values used here. */
const REFERENCE = 18;
const ENUM_MEMBER = 20;

/** The alias whose `needs` the cursor is in, if it is. */
function needsOwner(req: CursorRequest): string | undefined {
  const { path, position, key, inListItem, inFlowList } = req.cursor;
  if (path[0] !== "environments" || typeof path[1] !== "string" || path[1] === "[]") return undefined;
  // `needs: |` without brackets is not a place for a name: a bare alias there is not a list.
  if (position === "value" && key === "needs" && inFlowList && path.length === 2) return path[1];
  if (position === "key" && inListItem && path.length === 4 && path[2] === "needs" && path[3] === "[]") return path[1];
  return undefined;
}

export function modelOf(req: CursorRequest): WorkflowModel {
  const m = req.file.facts.model as WorkflowModel | undefined;
  return m ?? readWorkflow(req.file.path, req.file.parsed.root, req.file.text);
}

export function complete(req: CursorRequest): CompletionCandidate[] {
  const { cursor } = req;
  if (cursor.position === "value" && cursor.key === "environmentRemovalStrategy" && cursor.path.length === 1 && cursor.path[0] === "settings") {
    return REMOVAL_STRATEGIES.map((v) => ({
      label: v,
      itemKind: ENUM_MEMBER,
      detail: v === "detach" ? "keep removed sub-environments (env0's default)" : "destroy removed sub-environments",
    }));
  }
  const owner = needsOwner(req);
  if (owner === undefined) return [];
  const model = modelOf(req);
  const env = model.environments.find((e) => e.alias === owner);
  // What is listed already, except the entry being typed.
  const listed = new Set((env?.needs ?? []).filter((n) => req.offset < n.nodeSpan.start || req.offset > n.nodeSpan.end).map((n) => n.name));
  const docs = builtDocs(req, model);
  const out: CompletionCandidate[] = [];
  for (const e of model.environments) {
    if (e.alias === owner || listed.has(e.alias)) continue;
    out.push({ label: e.alias, itemKind: REFERENCE, detail: e.name?.value ?? "sub-environment", doc: docs?.get(e.alias) ?? aliasDoc(model, e) });
  }
  return out;
}

/**
 * The alias docs analysis already wrote into the file's symbols, when they were built from this same model:
 * rebuilding one per alias on every completion was most of its time at 50k lines (5,000 aliases).
 */
function builtDocs(req: CursorRequest, model: WorkflowModel): Map<string, string> | undefined {
  if (req.file.facts.model !== model) return undefined;
  const out = new Map<string, string>();
  for (const d of req.file.facts.defs) if (d.kind === "alias" && d.doc !== undefined && !out.has(d.name)) out.set(d.name, d.doc);
  return out;
}

/**
 * The generic completion of `ref` values offers every alias of the scope returned here and cannot leave any out,
 * so we return a scope no alias has and offer the aliases from `complete` instead.
 */
export function refScope(kind: string, req: CursorRequest): string | undefined {
  return kind === "alias" ? `${req.file.path}#completed-by-env0` : undefined;
}
