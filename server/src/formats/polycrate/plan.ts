// Running Polycrate: workflows (steps strictly in order, one at a time; a failure stops the workflow unless it
// has `allow_failure`), single steps and single actions. Prompts are asked workflow → step → action.
// CLI mode runs `polycrate run BLOCK ACTION --force` (we asked the prompts already). Local mode runs the
// action's script lines in bash in the block's workdir (see blockWorkdir), for machines without the CLI: unlike the CLI, which
// starts every line in the background and waits for the last, local mode runs the lines in sequence.
import * as path from "node:path";
import type { PlanStep, RunPlan } from "../../../../common/run";
import { PlanError } from "../../../../common/run-order";
import type { Node } from "../../core/yaml";
import { entries, get, isMap, isSeq, items } from "../yaml-read";
import type { IndexedFile, PlanInput, RunnableDef, WorkspaceView } from "../types";
import { actionId, stepId } from "./graph";
import { effectiveActions, fileModel, lineage, workspaceModel, type ActionModel, type BlockModel, type MergedBlock, type WorkflowModel, type WorkspaceModel } from "./model";

export function runnables(file: IndexedFile): RunnableDef[] {
  const fm = fileModel(file);
  if (!fm) return [];
  const out: RunnableDef[] = [];
  if (fm.kind === "workspace") {
    for (const wf of fm.workflows) {
      if (!wf.name) continue;
      out.push({ id: `workflow:${wf.name}`, label: wf.name, kind: "workflow", detail: `${wf.steps.length} step${wf.steps.length === 1 ? "" : "s"}`, span: wf.span });
      wf.steps.forEach((st, i) => {
        out.push({
          id: stepId(wf.name, i),
          label: st.name || `step ${i + 1}`,
          kind: "step",
          parent: `workflow:${wf.name}`,
          stepId: stepId(wf.name, i),
          detail: st.block && st.action ? `polycrate run ${st.block.value} ${st.action.value}` : undefined,
          span: st.span,
        });
      });
    }
  }
  for (const b of fm.blocks) {
    for (const a of b.actions) {
      if (!a.name || !b.name) continue;
      out.push({ id: actionId(b.name, a.name), label: `${b.name} ${a.name}`, kind: "action", detail: `polycrate run ${b.name} ${a.name}`, span: a.span });
    }
  }
  return out;
}

export function plan(file: IndexedFile, ws: WorkspaceView, input: PlanInput): RunPlan {
  const fm = fileModel(file);
  if (!fm) throw new PlanError("This is not a Polycrate file.");
  const model = workspaceModel(ws, fm.root);
  const id = input.runnable;
  if (id.startsWith("workflow:") || id.startsWith("step:")) {
    const name = id.startsWith("workflow:") ? id.slice("workflow:".length) : id.slice("step:".length, id.lastIndexOf("#"));
    const wf = model.workflows.find((w) => w.name === name);
    if (!wf) throw new PlanError(`No workflow '${name}' in this workspace.`);
    return workflowPlan(ws, model, wf, input);
  }
  if (id.startsWith("action:")) {
    const [block, action] = id.slice("action:".length).split("/") as [string, string];
    const step = actionStep(ws, model, input, { id, label: `${block} ${action}`, block, action, span: undefined, path: undefined });
    return { title: `polycrate run ${block} ${action}`, policy: { mode: "sequential", maxConcurrency: 1, onFailure: "stop" }, steps: [step] };
  }
  throw new PlanError(`Nothing named '${id}' to run in this Polycrate file.`);
}

function workflowPlan(ws: WorkspaceView, model: WorkspaceModel, wf: WorkflowModel, input: PlanInput): RunPlan {
  if (!wf.steps.length) throw new PlanError(`Workflow '${wf.name}' has no steps: Polycrate refuses to run it.`);
  const allow = wf.allowFailure?.value === true;
  const steps = wf.steps.map((st, i) => {
    if (!st.block || !st.action) throw new PlanError(`Step '${st.name || i + 1}' of workflow '${wf.name}' needs both a block and an action.`);
    const s = actionStep(ws, model, input, { id: stepId(wf.name, i), label: st.name || `step ${i + 1}`, block: st.block.value, action: st.action.value, span: st.span, path: model.workspacePath, workflow: wf.name, step: st.name });
    const prompts = [...(st.prompt?.message !== undefined ? [{ message: st.prompt.message || `Run step '${st.name}'?`, kind: "prompt" as const }] : []), ...(s.prompts ?? [])];
    return { ...s, prompts: prompts.length ? prompts : undefined, allowFailure: allow || undefined };
  });
  return {
    title: `Polycrate workflow ${wf.name}`,
    prompts: wf.prompt ? [{ message: wf.prompt.message || `Run workflow '${wf.name}'?`, kind: "prompt" }] : undefined,
    policy: { mode: "sequential", maxConcurrency: 1, onFailure: allow ? "continue" : "stop" },
    steps,
  };
}

interface StepTarget {
  id: string;
  label: string;
  block: string;
  action: string;
  span: { start: number; end: number } | undefined;
  path: string | undefined;
  workflow?: string;
  step?: string;
}

function actionStep(ws: WorkspaceView, model: WorkspaceModel, input: PlanInput, t: StepTarget): PlanStep {
  const b = model.blocks.get(t.block);
  if (!b) throw new PlanError(`Step '${t.label}' runs block '${t.block}', which is not defined in this workspace.`);
  const found = effectiveActions(model, b.name).actions.get(t.action);
  if (!found) throw new PlanError(`Step '${t.label}': block '${t.block}' has no action '${t.action}'.`);
  const a = found.action;
  const where = t.path && t.span ? input.locate(t.path, t.span) : input.locate(a.path, a.span);
  const base: PlanStep = {
    id: t.id,
    label: t.label,
    nodeId: t.id,
    command: { argv: [input.settings.polycrateExecutable, "run", t.block, t.action, "--force"] },
    cwd: model.root,
    needs: [],
    uri: where.uri,
    range: where.range,
    prompts: a.prompt ? [{ message: a.prompt.message || `Run action '${t.action}' of block '${t.block}'?`, kind: "prompt" }] : undefined,
  };
  if (input.settings.polycrateMode === "cli") return base;

  // Local mode: the action's own script, in bash, in the block's workdir, with the snapshot as variables.
  const env = snapshotEnv(ws, model, b, a, t);
  const cwd = blockWorkdir(model, b);
  if (cwd === undefined) {
    const top = lineage(model, b.name).chain.at(-1)?.parent?.name ?? b.name;
    return { ...base, env, command: { shell: "" }, unsupported: `Block '${b.name}' inherits from '${top}', which is not installed in this workspace, so its folder (where the action runs) is unknown; pull it with the Polycrate CLI or set infraflow.polycrate.mode to "cli".` };
  }
  if (a.playbook) return { ...base, cwd, env, command: { shell: "" }, unsupported: `Action '${t.action}' runs the Ansible playbook '${a.playbook.value}', which needs the Polycrate CLI (set infraflow.polycrate.mode to "cli").` };
  const lines = (a.script?.lines ?? []).map(templateToEnv);
  return { ...base, cwd, env, command: { shell: ["set -euo pipefail", ...lines].join("\n"), interpreter: "bash" } };
}

/**
 * Where a block's actions run, as Polycrate sets `Block.Workdir` (polycrate/polycrate cmd/workspace.go):
 * LoadBlock gives an installed block its folder (where its block.poly is); ResolveBlock gives a block with
 * `from` its parent's workdir (`block.Workdir.LocalPath = dep.Workdir.LocalPath`), so the chain's last ancestor
 * decides; and a block written only in workspace.poly has no workdir, so its actions run in the workspace
 * directory (Action.Run in cmd/actions.go: an empty `workdir.localPath` falls back to the workspace path).
 * Undefined when that ancestor is not in this workspace (a registry block not pulled yet): its folder is unknown.
 */
export function blockWorkdir(model: WorkspaceModel, b: MergedBlock): string | undefined {
  const { chain, open, cycle } = lineage(model, b.name);
  if (open) return undefined;
  const decides = cycle ? b : chain[chain.length - 1]!;
  const file = decides.parts.find((p) => p.source === "block-file");
  return file ? path.dirname(file.path) : model.root;
}

/** Go template expressions over the snapshot become references to the exported variables, so values from YAML
 * are expanded by bash as data and never parsed as code: `{{ .Block.Config.region }}` → `${BLOCK_CONFIG_REGION}`. */
export function templateToEnv(line: string): string {
  return line.replace(/\{\{-?\s*\.([A-Za-z][A-Za-z0-9_.]*)\s*-?\}\}/g, (whole, expr: string) => {
    const name = expr.split(".").map(envPart).join("_");
    return /^[A-Z_][A-Z0-9_]*$/.test(name) ? `\${${name}:-}` : whole;
  });
}

function envPart(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9]+/g, "_").toUpperCase();
}

function snapshotEnv(ws: WorkspaceView, model: WorkspaceModel, b: MergedBlock, a: ActionModel, t: StepTarget): Record<string, string> {
  const env: Record<string, string> = {};
  const set = (k: string, v: string | undefined): void => {
    if (v !== undefined) env[k] = v;
  };
  set("WORKSPACE_NAME", model.workspace?.name?.value);
  set("WORKSPACE_ORGANIZATION", model.workspace?.organization?.value);
  set("WORKSPACE_ROOT", model.root);
  const main: BlockModel | undefined = b.parts.find((p) => p.source === "block-file") ?? b.parts[0];
  set("BLOCK_NAME", b.name);
  set("BLOCK_VERSION", b.parts.map((p) => p.version).find((v) => v));
  set("BLOCK_KIND", b.parts.map((p) => p.kind).find((v) => v) ?? main?.kind);
  set("ACTION_NAME", a.name);
  set("WORKFLOW_NAME", t.workflow);
  set("STEP_NAME", t.step);
  // Config: the installed block's, overridden by the workspace entry's (the workspace wins).
  const parts = [...b.parts].sort((x, y) => (x.source === "block-file" ? -1 : 1) - (y.source === "block-file" ? -1 : 1));
  for (const part of parts) flatten(configNode(ws, part), "BLOCK_CONFIG", env, 0);
  return env;
}

/** Finds a block part's `config` node again in its file's parsed YAML. */
function configNode(ws: WorkspaceView, part: BlockModel): Node | null {
  const f = ws.file(part.path);
  if (!f) return null;
  const root = f.parsed.root;
  const blockNode = part.source === "block-file" ? root : items(get(root, "blocks")).find((n) => (n as { range?: [number, number, number] }).range?.[0] === part.span.start) ?? null;
  return isMap(blockNode) ? get(blockNode, "config") : null;
}

function flatten(node: Node | null, prefix: string, env: Record<string, string>, depth: number): void {
  if (!node || depth > 8) return;
  if (isMap(node)) {
    for (const e of entries(node)) flatten(e.value, `${prefix}_${envPart(e.key)}`, env, depth + 1);
    return;
  }
  if (isSeq(node)) {
    env[prefix] = JSON.stringify((node as { toJSON(): unknown }).toJSON());
    return;
  }
  const v = (node as { value?: unknown }).value;
  if (v !== null && v !== undefined) env[prefix] = String(v);
}
