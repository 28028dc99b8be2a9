// The extension's state with a lifetime: the language client, its output channel and what it was started with.
import * as path from "node:path";
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { readModeline } from "../../common/formats";
import { indexStatusNotification, type IndexStatus } from "../../common/lsp-ext";
import { readSettings } from "./config";
import { buildSelector, type Filter } from "./selector";

export class Ctx implements vscode.Disposable {
  client: LanguageClient | undefined;
  readonly output: vscode.LogOutputChannel;
  readonly status: vscode.StatusBarItem;
  private selectorKey = "";
  private readonly modelineFiles = new Set<string>();
  private restarting: Promise<void> | undefined;
  lastIndexStatus: IndexStatus | undefined;
  private readonly started = new vscode.EventEmitter<LanguageClient>();
  /** Fires after each (re)start of the language client, e.g. to register providers for its selector. */
  readonly onDidStartClient = this.started.event;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel("Infraflow", { log: true });
    this.status = vscode.window.createStatusBarItem("infraflow.status", vscode.StatusBarAlignment.Left, 0);
    this.status.name = "Infraflow";
    this.status.command = "infraflow.showOutput";
    extension.subscriptions.push(this.output, this.status, this.started, this);
  }

  get subscriptions(): vscode.Disposable[] {
    return this.extension.subscriptions;
  }

  /** Starts the language server (over IPC), with a selector built from the workspace. */
  async start(): Promise<void> {
    const selector = await buildSelector(readSettings(), [...this.modelineFiles]);
    this.selectorKey = JSON.stringify(selector);
    const module = this.extension.asAbsolutePath(path.join("dist", "server.js"));
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6019"] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: selector as LanguageClientOptions["documentSelector"],
      outputChannel: this.output,
      initializationOptions: { settings: readSettings() },
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.poly,*.yaml,*.yml,*.json,Procfile,.env}"),
      },
    };
    const client = new LanguageClient("infraflow", "Infraflow", serverOptions, clientOptions);
    this.client = client;
    await client.start();
    client.onNotification(indexStatusNotification.method, (s: IndexStatus) => {
      this.lastIndexStatus = s;
      const parts = Object.entries(s.byFormat).map(([k, v]) => `${k}: ${v}`);
      this.status.text = `$(type-hierarchy) Infraflow`;
      this.status.tooltip = `Infraflow serves ${s.files} file(s)${parts.length ? ` (${parts.join(", ")})` : ""}. Click for the log.`;
      if (s.files > 0) this.status.show();
    });
    this.started.fire(client);
  }

  async stop(): Promise<void> {
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
