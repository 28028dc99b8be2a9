// Per-file facts: each alias is a symbol scoped to its file, each `needs` entry a reference to one, plus the
// problems the rules find. A workflow never refers outside its own file.
import { SymbolKinds, type AnalyzeInput, type FileFacts, type SymbolDef, type SymbolRef } from "../types";
import { aliasDoc } from "./docs";
import { readWorkflow } from "./model";
import { dependencyCycle } from "./rules/dependency-cycle";
import { duplicateNeed } from "./rules/duplicate-need";
import { removalStrategy } from "./rules/removal-strategy";
import { selfNeed } from "./rules/self-need";
import { templateOrVcs } from "./rules/template-or-vcs";
import type { FileRule } from "../types";
import type { WorkflowModel } from "./model";

export const FILE_RULES: FileRule<WorkflowModel>[] = [templateOrVcs, selfNeed, duplicateNeed, dependencyCycle, removalStrategy];

export function analyze(input: AnalyzeInput): FileFacts {
  const file = input.path;
  const model = readWorkflow(file, input.parsed.root, input.text);
  const defs: SymbolDef[] = [];
  const refs: SymbolRef[] = [];
  for (const env of model.environments) {
    defs.push({
      kind: "alias",
      name: env.alias,
      scope: file,
      path: file,
      nameSpan: env.aliasSpan,
      fullSpan: env.span,
      symbolKind: SymbolKinds.Module,
      detail: env.name?.value,
      doc: aliasDoc(model, env),
    });
    for (const n of env.needs) {
      if (n.interpolated) continue;
      refs.push({
        kind: "alias",
        name: n.name,
        scope: file,
        path: file,
        span: n.span,
        unresolved: { code: "env0/unknown-alias", message: `Sub-environment '${n.name}' is not defined in this workflow.` },
      });
    }
  }
  const problems = FILE_RULES.flatMap((r) => r.check(model, input.text));
  return { defs, refs, problems, model };
}
