// Hover on a command or a value: the process type or config entry it belongs to. Hovering the name itself shows
// the symbol's own doc (the generic hover), so this only covers the rest of the line.
import type { CursorRequest } from "../types";
import type { DeisFileModel } from "./analyze";

export function hover(req: CursorRequest): string | undefined {
  const { offset } = req;
  const inName = req.file.facts.defs.some((d) => offset >= d.nameSpan.start && offset <= d.nameSpan.end);
  if (inName) return undefined;
  const def = req.file.facts.defs.find((d) => offset >= d.fullSpan.start && offset <= d.fullSpan.end);
  const model = req.file.facts.model as DeisFileModel | undefined;
  if (!def || !model) return undefined;
  return def.doc;
}
