// Per-file facts: the symbols a file defines, the names it uses, and the problems visible in the file alone.
import * as path from "node:path";
import type { Problem } from "../../core/problem";
import { SymbolKinds, type AnalyzeInput, type FileFacts, type SymbolDef, type SymbolRef, type WorkspaceView } from "../types";
import { actionDoc, blockDoc, stepDetail, workflowDoc } from "./docs";
import { findWorkspaceRoot, readFileModel, type BlockModel, type ValueAt, type WorkflowModel } from "./model";
import { matchesDependency } from "./names";
import { duplicateName } from "./rules/duplicate-name";
import { emptyWorkflow } from "./rules/empty-workflow";
import { scriptAndPlaybook } from "./rules/script-and-playbook";
import { stepAllowFailure } from "./rules/step-allow-failure";
import type { FileRule } from "../types";
import type { PolyFileModel } from "./model";

export const FILE_RULES: FileRule<PolyFileModel>[] = [duplicateName, scriptAndPlaybook, stepAllowFailure, emptyWorkflow];

export function actionScope(root: string, block: string): string {
  return `${root}#${block}`;
}
export function stepScope(root: string, workflow: string): string {
  return `${root}#wf:${workflow}`;
}

/** The workspace root a file belongs to, and whether a `workspace.poly` was found for it. */
export function rootOf(file: string, kind: string, ws: WorkspaceView): { root: string; inWorkspace: boolean } {
  if (kind === "workspace") return { root: path.dirname(file), inWorkspace: true };
  const found = findWorkspaceRoot(file, ws);
  return found ? { root: found, inWorkspace: true } : { root: path.dirname(file), inWorkspace: false };
}

/** What one block or workflow entry defines and uses. */
interface Part {
  piece: BlockModel | WorkflowModel;
  defs: SymbolDef[];
  refs: SymbolRef[];
}

export function analyze(input: AnalyzeInput, ws: WorkspaceView): FileFacts {
  const kind = input.kind === "workspace" ? "workspace" : "block";
  const { root, inWorkspace } = rootOf(input.path, kind, ws);
  const file = input.path;
  const parts: Part[] = [];
  // Each entry's model and symbols depend on the entry, the file, its workspace root and the declared
  // dependencies alone: an open document keeps those of the entries an edit did not touch.
  // The dependencies are read before any entry, once for all of them.
  let inputs: { dependencies: string[]; key: string } | undefined;
  const model = readFileModel(kind, file, input.parsed.root, root, inWorkspace, (node, what, read, m) => {
    if (!inputs) {
      const dependencies = m.workspace?.dependencies.map((d) => d.value) ?? [];
      inputs = { dependencies, key: `${kind}\u0000${file}\u0000${root}\u0000${inWorkspace}\u0000${dependencies.join("\n")}` };
    }
    const { dependencies, key } = inputs;
    const derive = (): Part => {
      const piece = read();
      return { piece, ...(what === "block" ? blockFacts(piece as BlockModel, root, file, dependencies) : workflowFacts(piece as WorkflowModel, root, file, dependencies)) };
    };
    const part = input.memo ? input.memo.get(node, `${key}\u0000${what}`, derive) : derive();
    parts.push(part);
    return part.piece;
  });
  const defs: SymbolDef[] = [];
  const refs: SymbolRef[] = [];
  if (model.workspace) {
    const w = model.workspace;
    defs.push({
      kind: "workspace",
      name: w.name?.value ?? "",
      scope: root,
      nameSpan: w.name?.span ?? { start: 0, end: 0 },
      fullSpan: w.span,
      symbolKind: SymbolKinds.Package,
      detail: w.organization ? `workspace of ${w.organization.value}` : "workspace",
      doc: [`**workspace** \`${w.name?.value ?? ""}\``, w.description ?? ""].filter(Boolean).join("\n\n"),
      path: file,
    });
  }
  // Blocks, then workflows, each entry's symbols in file order (readFileModel reads them in that order).
  for (const p of parts) {
    for (const d of p.defs) defs.push(d);
    for (const r of p.refs) refs.push(r);
  }
  const problems: Problem[] = FILE_RULES.flatMap((r) => r.check(model, input.text));
  return { defs, refs, problems, model };
}

/** Collects symbols of one file: definitions are completed with the file's path in place. */
function collector(file: string): { defs: SymbolDef[]; refs: SymbolRef[]; def: (d: Omit<SymbolDef, "path">) => void } {
  const defs: SymbolDef[] = [];
  const refs: SymbolRef[] = [];
  const def = (d: Omit<SymbolDef, "path">): void => {
    // Completed in place (a spread copy per symbol was a measurable share of analysis).
    (d as SymbolDef).path = file;
    defs.push(d as SymbolDef);
  };
  return { defs, refs, def };
}

const notDefined = (name: string) => `Block '${name}' is not defined in this workspace.`;

/** A use of a block name; a registry block listed in `dependencies` is pulled by the CLI: not a missing name. */
function blockRef(refs: SymbolRef[], at: ValueAt | undefined, root: string, file: string, dependencies: string[], severity: "error" | "warning", message: string): void {
  if (!at) return;
  const declared = matchesDependency(at.value, dependencies);
  refs.push({ kind: "block", name: at.value, scope: root, path: file, span: at.span, unresolved: declared ? undefined : { code: "poly/unknown-block", message, severity } });
}

function blockFacts(b: BlockModel, root: string, file: string, dependencies: string[]): { defs: SymbolDef[]; refs: SymbolRef[] } {
  const { defs, refs, def } = collector(file);
  if (b.nameSpan) {
    def({ kind: "block", name: b.name, scope: root, nameSpan: b.nameSpan, fullSpan: b.span, symbolKind: SymbolKinds.Module, detail: blockDetail(b), doc: blockDoc(b) });
  }
  for (const a of b.actions) {
    if (!a.nameSpan || !b.name) continue;
    def({
      kind: "action",
      name: a.name,
      scope: actionScope(root, b.name),
      nameSpan: a.nameSpan,
      fullSpan: a.span,
      symbolKind: SymbolKinds.Function,
      detail: a.playbook ? `playbook ${a.playbook.value}` : `action of ${b.name}`,
      doc: actionDoc(a),
    });
  }
  // A `from` naming the block itself is never unknown: Polycrate finds this block (reported as poly/self-from).
  // Any other name Polycrate cannot find among the workspace's blocks it pulls from the registry, and the load
  // fails when the pull does (cmd/workspace.go ResolveBlock: mapDockerTag, then PullBlock).
  if (b.from?.value === b.name) refs.push({ kind: "block", name: b.name, scope: root, path: file, span: b.from.span });
  else blockRef(refs, b.from, root, file, dependencies, "warning", `${notDefined(b.from?.value ?? "")} Polycrate pulls it from the registry or fails.`);
  blockRef(refs, b.inventoryFrom, root, file, dependencies, "warning", `${notDefined(b.inventoryFrom?.value ?? "")} Its inventory cannot be found.`);
  blockRef(refs, b.kubeconfigFrom, root, file, dependencies, "warning", `${notDefined(b.kubeconfigFrom?.value ?? "")} Its kubeconfig cannot be found.`);
  return { defs, refs };
}

function workflowFacts(w: WorkflowModel, root: string, file: string, dependencies: string[]): { defs: SymbolDef[]; refs: SymbolRef[] } {
  const { defs, refs, def } = collector(file);
  if (w.nameSpan) {
    def({
      kind: "workflow",
      name: w.name,
      scope: root,
      nameSpan: w.nameSpan,
      fullSpan: w.span,
      symbolKind: SymbolKinds.Event,
      detail: `${w.steps.length} step${w.steps.length === 1 ? "" : "s"}${w.allowFailure?.value ? ", allow_failure" : ""}`,
      doc: workflowDoc(w),
    });
  }
  for (const s of w.steps) {
    if (s.nameSpan && w.name) {
      def({ kind: "step", name: s.name, scope: stepScope(root, w.name), nameSpan: s.nameSpan, fullSpan: s.span, symbolKind: SymbolKinds.Method, detail: stepDetail(s) });
    }
    blockRef(refs, s.block, root, file, dependencies, "error", notDefined(s.block?.value ?? ""));
    // Unknown actions are reported by the unknown-action rule, which sees inherited actions.
    if (s.action && s.block) refs.push({ kind: "action", name: s.action.value, scope: actionScope(root, s.block.value), path: file, span: s.action.span });
  }
  return { defs, refs };
}

function blockDetail(b: BlockModel): string {
  const parts = [b.kind, b.version && `v${b.version}`, b.from && `from ${b.from.value}`].filter(Boolean);
  return parts.length ? parts.join(", ") : b.source === "workspace" ? "block (workspace.poly)" : "block";
}
