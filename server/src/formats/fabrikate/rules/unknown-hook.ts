// Fabrikate runs four hooks; any other name under `hooks` is silently never run.
import type { Problem } from "../../../core/problem";
import { closest } from "../../../core/suggest";
import { walk } from "../model";
import { HOOK_NAMES } from "../shapes";
import type { FileRule } from "../../types";
import type { ComponentFileModel } from "../model";

export const unknownHook: FileRule<ComponentFileModel> = {
  id: "unknown-hook",
  check(model, text) {
    const out: Problem[] = [];
    walk(model.root, (c) => {
      for (const h of c.hooks) {
        if (HOOK_NAMES.includes(h.name)) continue;
        const guess = closest(h.name, HOOK_NAMES.filter((n) => !c.hooks.some((o) => o.name === n)));
        const raw = text.slice(h.keySpan.start, h.keySpan.end);
        const inner = /^["']/.test(raw) ? { start: h.keySpan.start + 1, end: h.keySpan.end - 1 } : h.keySpan;
        out.push({
          path: model.path,
          span: h.keySpan,
          severity: "warning",
          code: "fab/unknown-hook",
          message: `Unknown hook '${h.name}': Fabrikate never runs it.${guess ? ` Did you mean '${guess}'?` : ` Hooks are ${HOOK_NAMES.join(", ")}.`}`,
          fixes: guess ? [{ title: `Change to '${guess}'`, preferred: true, changes: [{ path: model.path, span: inner, newText: guess }] }] : undefined,
        });
      }
    });
    return out;
  },
};
