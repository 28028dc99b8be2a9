// Custom LSP methods, declared once here as vscode-jsonrpc RequestType/NotificationType and used by name on both
// sides: the server answers with `connection.onRequest(graphRequest, handler)`, the client calls
// `client.sendRequest(ext().graphRequest, params)` (client/src/lazy.ts: the instances of the client's bundle), so a
// change of a method's params or result is a type error at every call and every handler (test/types/lsp-ext.ts
// checks that a wrong one is refused). `vscode-jsonrpc`'s default entry is its pure common part (no Node, no
// vscode), so common/ may import it.
import { NotificationType, RequestType } from "vscode-jsonrpc";
import type { FormatId } from "./formats";

/** A custom request: its params, its result; a refusal comes back as a ResponseError with a message. */
const request = <P, R>(method: string) => new RequestType<P, R, void>(method);
const notification = <P>(method: string) => new NotificationType<P>(method);

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
  /**
   * Bumped by each change that did not come from typing in an open document: files created, changed or deleted on
   * disk, a document closed (its disk text is back), folders or settings changed. What is drawn from more than one
   * file (the graph) asks again when it moves: such a change can give a file its format or its stacks.
   */
  revision: number;
}
/** Sent from the server to the client whenever the workspace index settles after a change. */
export const indexStatusNotification = notification<IndexStatus>("infraflow/indexStatus");

export interface GraphParams {
  uri: string;
  /** A stack to draw first (a key from WorkflowGraph.omitted), when the file takes part in more than are drawn. */
  focus?: string;
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

export interface AffectedParams {
  /** A document of the workspace folder to look at (the folder's git repository is asked). */
  uri: string;
  /** The git ref to compare with: a branch, tag or commit. */
  base: string;
}
/** One node a changed file affects, with field names as `atmos describe affected` uses them where they apply. */
export interface AffectedItem {
  /** The graph node id (the graph view marks it). */
  node: string;
  label: string;
  kind: import("./graph").NodeKind;
  format: FormatId;
  /** Where the node is defined, relative to the workspace folder. */
  file?: string;
  /** The workflow or stack the node belongs to, by name. */
  group?: string;
  /**
   * The first reason: `stack.manifest` (a manifest that defines it changed), `stack.vars` / `stack.settings` /
   * `stack.env` / `stack.config` (a manifest its stack imports changed that section), `component` (its component
   * folder changed), `file` / `folder` (a file dependency), `definition` (the file that defines it changed),
   * `folder` (a file in its block's or component's folder changed), `dependency` (it needs an affected node).
   */
  affected: string;
  affected_all: string[];
  /** The changed files that make it affected (none when only `dependency`). */
  changed_files: string[];
  /** For `dependency`: an affected node it needs. */
  via?: string;
  /** Atmos: the component, its type and folder, its stack and `<stack>-<component>`. */
  component?: string;
  component_type?: string;
  component_path?: string;
  stack?: string;
  stack_slug?: string;
  /** The nodes that need this one directly (Atmos: components depending on it). */
  dependents: Array<{ node: string; label: string; component?: string; stack?: string }>;
  /** Some other affected node needs this one (so a run of the dependents includes it). */
  included_in_dependents: boolean;
}
export interface AffectedResult {
  base: string;
  /** The changed files, relative to the workspace folder. */
  files: string[];
  affected: AffectedItem[];
  /** Why nothing could be computed (not a git repository, unknown ref). */
  error?: string;
}
/** Sent from the client by "Affected since…": what the files changed since a git ref affect. */
export const affectedRequest = request<AffectedParams, AffectedResult>("infraflow/affected");
