// Custom LSP methods, declared once here and used by both the client and the server.
// A descriptor carries the method name and, as phantom types, its params and result.
import type { FormatId } from "./formats";

export interface RequestDef<P, R> {
  readonly method: string;
  readonly _types?: [P, R];
}
export interface NotificationDef<P> {
  readonly method: string;
  readonly _types?: [P];
}
const request = <P, R>(method: string): RequestDef<P, R> => ({ method });
const notification = <P>(method: string): NotificationDef<P> => ({ method });

export interface FileInfoParams {
  uri: string;
}
export interface FileInfo {
  /** The format that serves this file, or null when Infraflow leaves it alone. */
  format: FormatId | null;
  /** The kind of file inside its format, such as `workspace`, `block`, `stack` or `workflow`. */
  kind: string | null;
}
/** Sent from the client to ask whether (and as what) the server serves one document. */
export const fileInfoRequest = request<FileInfoParams, FileInfo>("infraflow/fileInfo");

export interface IndexStatus {
  files: number;
  byFormat: Partial<Record<FormatId, number>>;
  /** The scan stopped early: at infraflow.maxIndexedFiles files of ours, or at the bound on entries walked. */
  limited?: "files" | "walk";
}
/** Sent from the server to the client whenever the workspace index settles after a change. */
export const indexStatusNotification = notification<IndexStatus>("infraflow/indexStatus");

export interface GraphParams {
  uri: string;
}
/** Sent from the client to get the dependency graph of one document (null when we do not serve it). */
export const graphRequest = request<GraphParams, import("./graph").WorkflowGraph | null>("infraflow/graph");

/** Sent from the client for the CodeLenses and tasks of one document: what can be run from it. */
export const runnablesRequest = request<{ uri: string }, import("./run").Runnable[]>("infraflow/runnables");

/** Sent from the client to turn a runnable into a plan the engine executes. Fails with a message when it cannot. */
export const planRequest = request<import("./run").PlanRequestParams, import("./run").RunPlan>("infraflow/plan");

/** Sent from the client with an intent from the graph view: the text edits that carry it out, or why they cannot. */
export const graphEditRequest = request<import("./graph-edit").GraphEditParams, import("./graph-edit").GraphEditResult>("infraflow/graphEdit");

/** Sent from the client before renaming or removing a graph node: its name, its references and what is refused. */
export const graphNodeInfoRequest = request<import("./graph-edit").NodeInfoParams, import("./graph-edit").NodeInfo | null>("infraflow/graphNodeInfo");

/** Sent from the client when the user adds a Polycrate step: the blocks and actions to pick from. */
export const stepChoicesRequest = request<import("./graph-edit").StepChoicesParams, import("./graph-edit").StepChoices>("infraflow/stepChoices");
