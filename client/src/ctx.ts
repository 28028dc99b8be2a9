// The extension's state with a lifetime: the language client, its output channel and what it was started with.
// vscode-languageclient lives in the second bundle (lazy.ts): this file only names its types, and start() loads
// it after its first await, so activate() never waits on it. Features that need the client await whenClient().
import * as path from "node:path";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { readModeline } from "../../common/formats";
import type { IndexStatus } from "../../common/lsp-ext";
import { readSettings } from "./config";
import { ext, lsp } from "./lazy";
import { buildSelector, type Filter } from "./selector";

export class Ctx implements vscode.Disposable {
  client: LanguageClient | undefined;
  readonly output: vscode.LogOutputChannel;
  readonly status: vscode.StatusBarItem;
  private selectorKey = "";
  private readonly modelineFiles = new Set<string>();
  private restarting: Promise<void> | undefined;
  /** The latest start(), settled once its client runs (or failed to start). */
  private starting: Promise<void> | undefined;
  /** Bumped by each start() and stop(): a start that sees another generation gives up (stopped meanwhile). */
  private generation = 0;
  lastIndexStatus: IndexStatus | undefined;
  private readonly started = new vscode.EventEmitter<LanguageClient>();
  /** Fires after each (re)start of the language client, e.g. to register providers for its selector. */
  readonly onDidStartClient = this.started.event;
  private readonly outsideChange = new vscode.EventEmitter<void>();
  /**
   * Fires when the index settled after a change from outside the open documents' text (IndexStatus.revision moved:
   * files on disk, a closed document, folders, settings), which can give any file its format, stacks or graph.
   */
  readonly onDidChangeOutside = this.outsideChange.event;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel("Infraflow", { log: true });
    this.status = vscode.window.createStatusBarItem("infraflow.status", vscode.StatusBarAlignment.Left, 0);
    this.status.name = "Infraflow";
    this.status.command = "infraflow.showOutput";
    extension.subscriptions.push(this.output, this.status, this.started, this.outsideChange, this);
  }

  get subscriptions(): vscode.Disposable[] {
    return this.extension.subscriptions;
  }

  /**
   * Starts the language server (over IPC), with a selector built from the workspace. The first await comes before
   * anything heavy: a caller that does not await (activate()) returns before the client bundle is even loaded,
   * which happens in a setImmediate, overlapping the selector's file search.
   */
  start(): Promise<void> {
    const run = this.startClient(++this.generation);
    this.starting = run;
    return run;
  }

  private async startClient(generation: number): Promise<void> {
    const settings = readSettings();
    const pending = buildSelector(settings, [...this.modelineFiles]);
    pending.catch(() => undefined); // awaited below; this only keeps an early rejection from counting as unhandled
    // Load the client bundle while the selector's file search is out (after activate() returned: setImmediate).
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (generation !== this.generation) return;
    const lib = lsp();
    const selector = await pending;
    if (generation !== this.generation) return;
    this.selectorKey = JSON.stringify(selector);
    const client = lib.createClient({
      serverModule: this.extension.asAbsolutePath(path.join("dist", "server.js")),
      selector,
      output: this.output,
      settings,
    });
    this.client = client;
    await client.start();
    client.onNotification(ext().indexStatusNotification, (s) => {
      const moved = this.lastIndexStatus !== undefined && this.lastIndexStatus.revision !== s.revision;
      this.lastIndexStatus = s;
      if (moved) this.outsideChange.fire();
      const parts = Object.entries(s.byFormat).map(([k, v]) => `${k}: ${v}`);
      const limit =
        s.limited === "files"
          ? " It stopped reading the workspace at infraflow.maxIndexedFiles; raise the setting to serve more."
          : s.limited === "walk"
            ? " It stopped reading the workspace after 200,000 entries (a very large folder); open the folder that holds your stacks."
            : "";
      this.status.text = s.limited ? `$(warning) Infraflow` : `$(type-hierarchy) Infraflow`;
      this.status.tooltip = `Infraflow serves ${s.files} file(s)${parts.length ? ` (${parts.join(", ")})` : ""}.${limit} Click for the log.`;
      if (s.files > 0) this.status.show();
    });
    if (generation === this.generation) this.started.fire(client);
  }

  /**
   * The running client, once the start (or restart) under way has finished; undefined when it did not start or was
   * stopped. What needs the server awaits this instead of reading `client`, which is unset until the lazy start ran.
   */
  async whenClient(): Promise<LanguageClient | undefined> {
    for (;;) {
      const pending = this.restarting ?? this.starting;
      if (!pending) break;
      await pending.catch(() => undefined);
      if (pending === (this.restarting ?? this.starting)) break;
    }
    return this.client?.isRunning() ? this.client : undefined;
  }

  async stop(): Promise<void> {
    this.generation++;
    // A start under way finishes first (or gives up at its next step), so that its client is the one stopped here.
    await this.starting?.catch(() => undefined);
    const c = this.client;
    this.client = undefined;
    if (c) await c.stop().catch(() => undefined);
  }

  async restart(): Promise<void> {
    this.restarting ??= (async () => {
      await this.stop();
      await this.start();
    })().finally(() => (this.restarting = undefined));
    return this.restarting;
  }

  /** Restarts the client when the selector would change (atmos.yaml edited, associations, modelines). */
  async refreshSelector(): Promise<void> {
    // Compare with what the start under way (activation's) was given, not with nothing.
    await this.whenClient();
    const next: Filter[] = await buildSelector(readSettings(), [...this.modelineFiles]);
    if (JSON.stringify(next) !== this.selectorKey) {
      this.output.info("The set of files Infraflow serves changed; restarting the language server.");
      await this.restart();
    }
  }

  /** A YAML document with an `# infraflow:` modeline is served even outside the usual paths. */
  noteDocument(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== "file" || (doc.languageId !== "yaml" && doc.languageId !== "json")) return;
    const mode = readModeline(doc.lineAt(0).text);
    if (mode && mode !== "off" && !this.modelineFiles.has(doc.uri.fsPath)) {
      this.modelineFiles.add(doc.uri.fsPath);
      void this.refreshSelector();
    }
  }

  dispose(): void {
    void this.stop();
  }
}
