// The dependency graph the server derives from the text, drawn by the webview and printed by the CLI.
import type { FormatId } from "./formats";

export interface TextRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** What a node stands for; the webview picks an icon and a shape from it. */
export type NodeKind =
  | "workspace"
  | "workflow"
  | "step"
  | "block"
  | "action"
  | "registry"
  | "stack"
  | "component"
  | "abstract"
  | "file"
  | "alias"
  | "subcomponent"
  | "source"
  | "environment"
  | "app"
  | "process";

/** What an edge means; the webview styles each kind differently. */
export type EdgeKind =
  | "order" // Step n runs before step n+1.
  | "uses" // A step runs a block's action.
  | "inherits" // Block `from`, Atmos `metadata.inherits`.
  | "artifacts" // Polycrate `inventory.from` / `kubeconfig.from`.
  | "registry" // Polycrate workspace `dependencies`.
  | "depends" // Atmos dependencies, env0 `needs`: the source runs after the target.
  | "contains" // Fabrikate subcomponents, Deis app → process types.
  | "source" // Fabrikate external sources (git, helm, http).
  | "targets"; // An Atmos workflow step → the component/stack it runs.

export interface GraphNode {
  id: string;
  label: string;
  kind: NodeKind;
  /** A second line, e.g. `block · action` or a stack name. */
  detail?: string;
  /** Where the node is defined (reveal on click). */
  uri?: string;
  range?: TextRange;
  /** Id of the group the node belongs to (a stack, a workflow, a parent component). */
  group?: string;
  /** Deploy wave or step position, where the format defines one (1-based). */
  rank?: number;
  flags?: { disabled?: boolean; approval?: boolean; abstract?: boolean; external?: boolean; prompt?: boolean };
  /** Diagnostics that fall inside the node's definition. */
  problems?: Array<{ severity: "error" | "warning" | "information" | "hint"; message: string; code: string }>;
}

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  kind: EdgeKind;
  label?: string;
  /** Where the edge is written (the `needs` entry, the `from` value…). */
  uri?: string;
  range?: TextRange;
}

export interface GraphGroup {
  id: string;
  label: string;
  kind: NodeKind;
  parent?: string;
}

export interface WorkflowGraph {
  /** The document the graph was asked for. */
  uri: string;
  format: FormatId;
  title: string;
  /** The document version the graph was built from. */
  version: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GraphGroup[];
  /** Set when the text does not parse: the graph is the last good one, and edits are disabled. */
  stale?: string;
  /** Groups left out to keep the graph readable, each named so that the user can ask for it. */
  omitted?: GraphOmitted;
}

/**
 * How many stacks a graph draws at most unless asked for all: the graph view for a file, `infraflow graph` for a
 * file or a folder. The others are listed (GraphOmitted).
 */
export const DRAWN_STACKS = 12;

/**
 * The stacks a graph leaves out: a catalog file imported by thousands of stacks is drawn with the first few (the
 * one asked for first, see GraphParams.focus), and the others are listed, not drawn.
 */
export interface GraphOmitted {
  kind: "stack";
  shown: number;
  total: number;
  /** Every stack, drawn or not: `key` asks for it (GraphParams.focus), `label` is its stack name. */
  items: Array<{ key: string; label: string; shown: boolean }>;
}

/** Stable edge id from its ends and kind. */
export function edgeId(from: string, to: string, kind: EdgeKind): string {
  return `${kind}:${from}->${to}`;
}
