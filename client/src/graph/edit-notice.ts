// What the message after a graph edit says, and the smallest text change that takes a file back to its text
// before the edit (Undo) or forward again (Redo). Pure (no vscode import), so it is tested in node.
import type { WorkflowGraph } from "../../../common/graph";
import type { GraphEdit } from "../../../common/graph-edit";

const q = (s: string) => `‘${s}’`;

/** "Added ‘rds’ to ‘app’ in": the edit in words, followed in the message by the files it changed. */
export function describeEdit(edit: GraphEdit, graph: Pick<WorkflowGraph, "nodes" | "edges" | "groups"> | null): string {
  const label = (id: string) => graph?.nodes.find((n) => n.id === id)?.label ?? graph?.groups.find((g) => g.id === id)?.label ?? id;
  switch (edit.type) {
    case "addDependency":
      return `Added ${q(label(edit.to))} to ${q(label(edit.from))}${edit.scope === "stack" ? " in this stack only," : ""} in`;
    case "removeDependency": {
      const e = graph?.edges.find((x) => x.id === edit.edgeId);
      return e ? `Removed ${q(label(e.to))} from ${q(label(e.from))} in` : "Removed a dependency in";
    }
    case "addStep":
      return `Added step ${q(`${edit.block}/${edit.action}`)} to ${q(edit.workflow)} in`;
    case "moveStep":
      return `Moved step ${edit.from + 1} of ${q(edit.workflow)} to position ${edit.to + 1} in`;
    case "removeStep":
      return `Removed step ${edit.index + 1} of ${q(edit.workflow)} in`;
    case "addNode":
      return `Added ${edit.kind} ${q(edit.name)} in`;
    case "removeNode":
      return `Removed ${q(label(edit.nodeId))} in`;
    case "renameNode":
      return `Renamed ${q(label(edit.nodeId))} to ${q(edit.newName)} in`;
  }
}

/** The one replacement that turns `from` into `to`: the common start and end are kept (offsets into `from`). */
export function minimalReplace(from: string, to: string): { start: number; end: number; text: string } {
  let start = 0;
  const max = Math.min(from.length, to.length);
  while (start < max && from.charCodeAt(start) === to.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && from.charCodeAt(from.length - 1 - tail) === to.charCodeAt(to.length - 1 - tail)) tail++;
  return { start, end: from.length - tail, text: to.slice(start, to.length - tail) };
}

/** A graph edit as the history keeps it: each file's text before and after. */
export interface EditRecord {
  text: string;
  files: Array<{ uri: string; before: string; after: string }>;
}

/** Undo and redo stacks of graph edits; an edit made after an undo drops what could be redone. */
export class EditStack {
  private done: EditRecord[] = [];
  private undone: EditRecord[] = [];
  constructor(private readonly limit = 50) {}

  push(r: EditRecord): void {
    this.done.push(r);
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
  }

  /** The record to undo (taken off the stack only once `commit` says it was undone). */
  peek(direction: "undo" | "redo"): EditRecord | undefined {
    const s = direction === "undo" ? this.done : this.undone;
    return s[s.length - 1];
  }

  commit(direction: "undo" | "redo"): void {
    const [from, to] = direction === "undo" ? [this.done, this.undone] : [this.undone, this.done];
    const r = from.pop();
    if (r) to.push(r);
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }
}

/**
 * Which file of a record no longer has the text the record expects (`after` to undo, `before` to redo): the
 * record cannot be applied then, since it would overwrite what the user typed since.
 */
export function changedSince(r: EditRecord, direction: "undo" | "redo", current: (uri: string) => string | undefined): string | undefined {
  return r.files.find((f) => current(f.uri) !== (direction === "undo" ? f.after : f.before))?.uri;
}
