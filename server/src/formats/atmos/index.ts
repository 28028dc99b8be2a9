// Cloud Posse Atmos: stack manifests and workflow manifests, discovered from `atmos.yaml`.
// `atmos.yaml` itself is not served: it is the CLI's configuration, with a format of its own that we do not
// describe (atmos#2351), and serving it without a shape would only show an empty outline. It is a config file
// for the index, so editing it re-detects every manifest.
import { renameFile } from "./rename-file";
import * as path from "node:path";
import type { AnalyzeInput, FormatModule, SymbolDef, SymbolRef, WorkspaceView } from "../types";
import { SymbolKinds } from "../types";
import { analyzeFile, type AtmosRef } from "./analyze";
import { completeAt } from "./complete";
import { configFor, isConfigName } from "./config";
import { candidate, detect } from "./detect";
import { graph, graphStacks } from "./graph";
import { atmosEdits } from "./graph-edits";
import { hoverAt } from "./hover";
import { plan, runnables } from "./plan";
import { isDynamic } from "./model";
import { dependencyCycleRule, inheritsCycleRule } from "./rules/cycles";
import { duplicateComponentRule } from "./rules/duplicate-component";
import { selfImportRule } from "./rules/self-import";
import { templateSyntaxRule } from "./rules/template-syntax";
import { unknownComponentRule } from "./rules/unknown-component";
import { stackShape, workflowShape } from "./shapes";
import { engineFor } from "./stacks";
import { visibleFrom } from "./visible";

const COMPONENT_NAME = /^[/a-zA-Z0-9\-_{}. ]+$/;

function fileDef(ws: WorkspaceView, p: string): SymbolDef {
  const own = ws.file(p)?.facts.defs.find((d) => d.kind === "file");
  if (own) return own;
  const config = configFor(p, ws);
  return {
    kind: "file",
    name: path.relative(config.stacksBase, p).split(path.sep).join("/").replace(/\.ya?ml(\.tmpl)?$/i, ""),
    scope: config.stacksBase,
    path: p,
    nameSpan: { start: 0, end: 0 },
    fullSpan: { start: 0, end: 0 },
    symbolKind: SymbolKinds.File,
    hidden: true,
    fixedName: true,
  };
}

function resolve(ref: SymbolRef, ws: WorkspaceView): SymbolDef[] | undefined {
  const r = ref as AtmosRef;
  if (r.kind === "file") {
    const engine = engineFor(ws);
    const targets = engine.resolveImport({ path: r.name, span: r.span, skipIfMissing: false, dynamic: isDynamic(r.name) }, r.path);
    return (targets ?? []).map((t) => fileDef(ws, t));
  }
  if (r.kind === "component") {
    const all = ws.defs("atmos", "component", r.scope, r.name);
    if (r.crossStack) return all;
    const vis = visibleFrom(engineFor(ws), r.path);
    const engine = engineFor(ws);
    const files = new Set(vis.contexts.flatMap((c) => engine.closure(c).files));
    return all.filter((d) => files.has(d.path));
  }
  if (r.kind === "stack") {
    const target = engineFor(ws).stackNames(r.scope).get(r.name);
    if (!target) return [];
    return [{ kind: "stack", name: r.name, scope: r.scope, path: target, nameSpan: { start: 0, end: 0 }, fullSpan: { start: 0, end: 0 }, symbolKind: SymbolKinds.Module, hidden: true, fixedName: true, detail: "stack" }];
  }
  return undefined;
}

/**
 * What resolve reads of the references that are checked (imports; components are checked by unknownComponentRule):
 * import resolution, which is the engine's structure. An edit of values, the usual edit, leaves it, so the imports
 * of thousands of stacks are not resolved again on each keystroke.
 */
function resolveDeps(ref: SymbolRef, ws: WorkspaceView): readonly unknown[] | undefined {
  return ref.kind === "file" ? [engineFor(ws).structure] : undefined;
}

export const atmosFormat: FormatModule = {
  id: "atmos",
  codePrefix: "atmos",
  isConfigFile: isConfigName,
  candidate,
  detect,
  shape: (kind) => (kind === "workflow" ? workflowShape : stackShape),
  analyze: (input: AnalyzeInput, ws: WorkspaceView) => analyzeFile(input, ws),
  rules: [unknownComponentRule, inheritsCycleRule, dependencyCycleRule, duplicateComponentRule, selfImportRule, templateSyntaxRule],
  resolve,
  resolveDeps,
  renameFile,
  refScope(kind, req) {
    const config = configFor(req.file.path, req.ws);
    if (kind === "component") return config.root;
    if (kind === "file") return config.stacksBase;
    if (kind === "step") {
      // Siblings: the scope of the step being written, from its position in the outline.
      const defs = req.file.facts.defs.filter((d) => d.kind === "step" && req.offset >= d.fullSpan.start && req.offset <= d.fullSpan.end);
      const inner = defs.sort((a, b) => a.fullSpan.end - a.fullSpan.start - (b.fullSpan.end - b.fullSpan.start))[0];
      return inner?.scope;
    }
    return undefined;
  },
  complete: completeAt,
  hover: hoverAt,
  graph,
  graphStacks,
  graphEdits: atmosEdits,
  runnables,
  plan,
  checkName(kind, name) {
    if (kind === "component" && !COMPONENT_NAME.test(name)) return `'${name}' is not a valid component name: use letters, digits, '/', '-', '_', '.', ' ', '{' and '}'.`;
    if (kind === "workflow" && !COMPONENT_NAME.test(name)) return `'${name}' is not a valid workflow name.`;
    return undefined;
  },
  schemas: [
    {
      fileName: "atmos-stack.schema.json",
      kind: "stack",
      title: "Atmos stack manifest",
      description: "Stack manifests of Cloud Posse Atmos: imports, vars, settings and components (written by Infraflow).",
      fileMatch: ["stacks/**/*.yaml"],
    },
    {
      fileName: "atmos-workflow.schema.json",
      kind: "workflow",
      title: "Atmos workflow manifest",
      description: "Workflow manifests of Cloud Posse Atmos: workflows and their steps (written by Infraflow).",
      fileMatch: ["stacks/workflows/**/*.yaml"],
    },
  ],
};
