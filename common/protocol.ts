// Messages between the extension host and the graph webview: one union per direction, handled in exhaustive
// switches. The webview sends `ready` once; the host sends nothing before it.
import type { WorkflowGraph } from "./graph";

export type Direction = "DOWN" | "RIGHT";
export type RunState = "queued" | "running" | "succeeded" | "failed" | "skipped" | "blocked" | "cancelled";

export interface GraphViewState {
  zoom: number;
  panX: number;
  panY: number;
  direction: Direction;
  collapsed: string[];
  filter: string;
}

export type HostToWebview =
  /** Reply to `ready`: the full snapshot, with the view state to restore. */
  | { type: "init"; graph: WorkflowGraph | null; view?: Partial<GraphViewState>; editable: boolean }
  /** The document changed, or the panel now follows another editor. */
  | { type: "graph"; graph: WorkflowGraph | null; editable: boolean }
  /** The editor cursor moved into a node's definition (null: into none). */
  | { type: "select"; nodeId: string | null }
  /** Live run status per node id. */
  | { type: "status"; states: Record<string, RunState> }
  /** Answer to `export`: the host saved the file (or the user cancelled). */
  | { type: "exported"; path: string | null };

export type WebviewToHost =
  /** Sent once, after the first render. */
  | { type: "ready" }
  /** The user clicked a node: reveal its definition. */
  | { type: "reveal"; nodeId: string }
  /** The view state changed (zoom, pan, direction…), for restoring after reload. */
  | { type: "viewState"; view: GraphViewState }
  /** Save the drawn graph as SVG or PNG (data URL for PNG). */
  | { type: "export"; format: "svg" | "png"; data: string }
  /** Something went wrong in the webview; the host logs it. */
  | { type: "error"; message: string };

export function assertNever(x: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(x)}`);
}
