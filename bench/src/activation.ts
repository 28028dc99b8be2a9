// Activation, as the extension host does it on the first matching file: require() the client bundle, call
// activate(), and then wait until the language client it starts lazily (dist/lsp-client.js, after activate()
// returned) runs: our server spawned over IPC and its initialize answered. Each sample is a fresh process (no
// module cache, no warm V8 code), against a stub of the VS Code API that behaves enough for vscode-languageclient
// to start for real: EventEmitter, Disposable, Uri, CancellationTokenSource, and workspace/window/commands/
// languages/tasks members that return disposables and empty answers. The language server's own start-up is timed
// on its own too, spawned over stdio → initialize answered.
// Usage: node activation.js <client.js> <server.js> <out.json>      (runs the samples)
//        node activation.js --child <client.js> <server.js>         (one sample, JSON on stdout)
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import Module from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { URI, Utils } from "vscode-uri";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import { stat } from "./stats";

const SAMPLES = 11;

// ---- The VS Code API stub ----

type Listener<T> = (e: T) => unknown;

class Disposable {
  static from(...ds: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => ds.forEach((d) => d?.dispose?.()));
  }
  constructor(private readonly fn: () => unknown) {}
  dispose(): void {
    this.fn();
  }
}

class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (l: Listener<T>, thisArg?: unknown, disposables?: Disposable[]): Disposable => {
    const f: Listener<T> = thisArg ? l.bind(thisArg) : l;
    this.listeners.push(f);
    const d = new Disposable(() => (this.listeners = this.listeners.filter((x) => x !== f)));
    disposables?.push(d);
    return d;
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };
  cancel(): void {
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}
class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: number | Position, b: number | Position, c?: number, d?: number) {
    this.start = typeof a === "number" ? new Position(a, b as number) : a;
    this.end = typeof a === "number" ? new Position(c!, d!) : (b as Position);
  }
}

const Uri = Object.assign(URI, { joinPath: Utils.joinPath });

const noop = (): void => undefined;
const disposable = (): Disposable => new Disposable(noop);
/** An event nobody fires. */
const event = (_l?: unknown, _t?: unknown, ds?: Disposable[]): Disposable => {
  const d = disposable();
  ds?.push(d);
  return d;
};

/** Whatever else an object is asked for: events for `on…`, disposables for calls, a harmless stub otherwise. */
function withFallback<T extends object>(explicit: T, name: string, log: Set<string>): T {
  return new Proxy(explicit, {
    get(t, prop, recv) {
      if (prop in t || typeof prop === "symbol") return Reflect.get(t, prop, recv);
      log.add(`${name}.${String(prop)}`);
      if (prop === "then") return undefined;
      if (prop.startsWith("on")) return event;
      return anything();
    },
  });
}

/** A value that answers everything: callable, constructible, disposable, never a thenable. */
function anything(): any {
  const target = function () {};
  const p: any = new Proxy(target, {
    get(_t, prop) {
      if (prop === "then") return undefined;
      if (prop === Symbol.toPrimitive) return () => "";
      if (prop === Symbol.iterator) return function* () {};
      if (prop === "dispose") return noop;
      if (typeof prop === "string" && prop.startsWith("on")) return event;
      return p;
    },
    apply: () => p,
    construct: () => p,
  });
  return p;
}

function outputChannel(name: string): any {
  const lines: string[] = [];
  const write = (level: string) => (msg: string) => void lines.push(`${level} ${msg}`);
  return {
    name,
    lines,
    logLevel: 3,
    onDidChangeLogLevel: event,
    append: (s: string) => void lines.push(s),
    appendLine: (s: string) => void lines.push(s),
    replace: noop,
    clear: noop,
    show: noop,
    hide: noop,
    dispose: noop,
    trace: write("trace"),
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
  };
}

function stubVscode(log: Set<string>, channels: any[]): unknown {
  const settings = (section?: string) => ({ get: (_k: string, d?: unknown) => d, has: () => false, inspect: () => undefined, update: async () => undefined, section });
  const workspace = {
    workspaceFolders: undefined,
    textDocuments: [],
    notebookDocuments: [],
    isTrusted: true,
    name: undefined,
    getConfiguration: settings,
    getWorkspaceFolder: () => undefined,
    findFiles: async () => [],
    fs: { readFile: async () => new Uint8Array(), writeFile: async () => undefined, stat: async () => ({}) },
    createFileSystemWatcher: () => ({ onDidCreate: event, onDidChange: event, onDidDelete: event, ignoreCreateEvents: false, ignoreChangeEvents: false, ignoreDeleteEvents: false, dispose: noop }),
    openTextDocument: async () => anything(),
    applyEdit: async () => true,
  };
  const window = {
    activeTextEditor: undefined,
    visibleTextEditors: [],
    tabGroups: { all: [], activeTabGroup: undefined, onDidChangeTabs: event, onDidChangeTabGroups: event },
    createOutputChannel: (name: string) => {
      const c = outputChannel(name);
      channels.push(c);
      return c;
    },
    createStatusBarItem: () => ({ text: "", tooltip: "", show: noop, hide: noop, dispose: noop }),
    createTextEditorDecorationType: () => ({ key: "deco", dispose: noop }),
    createTreeView: () => ({ onDidChangeVisibility: event, onDidChangeSelection: event, onDidExpandElement: event, onDidCollapseElement: event, reveal: async () => undefined, dispose: noop }),
    registerTreeDataProvider: disposable,
    registerWebviewPanelSerializer: disposable,
    showInformationMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    showErrorMessage: async () => undefined,
    setStatusBarMessage: disposable,
    withProgress: async (_o: unknown, task: (p: unknown, t: unknown) => unknown) => task({ report: noop }, new CancellationTokenSource().token),
  };
  const commands = { registerCommand: disposable, registerTextEditorCommand: disposable, executeCommand: async () => undefined, getCommands: async () => [] };
  const languages = {
    match: () => 0,
    createDiagnosticCollection: (name?: string) => ({ name, set: noop, delete: noop, clear: noop, forEach: noop, get: () => undefined, has: () => false, dispose: noop }),
    setTextDocumentLanguage: async (d: unknown) => d,
    getDiagnostics: () => [],
    onDidChangeDiagnostics: event,
  };
  const tasks = { registerTaskProvider: disposable, fetchTasks: async () => [], executeTask: async () => anything(), taskExecutions: [] };
  const env = { appName: "Visual Studio Code (stub)", language: "en", machineId: "bench", sessionId: "bench", uiKind: 1, openExternal: async () => true, clipboard: { readText: async () => "", writeText: async () => undefined } };
  const enums = {
    StatusBarAlignment: { Left: 1, Right: 2 },
    ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2, Three: 3 },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    TaskScope: { Global: 1, Workspace: 2 },
    TaskRevealKind: { Always: 1, Silent: 2, Never: 3 },
    OverviewRulerLane: { Left: 1, Center: 2, Right: 4, Full: 7 },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    TextEditorRevealType: { Default: 0, InCenter: 1, InCenterIfOutsideViewport: 2, AtTop: 3 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  };
  class CancellationError extends Error {}
  /** A plain class for the rest of the API's classes: keeps what it was constructed with. */
  const plain = (name: string) =>
    ({
      [name]: class {
        readonly args: unknown[];
        constructor(...args: unknown[]) {
          this.args = args;
        }
      },
    })[name];
  const classes = Object.fromEntries(
    ["ThemeColor", "ThemeIcon", "MarkdownString", "TreeItem", "CodeLens", "Task", "CustomExecution", "ShellExecution", "ProcessExecution", "Location", "Selection", "RelativePattern", "WorkspaceEdit", "Diagnostic", "DiagnosticRelatedInformation", "CompletionItem", "Hover", "TextEdit", "CodeAction"].map((n) => [n, plain(n)]),
  );
  // esbuild's interop copies the module's own properties: everything at the top level must be spelled out.
  return withFallback(
    {
      __esModule: true,
      version: "1.91.0",
      ...classes,
      EventEmitter,
      Disposable,
      Uri,
      Position,
      Range,
      CancellationTokenSource,
      CancellationError,
      ...enums,
      workspace: withFallback(workspace, "workspace", log),
      window: withFallback(window, "window", log),
      commands: withFallback(commands, "commands", log),
      languages: withFallback(languages, "languages", log),
      tasks: withFallback(tasks, "tasks", log),
      env: withFallback(env, "env", log),
      extensions: withFallback({ all: [], getExtension: () => undefined, onDidChange: event }, "extensions", log),
    },
    "vscode",
    log,
  );
}

// ---- One sample, in a fresh process ----

interface Sample {
  /** require() of dist/client.js */
  clientLoad: number;
  /** activate() until it returned (and its promise, if any, settled) */
  activate: number;
  /** load + activate: what the extension host waits before the extension counts as active */
  activation: number;
  /** require() of dist/lsp-client.js, wherever it happened (after activate() returned, normally) */
  lspClientLoad?: number;
  /** whether lsp-client.js was loaded inside activate() (it should not be) */
  lspClientLoadedDuringActivate?: boolean;
  /** from the start of the client's require() until the language client runs (server initialized) */
  clientReady?: number;
  error?: string;
  /** API members the stub answered with its fallback (for keeping the stub honest) */
  fallbacks: string[];
}

async function child(client: string, server: string): Promise<Sample> {
  const log = new Set<string>();
  const channels: any[] = [];
  const vscode = stubVscode(log, channels);
  const M = Module as any;
  const origResolve = M._resolveFilename;
  M._resolveFilename = function (req: string, ...rest: unknown[]) {
    if (req === "vscode") return "vscode";
    return origResolve.call(this, req, ...rest);
  };
  require.cache["vscode"] = { id: "vscode", filename: "vscode", loaded: true, exports: vscode } as any;
  // Times the lazy bundle's require wherever it happens.
  let lspClientLoad: number | undefined;
  let inActivate = false;
  let loadedDuringActivate = false;
  const origLoad = M._load;
  M._load = function (req: string, ...rest: unknown[]) {
    if (!/lsp-client(\.js)?$/.test(req)) return origLoad.call(this, req, ...rest);
    const t = performance.now();
    try {
      return origLoad.call(this, req, ...rest);
    } finally {
      lspClientLoad = performance.now() - t;
      loadedDuringActivate = inActivate;
    }
  };

  const dist = path.dirname(path.resolve(client));
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-activation-"));
  const context: any = {
    subscriptions: [] as { dispose(): unknown }[],
    extensionPath: path.dirname(dist),
    extensionUri: Uri.file(path.dirname(dist)),
    // The bench's bundles are in bench/out/prod, not <extension>/dist: the server is wherever the bench built it.
    asAbsolutePath: (p: string) => (p === path.join("dist", "server.js") ? path.resolve(server) : path.join(path.dirname(dist), p)),
    storageUri: Uri.file(storage),
    globalStorageUri: Uri.file(storage),
    logUri: Uri.file(storage),
    globalState: { get: () => undefined, update: async () => undefined, keys: () => [], setKeysForSync: noop },
    workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
    secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: event },
    extensionMode: 1,
    environmentVariableCollection: anything(),
    extension: { id: "infraflow.infraflow", extensionPath: path.dirname(dist), packageJSON: {} },
  };

  const sample: Sample = { clientLoad: NaN, activate: NaN, activation: NaN, fallbacks: [] };
  const t0 = performance.now();
  let api: any;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.resolve(client));
    const t1 = performance.now();
    inActivate = true;
    const r = mod.activate(context);
    inActivate = false;
    api = r && typeof r.then === "function" ? await r : r;
    const t2 = performance.now();
    sample.clientLoad = t1 - t0;
    sample.activate = t2 - t1;
    sample.activation = t2 - t0;
    const ctx = api?.ctx;
    // Ready: the client runs. Before the split, activate() awaited the start itself, so ctx.client runs already.
    const ready = typeof ctx?.whenClient === "function" ? await withDeadline(ctx.whenClient(), 20000) : ctx?.client?.isRunning?.() ? ctx.client : undefined;
    if (ready) sample.clientReady = performance.now() - t0;
    else sample.error = `the language client did not start: ${channels.flatMap((c) => c.lines).join(" | ").slice(0, 500)}`;
    const deactivate = mod.deactivate?.();
    if (deactivate?.then) await withDeadline(deactivate, 5000);
  } catch (e) {
    inActivate = false;
    sample.error = String((e as Error)?.stack ?? e);
  }
  sample.lspClientLoad = lspClientLoad;
  sample.lspClientLoadedDuringActivate = lspClientLoad === undefined ? undefined : loadedDuringActivate;
  sample.fallbacks = [...log].sort();
  for (const d of context.subscriptions) {
    try {
      d.dispose();
    } catch {
      // The stub's disposables cannot fail; the extension's may, after its client stopped.
    }
  }
  fs.rmSync(storage, { recursive: true, force: true });
  return sample;
}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))]).finally(() => clearTimeout(timer));
}

// ---- The samples ----

async function main(): Promise<void> {
  if (process.argv[2] === "--child") {
    const [client, server] = process.argv.slice(3);
    const s = await child(client!, server!);
    process.stdout.write(JSON.stringify(s) + "\n");
    process.exit(0);
  }
  const [client, server, out] = process.argv.slice(2);
  const samples: Sample[] = [];
  for (let i = 0; i < SAMPLES + 1; i++) {
    const raw = execFileSync(process.execPath, [process.argv[1]!, "--child", client!, server!], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
    // The first process warms the disk cache; it is not counted.
    if (i > 0) samples.push(JSON.parse(raw.trim().split("\n").pop()!) as Sample);
  }
  const pick = (k: keyof Sample) => samples.map((s) => s[k]).filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  const errors = [...new Set(samples.map((s) => s.error).filter(Boolean))];

  // Server start: spawn → initialize answered (stdio).
  const starts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const proc = spawn(process.execPath, [server!, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    conn.listen();
    await conn.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
    starts.push(performance.now() - t0);
    proc.kill();
    conn.dispose();
  }
  const result = {
    method: `${samples.length} fresh node processes, each: require(client.js) → activate() → the lazily started language client runs (server over IPC, initialized); stub of the VS Code API`,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    clientBytes: fs.statSync(client!).size,
    lspClientBytes: fs.existsSync(path.join(path.dirname(client!), "lsp-client.js")) ? fs.statSync(path.join(path.dirname(client!), "lsp-client.js")).size : undefined,
    clientLoad: stat(pick("clientLoad")),
    activate: stat(pick("activate")),
    activation: stat(pick("activation")),
    lspClientLoad: stat(pick("lspClientLoad")),
    lspClientLoadedDuringActivate: samples.some((s) => s.lspClientLoadedDuringActivate),
    clientReady: stat(pick("clientReady")),
    activateError: errors.length ? errors.join("; ") : undefined,
    stubFallbacks: [...new Set(samples.flatMap((s) => s.fallbacks))].sort(),
    serverStart: stat(starts),
  };
  fs.writeFileSync(out!, JSON.stringify(result, null, 2));
  process.exit(0);
}

void main();
