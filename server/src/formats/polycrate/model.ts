// The Polycrate model: what one file says (`PolyFileModel`, kept in FileFacts.model) and what a whole workspace
// says once `workspace.poly` and the installed `blocks/**/block.poly` files are merged (`WorkspaceModel`).
// Graph, plan and run features read these types; everything carries the spans it came from.
import * as path from "node:path";
import type { Span } from "../../core/text";
import type { Entry, Node } from "../../core/yaml";
import { entry, entryLower, fields, innerSpan, isMap, isScalar, isSeq, items, spanOf, str } from "../yaml-read";
import type { IndexedFile, WorkspaceView } from "../types";

/** A scalar value and the span of its text (quotes excluded). */
export interface ValueAt {
  value: string;
  span: Span;
}

export interface PromptModel {
  message?: string;
  span: Span;
}

export interface ActionModel {
  name: string;
  /** The name's text; absent when the action has no name. */
  nameSpan?: Span;
  /** The whole list item. */
  span: Span;
  /** The block the action is written under, and the file. */
  block: string;
  path: string;
  description?: string;
  script?: { lines: string[]; keySpan: Span };
  playbook?: ValueAt & { keySpan: Span };
  prompt?: PromptModel;
  interactive?: boolean;
}

export interface BlockModel {
  name: string;
  nameSpan?: Span;
  span: Span;
  /** The file the block is written in. */
  path: string;
  /** An entry of `workspace.poly` `blocks:`, or an installed `block.poly`. */
  source: "workspace" | "block-file";
  description?: string;
  kind?: string;
  version?: string;
  template?: boolean;
  from?: ValueAt;
  inventoryFrom?: ValueAt;
  kubeconfigFrom?: ValueAt;
  actions: ActionModel[];
}

export interface StepModel {
  name: string;
  nameSpan?: Span;
  span: Span;
  description?: string;
  block?: ValueAt;
  action?: ValueAt;
  prompt?: PromptModel;
  /** `allow_failure` written on the step, which Polycrate ignores. */
  allowFailure?: { value?: boolean; keySpan: Span; pairSpan: Span };
}

export interface WorkflowModel {
  name: string;
  nameSpan?: Span;
  span: Span;
  description?: string;
  steps: StepModel[];
  /** The `steps` key, when present. */
  stepsKeySpan?: Span;
  prompt?: PromptModel;
  allowFailure?: { value?: boolean; keySpan: Span };
}

export interface WorkspaceInfo {
  name?: ValueAt;
  organization?: ValueAt;
  description?: string;
  dependencies: ValueAt[];
  /** `config.blocksroot`, default `blocks`. */
  blocksroot: string;
  span: Span;
}

export interface PolyFileModel {
  kind: "workspace" | "block";
  path: string;
  /** The workspace root: the folder of `workspace.poly` (for a block: the nearest one above it, else its own folder). */
  root: string;
  /** Whether a `workspace.poly` was found for this file. */
  inWorkspace: boolean;
  workspace?: WorkspaceInfo;
  blocks: BlockModel[];
  workflows: WorkflowModel[];
}

// ---- Reading one file. ----

// Keys of workspace.poly compare case-insensitively (viper), those of block.poly exactly (yaml.v3): `ci` says
// which. Each mapping's keys are read once (`fields`), not once per key looked up.
type Fields = Map<string, Entry>;

function valueAt(node: Node | null | undefined): ValueAt | undefined {
  const v = str(node);
  if (v === undefined || !node) return undefined;
  const span = innerSpan(node);
  return span ? { value: v, span } : undefined;
}

function boolOf(node: Node | null | undefined): boolean | undefined {
  return isScalar(node) && typeof node.value === "boolean" ? node.value : undefined;
}

function spanOrZero(node: Node | null | undefined): Span {
  return spanOf(node) ?? { start: 0, end: 0 };
}

function promptOf(f: Fields, ci: boolean): PromptModel | undefined {
  const e = f.get("prompt");
  if (!e) return undefined;
  return { message: str((ci ? entryLower(e.value, "message") : entry(e.value, "message"))?.value), span: spanOf(e.pair) ?? { start: 0, end: 0 } };
}

function readAction(ci: boolean, node: Node, block: string, file: string): ActionModel {
  const f = fields(node, ci);
  const name = valueAt(f.get("name")?.value);
  const script = f.get("script");
  const playbook = f.get("playbook");
  const pb = valueAt(playbook?.value);
  return {
    name: name?.value ?? "",
    nameSpan: name?.span,
    span: spanOrZero(node),
    block,
    path: file,
    description: str(f.get("description")?.value),
    script: script ? { lines: items(script.value).map((i) => str(i) ?? ""), keySpan: spanOrZero(script.keyNode) } : undefined,
    playbook: playbook ? { value: pb?.value ?? "", span: pb?.span ?? spanOrZero(playbook.keyNode), keySpan: spanOrZero(playbook.keyNode) } : undefined,
    prompt: promptOf(f, ci),
    interactive: boolOf(f.get("interactive")?.value),
  };
}

function readBlock(ci: boolean, node: Node, file: string, source: BlockModel["source"]): BlockModel {
  const f = fields(node, ci);
  const from = (key: string): ValueAt | undefined => valueAt((ci ? entryLower(f.get(key)?.value, "from") : entry(f.get(key)?.value, "from"))?.value);
  const name = valueAt(f.get("name")?.value);
  const blockName = name?.value ?? "";
  return {
    name: blockName,
    nameSpan: name?.span,
    span: spanOrZero(node),
    path: file,
    source,
    description: str(f.get("description")?.value),
    kind: str(f.get("kind")?.value),
    version: str(f.get("version")?.value),
    template: boolOf(f.get("template")?.value),
    from: valueAt(f.get("from")?.value),
    inventoryFrom: from("inventory"),
    kubeconfigFrom: from("kubeconfig"),
    // Actions written as a map are a type error (reported by the shape); they define nothing.
    actions: items(f.get("actions")?.value)
      .filter((a) => isMap(a))
      .map((a) => readAction(ci, a, blockName, file)),
  };
}

function readStep(ci: boolean, node: Node): StepModel {
  const f = fields(node, ci);
  const name = valueAt(f.get("name")?.value);
  const af = f.get("allow_failure");
  return {
    name: name?.value ?? "",
    nameSpan: name?.span,
    span: spanOrZero(node),
    description: str(f.get("description")?.value),
    block: valueAt(f.get("block")?.value),
    action: valueAt(f.get("action")?.value),
    prompt: promptOf(f, ci),
    allowFailure: af ? { value: boolOf(af.value), keySpan: spanOrZero(af.keyNode), pairSpan: spanOf(af.pair) ?? { start: 0, end: 0 } } : undefined,
  };
}

function readWorkflow(ci: boolean, node: Node): WorkflowModel {
  const f = fields(node, ci);
  const name = valueAt(f.get("name")?.value);
  const steps = f.get("steps");
  const af = f.get("allow_failure");
  return {
    name: name?.value ?? "",
    nameSpan: name?.span,
    span: spanOrZero(node),
    description: str(f.get("description")?.value),
    steps: items(steps?.value)
      .filter((s) => isMap(s))
      .map((s) => readStep(ci, s)),
    stepsKeySpan: steps ? spanOrZero(steps.keyNode) : undefined,
    prompt: promptOf(f, ci),
    allowFailure: af ? { value: boolOf(af.value), keySpan: spanOrZero(af.keyNode) } : undefined,
  };
}

/**
 * How readFileModel reads each block and workflow entry: at once by default; analyze() passes one that keeps what
 * it derived from entries an edit left alone (the model being read is passed for what it has read so far).
 */
export type ReadEntry = (node: Node, what: "block" | "workflow", read: () => BlockModel | WorkflowModel, model: PolyFileModel) => BlockModel | WorkflowModel;
const readNow: ReadEntry = (_node, _what, read) => read();

/** Reads one parsed file. `root` is the workspace root the file belongs to. */
export function readFileModel(kind: "workspace" | "block", file: string, root: Node | null, wsRoot: string, inWorkspace: boolean, each: ReadEntry = readNow): PolyFileModel {
  const model: PolyFileModel = { kind, path: file, root: wsRoot, inWorkspace, blocks: [], workflows: [] };
  if (!isMap(root)) return model;
  if (kind === "block") {
    model.blocks.push(each(root, "block", () => readBlock(false, root, file, "block-file"), model) as BlockModel);
    return model;
  }
  const f = fields(root, true);
  const config = f.get("config")?.value ?? null;
  model.workspace = {
    name: valueAt(f.get("name")?.value),
    organization: valueAt(f.get("organization")?.value),
    description: str(f.get("description")?.value),
    dependencies: items(f.get("dependencies")?.value)
      .map(valueAt)
      .filter((d): d is ValueAt => !!d),
    blocksroot: str(entryLower(config, "blocksroot")?.value) ?? "blocks",
    span: spanOrZero(root),
  };
  const blocks = f.get("blocks")?.value;
  if (isSeq(blocks)) model.blocks = items(blocks).filter((b) => isMap(b)).map((b) => each(b, "block", () => readBlock(true, b, file, "workspace"), model) as BlockModel);
  const workflows = f.get("workflows")?.value;
  if (isSeq(workflows)) model.workflows = items(workflows).filter((w) => isMap(w)).map((w) => each(w, "workflow", () => readWorkflow(true, w), model) as WorkflowModel);
  return model;
}

export function fileModel(f: IndexedFile | undefined): PolyFileModel | undefined {
  if (!f || f.format !== "polycrate") return undefined;
  return f.facts.model as PolyFileModel | undefined;
}

// ---- Where a file belongs. ----

export const WORKSPACE_FILE = "workspace.poly";

/** The folder of the nearest `workspace.poly` at or above the file's folder, or undefined. */
export function findWorkspaceRoot(file: string, ws: WorkspaceView): string | undefined {
  let dir = path.dirname(file);
  for (let i = 0; i < 64; i++) {
    if (ws.exists(path.join(dir, WORKSPACE_FILE))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

// ---- The merged workspace. ----

/** One block of the workspace: its `workspace.poly` entry and installed `block.poly` merged by name. */
export interface MergedBlock {
  name: string;
  /** The parts, the `workspace.poly` entry (which wins) first. */
  parts: BlockModel[];
  /** The parent block (`from`), after the merge: the `workspace.poly` entry's `from` wins over the block.poly's. */
  parent?: { name: string; at: ValueAt; path: string };
  /**
   * The merged `from` names the block itself: Polycrate finds this same block and never resolves it (see
   * fromOf). There is then no parent. `replaced` is a block.poly `from` the entry's one overrides.
   */
  selfFrom?: { at: ValueAt; path: string; source: BlockModel["source"]; replaced?: ValueAt };
  /** Actions written on this block (not inherited), by name, overriding part first. */
  actions: Map<string, ActionModel[]>;
}

export interface WorkspaceModel {
  root: string;
  workspacePath?: string;
  workspace?: WorkspaceInfo;
  blocks: Map<string, MergedBlock>;
  workflows: WorkflowModel[];
  dependencies: string[];
}

/** Merged models per workspace view, for the view's current change count (every reference check asks). */
const merged = new WeakMap<WorkspaceView, { gen: number; byRoot: Map<string, WorkspaceModel> }>();

/** The merged model of the workspace rooted at `root`, built once per change of the indexed files. */
export function workspaceModel(ws: WorkspaceView, root: string): WorkspaceModel {
  const gen = ws.changeCount;
  if (gen === undefined) return buildWorkspaceModel(ws, root);
  let hit = merged.get(ws);
  if (hit?.gen !== gen) merged.set(ws, (hit = { gen, byRoot: new Map() }));
  let model = hit.byRoot.get(root);
  if (!model) hit.byRoot.set(root, (model = buildWorkspaceModel(ws, root)));
  return model;
}

function buildWorkspaceModel(ws: WorkspaceView, root: string): WorkspaceModel {
  const out: WorkspaceModel = { root, blocks: new Map(), workflows: [], dependencies: [] };
  const parts: BlockModel[] = [];
  const files = ws.files("polycrate").map(fileModel).filter((m): m is PolyFileModel => !!m && m.root === root);
  const wsFile = files.find((m) => m.kind === "workspace" && path.basename(m.path) === WORKSPACE_FILE) ?? files.find((m) => m.kind === "workspace");
  if (wsFile) {
    out.workspacePath = wsFile.path;
    out.workspace = wsFile.workspace;
    out.workflows = wsFile.workflows;
    out.dependencies = wsFile.workspace?.dependencies.map((d) => d.value) ?? [];
    parts.push(...wsFile.blocks);
  }
  for (const m of files) if (m.kind === "block") parts.push(...m.blocks);
  for (const b of parts) {
    if (!b.name) continue;
    let mb = out.blocks.get(b.name);
    if (!mb) out.blocks.set(b.name, (mb = { name: b.name, parts: [], actions: new Map() }));
    mb.parts.push(b);
    for (const a of b.actions) {
      if (!a.name) continue;
      const list = mb.actions.get(a.name) ?? [];
      list.push(a);
      mb.actions.set(a.name, list);
    }
  }
  for (const mb of out.blocks.values()) fromOf(mb);
  return out;
}

/**
 * The `from` of the merged block, as Polycrate computes it (polycrate/polycrate cmd/workspace.go):
 * LoadInstalledBlocks merges an installed block.poly into the workspace.poly entry of the same name with
 * Block.MergeIn (cmd/blocks.go), which keeps the entry's non-empty `from` and takes the block.poly's only when
 * the entry has none. ResolveBlock then looks the name up with GetBlock among the workspace's blocks. When it
 * names the block itself, GetBlock returns this very block, which is not resolved yet, so ResolveBlock defers it
 * (ErrDependencyNotResolved) on every pass of ResolveBlockDependencies: nothing is pulled, nothing is merged in,
 * and the block is never resolved. So a self-naming `from` gives no parent.
 */
function fromOf(mb: MergedBlock): void {
  const withFrom = mb.parts.filter((p) => p.from?.value);
  const first = withFrom[0];
  if (!first) return;
  if (first.from!.value !== mb.name) {
    mb.parent = { name: first.from!.value, at: first.from!, path: first.path };
    return;
  }
  const replaced = withFrom.find((p) => p !== first && p.from!.value !== mb.name)?.from;
  mb.selfFrom = { at: first.from!, path: first.path, source: first.source, replaced };
}

export interface Lineage {
  /** The block and its ancestors, nearest first. */
  chain: MergedBlock[];
  /** An ancestor is not in the workspace (a registry pull, or a typo): what it adds is unknown. */
  open: boolean;
  /** The chain loops back on itself. */
  cycle: boolean;
}

/** The block and its ancestors through `from`, cycle-safe. */
export function lineage(model: WorkspaceModel, name: string): Lineage {
  const chain: MergedBlock[] = [];
  const seen = new Set<string>();
  let cur = model.blocks.get(name);
  if (!cur) return { chain, open: true, cycle: false };
  for (;;) {
    chain.push(cur);
    seen.add(cur.name);
    const parent = cur.parent;
    if (!parent) return { chain, open: false, cycle: false };
    if (seen.has(parent.name)) return { chain, open: false, cycle: true };
    const next = model.blocks.get(parent.name);
    if (!next) return { chain, open: true, cycle: false };
    cur = next;
  }
}

type EffectiveActions = { actions: Map<string, { action: ActionModel; owner: string }>; complete: boolean };
const effective = new WeakMap<WorkspaceModel, Map<string, EffectiveActions>>();

/** The actions a block can run, its own first, then inherited ones not overridden (once per block per model). */
export function effectiveActions(model: WorkspaceModel, block: string): EffectiveActions {
  let byBlock = effective.get(model);
  if (!byBlock) effective.set(model, (byBlock = new Map()));
  let hit = byBlock.get(block);
  if (!hit) byBlock.set(block, (hit = computeEffectiveActions(model, block)));
  return hit;
}

function computeEffectiveActions(model: WorkspaceModel, block: string): EffectiveActions {
  const { chain, open } = lineage(model, block);
  const actions = new Map<string, { action: ActionModel; owner: string }>();
  for (const b of chain) {
    for (const [name, defs] of b.actions) if (!actions.has(name)) actions.set(name, { action: defs[0]!, owner: b.name });
  }
  return { actions, complete: !open && chain.length > 0 };
}

/** All the definitions of one action along a block's lineage (for a merged view: script from one part, prompt from another). */
export function actionParts(model: WorkspaceModel, block: string, action: string): ActionModel[] {
  return lineage(model, block).chain.flatMap((b) => b.actions.get(action) ?? []);
}

/** Every workspace root that has Polycrate files. */
export function workspaceRoots(ws: WorkspaceView): string[] {
  const roots = new Set<string>();
  for (const f of ws.files("polycrate")) {
    const m = fileModel(f);
    if (m) roots.add(m.root);
  }
  return [...roots];
}
