// Running Atmos. Workflow manifests: each workflow, and each of its steps, runs the way `atmos workflow` runs it:
// steps in order, the first failure stops the run, `type: atmos` (the default) runs `atmos <command>` with the
// stack appended as `-s STACK` before any `--` (step `stack` over workflow `stack`; with neither, a `-s` written
// in the command stays), `type: shell` runs the command in `sh` in the folder of `atmos.yaml`, and the other step
// types are reported as not runnable here. A stack given to `atmos workflow -s` on the command line has no
// counterpart: nothing in the editor sets it.
//
// Stack manifests: each component instance of a deployable stack runs `atmos terraform ACTION C -s S` in the
// folder of `atmos.yaml`. "With dependencies" runs the component and everything it depends on (across stacks too)
// as a DAG in dependency order, bounded by `maxConcurrency`, stopping at the first failure. For `destroy` the plan
// itself is reversed (a component's destroy waits for the destroys of the components that depend on it), so
// `infraflow run --action destroy --with-dependencies` is right as it is: callers must not also pass `reverse`.
import * as path from "node:path";
import type { PlanGroup, PlanStep, RunPlan } from "../../../../common/run";
import { PlanError } from "../../../../common/run-order";
import type { Span } from "../../core/text";
import type { IndexedFile, PlanInput, RunnableDef, WorkspaceView } from "../types";
import { get, isScalar, str } from "../yaml-read";
import { configFor, relPosix } from "./config";
import { cancelThreshold, controlNodes, controlProblems, controlSettings, expandMatrix, FAIL_MODES, isControlStep, type ControlNode } from "./control";
import { componentDependencies } from "./deps";
import { componentId, stepNodeId } from "./graph";
import { scalarAt, type MergedComponent } from "./inherit";
import { componentKey, type StackModel, type StepModel, type WorkflowDef, type WorkflowModel } from "./model";
import { engineFor, type Engine } from "./stacks";

export const COMPONENT_ACTIONS = ["plan", "apply", "deploy", "destroy"];
/** Component types `atmos terraform` runs; other types (helmfile, packer…) are not offered yet. */
const RUNNABLE_TYPES = new Set(["terraform"]);

export const workflowRunnableId = (name: string): string => `workflow:${name}`;
export const stepRunnableId = (workflow: string, index: number): string => `step:${workflow}#${index}`;
export const componentRunnableId = (name: string, stack: string): string => `component:${name}@${stack}`;

export function runnables(file: IndexedFile, ws: WorkspaceView): RunnableDef[] {
  const model = file.facts.model as StackModel | WorkflowModel | undefined;
  if (!model) return [];
  if (model.kind === "workflow") return workflowRunnables(file, ws, model);
  return componentRunnables(file, ws);
}

function workflowRunnables(file: IndexedFile, ws: WorkspaceView, model: WorkflowModel): RunnableDef[] {
  const out: RunnableDef[] = [];
  const fileArg = workflowFileArg(file, ws);
  for (const w of model.workflows) {
    out.push({ id: workflowRunnableId(w.name), label: w.name, kind: "workflow", detail: `atmos workflow ${w.name} -f ${fileArg} (${w.steps.length} step${w.steps.length === 1 ? "" : "s"})`, span: w.fullSpan });
    w.steps.forEach((st, i) => {
      out.push({
        id: stepRunnableId(w.name, i),
        label: st.name,
        kind: "step",
        parent: workflowRunnableId(w.name),
        stepId: stepRunnableId(w.name, i),
        detail: st.type === "atmos" && st.command ? `atmos ${st.command}` : st.type === "shell" ? st.command : isControlStep(st) ? `${st.type} step (${st.steps.length} step${st.steps.length === 1 ? "" : "s"})` : `${st.type} step`,
        span: st.fullSpan,
      });
    });
  }
  return out;
}

/** The stacks a manifest takes part in, with their names: the deployable stacks whose import closure holds it. */
function stacksOf(engine: Engine, file: string): Array<{ ctx: string; name: string }> {
  return engine
    .roots()
    .filter((r) => r === file || engine.closure(r).files.includes(file))
    .map((ctx) => ({ ctx, name: engine.stackName(ctx) }))
    .filter((s): s is { ctx: string; name: string } => !!s.name);
}

function componentRunnables(file: IndexedFile, ws: WorkspaceView): RunnableDef[] {
  const engine = engineFor(ws);
  const stacks = stacksOf(engine, file.path);
  const out: RunnableDef[] = [];
  for (const { ctx, name: stack } of stacks) {
    const merged = engine.merged(ctx);
    for (const c of merged.components.values()) {
      if (!runnableComponent(c)) continue;
      const own = c.defs.find((d) => d.path === file.path);
      // A catalog file offers the components it defines; a stack's own manifest offers every component of the stack.
      let span: Span | undefined = own?.item.fullSpan;
      if (!span && ctx === file.path) span = importSpanFor(engine, file.path, c) ?? { start: 0, end: 0 };
      if (!span) continue;
      out.push({
        id: componentRunnableId(c.name, stack),
        label: stacks.length > 1 ? `${c.name}@${stack}` : c.name,
        kind: "component",
        detail: `atmos terraform plan ${c.name} -s ${stack}`,
        actions: [...COMPONENT_ACTIONS],
        dependencies: true,
        span,
      });
    }
  }
  return out;
}

/** The import of a stack manifest that brings a component in, for a component not written in the manifest itself. */
function importSpanFor(engine: Engine, file: string, c: MergedComponent): Span | undefined {
  const m = engine.manifest(file);
  const defFiles = new Set(c.defs.map((d) => d.path));
  for (const imp of m?.model.imports ?? []) {
    for (const t of engine.resolveImport(imp, file) ?? []) {
      if (engine.closure(t).files.some((f) => defFiles.has(f))) return imp.span;
    }
  }
  return undefined;
}

function runnableComponent(c: MergedComponent): boolean {
  return !c.abstract && RUNNABLE_TYPES.has(c.type);
}

export function plan(file: IndexedFile, ws: WorkspaceView, input: PlanInput): RunPlan {
  const model = file.facts.model as StackModel | WorkflowModel | undefined;
  if (!model) throw new PlanError("This is not an Atmos manifest.");
  const id = input.runnable;
  if (model.kind === "workflow") {
    const name = id.startsWith("workflow:") ? id.slice("workflow:".length) : id.startsWith("step:") ? id.slice("step:".length, id.lastIndexOf("#")) : undefined;
    const w = name === undefined ? undefined : model.workflows.find((x) => x.name === name);
    if (!w) throw new PlanError(`Nothing named '${id}' to run in this workflow manifest.`);
    return workflowPlan(file, ws, w, input);
  }
  if (!id.startsWith("component:")) throw new PlanError(`Nothing named '${id}' to run in this stack manifest.`);
  return componentPlan(ws, id, input);
}

// ---- Workflows ----

/** The `-f` argument of `atmos workflow`: the manifest's path below `workflows.base_path`, without extension. */
function workflowFileArg(file: IndexedFile, ws: WorkspaceView): string {
  const config = configFor(file.path, ws);
  const rel = relPosix(config.workflowsBase, file.path);
  return (rel.startsWith("..") ? path.basename(file.path) : rel).replace(/\.ya?ml$/i, "");
}

function workflowPlan(file: IndexedFile, ws: WorkspaceView, w: WorkflowDef, input: PlanInput): RunPlan {
  if (!w.steps.length) throw new PlanError(`Workflow '${w.name}' has no steps: Atmos refuses to run it.`);
  // Atmos validates the parallel/matrix steps of the whole workflow before it runs any step.
  const invalid = controlProblems(file.path, w.steps)[0]?.message ?? w.steps.map(controlSettingsProblem).find((m) => m);
  if (invalid) throw new PlanError(`Atmos refuses to run workflow '${w.name}': ${invalid}`);
  const config = configFor(file.path, ws);
  const fileArg = workflowFileArg(file, ws);
  const steps: PlanStep[] = [];
  const groups: PlanGroup[] = [];
  w.steps.forEach((st, i) => {
    if (!isControlStep(st)) {
      steps.push(workflowStep(file, w, st, i, config.root, fileArg, input));
      return;
    }
    const group = controlGroup(file, w, st, i, input);
    groups.push(group);
    for (const node of controlNodes(st)) steps.push(controlChildStep(file, w, group, node, config.root, fileArg, input));
  });
  return { title: `Atmos workflow ${w.name}`, policy: { mode: "sequential", maxConcurrency: 1, onFailure: "stop" }, steps, groups: groups.length ? groups : undefined };
}

/** What the step shape reports and Atmos also refuses: a negative or non-integer count, an unknown fail mode. */
function controlSettingsProblem(st: StepModel): string | undefined {
  if (!isControlStep(st)) return undefined;
  const count = (n: StepModel["maxConcurrency"], key: string): string | undefined =>
    n && (n.value === undefined || n.value < 0) ? `'${key}' of step '${st.name}' must be a whole number, 0 or more (it is '${n.text}').` : undefined;
  const mode = st.fail?.mode?.name;
  if (mode && !(FAIL_MODES as readonly string[]).includes(mode)) return `step '${st.name}' has fail.mode '${mode}'; Atmos knows ${FAIL_MODES.join(", ")}.`;
  return count(st.maxConcurrency, "max_concurrency") ?? count(st.fail?.maxFailures, "fail.max_failures");
}

/** A parallel/matrix step as a group of the plan (control.ts says how Atmos runs it). */
function controlGroup(file: IndexedFile, w: WorkflowDef, st: StepModel, i: number, input: PlanInput): PlanGroup {
  const c = controlSettings(st);
  const where = input.locate(file.path, st.fullSpan);
  const rows = st.type === "matrix" ? expandMatrix(st).length : 0;
  const detail = [
    st.type === "matrix" ? `matrix, ${rows} row${rows === 1 ? "" : "s"}` : "parallel",
    c.maxConcurrency > 0 ? `${c.maxConcurrency} at a time` : "all at once",
    c.mode + (c.maxFailures > 0 ? `, gives up after ${c.maxFailures} failure${c.maxFailures === 1 ? "" : "s"}` : ""),
  ].join(", ");
  return {
    id: stepRunnableId(w.name, i),
    label: st.name,
    maxConcurrency: c.maxConcurrency,
    cancelAfterFailures: cancelThreshold(c),
    continueOnFailure: c.mode === "best_effort" ? true : undefined,
    detail,
    uri: where.uri,
    range: where.range,
    nodeId: stepNodeId(file.path, w.name, i),
  };
}

/** One child of a parallel step, or of one matrix row, with its `{{ .matrix.* }}` and `{{ .step.name }}` filled in. */
function controlChildStep(file: IndexedFile, w: WorkflowDef, group: PlanGroup, node: ControlNode, root: string, fileArg: string, input: PlanInput): PlanStep {
  const st = node.child;
  const where = input.locate(file.path, st.fullSpan);
  const base = {
    id: `${group.id}/${node.id}`,
    label: node.label,
    cwd: root,
    needs: node.needs.map((n) => `${group.id}/${n}`),
    group: group.id,
    uri: where.uri,
    range: where.range,
    nodeId: `${group.nodeId}/${node.childIndex}`,
  };
  const resume = `run it with 'atmos workflow ${w.name} -f ${fileArg}'`;
  const fill = (text: string | undefined, shell: boolean): { text?: string; problem?: string } => fillControlTemplate(text, node, shell);
  if (st.type === "atmos" || st.type === "shell") {
    const cmd = fill(st.command, st.type === "shell");
    if (cmd.problem) return { ...base, command: { shell: st.command ?? "", interpreter: "sh" }, unsupported: `${cmd.problem}; ${resume}.` };
    if (st.type === "shell") {
      if (!cmd.text?.trim()) return { ...base, command: { shell: "", interpreter: "sh" }, unsupported: `Step '${st.name}' has no command.` };
      return { ...base, command: { shell: cmd.text, interpreter: "sh" } };
    }
    const words = cmd.text === undefined ? [] : splitCommand(cmd.text);
    if (!words.length) return { ...base, command: { argv: [input.settings.atmosExecutable] }, unsupported: `Step '${st.name}' has no command.` };
    // A child's stack: its own, else the workflow's; the parent step's `stack` does not apply.
    const stack = fill(st.stack?.name, false);
    if (stack.problem) return { ...base, command: { argv: [input.settings.atmosExecutable, ...words] }, unsupported: `${stack.problem}; ${resume}.` };
    return { ...base, command: { argv: [input.settings.atmosExecutable, ...withStack(words, stack.text?.trim() || w.stack?.name)] } };
  }
  if (st.type === "sleep") {
    const timeout = fill(str(get(st.node, "timeout")), false);
    const seconds = timeout.text?.trim() ? goDurationSeconds(timeout.text.trim()) : 1;
    if (timeout.problem || seconds === undefined) return { ...base, command: { argv: ["sleep", "1"] }, unsupported: timeout.problem ? `${timeout.problem}; ${resume}.` : `Step '${st.name}' has timeout '${timeout.text}', which is not a Go duration such as '2s' or '1m30s'.` };
    return { ...base, command: { argv: ["sleep", String(seconds)] } };
  }
  return { ...base, command: { shell: st.command ?? "", interpreter: "sh" }, unsupported: `Step type '${st.type}' is not run locally by Infraflow; ${resume}.` };
}

/**
 * Fills `{{ .matrix.AXIS }}` and `{{ .step.name }}` as Atmos's Go template does. Any other template needs Atmos's
 * step variables, so the step is not run here. In a shell command a value is put in only when it holds no
 * character the shell would read: Atmos pastes it raw, and a name from YAML never reaches a shell unquoted.
 */
export function fillControlTemplate(text: string | undefined, node: ControlNode, shell: boolean): { text?: string; problem?: string } {
  if (text === undefined || !/\{\{|\}\}/.test(text)) return { text };
  let problem: string | undefined;
  const filled = text.replace(/\{\{-?\s*\.(matrix\.([A-Za-z_][A-Za-z0-9_]*)|step\.name)\s*-?\}\}/g, (whole, _what: string, axis: string | undefined) => {
    const value = axis !== undefined ? node.row[axis] : node.id;
    if (value === undefined) {
      problem ??= `'${whole}' names no matrix axis of this step`;
      return whole;
    }
    if (shell && !/^[A-Za-z0-9_./:=+,@%-]*$/.test(value)) problem ??= `the value '${value}' of '${whole}' holds characters a shell would read, and Infraflow does not paste it into a shell command`;
    return value;
  });
  if (!problem && /\{\{|\}\}/.test(filled)) problem = "the command uses a template that only Atmos fills";
  return problem ? { problem } : { text: filled };
}

/** Seconds of a Go duration (`1h2m3.5s`, `300ms`), or undefined when it is not one. */
export function goDurationSeconds(text: string): number | undefined {
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, "μs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  if (text === "0") return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * units[m[2]!]!;
    at = re.lastIndex;
  }
  return at === text.length && at > 0 ? Math.round(total * 1000) / 1000 : undefined;
}

function workflowStep(file: IndexedFile, w: WorkflowDef, st: StepModel, i: number, root: string, fileArg: string, input: PlanInput): PlanStep {
  const where = input.locate(file.path, st.fullSpan);
  const resume = `run it with 'atmos workflow ${w.name} -f ${fileArg}'`;
  const gate = whenGate(st, resume);
  const base = { id: stepRunnableId(w.name, i), label: st.name, cwd: root, needs: [], uri: where.uri, range: where.range, nodeId: stepNodeId(file.path, w.name, i) };
  if (gate) {
    const command = st.type === "atmos" ? { argv: [input.settings.atmosExecutable, ...splitCommand(st.command ?? "")] } : { shell: st.command ?? "", interpreter: "sh" as const };
    return { ...base, command, ...gate };
  }
  if (st.type === "atmos") {
    const words = st.command === undefined ? [] : splitCommand(st.command);
    if (!words.length) return { ...base, command: { argv: [input.settings.atmosExecutable] }, unsupported: `Step '${st.name}' has no command.` };
    const stack = st.stack?.name ?? w.stack?.name;
    return { ...base, command: { argv: [input.settings.atmosExecutable, ...withStack(words, stack)] } };
  }
  if (st.type === "shell") {
    if (!st.command?.trim()) return { ...base, command: { shell: "", interpreter: "sh" }, unsupported: `Step '${st.name}' has no command.` };
    return { ...base, command: { shell: st.command, interpreter: "sh" } };
  }
  return { ...base, command: { shell: st.command ?? "", interpreter: "sh" }, unsupported: `Step type '${st.type}' is not run locally by Infraflow; ${resume}.` };
}

/**
 * A step's `when:`, the condition Atmos evaluates before it runs the step (pkg/workflow BuildConditionContext;
 * the manifest schema's step_condition): `always` and `success` run it (a workflow reaches a step only after the
 * earlier ones succeeded), `never` skips it. `ci`, `local`, a CEL expression, a list or `all`/`any`/`not` depend on
 * what Atmos sees when it runs (the CI environment, the OS, env vars), so the step is not run here.
 */
function whenGate(st: StepModel, resume: string): Pick<PlanStep, "disabled" | "unsupported"> | undefined {
  const node = get(st.node, "when");
  if (!node || (isScalar(node) && (node.value === null || node.value === undefined))) return undefined;
  const v = str(node)?.trim();
  if (v === "always" || v === "success") return undefined;
  if (v === "never") return { disabled: `Step '${st.name}' has 'when: never': Atmos skips it.` };
  return { unsupported: `Step '${st.name}' runs only when its 'when:' condition holds, which Atmos evaluates as it runs; ${resume}.` };
}

/** `-s STACK` appended before any `--`, as Atmos does (a later `-s` wins over one written in the command). */
export function withStack(words: string[], stack: string | undefined): string[] {
  if (!stack) return words;
  const dd = words.indexOf("--");
  return dd === -1 ? [...words, "-s", stack] : [...words.slice(0, dd), "-s", stack, ...words.slice(dd)];
}

/** Splits a command on whitespace, keeping '…' and "…" together (with `\` escapes outside single quotes). */
export function splitCommand(command: string): string[] {
  const out: string[] = [];
  let cur = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === "\\" && i + 1 < command.length && '"\\$`'.includes(command[i + 1]!)) cur += command[++i];
      else cur += c;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = "";
      inWord = false;
    } else {
      inWord = true;
      if (c === "'" || c === '"') quote = c;
      else if (c === "\\" && i + 1 < command.length) cur += command[++i];
      else cur += c;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

// ---- Components ----

interface Instance {
  ctx: string;
  stack: string;
  component: MergedComponent;
}

function componentPlan(ws: WorkspaceView, id: string, input: PlanInput): RunPlan {
  const engine = engineFor(ws);
  const at = id.lastIndexOf("@");
  const name = id.slice("component:".length, at);
  const stackName = id.slice(at + 1);
  const ctx = at > 0 ? engine.stackNames().get(stackName) : undefined;
  if (!ctx) throw new PlanError(`No deployable stack named '${stackName}'.`);
  const target = engine.merged(ctx).components.get(componentKey("terraform", name));
  if (!target) throw new PlanError(`Stack '${stackName}' has no terraform component '${name}'.`);
  if (target.abstract) throw new PlanError(`Component '${name}' is abstract (metadata.type: abstract): Atmos does not deploy it.`);
  if (name.startsWith("-")) throw new PlanError(`The component name '${name}' starts with '-': atmos would read it as an option.`);
  const action = input.action ?? "plan";
  if (!COMPONENT_ACTIONS.includes(action)) throw new PlanError(`Unknown action '${action}' for an Atmos component: use ${COMPONENT_ACTIONS.join(", ")}.`);
  const root = configFor(ctx, ws).root;
  const exe = input.settings.atmosExecutable;
  const first: Instance = { ctx, stack: stackName, component: target };

  const step = (inst: Instance, label: string, needs: string[]): PlanStep => {
    const def = inst.component.defs.find((d) => d.path === inst.ctx) ?? inst.component.defs[inst.component.defs.length - 1]!;
    const where = input.locate(def.path, def.item.fullSpan);
    const enabled = scalarAt(inst.component.metadata, "enabled");
    return {
      id: componentRunnableId(inst.component.name, inst.stack),
      label,
      command: { argv: [exe, "terraform", action, inst.component.name, "-s", inst.stack] },
      cwd: root,
      needs,
      disabled: enabled === "false" ? "metadata.enabled is false" : undefined,
      uri: where.uri,
      range: where.range,
      nodeId: componentId(inst.ctx, inst.component.name),
    };
  };

  const title = `atmos terraform ${action} ${name} -s ${stackName}`;
  if (!input.withDependencies) return { title, policy: { mode: "sequential", maxConcurrency: 1, onFailure: "stop" }, steps: [step(first, name, [])] };

  // The dependency closure, breadth first from the component.
  const warnings: string[] = [];
  const key = (i: Instance): string => componentRunnableId(i.component.name, i.stack);
  const found = new Map<string, Instance>([[key(first), first]]);
  const deps = new Map<string, string[]>();
  const queue = [first];
  while (queue.length) {
    const cur = queue.shift()!;
    const list: string[] = [];
    for (const r of componentDependencies(engine, cur.ctx, cur.component)) {
      const where = r.stackLabel ? `${r.name} in stack '${r.stackLabel}'` : `${r.name}`;
      if (!r.ctx || !r.target) {
        warnings.push(`'${cur.component.name}' depends on ${where}, which is not defined: it is not run.`);
        continue;
      }
      if (r.target.abstract || !RUNNABLE_TYPES.has(r.target.type)) {
        warnings.push(`'${cur.component.name}' depends on ${where}, which ${r.target.abstract ? "is abstract" : `is a ${r.target.type} component`}: it is not run.`);
        continue;
      }
      const inst: Instance = { ctx: r.ctx, stack: engine.stackName(r.ctx) ?? r.stackLabel ?? "", component: r.target };
      const k = key(inst);
      if (k === key(cur) || list.includes(k)) continue;
      list.push(k);
      if (!found.has(k)) {
        found.set(k, inst);
        queue.push(inst);
      }
    }
    deps.set(key(cur), list);
  }

  // Topological order (dependencies first); a cycle cannot be run.
  const order: string[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (k: string, trail: string[]): void => {
    const s = state.get(k);
    if (s === 2) return;
    if (s === 1) {
      const cyc = [...trail.slice(trail.indexOf(k)), k].map((x) => labelOf(found.get(x)!, first));
      throw new PlanError(`The dependencies of '${name}' form a cycle: ${cyc.join(" → ")}. Atmos cannot order them.`);
    }
    state.set(k, 1);
    for (const d of deps.get(k) ?? []) visit(d, [...trail, k]);
    state.set(k, 2);
    order.push(k);
  };
  visit(key(first), []);

  let steps: PlanStep[];
  if (action === "destroy") {
    // Dependents first: each component's destroy waits for the destroys of what depends on it.
    const dependents = new Map<string, string[]>();
    for (const [k, list] of deps) for (const d of list) dependents.set(d, [...(dependents.get(d) ?? []), k]);
    steps = [...order].reverse().map((k) => step(found.get(k)!, labelOf(found.get(k)!, first), dependents.get(k) ?? []));
  } else {
    steps = order.map((k) => step(found.get(k)!, labelOf(found.get(k)!, first), deps.get(k) ?? []));
  }
  return {
    title: `${title} with its dependencies`,
    policy: { mode: "dag", maxConcurrency: input.settings.maxConcurrency, onFailure: "stop" },
    steps,
    warnings: warnings.length ? warnings : undefined,
  };
}

/** A step's label: the component's name, with its stack when it is not the stack of the component asked for. */
function labelOf(inst: Instance, first: Instance): string {
  return inst.ctx === first.ctx ? inst.component.name : `${inst.component.name}@${inst.stack}`;
}
