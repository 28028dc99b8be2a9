// Messages between the extension host and the graph webview: one union per direction, handled in exhaustive
// switches. The webview sends `ready` once; the host sends nothing before it. The host validates every
// message from the webview (client/src/graph/validate.ts) before it uses it.
import type { WorkflowGraph } from "./graph";
import type { GraphEdit, NewNodeKind } from "./graph-edit";

export type Direction = "DOWN" | "RIGHT";
/**
 * A node's run state in the graph: a step's state, with an allowed failure (Polycrate `allow_failure`, a member of
 * an Atmos `best_effort` step) of its own, and `passed-allowed` for a node standing for several steps (an Atmos
 * parallel/matrix step) that passed with allowed failures.
 */
export type RunState = "queued" | "running" | "succeeded" | "passed-allowed" | "allowed" | "failed" | "skipped" | "blocked" | "cancelled";
export const RUN_STATES: readonly RunState[] = ["queued", "running", "succeeded", "passed-allowed", "allowed", "failed", "skipped", "blocked", "cancelled"];

export interface GraphViewState {
  zoom: number;
  panX: number;
  panY: number;
  direction: Direction;
  collapsed: string[];
  filter: string;
}

/** What the webview keeps with `setState`, and what the panel serializer gets back after a reload. */
export interface PersistedState {
  /** The document whose graph was shown, so the restored panel asks for the same graph. */
  uri?: string;
  view: GraphViewState;
}

/** What "Affected since…" found: the nodes to mark, against which base, from how many changed files. */
export interface AffectedMarks {
  base: string;
  nodeIds: string[];
  files: number;
}

/** A file a graph edit changed, as the message after the edit names it. */
export interface EditedFile {
  uri: string;
  /** The path relative to the workspace folder. */
  label: string;
  /** The stacks (or other files) that import this file, and so see the change too. */
  importedBy: string[];
}

/** The message after a graph edit (or its undo): what changed where, with links to the files and Undo / Redo. */
export interface EditNotice {
  text: string;
  files: EditedFile[];
  /** Which of Undo and Redo the notice offers. */
  undo: boolean;
  redo: boolean;
}

export type HostToWebview =
  /** Sent by the host in reply to `ready`: the full snapshot, with the view state to restore (after a reload). */
  | { type: "init"; graph: WorkflowGraph | null; view?: Partial<GraphViewState>; editable: boolean }
  /** Sent by the host when the shown document changed, or when the panel follows another editor. */
  | { type: "graph"; graph: WorkflowGraph | null; editable: boolean }
  /** Sent by the host when the editor cursor moved into a node's definition (null: into none). */
  | { type: "select"; nodeId: string | null }
  /** Sent by the run feature (through the host) with the live run status per node id; replaces the previous map. */
  | { type: "status"; states: Record<string, RunState> }
  /** Sent by the host in answer to `export`: the path it wrote, or null when the user cancelled or it failed. */
  | { type: "exported"; path: string | null }
  /** Sent by the host after "Affected since…" (or its command): the nodes to mark; null clears the marks. */
  | { type: "affected"; marks: AffectedMarks | null }
  /** Sent by the host after a graph edit was applied, undone or redone; null takes the message away. */
  | { type: "notice"; notice: EditNotice | null };

export type WebviewToHost =
  /** Sent by the webview once, after the first render. */
  | { type: "ready" }
  /** Sent by the webview when the user clicks a node or presses Enter on it: reveal its definition. */
  | { type: "reveal"; nodeId: string }
  /** Sent by the webview (debounced) when the view state changed (zoom, pan, direction…), for restoring after reload. */
  | { type: "viewState"; view: GraphViewState }
  /** Sent by the webview when the user exports: the SVG text, or a `data:image/png;base64,` URL for PNG. */
  | { type: "export"; format: "svg" | "png"; data: string }
  /** Sent by the webview when something went wrong in it (layout, export); the host logs it. */
  | { type: "error"; message: string }
  /** Sent by the webview when the user edited the graph (dragged a dependency, pressed Delete on an edge, moved a step). */
  | { type: "edit"; edit: GraphEdit }
  /** Sent by the webview from "Add step…": the host asks for the block and the action with QuickPicks. */
  | { type: "addStep"; workflow: string; index?: number }
  /** Sent by the webview from "Rename…": the host asks for the new name (checked by the server) and renames. */
  | { type: "rename"; nodeId: string }
  /** Sent by the webview from "Remove…": the host lists the node's references and asks before removing it. */
  | { type: "remove"; nodeId: string }
  /** Sent by the webview from "Add …": the host asks for the name (and what the kind needs) and adds the node. */
  | { type: "addNode"; kind: NewNodeKind; parent?: string }
  /** Sent by the webview from Undo / Redo in the edit message, or Ctrl+Z / Ctrl+Shift+Z with the graph focused. */
  | { type: "undo" }
  | { type: "redo" }
  /** Sent by the webview when the user follows a file link of the edit message (only URIs the host sent). */
  | { type: "openFile"; uri: string }
  /** Sent by the webview from "Affected since…": the host asks for the git ref and answers with `affected`. */
  | { type: "affectedSince" }
  /** Sent by the webview from "Show another stack…" when the graph leaves stacks out: the host asks which. */
  | { type: "pickStack" };

export function assertNever(x: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(x)}`);
}
