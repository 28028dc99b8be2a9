// A local preview of what env0 does with a workflow file (env0 itself runs only in its SaaS):
// - The workflow is a DAG: a sub-environment starts once everything it `needs` deployed, up to `maxConcurrency`
//   at a time, and a failure blocks only what (transitively) needs the failed one.
// - `disabled: true` skips a node. A `${VAR}` value (env0 fills it in at deploy time) is filled in here when the
//   plan is made, from `infraflow.env` and then the environment of the server or CLI: the node is skipped when it
//   reads `true`, and runs otherwise. `requiresApproval` works the same way and asks for a confirmation.
// - Each node's command is the `infraflow.env0.command` template, filled with `${alias}`, `${name}`, `${path}`
//   (vcs.path), `${workspace}`, `${action}` (deploy|destroy), `${revision}`, `${type}` (vcs.type) and
//   `${template}` (templateName), each value shell-quoted, run in `sh` in the workflow file's folder. Without a
//   template, terraform and opentofu nodes with a `vcs.path` run `terraform|tofu -chdir=PATH apply|destroy
//   -auto-approve` (the path taken relative to the workflow file's folder, TF_WORKSPACE set from `workspace`);
//   other nodes say how to set the template.
// - Destroy runs in reverse: the plan itself is reversed (a node's destroy waits for the destroys of the nodes that
//   need it), so callers must not also pass `reverse`.
// - Each alias runnable plans that one sub-environment alone (env0's single-node deploy/destroy); "run from here"
//   is the workflow plan with the alias as `fromStep`.
import * as path from "node:path";
import type { PlanStep, RunPlan, RunSettings } from "../../../../common/run";
import { PlanError } from "../../../../common/run-order";
import { fillTemplate, powerShellQuote } from "../../../../common/quote";
import type { IndexedFile, PlanInput, RunnableDef } from "../types";
import { aliasId } from "./graph";
import { dependencyCycles, deployWaves, neededBy, needsOf, type FlagModel, type SubEnvironmentModel, type WorkflowModel } from "./model";

export const WORKFLOW_RUNNABLE = "workflow";
export const ACTIONS = ["deploy", "destroy"];

export function runnables(file: IndexedFile): RunnableDef[] {
  const model = file.facts.model as WorkflowModel | undefined;
  if (!model || !model.environments.length) return [];
  const waves = deployWaves(model).length;
  const n = model.environments.length;
  const out: RunnableDef[] = [
    {
      id: WORKFLOW_RUNNABLE,
      // env0 names a workflow after the environment created from the file, which the file does not hold: the
      // label says what it is, and run labels add the file.
      label: "env0 workflow",
      kind: "workflow",
      detail: `${n} sub-environment${n === 1 ? "" : "s"} in ${waves} wave${waves === 1 ? "" : "s"}`,
      actions: [...ACTIONS],
      span: model.environmentsKeySpan ?? { start: 0, end: 0 },
    },
  ];
  for (const env of model.environments) {
    out.push({ id: aliasId(env.alias), label: env.alias, kind: "node", detail: env.name?.value, actions: [...ACTIONS], parent: WORKFLOW_RUNNABLE, stepId: aliasId(env.alias), span: env.span });
  }
  return out;
}

export function plan(file: IndexedFile, _ws: unknown, input: PlanInput): RunPlan {
  const model = file.facts.model as WorkflowModel | undefined;
  if (!model) throw new PlanError("This is not an env0 workflow file.");
  const action = input.action ?? "deploy";
  if (!ACTIONS.includes(action)) throw new PlanError(`Unknown action '${action}' for an env0 workflow: use deploy or destroy.`);
  const destroy = action === "destroy";
  if (!model.environments.length) throw new PlanError("This workflow has no sub-environments.");
  const cycles = dependencyCycles(model);
  if (cycles.length) throw new PlanError(`Sub-environments need each other in a cycle (${cycles.map((c) => [...c, c[0]].join(" → ")).join("; ")}): env0 cannot deploy them.`);

  const warnings: string[] = [];
  const lookup = (name: string): string | undefined => input.settings.env[name] ?? input.env[name];
  const steps = new Map<string, PlanStep>();
  for (const env of model.environments) steps.set(env.alias, nodeStep(model, env, action, input, lookup, warnings));
  for (const env of model.environments) {
    for (const n of env.needs) {
      if (n.interpolated) warnings.push(`'${env.alias}' needs '${n.name}', which env0 fills in at deploy time: the preview does not wait for it.`);
      else if (n.name !== env.alias && !steps.has(n.name)) warnings.push(`'${env.alias}' needs '${n.name}', which is not defined: the preview does not wait for it.`);
    }
  }
  // Waves order the steps (dependencies first; reversed for destroy).
  const order = deployWaves(model).flat();
  let list = order.map((a) => steps.get(a)!);
  if (destroy) list = list.reverse();

  const id = input.runnable;
  if (id.startsWith("alias:")) {
    const alias = id.slice("alias:".length);
    const one = steps.get(alias);
    if (!one) throw new PlanError(`No sub-environment '${alias}' in this workflow.`);
    return { title: `env0 ${action} ${alias} (this sub-environment only)`, policy: { mode: "sequential", maxConcurrency: 1, onFailure: "stop" }, steps: [{ ...one, needs: [] }], warnings: warnings.length ? uniq(warnings) : undefined };
  }
  if (id !== WORKFLOW_RUNNABLE) throw new PlanError(`Nothing named '${id}' to run in this env0 workflow.`);
  return {
    title: `env0 workflow ${action}${destroy ? " (in reverse order)" : ""}`,
    policy: { mode: "dag", maxConcurrency: input.settings.maxConcurrency, onFailure: "block-descendants" },
    steps: list,
    warnings: warnings.length ? uniq(warnings) : undefined,
  };
}

function uniq(list: string[]): string[] {
  return [...new Set(list)];
}

/** Fills `${VAR}` from the settings' env, then the environment the plan was given; unset variables stay as written. */
function interpolate(value: string, lookup: (name: string) => string | undefined, unset: Set<string>): string {
  return value.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    const v = lookup(name.trim());
    if (v === undefined) unset.add(name.trim());
    return v ?? whole;
  });
}

/** Whether a flag is on: `true`, or a `${VAR}` expression that reads `true` now. Returns the reason text. */
function flagOn(flag: FlagModel | undefined, lookup: (name: string) => string | undefined): { on: boolean; reason?: string; unset: string[] } {
  if (!flag) return { on: false, unset: [] };
  if (typeof flag.value === "boolean") return { on: flag.value, unset: [] };
  const unset = new Set<string>();
  const v = interpolate(flag.value, lookup, unset).trim();
  return { on: v.toLowerCase() === "true", reason: `${flag.value} is ${JSON.stringify(v)}`, unset: [...unset] };
}

function nodeStep(model: WorkflowModel, env: SubEnvironmentModel, action: string, input: PlanInput, lookup: (name: string) => string | undefined, warnings: string[]): PlanStep {
  const destroy = action === "destroy";
  const where = input.locate(model.path, env.span);
  const unset = new Set<string>();
  const val = (v: string | undefined): string => (v === undefined ? "" : interpolate(v, lookup, unset));
  const needs = destroy ? neededBy(model, env.alias) : needsOf(model, env);
  const step: PlanStep = {
    id: aliasId(env.alias),
    label: env.alias,
    command: { argv: [] },
    cwd: path.dirname(model.path),
    needs: needs.map(aliasId),
    uri: where.uri,
    range: where.range,
    nodeId: aliasId(env.alias),
  };

  const disabled = flagOn(env.disabled, lookup);
  if (disabled.on) step.disabled = disabled.reason ?? true;
  else if (disabled.unset.length) warnings.push(`'${env.alias}' is disabled when ${env.disabled!.value} is true; ${disabled.unset.join(", ")} ${disabled.unset.length === 1 ? "is" : "are"} not set, so it runs.`);
  const approval = flagOn(env.requiresApproval, lookup);
  if (approval.on) step.prompts = [{ kind: "approval", message: `Approve ${destroy ? "destroying" : "deploying"} '${env.alias}'?` }];

  const values = {
    alias: env.alias,
    name: val(env.name?.value),
    path: val(env.vcs?.path?.value),
    workspace: val(env.workspace?.value),
    action,
    revision: val(env.revision?.value ?? env.vcs?.revision?.value),
    type: val(env.vcs?.type?.value),
    template: val(env.templateName?.value),
  };
  step.command = commandFor(env, values, input.settings, step, input.windows === true);
  // A skipped node runs nothing, so it cannot fail for want of a command.
  if (step.disabled) delete step.unsupported;
  const used = usedVariables(input.settings, env);
  const missing = [...unset].filter((u) => used.has(u));
  if (missing.length && !step.disabled && !step.unsupported) warnings.push(`'${env.alias}': ${missing.map((m) => `\${${m}}`).join(", ")} ${missing.length === 1 ? "is" : "are"} not set; the value is passed as written.`);
  return step;
}

/** The fields a node's command reads, to warn only about unset variables that matter. */
function usedVariables(settings: RunSettings, env: SubEnvironmentModel): Set<string> {
  const fields = settings.env0Command
    ? [env.name?.value, env.vcs?.path?.value, env.workspace?.value, env.revision?.value, env.vcs?.revision?.value, env.vcs?.type?.value, env.templateName?.value]
    : [env.vcs?.path?.value, env.workspace?.value];
  const out = new Set<string>();
  for (const f of fields) for (const m of (f ?? "").matchAll(/\$\{([^}]*)\}/g)) out.add(m[1]!.trim());
  return out;
}

function commandFor(env: SubEnvironmentModel, values: Record<string, string>, settings: RunSettings, step: PlanStep, windows: boolean): PlanStep["command"] {
  if (settings.env0Command) {
    return windows ? { shell: fillTemplate(settings.env0Command, values, powerShellQuote), interpreter: "powershell" } : { shell: fillTemplate(settings.env0Command, values), interpreter: "sh" };
  }
  const type = env.vcs?.type?.value;
  const exe = type === "terraform" ? "terraform" : type === "opentofu" ? "tofu" : undefined;
  if (exe && values.path) {
    if (values.workspace) step.env = { TF_WORKSPACE: values.workspace };
    return { argv: [exe, `-chdir=${values.path}`, values.action === "destroy" ? "destroy" : "apply", "-auto-approve"] };
  }
  step.unsupported = `Set infraflow.env0.command to say how to ${values.action} '${env.alias}' locally.`;
  return { shell: "", interpreter: "sh" };
}
