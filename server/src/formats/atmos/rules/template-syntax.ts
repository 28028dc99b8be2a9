// Go templates Atmos cannot parse, where it parses them: an import path with `{{` that matches no file
// (ProcessYAMLConfigFile asks IsGolangTemplate, which fails on a broken template); a manifest imported with a
// `context` (or a `.yaml.tmpl` file), which Atmos renders as a whole before reading it; and, when templating is
// enabled in atmos.yaml, every value of a stack's manifests, which Atmos renders with each component's
// configuration. Each stops Atmos with an error, so each is an error.
import type { Problem } from "../../../core/problem";
import { hasCustomTag, isMap, isScalar, isSeq, spanOf, type Node } from "../../../core/yaml";
import { entries, items } from "../../yaml-read";
import type { WorkspaceRule, WorkspaceView } from "../../types";
import { templatesOn } from "../config";
import type { StackModel } from "../model";
import { engineFor } from "../stacks";
import { templateSyntaxError } from "../template";
import { visibleFrom } from "../visible";

// Root sections whose values end up in a component's configuration (`import` and `name` are read otherwise).
const RENDERED = new Set(["vars", "settings", "env", "terraform", "helmfile", "packer", "ansible", "components", "overrides", "hooks", "metadata", "auth", "dependencies"]);

export const templateSyntaxRule: WorkspaceRule = {
  id: "template-syntax",
  check(ws: WorkspaceView): Problem[] {
    const out: Problem[] = [];
    for (const f of ws.files("atmos")) {
      const model = f.facts.model as StackModel | undefined;
      if (f.kind === "workflow" || model?.kind !== "stack") continue;
      for (const imp of model.imports) {
        if (!imp.path.includes("{{")) continue;
        const err = templateSyntaxError(imp.path);
        if (!err) continue;
        out.push({
          path: f.path,
          span: imp.span,
          severity: "error",
          code: "atmos/template-syntax",
          message: `Import '${imp.path}' is not a valid Go template (${err.message}): Atmos stops loading the stack. Complete the template, or remove the braces if this is a file name.`,
        });
      }
    }
    const engine = engineFor(ws);
    for (const p of engine.templateProblems()) out.push({ ...p, severity: "error", code: "atmos/template-syntax" });
    for (const f of ws.files("atmos")) {
      const model = f.facts.model as StackModel | undefined;
      if (f.kind === "workflow" || model?.kind !== "stack" || !f.text.includes("{{")) continue;
      const m = engine.manifest(f.path);
      if (!m || !templatesOn(m.config) || !visibleFrom(engine, f.path).inStack) continue;
      out.push(...valueProblems(f.path, model));
    }
    return out;
  },
};

// Per parsed file (the model lives as long as the file's text): a keystroke elsewhere does not walk this file again.
const byModel = new WeakMap<StackModel, Problem[]>();
function valueProblems(path: string, model: StackModel): Problem[] {
  const hit = byModel.get(model);
  if (hit) return hit;
  const out: Problem[] = [];
  for (const e of entries(model.node)) if (RENDERED.has(e.key)) brokenValues(e.value, 0, (node, message) => out.push({ path, span: spanOf(node)!, severity: "error", code: "atmos/template-syntax", message }));
  byModel.set(model, out);
  return out;
}

function brokenValues(node: Node | null, depth: number, report: (node: Node, message: string) => void): void {
  if (!node || depth > 64 || hasCustomTag(node)) return;
  if (isMap(node)) for (const e of entries(node)) brokenValues(e.value, depth + 1, report);
  else if (isSeq(node)) for (const it of items(node)) brokenValues(it, depth + 1, report);
  else if (isScalar(node) && typeof node.value === "string" && node.value.includes("{{")) {
    const err = templateSyntaxError(node.value);
    if (err) {
      report(
        node,
        `Atmos renders this value as a Go template (templates.settings.enabled is true in atmos.yaml) and cannot parse it: ${err.message}. Fix the template, or write literal braces as {{ "{{" }}.`,
      );
    }
  }
}
