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

/**
 * The client command that opens `describe component` for `[{ component, stack }]` (or asks for them): the
 * server's hovers link to it, and the client trusts this one command in hover markdown.
 */
export const DESCRIBE_COMMAND = "infraflow.describeComponent";

export interface DescribeChoicesParams {
  /** The document the command was run from, and the cursor in it: a component there is preselected. */
  uri?: string;
  position?: { line: number; character: number };
  /** When set, the components of this stack are listed. */
  stack?: string;
}
export interface DescribeChoices {
  /** Every Atmos stack of the workspace, sorted. */
  stacks: string[];
  /** The components of `params.stack` (every type), sorted by name. */
  components?: Array<{ name: string; type: string; abstract: boolean }>;
  /** The component under the cursor and the stacks it takes part in from that file (the stacks that import it). */
  atCursor?: { component: string; type: string; stacks: string[] };
}
/** Sent from the client by "Describe Component in Stack…" to fill its quick picks. */
export const describeChoicesRequest = request<DescribeChoicesParams, DescribeChoices>("infraflow/atmosDescribeChoices");

export interface DescribeComponentParams {
  component: string;
  stack: string;
}
/** One line of a description whose value was written somewhere: the link from the value to its source. */
export interface DescribeLink {
  /** 0-based line in `text`, and the characters of the value on it. */
  line: number;
  start: number;
  end: number;
  /** Where the value was written (file URI, 0-based position). */
  uri: string;
  position: { line: number; character: number };
  /** The file and 1-based line as shown to the user (`catalog/vpc.yaml:7`). */
  label: string;
  /** The value is a YAML function Atmos resolves at run time: the text shows its expression. */
  runtime?: boolean;
}
export interface DescribeComponentResult {
  /** The description, absent when there is none (then `error` says why). */
  text?: string;
  links: DescribeLink[];
  error?: string;
}
/**
 * Sent from the client to get `atmos describe component C -s S` as Infraflow computes it (YAML in Atmos's layout),
 * with the source of each value; `error` says why there is none (unknown stack or component, with near names).
 */
export const describeComponentRequest = request<DescribeComponentParams, DescribeComponentResult>("infraflow/atmosDescribeComponent");
