// Per-file analysis: the model, the symbols and references, and the problems that need this file alone.
// Nothing here reads other manifests, so the index may cache the result while other files change.
import { closest } from "../../core/suggest";
import type { NodeMemo } from "../../core/node-memo";
import type { Problem } from "../../core/problem";
import type { Span } from "../../core/text";
import type { Entry } from "../../core/yaml";
import { entries, spanOf } from "../yaml-read";
import { SymbolKinds, type AnalyzeInput, type FileFacts, type SymbolDef, type SymbolRef, type WorkspaceView } from "../types";
import { configFor, manifestName, type AtmosConfig } from "./config";
import { buildEntry, buildStack, buildWorkflows, type ComponentModel, type StepModel } from "./model";
import { controlProblems, isControlStep } from "./control";
import { componentDependsOnProblems, stackDependsOnProblems } from "./rules/deprecated-depends-on";
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

/** What one component entry defines, uses and breaks: all read from the entry (and the inputs in its memo key). */
interface Part {
  model: ComponentModel;
  def: SymbolDef;
  refs: AtmosRef[];
  problems: Problem[];
}

/**
 * A short stand-in for a part's inputs in its memo key: the key is made and compared once per component on every
 * keystroke, and the file's path in it made it long. One id per open manifest and configuration (only an open
 * document's analysis keeps parts), kept with the memo the keys are for: that is the index's, and goes with it.
 */
const inputIds = new WeakMap<NodeMemo, Map<string, string>>();
function inputsId(memo: NodeMemo, inputs: string): string {
  let ids = inputIds.get(memo);
  if (!ids) inputIds.set(memo, (ids = new Map()));
  let id = ids.get(inputs);
  if (id === undefined) ids.set(inputs, (id = `i${ids.size}`));
  return id;
}

function analyzeStack(input: AnalyzeInput, config: AtmosConfig): FileFacts {
  const file = input.path;
  const scope = config.root;
  const { text, lines } = input;
  const firstTab = text.indexOf("\t");
  const parts: Part[] = [];
  // An open document keeps the parts of the component entries an edit did not touch (NodeMemo moves their spans);
  // besides the entry, a part reads the file, the configuration, and the two facts about the text around the
  // entry that componentDependsOnProblems reads. Reading every component again was most of an edit's cost in a
  // large manifest.
  const inputs = !input.memo ? "" : inputsId(input.memo, `${file}\u0000${scope}\u0000${config.namePattern ?? ""}\u0000${config.nameTemplate ?? ""}`);
  const derive = (type: string, e: Entry): Part => {
    const c = buildEntry(type, e);
    return { model: c, ...componentFacts(c, file, scope), problems: componentDependsOnProblems(file, text, lines, e, config, firstTab) };
  };
  const model = buildStack(input.parsed.root, (type, e) => {
    const value = e.value;
    const at = value?.range;
    const keyAt = e.keyNode.range;
    let part: Part;
    if (!input.memo || !value || !at || !keyAt) part = derive(type, e);
    else {
      const end = at[1];
      const tabBefore = firstTab !== -1 && firstTab < end;
      const lastLine = text.indexOf("\n", Math.max(keyAt[0], end - 1)) === -1;
      const key = `${inputs}\u0000${type}\u0000${e.key}\u0000${at[0] - keyAt[0]}\u0000${tabBefore}\u0000${lastLine}`;
      // Asked first, so that a kept part (every entry but the edited one) costs no closure.
      part = input.memo.hit<Part>(value, key) ?? input.memo.get(value, key, () => derive(type, e));
    }
    parts.push(part);
    return part.model;
  });
  model.snapshot = snapshotOf(model, text);
  const defs: SymbolDef[] = [];
  const refs: AtmosRef[] = [];
  defs.push({
    kind: "file",
    name: manifestName(config, file),
    scope: config.stacksBase,
    path: file,
    nameSpan: ZERO,
    fullSpan: { start: 0, end: text.length },
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
  const problems: Problem[] = [];
  for (const p of parts) {
    defs.push(p.def);
    for (const r of p.refs) refs.push(r);
    for (const x of p.problems) problems.push(x);
  }
  for (const x of stackDependsOnProblems(file, input.parsed.root)) problems.push(x);
  return { defs, refs, problems, model };
}

function componentFacts(c: ComponentModel, file: string, scope: string): { def: SymbolDef; refs: AtmosRef[] } {
  const def: SymbolDef = {
    kind: "component",
    name: c.name,
    scope,
    path: file,
    nameSpan: c.nameSpan,
    fullSpan: c.fullSpan,
    symbolKind: SymbolKinds.Class,
    detail: `${c.type} component${c.abstract ? " (abstract)" : ""}${c.folder ? ` → components/${c.type}/${c.folder.name}` : ""}`,
  };
  const refs: AtmosRef[] = [];
  for (const inh of c.inherits) refs.push({ kind: "component", name: inh.name, scope, path: file, span: inh.span, role: "inherits" });
  for (const d of c.dependencies) {
    if (!d.component) continue;
    const crossStack = !!d.stack || Object.keys(d.context).length > 0;
    refs.push({ kind: "component", name: d.component.name, scope, path: file, span: d.component.span, role: "dependency", crossStack });
  }
  return { def, refs };
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
