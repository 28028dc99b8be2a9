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
import type { PlanStep, RunPlan } from "../../../../common/run";
import { PlanError } from "../../engine/order";
import type { Span } from "../../core/text";
import type { IndexedFile, PlanInput, RunnableDef, WorkspaceView } from "../types";
import { configFor, relPosix } from "./config";
import { componentDependencies } from "./deps";
import { componentId, stepNodeId } from "./graph";
import { componentKey, scalarAt, type MergedComponent } from "./inherit";
import type { StackModel, StepModel, WorkflowDef, WorkflowModel } from "./model";
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
        detail: st.type === "atmos" && st.command ? `atmos ${st.command}` : st.type === "shell" ? st.command : `${st.type} step`,
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
  const config = configFor(file.path, ws);
  const fileArg = workflowFileArg(file, ws);
  const steps = w.steps.map((st, i) => workflowStep(file, w, st, i, config.root, fileArg, input));
  return { title: `Atmos workflow ${w.name}`, policy: { mode: "sequential", maxConcurrency: 1, onFailure: "stop" }, steps };
}

function workflowStep(file: IndexedFile, w: WorkflowDef, st: StepModel, i: number, root: string, fileArg: string, input: PlanInput): PlanStep {
  const where = input.locate(file.path, st.fullSpan);
  const base = { id: stepRunnableId(w.name, i), label: st.name, cwd: root, needs: [], uri: where.uri, range: where.range, nodeId: stepNodeId(file.path, w.name, i) };
  const resume = `run it with 'atmos workflow ${w.name} -f ${fileArg}'`;
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
