// Two subcomponents of one component with the same name are installed into the same `components/<name>` folder
// and get the same config entry, so one silently replaces the other.
import type { Problem } from "../../../core/problem";
import { walk, type ValueAt } from "../model";
import type { FileRule } from "../../types";
import type { ComponentFileModel } from "../model";

export const duplicateName: FileRule<ComponentFileModel> = {
  id: "duplicate-name",
  check(model) {
    const out: Problem[] = [];
    walk(model.root, (c) => {
      const first = new Map<string, ValueAt>();
      for (const s of c.subcomponents) {
        if (!s.name) continue;
        const prev = first.get(s.name.value);
        if (!prev) {
          first.set(s.name.value, s.name);
          continue;
        }
        out.push({
          path: model.path,
          span: s.name.span,
          severity: "warning",
          code: "fab/duplicate-name",
          message: `Subcomponent '${s.name.value}' is already defined${c.name ? ` in '${c.name.value}'` : ""}. Both install into 'components/${s.name.value}' and share one config entry.`,
          related: [{ path: model.path, span: prev.span, message: `First definition of '${s.name.value}'.` }],
        });
      }
    });
    return out;
  },
};
