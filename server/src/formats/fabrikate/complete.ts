// Completion beyond the shape: in a config file, the subcomponent names of the component at the cursor's
// nesting level (`subcomponents:` keys), so a config skeleton can be written from the tree (fabrikate#30).
import type { CompletionCandidate, CursorRequest } from "../types";
import { componentDetail, componentDoc } from "./analyze";
import { childrenOf, componentAt, componentTree, fileModel } from "./model";

/** LSP CompletionItemKind.Module. */
const MODULE = 9;

/** The chain of component names a `subcomponents` mapping belongs to, from a cursor path; undefined elsewhere. */
export function chainOfSubcomponents(path: readonly string[]): string[] | undefined {
  if (path[path.length - 1] !== "subcomponents") return undefined;
  const chain: string[] = [];
  for (let i = 0; i < path.length - 1; i += 2) {
    if (path[i] !== "subcomponents" || path[i + 1] === undefined || path[i + 1] === "[]") return undefined;
    chain.push(path[i + 1]!);
  }
  return chain;
}

export function complete(req: CursorRequest): CompletionCandidate[] {
  const { cursor, file, ws } = req;
  if (cursor.position !== "key" || file.kind !== "config") return [];
  const chain = chainOfSubcomponents(cursor.path);
  const m = fileModel(file);
  if (!chain || m?.kind !== "config") return [];
  const tree = componentTree(m.dir, ws);
  if (!tree) return [];
  const at = componentAt(tree, chain, ws);
  if (!at || at === "open") return [];
  const restOfLine = file.text.slice(req.offset).split("\n", 1)[0] ?? "";
  const keyOnly = restOfLine.includes(":");
  const out: CompletionCandidate[] = [];
  for (const k of childrenOf(at.component, at.file, ws).items) {
    const name = k.component.name?.value;
    if (!name || cursor.siblings.has(name)) continue;
    out.push({
      label: name,
      insertText: keyOnly ? name : `${name}:\n  config:\n    $0`,
      snippet: !keyOnly,
      itemKind: MODULE,
      detail: componentDetail(k.component),
      doc: componentDoc(k.component),
      sortText: `0${name}`,
    });
  }
  return out;
}
