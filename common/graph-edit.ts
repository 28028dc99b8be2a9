// Graph edits travel as intents: the webview says what the user did to the graph, never which text to write. The
// server turns an intent into minimal text edits of the documents (comments, spacing and style kept), the client
// applies them as one WorkspaceEdit, so undo, dirty state and multi-file edits stay native.
import type { TextRange } from "./graph";

/** What a new node is; each format accepts the kinds it can write. */
export type NewNodeKind = "component" | "alias" | "subcomponent" | "block" | "workflow";

export type GraphEdit =
  /**
   * Make `from` depend on `to` (`from` runs after `to`): an Atmos dependency, an env0 `needs` entry. Atmos writes it
   * where the component is defined (maybe a catalog file other stacks import), or with `scope: "stack"` in the
   * manifest of `from`'s stack only.
   */
  | { type: "addDependency"; from: string; to: string; scope?: "stack" }
  /** Remove the dependency an edge of the graph stands for, where it is written. */
  | { type: "removeDependency"; edgeId: string }
  /** Polycrate: insert a step running `block`'s `action` into a workflow (at `index`, default the end). */
  | { type: "addStep"; workflow: string; block: string; action: string; index?: number; name?: string }
  /** Polycrate: move the step at `from` to position `to` (0-based positions in the new order). */
  | { type: "moveStep"; workflow: string; from: number; to: number }
  /** Polycrate: remove the step at `index`. */
  | { type: "removeStep"; workflow: string; index: number }
  /**
   * Add a node: an Atmos component (`extra.component`: its `metadata.component` folder), an env0 alias
   * (`extra.templateName`), a Fabrikate subcomponent under `parent` (`extra.source`, `extra.method`), a Polycrate
   * block with one action (`extra.action`, `extra.script`).
   */
  | { type: "addNode"; kind: NewNodeKind; name: string; parent?: string; extra?: Record<string, string> }
  /** Remove a node's definition (the client shows its references and asks first). */
  | { type: "removeNode"; nodeId: string }
  /** Rename a node and every reference to it, across files (the language server's rename). */
  | { type: "renameNode"; nodeId: string; newName: string };

export const GRAPH_EDIT_TYPES: readonly GraphEdit["type"][] = ["addDependency", "removeDependency", "addStep", "moveStep", "removeStep", "addNode", "removeNode", "renameNode"];
export const NEW_NODE_KINDS: readonly NewNodeKind[] = ["component", "alias", "subcomponent", "block", "workflow"];

/** A text edit of one document, as in LSP. */
export interface GraphTextEdit {
  range: TextRange;
  newText: string;
}

export interface GraphEditParams {
  /** The document whose graph the intent was made on. */
  uri: string;
  /** The version of that document the graph was built from: an intent made on an older graph is refused. */
  version: number;
  edit: GraphEdit;
}

export interface GraphEditResult {
  /** The edits per document URI (a WorkspaceEdit's `changes`); absent when refused. */
  changes?: Record<string, GraphTextEdit[]>;
  /** Per edited URI: the stacks that import the file (so the edit reaches them too); absent or empty for none. */
  importedBy?: Record<string, string[]>;
  /** The edit landed in a file other stacks import, and the format can write it in the graph's stack alone instead. */
  stackScope?: { manifest: string };
  /** Why the edit was refused, in words the user sees. */
  error?: string;
}

export interface NodeInfoParams {
  uri: string;
  nodeId: string;
}

export interface NodeInfo {
  /** The node's current name, to prefill a rename box; absent when it cannot be renamed. */
  name?: string;
  /** Why the node cannot be renamed. */
  renameError?: string;
  /** Where the node is used (its definition excluded), shown before it is removed. */
  references: Array<{ uri: string; range: TextRange }>;
  /** Why the node cannot be removed, if it cannot. */
  removeError?: string;
}

export interface StepChoicesParams {
  uri: string;
}

/** The blocks a Polycrate step can run, each with the actions it has (its own and inherited). */
export interface StepChoices {
  blocks: Array<{ name: string; actions: string[] }>;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const isId = (x: unknown): x is string => typeof x === "string" && x.length > 0 && x.length <= 4096;
const isName = (x: unknown): x is string => typeof x === "string" && x.length <= 1024;
const isIndex = (x: unknown): x is number => typeof x === "number" && Number.isInteger(x) && x >= 0 && x < 1_000_000;

/** Whether `e` is a well-formed intent (the host checks what the webview sends, the server what the client sends). */
export function isGraphEdit(e: unknown): e is GraphEdit {
  if (!isObj(e) || typeof e.type !== "string") return false;
  const t = e.type as GraphEdit["type"];
  switch (t) {
    case "addDependency":
      return isId(e.from) && isId(e.to) && (e.scope === undefined || e.scope === "stack");
    case "removeDependency":
      return isId(e.edgeId);
    case "addStep":
      return isName(e.workflow) && isId(e.block) && isId(e.action) && (e.index === undefined || isIndex(e.index)) && (e.name === undefined || isName(e.name));
    case "moveStep":
      return isName(e.workflow) && isIndex(e.from) && isIndex(e.to);
    case "removeStep":
      return isName(e.workflow) && isIndex(e.index);
    case "addNode":
      return (
        (NEW_NODE_KINDS as readonly unknown[]).includes(e.kind) &&
        isName(e.name) &&
        (e.parent === undefined || isId(e.parent)) &&
        (e.extra === undefined || (isObj(e.extra) && Object.values(e.extra).every((v) => typeof v === "string" && v.length <= 4096)))
      );
    case "removeNode":
      return isId(e.nodeId);
    case "renameNode":
      return isId(e.nodeId) && isName(e.newName);
    default:
      return ((_: never) => false)(t);
  }
}
