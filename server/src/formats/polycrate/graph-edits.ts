// Polycrate graph edits: steps of a workflow in `workspace.poly` (add, move, remove), new blocks and workflows,
// removing blocks, actions and workflows. Steps run in list order and have no dependencies to draw.
import type { TextChange } from "../../core/problem";
import { isMap, isSeq, type Node, type YAMLMap, type YAMLSeq } from "../../core/yaml";
import { effectiveActions, fileModel, workspaceModel, type WorkspaceModel } from "./model";
import { change, pairOf, removeCascading, valueOf } from "../edit-support";
import type { EditContext, FormatEdits } from "../types";
import { appendPair, appendToList, EditRefused, layoutOf, moveItem, quoteFor, scalar, type Out } from "../yaml-text";

const NAME = /^[a-zA-Z]+([-/_]?[a-zA-Z0-9_]+)+$/;
/** Keys that go away with their last item, so that adding one to a workspace without them and removing it is a no-op. */
const LISTS: ReadonlySet<string> = new Set(["steps", "workflows", "blocks", "actions"]);

function modelOf(ctx: EditContext): WorkspaceModel {
  const fm = fileModel(ctx.ws.file(ctx.path));
  if (!fm) throw new EditRefused("This file is not part of a Polycrate workspace.");
  return workspaceModel(ctx.ws, fm.root);
}

function workspaceFile(ctx: EditContext, model: WorkspaceModel) {
  if (!model.workspacePath) throw new EditRefused("This block has no workspace.poly above it; workflows live there.");
  return ctx.file(model.workspacePath);
}

/** The workflow's list item and its `steps` list, in workspace.poly. */
function workflowNode(ctx: EditContext, model: WorkspaceModel, name: string) {
  const f = workspaceFile(ctx, model);
  const list = valueOf(f.parsed.root, "workflows", true);
  const node = isSeq(list) ? ((list as YAMLSeq).items as Node[]).find((w) => isMap(w) && String((valueOf(w, "name", true) as { value?: unknown } | null)?.value ?? "") === name) : undefined;
  if (!node) throw new EditRefused(`There is no workflow '${name}' in workspace.poly.`);
  return { f, node: node as YAMLMap, steps: pairOf(node, "steps", true) };
}

function stepItems(steps: ReturnType<typeof workflowNode>["steps"]): Node[] {
  return isSeq(steps?.value) ? ((steps!.value as YAMLSeq).items as Node[]) : [];
}

/** Key order of the existing steps, so a new step looks like its neighbours. */
function stepKeys(items: Node[]): string[] {
  const first = items.find((s) => isMap(s)) as YAMLMap | undefined;
  const keys = first ? first.items.map((p) => String((p.key as { value?: unknown }).value).toLowerCase()).filter((k) => k === "name" || k === "block" || k === "action") : [];
  return keys.length === 3 ? keys : ["name", "block", "action"];
}

function uniqueStepName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[^a-zA-Z0-9_-]+/g, "-").replace(/^[^a-zA-Z]+/, "").replace(/-+$/, "") || "step";
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}

function addStep(ctx: EditContext, model: WorkspaceModel, e: { workflow: string; block: string; action: string; index?: number; name?: string }): TextChange[] {
  const block = model.blocks.get(e.block);
  if (!block) throw new EditRefused(`There is no block '${e.block}' in this workspace.`);
  const acts = effectiveActions(model, e.block);
  if (acts.complete && !acts.actions.has(e.action)) throw new EditRefused(`Block '${e.block}' has no action '${e.action}'.`);
  const { f, node, steps } = workflowNode(ctx, model, e.workflow);
  const items = stepItems(steps);
  const taken = new Set(model.workflows.find((w) => w.name === e.workflow)?.steps.map((s) => s.name) ?? []);
  const name = e.name ?? uniqueStepName(`${e.action}-${e.block}`, taken);
  if (e.name !== undefined && !NAME.test(e.name)) throw new EditRefused(`'${e.name}' is not a valid step name: start with a letter, then letters, digits, '-', '_' or '/'.`);
  if (taken.has(name)) throw new EditRefused(`Workflow '${e.workflow}' already has a step named '${name}'.`);
  const values: Record<string, string> = { name, block: e.block, action: e.action };
  const item: Out = { map: stepKeys(items).map((k) => [k, { s: scalar(values[k]!, quoteFor(items, k)) }]) };
  const st = ctx.style(f);
  if (!steps) return [change(f.path, appendPair(f.text, node, "steps", { list: [item] }, st))];
  if (e.index !== undefined && e.index > items.length) throw new EditRefused(`Workflow '${e.workflow}' has ${items.length} step(s); there is no position ${e.index + 1}.`);
  return [change(f.path, appendToList(f.text, steps, item, st, e.index))];
}

function moveStep(ctx: EditContext, model: WorkspaceModel, e: { workflow: string; from: number; to: number }): TextChange[] {
  const { f, steps } = workflowNode(ctx, model, e.workflow);
  if (!isSeq(steps?.value)) throw new EditRefused(`Workflow '${e.workflow}' has no steps.`);
  const c = moveItem(f.text, layoutOf(f.text, steps!.value as YAMLSeq), e.from, e.to);
  return c ? [change(f.path, c)] : [];
}

function removeStep(ctx: EditContext, model: WorkspaceModel, workflow: string, index: number): TextChange[] {
  const { f, steps } = workflowNode(ctx, model, workflow);
  const items = stepItems(steps);
  const item = items[index];
  if (!item) throw new EditRefused(`Workflow '${workflow}' has no step ${index + 1}.`);
  return [change(f.path, removeCascading(f.text, f.parsed.root, item, LISTS))];
}

/** `step:<wf>#<i>` → workflow and index. */
function parseStep(id: string): { workflow: string; index: number } | undefined {
  const m = /^step:(.*)#(\d+)$/.exec(id);
  return m ? { workflow: m[1]!, index: Number(m[2]) } : undefined;
}

function blockEntry(ctx: EditContext, model: WorkspaceModel, name: string) {
  const f = workspaceFile(ctx, model);
  const list = valueOf(f.parsed.root, "blocks", true);
  const node = isSeq(list) ? ((list as YAMLSeq).items as Node[]).find((b) => isMap(b) && String((valueOf(b, "name", true) as { value?: unknown } | null)?.value ?? "") === name) : undefined;
  return node ? { f, node } : undefined;
}

function removeNode(ctx: EditContext, model: WorkspaceModel, id: string): TextChange[] {
  const step = parseStep(id);
  if (step) return removeStep(ctx, model, step.workflow, step.index);
  if (id.startsWith("workflow:")) {
    const { f, node } = workflowNode(ctx, model, id.slice("workflow:".length));
    return [change(f.path, removeCascading(f.text, f.parsed.root, node, LISTS))];
  }
  if (id.startsWith("block:")) {
    const name = id.slice("block:".length);
    const b = model.blocks.get(name);
    if (!b) throw new EditRefused(`There is no block '${name}' in this workspace.`);
    const own = b.parts.find((p) => p.source === "block-file");
    if (own) throw new EditRefused(`Block '${name}' is installed in ${own.path.slice(model.root.length + 1)}; delete its folder to remove it.`);
    const entry = blockEntry(ctx, model, name);
    if (!entry) throw new EditRefused(`Block '${name}' is not written in workspace.poly.`);
    return [change(entry.f.path, removeCascading(entry.f.text, entry.f.parsed.root, entry.node, LISTS))];
  }
  if (id.startsWith("action:")) {
    const rest = id.slice("action:".length);
    const slash = rest.lastIndexOf("/");
    const [blockName, actionName] = [rest.slice(0, slash), rest.slice(slash + 1)];
    const def = model.blocks.get(blockName)?.actions.get(actionName)?.[0];
    if (!def) throw new EditRefused(`Block '${blockName}' has no action '${actionName}'.`);
    const f = ctx.file(def.path);
    const node = findBySpan(f.parsed.root, def.span.start);
    if (!node) throw new EditRefused(`Could not find action '${actionName}' in the text.`);
    return [change(f.path, removeCascading(f.text, f.parsed.root, node, LISTS))];
  }
  throw new EditRefused("This node cannot be removed from the graph.");
}

/** The map node that starts at an offset (an action, a block entry). */
function findBySpan(root: Node | null, start: number): Node | undefined {
  let hit: Node | undefined;
  const walk = (n: Node | null | undefined, depth: number): void => {
    if (!n || hit || depth > 60) return;
    if (isMap(n) && n.range?.[0] === start) {
      hit = n;
      return;
    }
    if (isMap(n)) for (const p of (n as YAMLMap).items) walk(p.value as Node, depth + 1);
    else if (isSeq(n)) for (const it of (n as YAMLSeq).items) walk(it as Node, depth + 1);
  };
  walk(root, 0);
  return hit;
}

function addNode(ctx: EditContext, model: WorkspaceModel, e: { kind: string; name: string; extra?: Record<string, string> }): TextChange[] {
  const f = workspaceFile(ctx, model);
  const root = f.parsed.root;
  if (!isMap(root)) throw new EditRefused("workspace.poly is not a map.");
  const st = ctx.style(f);
  if (!NAME.test(e.name)) throw new EditRefused(`'${e.name}' is not a valid ${e.kind} name: start with a letter, then letters, digits, '-', '_' or '/'.`);
  let key: string;
  let item: Out;
  if (e.kind === "block") {
    if (model.blocks.has(e.name)) throw new EditRefused(`A block named '${e.name}' already exists.`);
    const action = e.extra?.action || "run";
    if (!NAME.test(action)) throw new EditRefused(`'${action}' is not a valid action name.`);
    const script = e.extra?.script || `echo ${action} ${e.name}`;
    key = "blocks";
    item = { map: [["name", { s: scalar(e.name) }], ["actions", { list: [{ map: [["name", { s: scalar(action) }], ["script", { list: [{ s: scalar(script) }] }]] }] }]] };
  } else if (e.kind === "workflow") {
    if (model.workflows.some((w) => w.name === e.name)) throw new EditRefused(`A workflow named '${e.name}' already exists.`);
    key = "workflows";
    const steps: Out[] = e.extra?.block && e.extra.action ? [{ map: [["name", { s: scalar(uniqueStepName(`${e.extra.action}-${e.extra.block}`, new Set())) }], ["block", { s: scalar(e.extra.block) }], ["action", { s: scalar(e.extra.action) }]] }] : [];
    item = { map: [["name", { s: scalar(e.name) }], ["steps", steps.length ? { list: steps } : { s: "[]" }]] };
  } else throw new EditRefused(`Polycrate has no '${e.kind}' nodes; add a block or a workflow.`);
  const pair = pairOf(root, key, true);
  if (!pair) return [change(f.path, appendPair(f.text, root as YAMLMap, key, { list: [item] }, st))];
  return [change(f.path, appendToList(f.text, pair, item, st))];
}

export const polycrateEdits: FormatEdits = {
  apply(ctx, edit) {
    const model = modelOf(ctx);
    switch (edit.type) {
      case "addStep":
        return addStep(ctx, model, edit);
      case "moveStep":
        return moveStep(ctx, model, edit);
      case "removeStep":
        return removeStep(ctx, model, edit.workflow, edit.index);
      case "removeNode":
        return removeNode(ctx, model, edit.nodeId);
      case "addNode":
        return addNode(ctx, model, edit);
      case "addDependency":
        throw new EditRefused("Polycrate steps run in list order and have no dependencies: move the step instead.");
      case "removeDependency":
        throw new EditRefused("This edge is not a dependency written in the file: Polycrate steps run in list order. Move or remove the step instead.");
    }
  },
  nameAt(ctx, id) {
    const model = modelOf(ctx);
    const step = parseStep(id);
    if (step) {
      const s = model.workflows.find((w) => w.name === step.workflow)?.steps[step.index];
      return s?.nameSpan && model.workspacePath ? { path: model.workspacePath, offset: s.nameSpan.start } : undefined;
    }
    if (id.startsWith("workflow:")) {
      const w = model.workflows.find((x) => x.name === id.slice("workflow:".length));
      return w?.nameSpan && model.workspacePath ? { path: model.workspacePath, offset: w.nameSpan.start } : undefined;
    }
    if (id.startsWith("block:")) {
      const b = model.blocks.get(id.slice("block:".length));
      const part = b?.parts.find((p) => p.source === "block-file" && p.nameSpan) ?? b?.parts.find((p) => p.nameSpan);
      return part?.nameSpan ? { path: part.path, offset: part.nameSpan.start } : undefined;
    }
    if (id.startsWith("action:")) {
      const rest = id.slice("action:".length);
      const slash = rest.lastIndexOf("/");
      const a = model.blocks.get(rest.slice(0, slash))?.actions.get(rest.slice(slash + 1))?.find((x) => x.nameSpan);
      return a?.nameSpan ? { path: a.path, offset: a.nameSpan.start } : undefined;
    }
    return undefined;
  },
  stepChoices(ctx) {
    const model = modelOf(ctx);
    const blocks = [...model.blocks.values()]
      .map((b) => ({ name: b.name, actions: [...effectiveActions(model, b.name).actions.keys()].sort() }))
      .filter((b) => b.actions.length > 0)
      .sort((a, b) => a.name.localeCompare(b.name));
    return { blocks };
  },
};
