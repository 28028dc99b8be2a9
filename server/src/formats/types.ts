// The interface every format folder implements. Features never know which format they serve: they work on
// shapes, symbols, references and problems, and call the optional hooks below.
import type { FormatId } from "../../../common/formats";
import type { CursorContext } from "../core/cursor";
import type { Problem, Severity } from "../core/problem";
import type { Shape } from "../core/shape";
import type { NodeMemo } from "../core/node-memo";
import type { LineIndex, Span } from "../core/text";
import type { ParsedYaml } from "../core/yaml";
import type { InfraflowSettings } from "../../../common/settings";
import type { GraphEdge, GraphGroup, GraphNode, GraphOmitted } from "../../../common/graph";
import type { RunPlan, Runnable, RunSettings } from "../../../common/run";
import type { GraphEdit, StepChoices } from "../../../common/graph-edit";
import type { TextChange } from "../core/problem";
import type { Style } from "./yaml-text";

/** A runnable as a format builds it, with its span in the file. */
export type RunnableDef = Omit<Runnable, "uri" | "range"> & { span: Span };

export interface PlanInput {
  runnable: string;
  action?: string;
  withDependencies?: boolean;
  settings: RunSettings;
  /**
   * The environment the run starts from (the server's or the CLI's process environment; a test's own), for what
   * a plan reads of it (env0 `${VAR}` in flags). Formats never read `process.env` themselves.
   */
  env: Readonly<Record<string, string | undefined>>;
  /** The commands will run on Windows (see PlanRequestParams.windows). */
  windows?: boolean;
  /** Where a span of a file is, for the editor's step status. */
  locate(path: string, span: Span): { uri: string; range: import("../../../common/graph").TextRange };
}

/** A node as a format builds it: where it is defined as a path and span, converted to URI and range later. */
export type FormatGraphNode = Omit<GraphNode, "uri" | "range" | "problems"> & { path?: string; span?: Span };
export type FormatGraphEdge = Omit<GraphEdge, "uri" | "range" | "id"> & { id?: string; path?: string; span?: Span };

/** The graph of one file, with the nodes of other files it points at (same ids across files merge). */
/** What the graph of a file is asked to show first (see GraphParams). */
export interface GraphOptions {
  focus?: string;
  /**
   * Which stacks to draw: these (by the keys graphStacks gives), or all of them. By default, a file in more stacks
   * than can be drawn readably draws the first few (the focus first) and lists the others in `omitted`.
   */
  stacks?: ReadonlySet<string> | "all";
}

export interface FormatGraph {
  title: string;
  nodes: FormatGraphNode[];
  edges: FormatGraphEdge[];
  groups?: GraphGroup[];
  omitted?: GraphOmitted;
}

/** LSP SymbolKind numbers, kept here so format code does not import the protocol. */
export const SymbolKinds = {
  File: 1,
  Module: 2,
  Namespace: 3,
  Package: 4,
  Class: 5,
  Method: 6,
  Property: 7,
  Field: 8,
  Function: 12,
  Variable: 13,
  Constant: 14,
  String: 15,
  Key: 20,
  Event: 24,
  Operator: 25,
} as const;

/** A named thing that references can point at: a block, an action, a workflow, a component, a file… */
export interface SymbolDef {
  kind: string;
  name: string;
  /** Names are unique within a scope: a workspace root, a block, a stack… */
  scope: string;
  path: string;
  /** The name's text (what rename replaces). For files, an empty span at 0. */
  nameSpan: Span;
  /** The whole definition (outline range, reveal). */
  fullSpan: Span;
  /** LSP SymbolKind. */
  symbolKind: number;
  detail?: string;
  /** Markdown shown on hover over the definition and its references. */
  doc?: string;
  /** Not shown in the document outline (e.g. a whole-file symbol). */
  hidden?: boolean;
  /** Cannot be renamed from here (e.g. a file). */
  fixedName?: boolean;
}

/** A use of a name: `step.block`, `from`, `inherits`, `needs`, an import path… */
export interface SymbolRef {
  kind: string;
  name: string;
  scope: string;
  path: string;
  /** Exactly the name's text. */
  span: Span;
  /** How to report the reference when nothing defines it; without it an unresolved reference is not reported. */
  unresolved?: { code: string; message: string; severity?: Severity };
  /** The text to rename is not the whole name (e.g. an import path where only the last part is the name). */
  renameSpan?: Span;
}

export interface FileFacts {
  defs: SymbolDef[];
  refs: SymbolRef[];
  /** Problems found in this file alone, beyond the shape and the syntax. */
  problems: Problem[];
  /** The format's own model of the file, for its rules, hover, graph and plan. */
  model?: unknown;
}

/** A file as the index holds it. */
export interface IndexedFile {
  path: string;
  text: string;
  version: number;
  format: FormatId;
  kind: string;
  lines: LineIndex;
  parsed: ParsedYaml;
  facts: FileFacts;
  /** Too large for full analysis: syntax-only. */
  large: boolean;
}

/** What formats see of the workspace: read-only and synchronous. */
export interface WorkspaceView {
  readonly settings: InfraflowSettings;
  readonly roots: readonly string[];
  /** Every indexed file of a format. */
  files(format?: FormatId): IndexedFile[];
  file(path: string): IndexedFile | undefined;
  /** Definitions by kind, and optionally scope and name (format is the calling format's). */
  defs(format: FormatId, kind: string, scope?: string, name?: string): SymbolDef[];
  /**
   * The parse of a YAML text, from this workspace's cache (an open document's own tree while it is detected or
   * analysed). Format code parses only through here: no parse is shared with another workspace.
   */
  parseYaml(text: string): ParsedYaml;
  /** Text of a file, from the open editor when open, else from disk. */
  readText(path: string): string | undefined;
  exists(path: string): boolean;
  /** Files below a folder (recursively, bounded), absolute paths. */
  listFiles(dir: string): string[];
  /**
   * Bumped on every change of a file or a setting: two reads with the same count see the same files, so what is
   * derived from all of them can be kept until it moves. Views without one are compared file by file.
   */
  readonly changeCount?: number;
  /**
   * Bumped when the set of files, a file's format or kind, a configuration file, the settings or the folders
   * change, not when the text of an open file does: two reads with the same count see the same files and the
   * same configurations. Undefined while the workspace is being read, or when a view does not track it.
   */
  readonly structureCount?: number;
}

export interface AnalyzeInput {
  path: string;
  text: string;
  kind: string;
  parsed: ParsedYaml;
  lines: LineIndex;
  /**
   * For an open document (re-parsed in place as it is edited): what the format derived from entries the edit did
   * not touch, to be used again (see NodeMemo). Absent for files read from disk.
   */
  memo?: NodeMemo;
}

/**
 * A rule over one file of a format, given the format's model of it and its text (Polycrate files, env0 workflows,
 * Fabrikate components; the format's analyze() runs them). Rules across files are WorkspaceRules.
 */
export interface FileRule<Model> {
  /** The rule's diagnostic code without the format's prefix: `empty-workflow` reports `poly/empty-workflow`. */
  id: string;
  check(model: Model, text: string): Problem[];
}

export interface WorkspaceRule {
  /** As FileRule's: the diagnostic code without the format's prefix. */
  id: string;
  /** Problems across files; each problem names its own file. */
  check(ws: WorkspaceView): Problem[];
  /**
   * The problems `check` reports in one file, found without checking the others. The index asks for the edited
   * file's first and for each other file as it is published, so the cost of seeing an edit's diagnostics follows
   * what the file touches, not the size of the workspace. A rule without it is checked whole once per change.
   */
  checkFile?(ws: WorkspaceView, path: string): Problem[];
}

export interface CompletionCandidate {
  label: string;
  /** Text inserted in place of the word at the cursor; defaults to the label. */
  insertText?: string;
  snippet?: boolean;
  detail?: string;
  doc?: string;
  /** LSP CompletionItemKind. */
  itemKind?: number;
  sortText?: string;
}

export interface CursorRequest {
  file: IndexedFile;
  offset: number;
  cursor: CursorContext;
  ws: WorkspaceView;
}

/** A JSON Schema we publish in schemas/, generated from a file kind's shape. */
export interface SchemaExport {
  /** File name under schemas/, e.g. `polycrate-workspace.schema.json`. */
  fileName: string;
  kind: string;
  title: string;
  description: string;
  /** Globs for package.json `yamlValidation`/`jsonValidation`. */
  fileMatch: string[];
}

/**
 * What a format's graph edits work with: the workspace, the document the graph was drawn for and its graph (built
 * on demand). Implemented by the graph-edit feature (features/graph-edit.ts); the helpers that turn an intent into
 * text are in yaml-text.ts and edit-support.ts.
 */
export interface EditContext {
  readonly ws: WorkspaceView;
  /** The document the graph was drawn for. */
  readonly path: string;
  node(id: string): GraphNode | undefined;
  edge(id: string): GraphEdge | undefined;
  /** Where a node or edge is written, as a path and offsets. */
  where(x: { uri?: string; range?: GraphNode["range"] } | undefined): { path: string; span: Span } | undefined;
  /** A file to edit; refused (EditRefused) when its text does not parse, since an edit would have to guess. */
  file(p: string): IndexedFile;
  /** The indentation and line breaks the file is written with. */
  style(f: IndexedFile): Style;
}

/**
 * A format's graph edits: intents from the graph view → text changes. Anything it does not handle is refused by
 * throwing EditRefused (yaml-text.ts) with a message the user sees. A rename is not here: it goes through the
 * language server's rename from `nameAt`, so references follow.
 */
export interface FormatEdits {
  apply(ctx: EditContext, edit: Exclude<GraphEdit, { type: "renameNode" }>): TextChange[];
  /** Where a node's name is written: rename and references start there. */
  nameAt(ctx: EditContext, nodeId: string): { path: string; offset: number } | undefined;
  stepChoices?(ctx: EditContext): StepChoices;
  /** The stacks that import a file (and so see an edit of it), by name; none when nothing imports it. */
  importedBy?(ctx: EditContext, path: string): string[];
  /** For an edit that lands in a shared file: the manifest the edit could be written in instead (`scope: "stack"`). */
  stackScope?(ctx: EditContext, edit: GraphEdit): string | undefined;
}

export interface FormatModule {
  id: FormatId;
  /** Prefix of the diagnostic codes: `poly`, `atmos`, `env0`, `fab`, `deis`. */
  codePrefix: string;
  /** Whether the workspace scan should read this file to detect it (by path only; cheap). */
  candidate(path: string, ws: WorkspaceView): boolean;
  /** The kind of file (`workspace`, `block`, `stack`, …), or undefined when it is not this format's. */
  detect(path: string, text: string, ws: WorkspaceView): string | undefined;
  /** Files that change detection of other files (e.g. `atmos.yaml`): the index re-detects when they change. */
  isConfigFile?(path: string): boolean;
  /** Parses a non-YAML file kind into the same shape of tree (Procfile, `.env`); YAML otherwise. */
  parse?(text: string, kind: string, ws?: WorkspaceView): ParsedYaml;
  /** The shape of a file kind, used for validation, completion, hover and schemas/. */
  shape(kind: string): Shape | undefined;
  /** Symbols, references and per-file problems; pure over the parsed file. */
  analyze(input: AnalyzeInput, ws: WorkspaceView): FileFacts;
  /** Workspace-wide rules (cycles, unresolved imports…). */
  rules?: WorkspaceRule[];
  /** Resolves a reference when a plain (kind, scope, name) match is not enough (globs, inheritance). */
  resolve?(ref: SymbolRef, ws: WorkspaceView): SymbolDef[] | undefined;
  /**
   * What `resolve` reads to resolve `ref`, as values compared with `===` (objects by identity): while every one is
   * the same as when the reference was last checked, whether it resolves is the same, and the check is not run
   * again. It must cost far less than `resolve`. Without it (or when it returns undefined), the reference is
   * resolved again on every check.
   */
  resolveDeps?(ref: SymbolRef, ws: WorkspaceView): readonly unknown[] | undefined;
  /** The scope to offer names from when completing a value whose shape has `ref: kind`. */
  refScope?(kind: string, req: CursorRequest): string | undefined;
  /** Extra completions (import paths, stack names…). */
  complete?(req: CursorRequest): CompletionCandidate[];
  /** Extra hover (a step's script, a component's effective vars…), in Markdown. */
  hover?(req: CursorRequest): string | undefined;
  /** What can be run from a file (CodeLenses, tasks, `infraflow run`). */
  runnables?(file: IndexedFile, ws: WorkspaceView): RunnableDef[];
  /** Turns a runnable into a plan; throws PlanError with a message the user sees when it cannot. */
  plan?(file: IndexedFile, ws: WorkspaceView, req: PlanInput): RunPlan;
  /** The dependency graph of a file (graph view, `infraflow graph`). */
  graph?(file: IndexedFile, ws: WorkspaceView, options?: GraphOptions): FormatGraph | undefined;
  /** Every stack the file's graph draws (with `stacks: "all"`), without drawing them: a folder's graph picks from them. */
  graphStacks?(file: IndexedFile, ws: WorkspaceView): Array<{ key: string; label: string }>;
  /** The JSON Schemas this format publishes (generated into schemas/ by `npm run schemas`). */
  schemas?: SchemaExport[];
  /**
   * Renames a symbol that stands for a whole file (an Atmos import target): where the file moves and the new
   * text of each reference to it, or why it cannot. Without it, such symbols (`fixedName`) cannot be renamed.
   */
  renameFile?(def: SymbolDef, newName: string, refs: SymbolRef[], ws: WorkspaceView): { newPath: string; edits: Array<{ ref: SymbolRef; newText: string }> } | { error: string };
  /** Checks a new name before a rename; returns the reason it is refused. */
  checkName?(kind: string, name: string): string | undefined;
  /** Edits from the graph view (features/graph-edit.ts); without it the format's graphs are read-only. */
  graphEdits?: FormatEdits;
}
