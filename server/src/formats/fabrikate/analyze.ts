// Per-file facts: component names (outline, navigation, rename), environments, the names config files use,
// and the problems visible from one file (config files also see the component tree they configure).
import * as path from "node:path";
import type { Problem } from "../../core/problem";
import { closest } from "../../core/suggest";
import { SymbolKinds, type AnalyzeInput, type FileFacts, type SymbolDef, type SymbolRef, type WorkspaceView } from "../types";
import { childrenOf, componentTree, readComponentFile, readConfigFile, walk, type ComponentModel, type ConfigNode } from "./model";
import { deprecatedGenerator } from "./rules/deprecated-generator";
import { duplicateName } from "./rules/duplicate-name";
import { methodRules } from "./rules/method-rules";
import type { FileRule } from "../types";
import type { ComponentFileModel } from "./model";
import { unknownHook } from "./rules/unknown-hook";

export const COMPONENT_RULES: FileRule<ComponentFileModel>[] = [deprecatedGenerator, methodRules, unknownHook, duplicateName];

/**
 * Names are unique among siblings only, so each level of a tree is a scope of its own: the root component's is
 * the folder, its subcomponents' is `<dir>#`, deeper ones' `<dir>#a/b`. Rename then never touches a same-named
 * component at another level, and refuses a name a sibling already has.
 */
export function componentScope(dir: string, c: ComponentModel): string {
  return c.parents.length === 0 ? dir : `${dir}#${c.parents.slice(1).join("/")}`;
}

/** Scope of the names config files use: never equal to a definition scope, so `resolve` alone decides. */
export function configRefScope(dir: string): string {
  return `${dir}#config#`;
}

export function componentDetail(c: ComponentModel): string {
  const parts = [c.effectiveType, c.method && `via ${c.method.value}`, c.source?.value && `from ${c.source.value}`, c.path?.value && `path ${c.path.value}`];
  return parts.filter(Boolean).join(", ");
}

export function componentDoc(c: ComponentModel): string {
  const lines = [`**component** \`${c.name?.value ?? "(unnamed)"}\` — ${c.effectiveType}`];
  const rows: string[] = [];
  if (c.method) rows.push(`- method: \`${c.method.value}\``);
  if (c.source?.value) rows.push(`- source: \`${c.source.value}\``);
  if (c.path) rows.push(`- path: \`${c.path.value}\``);
  if (c.version) rows.push(`- version: \`${c.version.value}\``);
  if (c.branch) rows.push(`- branch: \`${c.branch.value}\``);
  if (c.subcomponents.length) rows.push(`- subcomponents: ${c.subcomponents.map((s) => `\`${s.name?.value ?? "?"}\``).join(", ")}`);
  if (c.hooks.length) rows.push(`- hooks: ${c.hooks.map((h) => `\`${h.name}\``).join(", ")}`);
  if (rows.length) lines.push(rows.join("\n"));
  return lines.join("\n\n");
}

export function analyze(input: AnalyzeInput, ws: WorkspaceView): FileFacts {
  return input.kind === "config" ? analyzeConfig(input, ws) : analyzeComponent(input);
}

// Component files never look at config files: config analysis reads component files, not the other way round.
function analyzeComponent(input: AnalyzeInput): FileFacts {
  const model = readComponentFile(input.path, input.parsed.root);
  const defs: SymbolDef[] = [];
  walk(model.root, (c) => {
    if (!c.name) return;
    defs.push({
      kind: "component",
      name: c.name.value,
      scope: componentScope(model.dir, c),
      path: input.path,
      nameSpan: c.name.span,
      fullSpan: c.span,
      symbolKind: c.parents.length === 0 ? SymbolKinds.Module : SymbolKinds.Package,
      detail: componentDetail(c),
      doc: componentDoc(c),
    });
  });
  const problems = COMPONENT_RULES.flatMap((r) => r.check(model, input.text));
  return { defs, refs: [], problems, model };
}

function analyzeConfig(input: AnalyzeInput, ws: WorkspaceView): FileFacts {
  const model = readConfigFile(input.path, input.parsed.root);
  const defs: SymbolDef[] = [
    {
      kind: "environment",
      name: model.environment,
      scope: model.dir,
      path: input.path,
      nameSpan: { start: 0, end: 0 },
      fullSpan: { start: 0, end: input.text.length },
      symbolKind: SymbolKinds.Namespace,
      detail: `environment of ${path.basename(model.dir)}`,
      doc: `**environment** \`${model.environment}\`: \`fab generate ${model.environment}\` (with \`common\` applied last).`,
      fixedName: true,
    },
  ];
  const refs: SymbolRef[] = [];
  const problems: Problem[] = [];
  const tree = componentTree(model.dir, ws);
  const visit = (node: ConfigNode, parent: { component: ComponentModel; file: string } | undefined): void => {
    const kids = parent ? childrenOf(parent.component, parent.file, ws) : undefined;
    for (const sub of node.subcomponents) {
      const key = sub.nameKey!;
      refs.push({ kind: "component", name: key.value, scope: configRefScope(model.dir), path: input.path, span: key.span });
      const match = kids?.items.find((k) => k.component.name?.value === key.value);
      if (kids && !match && !kids.open) {
        const names = [...new Set(kids.items.map((k) => k.component.name?.value).filter((n): n is string => !!n))];
        const guess = closest(key.value, names.filter((n) => !node.subcomponents.some((o) => o.nameKey?.value === n)));
        const owner = parent!.component.name ? `'${parent!.component.name.value}'` : "this component";
        problems.push({
          path: input.path,
          span: key.span,
          severity: "warning",
          code: "fab/unknown-subcomponent",
          message: `${owner} has no subcomponent '${key.value}'.${guess ? ` Did you mean '${guess}'?` : names.length ? ` Its subcomponents are ${names.join(", ")}.` : " It has no subcomponents."} Fabrikate ignores this entry.`,
          fixes: guess ? [{ title: `Change to '${guess}'`, preferred: true, changes: [{ path: input.path, span: key.span, newText: guess }] }] : undefined,
        });
      }
      visit(sub, match ? { component: match.component, file: match.file } : undefined);
    }
  };
  visit(model.root, tree?.root ? { component: tree.root, file: tree.path } : undefined);
  return { defs, refs, problems, model };
}
