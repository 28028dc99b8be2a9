// `generator` is the old name of `type`. microsoft/fabrikate internal/core/component.go,
// applyDefaultsAndMigrations: when `generator` is non-empty, Fabrikate logs a deprecation warning and copies it
// into the component's type, over `type` when both are written; an empty `generator` is ignored without a
// warning. fabrikate-definitions#27 removed it from the definitions. So the fixes keep what Fabrikate does: the
// key is renamed, or, when `type` is written too, `type` takes the value `generator` gives and `generator` goes.
import type { Problem } from "../../../core/problem";
import { walk } from "../model";
import { removalSpan } from "./edits";
import type { FileRule } from "../../types";
import type { ComponentFileModel } from "../model";

export const deprecatedGenerator: FileRule<ComponentFileModel> = {
  id: "deprecated-generator",
  check(model, text) {
    const out: Problem[] = [];
    const json = model.path.endsWith(".json");
    walk(model.root, (c) => {
      const g = c.generator;
      if (!g || g.value === "") return;
      const t = c.type;
      const remove = { path: model.path, span: removalSpan(text, g.pairSpan, json), newText: "" };
      let message: string;
      let fixes: NonNullable<Problem["fixes"]>;
      if (!t) {
        const keyText = text.slice(g.keySpan.start, g.keySpan.end);
        const quoted = keyText.startsWith('"') || keyText.startsWith("'");
        const keyInner = quoted ? { start: g.keySpan.start + 1, end: g.keySpan.end - 1 } : g.keySpan;
        message = `'generator' is deprecated: Fabrikate copies it to 'type'. Write 'type: ${g.value}' instead.`;
        fixes = [{ title: "Rename 'generator' to 'type'", preferred: true, changes: [{ path: model.path, span: keyInner, newText: "type" }] }];
      } else if (t.value === g.value) {
        message = `'generator' is deprecated, and here it says what 'type' says (${t.value}).`;
        fixes = [{ title: "Remove 'generator' (it repeats 'type')", preferred: true, changes: [remove] }];
      } else {
        message = t.value
          ? `'generator' is deprecated, and Fabrikate uses it over 'type': this component is '${g.value}', not '${t.value}'. Write 'type: ${g.value}' and remove 'generator'.`
          : `'generator' is deprecated: Fabrikate copies it to the empty 'type'. Write 'type: ${g.value}' and remove 'generator'.`;
        fixes = [
          { title: `Set 'type' to '${g.value}' and remove 'generator' (what Fabrikate does now)`, preferred: true, changes: [{ path: model.path, span: t.span, newText: g.value }, remove] },
        ];
        if (t.value) fixes.push({ title: `Remove 'generator' (the component becomes '${t.value}')`, changes: [remove] });
      }
      out.push({ path: model.path, span: g.keySpan, severity: "warning", code: "fab/deprecated-generator", message, tags: ["deprecated"], fixes });
    });
    return out;
  },
};
