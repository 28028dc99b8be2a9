// `generator` is the old name of `type`: Fabrikate logs a warning and copies it to `type` (FORMATS.md, seed
// table; fabrikate-definitions#27 removed it from the definitions). The fix renames the key, or removes it when
// `type` is written too (then `type` wins and `generator` is dead).
import type { Problem } from "../../../core/problem";
import { walk } from "../model";
import { removalSpan } from "./edits";
import type { ComponentRule } from "./types";

export const deprecatedGenerator: ComponentRule = {
  id: "deprecated-generator",
  check(model, text) {
    const out: Problem[] = [];
    const json = model.path.endsWith(".json");
    walk(model.root, (c) => {
      const g = c.generator;
      if (!g) return;
      const keyText = text.slice(g.keySpan.start, g.keySpan.end);
      const quoted = keyText.startsWith('"') || keyText.startsWith("'");
      const keyInner = quoted ? { start: g.keySpan.start + 1, end: g.keySpan.end - 1 } : g.keySpan;
      const fix = c.type
        ? { title: "Remove 'generator' (the 'type' key is used)", preferred: true, changes: [{ path: model.path, span: removalSpan(text, g.pairSpan, json), newText: "" }] }
        : { title: "Rename 'generator' to 'type'", preferred: true, changes: [{ path: model.path, span: keyInner, newText: "type" }] };
      const message = c.type
        ? `'generator' is deprecated and ignored here: 'type' is set too (${c.type.value}).`
        : `'generator' is deprecated: Fabrikate copies it to 'type'. Write 'type: ${g.value}' instead.`;
      out.push({ path: model.path, span: g.keySpan, severity: "warning", code: "fab/deprecated-generator", message, tags: ["deprecated"], fixes: [fix] });
    });
    return out;
  },
};
