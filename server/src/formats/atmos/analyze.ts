// Per-file analysis: the model, the symbols and references, and the problems that need this file alone.
// Nothing here reads other manifests, so the index may cache the result while other files change.
import { closest } from "../../core/suggest";
import type { Problem } from "../../core/problem";
import type { Span } from "../../core/text";
import { entries, spanOf } from "../yaml-read";
import { SymbolKinds, type AnalyzeInput, type FileFacts, type SymbolDef, type SymbolRef, type WorkspaceView } from "../types";
import { configFor, manifestName, type AtmosConfig } from "./config";
import { buildStack, buildWorkflows, type StepModel } from "./model";
import { controlProblems, isControlStep } from "./control";
import { dependsOnProblems } from "./rules/deprecated-depends-on";
import { COMMAND_STEP_TYPES, STEP_TYPES } from "./shapes";
import { snapshotOf } from "./snapshot";

/** A reference with what resolution needs beyond (kind, scope, name). */
export interface AtmosRef extends SymbolRef {
  /** A dependency on a component of another stack (explicit `stack` or context fields). */
  crossStack?: boolean;
  /** Why the reference exists: `inherits`, `dependency` or `import`. */
  role?: "inherits" | "dependency" | "import";
}

const ZERO: Span = { start: 0, end: 0 };

export function analyzeFile(input: AnalyzeInput, ws: WorkspaceView): FileFacts {
  const config = configFor(input.path, ws);
  return input.kind === "workflow" ? analyzeWorkflow(input, config) : analyzeStack(input, config);
}

function analyzeStack(input: AnalyzeInput, config: AtmosConfig): FileFacts {
  const model = buildStack(input.parsed.root);
  model.snapshot = snapshotOf(model, input.text);
  const defs: SymbolDef[] = [];
  const refs: AtmosRef[] = [];
  const file = input.path;
  const scope = config.root;
  defs.push({
    kind: "file",
    name: manifestName(config, file),
    scope: config.stacksBase,
    path: file,
    nameSpan: ZERO,
    fullSpan: { start: 0, end: input.text.length },
    symbolKind: SymbolKinds.File,
    hidden: true,
    fixedName: true,
    detail: "stack manifest",
  });
  for (const imp of model.imports) {
    refs.push({
      kind: "file",
      name: imp.path,
      scope: config.stacksBase,
      path: file,
      span: imp.span,
      role: "import",
      unresolved:
        imp.skipIfMissing || imp.dynamic ? undefined : { code: "atmos/import-not-found", message: `Import '${imp.path}' matches no manifest under '${manifestBaseLabel(config)}'.` },
    });
  }
  for (const c of model.components) {
    defs.push({
      kind: "component",
      name: c.name,
      scope,
      path: file,
      nameSpan: c.nameSpan,
      fullSpan: c.fullSpan,
      symbolKind: SymbolKinds.Class,
      detail: `${c.type} component${c.abstract ? " (abstract)" : ""}${c.folder ? ` → components/${c.type}/${c.folder.name}` : ""}`,
    });
    for (const inh of c.inherits) refs.push({ kind: "component", name: inh.name, scope, path: file, span: inh.span, role: "inherits" });
    for (const d of c.dependencies) {
      if (!d.component) continue;
      const crossStack = !!d.stack || Object.keys(d.context).length > 0;
      refs.push({ kind: "component", name: d.component.name, scope, path: file, span: d.component.span, role: "dependency", crossStack });
    }
  }
  const problems = dependsOnProblems(file, input.text, input.lines, input.parsed.root, config);
  return { defs, refs, problems, model };
}

function manifestBaseLabel(config: AtmosConfig): string {
  const rel = config.stacksBase.startsWith(config.root) ? config.stacksBase.slice(config.root.length).replace(/^[\\/]/, "") : config.stacksBase;
  return rel || ".";
}

function analyzeWorkflow(input: AnalyzeInput, config: AtmosConfig): FileFacts {
  const model = buildWorkflows(input.parsed.root);
  const defs: SymbolDef[] = [];
  const refs: AtmosRef[] = [];
  const problems: Problem[] = [];
  const file = input.path;
  for (const w of model.workflows) {
    defs.push({ kind: "workflow", name: w.name, scope: file, path: file, nameSpan: w.nameSpan, fullSpan: w.fullSpan, symbolKind: SymbolKinds.Function, detail: w.description?.split("\n")[0] });
    if (w.stack) refs.push({ kind: "stack", name: w.stack.name, scope: config.root, path: file, span: w.stack.span });
    const visit = (steps: StepModel[], scope: string, nested: boolean): void => {
      for (const st of steps) {
        if (st.nameSpan) defs.push({ kind: "step", name: st.name, scope, path: file, nameSpan: st.nameSpan, fullSpan: st.fullSpan, symbolKind: SymbolKinds.Event, detail: `${st.type} step` });
        // An unnamed child of a parallel/matrix step has the name Atmos generates, which `needs` may use.
        else if (nested) {
          const at = spanOf(entries(st.node)[0]?.keyNode) ?? st.fullSpan;
          defs.push({ kind: "step", name: st.name, scope, path: file, nameSpan: { start: at.start, end: at.start }, fullSpan: st.fullSpan, symbolKind: SymbolKinds.Event, detail: `${st.type} step (unnamed)`, hidden: true, fixedName: true });
        }
        if (st.stack) refs.push({ kind: "stack", name: st.stack.name, scope: config.root, path: file, span: st.stack.span });
        // Unknown and misplaced `needs` are reported by controlProblems, as Atmos words them.
        for (const n of st.needs) refs.push({ kind: "step", name: n.name, scope, path: file, span: n.span });
        problems.push(...stepProblems(file, st));
        visit(st.steps, `${scope}/${st.name}`, isControlStep(st));
      }
    };
    visit(w.steps, `${file}#${w.name}`, false);
    problems.push(...controlProblems(file, w.steps));
  }
  return { defs, refs, problems, model };
}

function stepProblems(file: string, st: StepModel): Problem[] {
  const out: Problem[] = [];
  if (st.typeSpan && !STEP_TYPES.includes(st.type)) {
    const guess = closest(st.type, STEP_TYPES);
    out.push({
      path: file,
      span: st.typeSpan,
      severity: "error",
      code: "atmos/unknown-step-type",
      message: `Unknown step type '${st.type}'.${guess ? ` Did you mean '${guess}'?` : ""} Known types: atmos (default), shell, and the newer Atmos step types (parallel, matrix, script, http, …).`,
      fixes: guess ? [{ title: `Change to '${guess}'`, preferred: true, changes: [{ path: file, span: st.typeSpan, newText: guess }] }] : undefined,
    });
  } else if (COMMAND_STEP_TYPES.includes(st.type) && st.command === undefined && !st.steps.length) {
    out.push({
      path: file,
      span: st.nameSpan ?? spanOf(entries(st.node)[0]?.keyNode) ?? st.fullSpan,
      severity: "error",
      code: "atmos/missing-command",
      message: `Step '${st.name}' has no 'command'; a ${st.type} step runs its command.`,
    });
  }
  return out;
}
