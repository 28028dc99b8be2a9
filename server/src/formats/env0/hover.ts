// Hover over an alias, where it is defined or in a `needs` entry: the symbol's doc (what it needs, what needs
// it, its wave) comes from the generic hover; this adds the whole deploy order with the alias in bold.
import type { CursorRequest } from "../types";
import { modelOf } from "./complete";
import { deployOrderDoc } from "./docs";
import { environment } from "./model";

export function hover(req: CursorRequest): string | undefined {
  const model = modelOf(req);
  const at = req.offset;
  const inside = (s: { start: number; end: number }): boolean => at >= s.start && at <= s.end;
  for (const env of model.environments) {
    if (inside(env.aliasSpan)) return deployOrderDoc(model, env.alias);
    for (const n of env.needs) {
      if (inside(n.span) && environment(model, n.name)) return deployOrderDoc(model, n.name);
    }
  }
  return undefined;
}
