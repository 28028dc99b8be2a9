// The only file that knows the LSP connection: it wires requests to the pure feature functions and keeps the
// workspace index in step with the editor and the disk.
import * as path from "node:path";
import {
  DidChangeConfigurationNotification,
  FileChangeType,
  ResponseError,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressServerReporter,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { affectedRequest, describeChoicesRequest, describeComponentRequest, fileInfoRequest, graphEditRequest, graphNodeInfoRequest, graphRequest, indexStatusNotification, planRequest, runnablesRequest, stepChoicesRequest } from "../../common/lsp-ext";
import { isGraphEdit } from "../../common/graph-edit";
import { affected } from "./affected";
import { changedSince, GitError } from "./affected/git";
import { normalizeSettings } from "../../common/settings";
import { codeActions } from "./features/code-actions";
import { complete } from "./features/complete";
import { sameData, toPath, toUri } from "./features/convert";
import { definition, references } from "./features/definition";
import { describeChoices, describeComponentText } from "./features/describe";
import { graphEdit, nodeInfo, stepChoices } from "./features/graph-edit";
import { GraphCache } from "./features/graph";
import { plan, runnables } from "./features/run";
import { PlanError } from "../../common/run-order";
import { hover } from "./features/hover";
import { prepareRename, rename } from "./features/rename";
import { documentSymbols, workspaceSymbols } from "./features/symbols";
import { validate } from "./features/validate";
import { FORMATS } from "./formats/registry";
import { collectWhenIdle } from "./idle-gc";
import { nodeHost } from "./index/host";
import { WorkspaceIndex } from "./index/workspace-index";

/** How long to wait after the last change before re-checking the other files of the workspace. */
const DIAGNOSTICS_DELAY_MS = 120;
/**
 * How long after a keystroke arrives the edited document itself is checked: just long enough to take in the rest
 * of a burst already on the wire, so the one that typed sees its diagnostics at once. Counted from the arrival: in
 * a large document, applying the change takes about this long already.
 */
const EDITED_DELAY_MS = 4;
/**
 * The re-check of every file runs in slices of about this long, so that a keystroke or a request waits at most
 * one slice; a change that arrives meanwhile ends the pass (the pass it schedules checks everything again).
 */
const SLICE_MS = 15;

export function startServer(connection: Connection): void {
  const index = new WorkspaceIndex(nodeHost, FORMATS);
  // The workspace is read in slices after `initialize` answers: requests wait for it (index.ready()), but the
  // connection stays responsive and the client shows the progress.
  index.background = true;
  const docs = new Map<string, TextDocument>();
  let pullConfig = false;
  let folderEvents = false;
  let progressSupported = false;
  let timer: NodeJS.Timeout | undefined;
  let fastTimer: NodeJS.Timeout | undefined;
  /** Open documents changed since their diagnostics were last sent: they go first. */
  const edited = new Set<string>();
  /** Last diagnostics sent per URI, to send only what changed. */
  const published = new Map<string, Diagnostic[]>();
  /** IndexStatus.revision: changes from outside the open documents' text. */
  let revision = 0;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const roots = (params.workspaceFolders ?? []).map((f) => toPath(f.uri));
    if (!roots.length && params.rootUri) roots.push(toPath(params.rootUri));
    pullConfig = !!params.capabilities.workspace?.configuration;
    folderEvents = !!params.capabilities.workspace?.workspaceFolders;
    progressSupported = !!params.capabilities.window?.workDoneProgress;
    const opts = params.initializationOptions as { settings?: unknown } | undefined;
    index.settings = normalizeSettings(opts?.settings);
    index.setRoots(roots);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        completionProvider: { triggerCharacters: [":", " ", "-", "[", ",", "/"], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        codeActionProvider: { codeActionKinds: ["quickfix"] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: "infraflow", version: "0.1.0" },
    };
  });

  // ---- Progress of the background scan ----
  let progress: Promise<WorkDoneProgressServerReporter | undefined> | undefined;
  let initialized = false;
  index.onScanProgress = ({ files, walked, done }) => {
    if (!progressSupported || !initialized) return;
    if (!progress && !done) {
      progress = connection.window.createWorkDoneProgress().then(
        (p) => (p.begin("Infraflow: reading the workspace", undefined, `${files} file(s)`), p),
        () => undefined,
      );
    }
    const current = progress;
    if (!current) return;
    if (done) progress = undefined;
    void current.then((p) => (done ? p?.done() : p?.report(`${files} file(s) of ours, ${walked} looked at`)));
  };

  connection.onInitialized(() => {
    initialized = true;
    if (index.isScanning) index.onScanProgress?.({ files: 0, walked: 0, done: false });
    if (pullConfig) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: "infraflow" }).catch(() => undefined);
      void refreshSettings();
    }
    // Asking for folder events from a client that has no workspace folders throws, and the first check would
    // never run: only clients that said they have them get asked.
    if (folderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders(async () => {
        const folders = (await connection.workspace.getWorkspaceFolders()) ?? [];
        index.setRoots(folders.map((f) => toPath(f.uri)));
        scheduleOutside();
      });
    }
    schedule();
  });

  async function refreshSettings(): Promise<void> {
    try {
      const raw = await connection.workspace.getConfiguration("infraflow");
      index.setSettings(normalizeSettings(raw));
      scheduleOutside();
    } catch {
      // The client does not answer configuration requests: keep the initialization options.
    }
  }

  connection.onDidChangeConfiguration((change) => {
    if (pullConfig) void refreshSettings();
    else {
      const s = (change.settings as { infraflow?: unknown } | undefined)?.infraflow;
      if (s) {
        index.setSettings(normalizeSettings(s));
        scheduleOutside();
      }
    }
  });

  // ---- Documents ----
  connection.onDidOpenTextDocument(({ textDocument: td }) => {
    const arrived = performance.now();
    const doc = TextDocument.create(td.uri, td.languageId, td.version, td.text);
    docs.set(td.uri, doc);
    if (td.uri.startsWith("file:")) index.openOrChange(toPath(td.uri), td.text, td.version);
    edited.add(td.uri);
    schedule(arrived);
  });
  connection.onDidChangeTextDocument(({ textDocument: td, contentChanges }) => {
    const arrived = performance.now();
    const doc = docs.get(td.uri);
    if (!doc) return;
    const next = TextDocument.update(doc, contentChanges, td.version);
    docs.set(td.uri, next);
    if (td.uri.startsWith("file:")) index.openOrChange(toPath(td.uri), next.getText(), td.version);
    edited.add(td.uri);
    schedule(arrived);
  });
  connection.onDidCloseTextDocument(({ textDocument: td }) => {
    docs.delete(td.uri);
    if (td.uri.startsWith("file:")) index.close(toPath(td.uri));
    scheduleOutside();
  });
  connection.onDidChangeWatchedFiles(({ changes }) => {
    let changed = false;
    // Two watchers may report one path (a file and the folder watcher): each event once.
    const seen = new Set<string>();
    for (const c of changes) {
      const key = `${c.type}:${c.uri}`;
      if (!c.uri.startsWith("file:") || seen.has(key)) continue;
      seen.add(key);
      const kind = c.type === FileChangeType.Created ? "created" : c.type === FileChangeType.Deleted ? "deleted" : "changed";
      if (index.diskChanged(toPath(c.uri), kind)) changed = true;
    }
    if (changed) scheduleOutside();
  });

  /**
   * Diagnostics cross files (imports, references), so every indexed file is re-checked after a change, debounced;
   * the documents being edited are checked first, almost at once. The index caches each file's own problems per
   * analysis, so re-checking a file that did not change costs only its references and the workspace rules.
   */
  let waitingForScan = false;
  /** schedule() after a change from outside the open documents' text: it moves IndexStatus.revision. */
  function scheduleOutside(): void {
    revision++;
    schedule();
  }
  /** `arrived`: when the change to an edited document came in (its own check waits EDITED_DELAY_MS from then). */
  function schedule(arrived = performance.now()): void {
    // While the workspace is being read, a check would call defined things unknown: check once it is read.
    if (index.isScanning) {
      if (!waitingForScan) {
        waitingForScan = true;
        void index.ready().then(() => {
          waitingForScan = false;
          schedule();
        });
      }
      return;
    }
    if (timer) clearTimeout(timer);
    timer = setTimeout(publishAll, DIAGNOSTICS_DELAY_MS);
    if (edited.size && !fastTimer) fastTimer = setTimeout(publishEdited, Math.max(0, EDITED_DELAY_MS - (performance.now() - arrived)));
  }
  function publishEdited(): void {
    fastTimer = undefined;
    for (const uri of [...edited]) {
      edited.delete(uri);
      if (!docs.has(uri) || !uri.startsWith("file:")) continue;
      const p = toPath(uri);
      if (!index.detected(p)) continue;
      publishOne(uri, p);
    }
  }
  function publishOne(uri: string, p: string): void {
    let diagnostics;
    try {
      diagnostics = validate(index, p);
    } catch (err) {
      connection.console.error(`diagnostics failed for ${p}: ${String(err)}`);
      return;
    }
    const before = published.get(uri);
    if (before && sameData(before, diagnostics)) return;
    published.set(uri, diagnostics);
    const version = docs.get(uri)?.version;
    void connection.sendDiagnostics({ uri, version, diagnostics });
  }
  let pass = 0;
  function publishAll(): void {
    timer = undefined;
    const run = ++pass;
    const gen = index.changeCount;
    const paths = index.paths();
    let i = 0;
    const slice = (): void => {
      // A newer change scheduled its own pass: this one stops, and the edited documents stay for publishEdited.
      if (run !== pass || index.changeCount !== gen) return;
      const until = performance.now() + SLICE_MS;
      while (i < paths.length && (i === 0 || performance.now() < until)) {
        const p = paths[i++]!;
        publishOne(toUri(p), p);
      }
      if (i < paths.length) {
        setImmediate(slice);
        return;
      }
      edited.clear();
      // Files that left the index (deleted, or no longer detected) lose their diagnostics.
      const live = new Set(paths.map(toUri));
      for (const uri of [...published.keys()]) {
        if (live.has(uri)) continue;
        published.delete(uri);
        void connection.sendDiagnostics({ uri, diagnostics: [] });
      }
      void connection.sendNotification(indexStatusNotification, { ...index.stats(), revision });
    };
    slice();
  }

  // ---- Requests: each resolves the document, then calls one pure feature. ----
  async function at<T>(uri: string, position: { line: number; character: number }, fn: (path: string, offset: number) => T): Promise<T | null> {
    if (!uri.startsWith("file:")) return null;
    await index.ready();
    const path = toPath(uri);
    const f = index.file(path);
    if (!f) return null;
    try {
      return fn(path, f.lines.offset(position));
    } catch (err) {
      connection.console.error(`request failed for ${path}: ${String((err as Error)?.stack ?? err)}`);
      return null;
    }
  }

  connection.onCompletion(({ textDocument, position }) => at(textDocument.uri, position, (p, o) => complete(index, p, o)));
  connection.onHover(({ textDocument, position }) => at(textDocument.uri, position, (p, o) => hover(index, p, o)));
  connection.onDefinition(({ textDocument, position }) => at(textDocument.uri, position, (p, o) => definition(index, p, o)));
  connection.onReferences(({ textDocument, position, context }) => at(textDocument.uri, position, (p, o) => references(index, p, o, context.includeDeclaration)));
  connection.onPrepareRename(async ({ textDocument, position }) => {
    const r = await at(textDocument.uri, position, (p, o) => prepareRename(index, p, o));
    if (r && "error" in r) throw new ResponseError(-32803, r.error);
    return r;
  });
  connection.onRenameRequest(async ({ textDocument, position, newName }) => {
    const r = await at(textDocument.uri, position, (p, o) => rename(index, p, o, newName));
    if (!r) return null;
    if ("error" in r) throw new ResponseError(-32803, r.error);
    return r.edit;
  });
  /** Runs a feature; a failure is logged and answered with null, never a crash. */
  async function guard<T>(what: string, fn: () => T): Promise<T | null> {
    await index.ready();
    try {
      return fn();
    } catch (err) {
      connection.console.error(`${what} failed: ${String((err as Error)?.stack ?? err)}`);
      return null;
    }
  }
  connection.onDocumentSymbol(({ textDocument }) => (textDocument.uri.startsWith("file:") ? guard("documentSymbol", () => documentSymbols(index, toPath(textDocument.uri))) : null));
  connection.onWorkspaceSymbol(({ query }) => guard("workspaceSymbol", () => workspaceSymbols(index, query)));
  connection.onCodeAction(({ textDocument, range }) => (textDocument.uri.startsWith("file:") ? guard("codeAction", () => codeActions(index, toPath(textDocument.uri), range)) : null));
  const graphs = new GraphCache();
  connection.onRequest(graphRequest, (params) =>
    params.uri.startsWith("file:") ? guard("graph", () => graphs.graph(index, toPath(params.uri), { focus: typeof params.focus === "string" ? params.focus : undefined })) : null,
  );
  connection.onRequest(runnablesRequest, async (params) =>
    (params.uri.startsWith("file:") ? await guard("runnables", () => runnables(index, toPath(params.uri))) : null) ?? [],
  );
  connection.onRequest(planRequest, async (params) => {
    if (!params.uri.startsWith("file:")) throw new ResponseError(-32602, "Only files on disk can be run.");
    await index.ready();
    try {
      return plan(index, toPath(params.uri), params, process.env);
    } catch (err) {
      if (err instanceof PlanError) throw new ResponseError(-32603, err.message);
      connection.console.error(`plan failed: ${String((err as Error)?.stack ?? err)}`);
      throw new ResponseError(-32603, `Infraflow could not plan this run: ${String((err as Error)?.message ?? err)}`);
    }
  });
  // Graph edits: an intent from the graph view → text edits (refused with a message: old version, broken text, cycle…).
  connection.onRequest(graphEditRequest, async (params) => {
    if (!params?.uri?.startsWith("file:") || !isGraphEdit(params.edit)) return { error: "Only well-formed edits of files on disk are supported." };
    return (await guard("graphEdit", () => graphEdit(index, toPath(params.uri), params.version, params.edit))) ?? { error: "Infraflow could not compute this edit; see the log." };
  });
  connection.onRequest(graphNodeInfoRequest, (params) =>
    params.uri.startsWith("file:") ? guard("graphNodeInfo", () => nodeInfo(index, toPath(params.uri), params.nodeId)) : null,
  );
  connection.onRequest(stepChoicesRequest, async (params) =>
    (params.uri.startsWith("file:") ? await guard("stepChoices", () => stepChoices(index, toPath(params.uri))) : null) ?? { blocks: [] },
  );
  // Atmos "Describe Component in Stack…": the quick picks' choices, then the description with its links.
  connection.onRequest(describeChoicesRequest, async (params) => (await guard("describeChoices", () => describeChoices(index, params))) ?? { stacks: [] });
  connection.onRequest(
    describeComponentRequest,
    async (params) =>
      (await guard("describeComponent", () => describeComponentText(index, params))) ?? { error: "Infraflow could not describe this component; see the log.", links: [] },
  );
  // "Affected since…": git runs in the workspace folder of the document, then the mapping reads the index.
  connection.onRequest(affectedRequest, async (params) => {
    const base = typeof params?.base === "string" ? params.base : "";
    const p = typeof params?.uri === "string" && params.uri.startsWith("file:") ? toPath(params.uri) : undefined;
    const root = p ? index.roots.filter((r) => p === r || p.startsWith(r + path.sep)).sort((a, b) => b.length - a.length)[0] : index.roots[0];
    if (!root) return { base, files: [], affected: [], error: "The document is outside the workspace folders." };
    let changed: string[];
    try {
      changed = await changedSince(root, base);
    } catch (err) {
      if (err instanceof GitError) return { base, files: [], affected: [], error: err.message };
      throw err;
    }
    return (await guard("affected", () => affected(index, root, changed, base))) ?? { base, files: [], affected: [], error: "Infraflow could not map the changed files; see the log." };
  });
  connection.onRequest(fileInfoRequest, async (params) => {
    await index.ready();
    const d = params.uri.startsWith("file:") ? index.detected(toPath(params.uri)) : undefined;
    return { format: d?.format ?? null, kind: d?.kind ?? null };
  });

  connection.listen();
  // Memory that opening and editing large files left behind is given back once the server is idle (idle-gc.ts).
  collectWhenIdle();
}
