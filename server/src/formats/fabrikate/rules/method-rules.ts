// What `method` allows: `http` downloads one manifest, so only a `static` component can use it; `branch` is read
// by git only; git, helm and http need a `source` to fetch from.
import type { Problem } from "../../../core/problem";
import { walk, type ComponentModel } from "../model";
import type { FileRule } from "../../types";
import type { ComponentFileModel } from "../model";

export const methodRules: FileRule<ComponentFileModel> = {
  id: "method-rules",
  check(model) {
    const out: Problem[] = [];
    walk(model.root, (c) => {
      const method = c.method?.value;
      const who = c.name ? `Component '${c.name.value}'` : "This component";
      if (method === "http" && c.effectiveType !== "static") {
        out.push({
          path: model.path,
          span: c.method!.span,
          severity: "error",
          code: "fab/http-needs-static",
          message: `${who} uses 'method: http', which downloads a single manifest: it needs 'type: static' (it is '${c.effectiveType}').`,
          // The type comes from a non-empty `generator` when there is one (it overwrites `type`), so that is the value to change.
          fixes: typeSource(c) ? [{ title: `Change ${c.generator?.value ? "generator" : "type"} to 'static'`, preferred: true, changes: [{ path: model.path, span: typeSource(c)!.span, newText: "static" }] }] : undefined,
        });
      }
      if (c.branch && method !== "git") {
        out.push({
          path: model.path,
          span: c.branch.keySpan,
          severity: "warning",
          code: "fab/branch-needs-git",
          message: `'branch' is only read with 'method: git'${method ? ` (this component uses '${method}')` : ""}. It is ignored.`,
          tags: ["unnecessary"],
        });
      }
      if (method && ["git", "helm", "http"].includes(method) && !c.source?.value) {
        out.push({
          path: model.path,
          span: c.method!.span,
          severity: "error",
          code: "fab/missing-source",
          message: `${who} uses 'method: ${method}' but has no 'source' to fetch from.`,
        });
      }
    });
    return out;
  },
};

/** The key whose value Fabrikate takes as the type (see applyDefaultsAndMigrations in model.ts). */
function typeSource(c: ComponentModel): ComponentModel["type"] {
  return c.generator?.value ? c.generator : c.type;
}
