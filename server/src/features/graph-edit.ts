// `infraflow/graphEdit`: an intent from the graph view → minimal text edits, by the format's `graphEdits`
// (FormatModule). The document must be the version the graph was drawn from and must parse; every edited file must
// still parse after the edit, or nothing is changed. A rename goes through the language server's rename, so
// references follow. The feature knows no format: it looks the format up in the index and calls its graphEdits.
import type { GraphEdge, GraphNode, WorkflowGraph } from "../../../common/graph";
import type { GraphEdit, GraphEditResult, GraphTextEdit, NodeInfo, StepChoices } from "../../../common/graph-edit";
import type { TextChange } from "../core/problem";
import type { Span } from "../core/text";
import { basename } from "../formats/edit-support";
import type { EditContext, FormatEdits, IndexedFile } from "../formats/types";
import { applyChanges, EditRefused, styleOf, type Style } from "../formats/yaml-text";
import type { WorkspaceIndex } from "../index/workspace-index";
import { rangeIn, toPath, toUri } from "./convert";
import { references } from "./definition";
import { buildGraph } from "./graph";
import { prepareRename, rename } from "./rename";

/** The EditContext (formats/types.ts) a format's graph edits work with, over the index: its graph is built on demand. */
export class IndexEditContext implements EditContext {
  private built: WorkflowGraph | null | undefined;
  constructor(
    readonly ws: WorkspaceIndex,
    /** The document the graph was drawn for. */
    readonly path: string,
  ) {}

  get graph(): WorkflowGraph | null {
    if (this.built === undefined) this.built = buildGraph(this.ws, [this.path]);
    return this.built;
  }

  node(id: string): GraphNode | undefined {
    return this.graph?.nodes.find((n) => n.id === id);
  }

  edge(id: string): GraphEdge | undefined {
    return this.graph?.edges.find((e) => e.id === id);
  }

  /** Where a node or edge is written, as a path and offsets. */
  where(x: { uri?: string; range?: GraphNode["range"] } | undefined): { path: string; span: Span } | undefined {
    if (!x?.uri || !x.range) return undefined;
    const p = toPath(x.uri);
    const f = this.ws.file(p);
    if (!f) return undefined;
    return { path: p, span: { start: f.lines.offset(x.range.start), end: f.lines.offset(x.range.end) } };
  }

  /** A file to edit; refused when its text does not parse, since an edit would have to guess. */
  file(p: string): IndexedFile {
    const f = this.ws.file(p);
    if (!f) throw new EditRefused(`${p} is not open or indexed.`);
    const broken = f.parsed.problems.find((x) => x.severity === "error");
    if (broken) {
      const line = f.lines.position(broken.span.start).line + 1;
      throw new EditRefused(`${basename(p)} does not parse (line ${line}: ${broken.message}); fix the text before editing the graph.`);
    }
    if (/\.json$/i.test(p)) throw new EditRefused(`${basename(p)} is JSON; the graph edits YAML files only.`);
    return f;
  }

  style(f: IndexedFile): Style {
    return styleOf(f.text, f.parsed.root);
  }
}

export type EditOutcome = { changes: TextChange[] } | { error: string };

function editsFor(index: WorkspaceIndex, path: string): { ctx: IndexEditContext; fmt: FormatEdits } {
  const f = index.file(path);
  if (!f) throw new EditRefused("This file is not served by Infraflow.");
  const fmt = index.format(f.format)?.graphEdits;
  if (!fmt) throw new EditRefused(`${f.format === "deis" ? "Deis" : f.format} files cannot be edited from the graph.`);
  const ctx = new IndexEditContext(index, path);
  // The graph's own document must parse: a stale graph is not edited.
  ctx.file(path);
  return { ctx, fmt };
}

/** The text changes for an intent (offsets in the files' current text), or why it is refused. Pure over the index. */
export function computeEdit(index: WorkspaceIndex, path: string, edit: GraphEdit): EditOutcome {
  try {
    const { ctx, fmt } = editsFor(index, path);
    const changes = edit.type === "renameNode" ? renameChanges(ctx, fmt, edit.nodeId, edit.newName) : fmt.apply(ctx, edit);
    check(index, changes);
    return { changes };
  } catch (err) {
    if (err instanceof EditRefused) return { error: err.message };
    throw err;
  }
}

function renameChanges(ctx: IndexEditContext, fmt: FormatEdits, nodeId: string, newName: string): TextChange[] {
  const at = fmt.nameAt(ctx, nodeId);
  if (!at) throw new EditRefused("This node cannot be renamed.");
  const r = rename(ctx.ws, at.path, at.offset, newName);
  if (!r) throw new EditRefused("This node cannot be renamed.");
  if ("error" in r) throw new EditRefused(r.error);
  const out: TextChange[] = [];
  for (const [uri, edits] of Object.entries(r.edit.changes ?? {})) {
    const p = toPath(uri);
    const f = ctx.file(p);
    for (const e of edits) out.push({ path: p, span: { start: f.lines.offset(e.range.start), end: f.lines.offset(e.range.end) }, newText: e.newText });
  }
  return out;
}

/** Every edited file must still parse, and edits must not overlap: otherwise nothing is changed. */
function check(index: WorkspaceIndex, changes: TextChange[]): void {
  const byPath = new Map<string, TextChange[]>();
  for (const c of changes) byPath.set(c.path, [...(byPath.get(c.path) ?? []), c]);
  for (const [p, list] of byPath) {
    const sorted = [...list].sort((a, b) => a.span.start - b.span.start);
    for (let i = 1; i < sorted.length; i++) if (sorted[i]!.span.start < sorted[i - 1]!.span.end) throw new EditRefused("Internal error: overlapping edits; nothing was changed.");
    const f = index.file(p);
    if (!f || f.format === "deis") continue;
    const after = index.parseYaml(applyChanges(f.text, list));
    const broken = after.problems.find((x) => x.severity === "error");
    if (broken) throw new EditRefused(`The edit would break ${basename(p)} (${broken.message}); nothing was changed.`);
  }
}

/** The LSP answer: the version check, then the edits per URI. */
export function graphEdit(index: WorkspaceIndex, path: string, version: number | undefined, edit: GraphEdit): GraphEditResult {
  const f = index.file(path);
  if (f && version !== undefined && version !== f.version) return { error: "The document changed since the graph was drawn; try again on the new graph." };
  const r = computeEdit(index, path, edit);
  if ("error" in r) return { error: r.error };
  const changes: Record<string, GraphTextEdit[]> = {};
  for (const c of r.changes) (changes[toUri(c.path)] ??= []).push({ range: rangeIn(index, c.path, c.span), newText: c.newText });
  return { changes, ...sharedFiles(index, path, edit, r.changes) };
}

/** Which stacks import the edited files, and where else the edit could go when a shared file is edited. */
function sharedFiles(index: WorkspaceIndex, path: string, edit: GraphEdit, changes: TextChange[]): Pick<GraphEditResult, "importedBy" | "stackScope"> {
  const { ctx, fmt } = editsFor(index, path);
  const importedBy: Record<string, string[]> = {};
  let shared = false;
  for (const p of new Set(changes.map((c) => c.path))) {
    const names = fmt.importedBy?.(ctx, p) ?? [];
    if (!names.length) continue;
    importedBy[toUri(p)] = names;
    // Shared: more than one stack reads the file, or the one that does is not the graph's own document.
    if (names.length > 1 || p !== path) shared = true;
  }
  const manifest = shared ? fmt.stackScope?.(ctx, edit) : undefined;
  return { ...(Object.keys(importedBy).length ? { importedBy } : {}), ...(manifest ? { stackScope: { manifest: toUri(manifest) } } : {}) };
}

/** What the client shows before renaming or removing a node. */
export function nodeInfo(index: WorkspaceIndex, path: string, nodeId: string): NodeInfo | null {
  let ctx: IndexEditContext;
  let fmt: FormatEdits;
  try {
    ({ ctx, fmt } = editsFor(index, path));
  } catch (err) {
    if (err instanceof EditRefused) return { references: [], renameError: err.message, removeError: err.message };
    throw err;
  }
  let at: { path: string; offset: number } | undefined;
  try {
    at = fmt.nameAt(ctx, nodeId);
  } catch (err) {
    if (!(err instanceof EditRefused)) throw err;
  }
  const out: NodeInfo = { references: [] };
  if (!at) {
    out.renameError = "This node cannot be renamed.";
    return out;
  }
  const pr = prepareRename(index, at.path, at.offset);
  if (!pr) out.renameError = "This node cannot be renamed.";
  else if ("error" in pr) out.renameError = pr.error;
  else out.name = pr.placeholder;
  out.references = (references(index, at.path, at.offset, false) ?? []).map((l) => ({ uri: l.uri, range: l.range }));
  return out;
}

export function stepChoices(index: WorkspaceIndex, path: string): StepChoices {
  try {
    const { ctx, fmt } = editsFor(index, path);
    return fmt.stepChoices?.(ctx) ?? { blocks: [] };
  } catch (err) {
    if (err instanceof EditRefused) return { blocks: [] };
    throw err;
  }
}
