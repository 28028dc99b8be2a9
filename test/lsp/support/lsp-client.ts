// A minimal LSP client for tests: spawns the built server over stdio and speaks the real protocol.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as path from "node:path";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import { WorkDoneProgress } from "vscode-languageserver-protocol";
import type { Diagnostic } from "vscode-languageserver-types";

interface PublishDiagnosticsParams {
  uri: string;
  diagnostics: Diagnostic[];
}
import { URI } from "vscode-uri";
import { CONTAINED_ERROR } from "../../../server/src/index/workspace-index";
import { Waiters } from "../../support/waiters";

const repo = path.resolve(__dirname, "../../..");

export class LspClient {
  private proc!: ChildProcessWithoutNullStreams;
  conn!: MessageConnection;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  stderr = "";
  private versions = new Map<string, number>();
  capabilities: any;
  readonly notifications: Array<{ method: string; params: unknown }> = [];

  /**
   * `caps`: the client's workspace and window capabilities (a minimal client, e.g. an editor without workspace
   * folders, sends `{ workspace: {} }`; one that shows server progress adds `window: { workDoneProgress: true }`).
   */
  static async start(
    root: string,
    settings: Record<string, unknown> = {},
    entry = "dist/server.js",
    caps: { workspace?: Record<string, unknown>; window?: Record<string, unknown> } = {},
  ): Promise<LspClient> {
    const workspace = caps.workspace ?? { configuration: true, workspaceFolders: true };
    const c = new LspClient();
    const args = entry.endsWith("cli.js") ? [path.join(repo, entry), "lsp", "--stdio"] : [path.join(repo, entry), "--stdio"];
    c.proc = spawn(process.execPath, args, { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    c.proc.stderr.on("data", (d) => (c.stderr += String(d)));
    c.conn = createMessageConnection(new StreamMessageReader(c.proc.stdout), new StreamMessageWriter(c.proc.stdin));
    c.conn.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
      c.diagnostics.set(p.uri, p.diagnostics);
      c.wake();
    });
    c.conn.onNotification((method: string, params: unknown) => {
      c.notifications.push({ method, params });
      c.wake();
    });
    c.conn.onRequest("workspace/configuration", () => [settings]);
    c.conn.onRequest("client/registerCapability", () => null);
    c.conn.onRequest("window/workDoneProgress/create", (p: { token: string | number }) => {
      c.notifications.push({ method: "window/workDoneProgress/create", params: p });
      // `$/progress` goes to a handler per token, not to the catch-all above.
      c.conn.onProgress(WorkDoneProgress.type, p.token, (value) => {
        c.notifications.push({ method: "$/progress", params: { token: p.token, value } });
        c.wake();
      });
      return null;
    });
    c.conn.listen();
    const init: any = await c.conn.sendRequest("initialize", {
      processId: process.pid,
      rootUri: URI.file(root).toString(),
      workspaceFolders: [{ uri: URI.file(root).toString(), name: path.basename(root) }],
      capabilities: { workspace, window: caps.window, textDocument: { completion: { completionItem: { snippetSupport: true } } } },
      initializationOptions: { settings },
    });
    c.capabilities = init.capabilities;
    await c.conn.sendNotification("initialized", {});
    return c;
  }

  private readonly waits = new Waiters();

  private wake(): void {
    this.waits.wake();
  }

  /** Waits until `predicate` holds, re-checking on every message from the server; fails after `ms`. */
  until<T>(predicate: () => T | undefined | false, what: string, ms = 10000): Promise<T> {
    return this.waits.until(predicate, what, ms);
  }

  uri(p: string): string {
    return URI.file(p).toString();
  }

  open(p: string, text: string, languageId = "yaml"): string {
    const uri = this.uri(p);
    this.versions.set(uri, 1);
    void this.conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  change(p: string, text: string): void {
    const uri = this.uri(p);
    const v = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, v);
    void this.conn.sendNotification("textDocument/didChange", { textDocument: { uri, version: v }, contentChanges: [{ text }] });
  }

  /** Diagnostics for a file once they satisfy `predicate`. */
  async diagnosticsFor(p: string, predicate: (d: Diagnostic[]) => boolean = () => true, ms?: number): Promise<Diagnostic[]> {
    const uri = this.uri(p);
    return this.until(() => {
      const d = this.diagnostics.get(uri);
      return d && predicate(d) ? d : undefined;
    }, `diagnostics for ${p}`, ms);
  }

  request<R = any>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  /** Sends shutdown and exit and waits for the process to end. Returns its exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.proc.once("exit", (code) => resolve(code)));
    try {
      await this.conn.sendRequest("shutdown");
      await this.conn.sendNotification("exit");
    } catch {
      this.proc.kill();
    }
    const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => (this.proc.kill("SIGKILL"), r(null)), 5000))]);
    this.conn.dispose();
    return code;
  }

  /**
   * What the server logged as errors: a feature that threw (the server answered null) or format code the index
   * contained (WorkspaceIndex.onContainedError). Either is a bug, although the client sees a normal answer.
   */
  get errors(): string[] {
    const logged = this.notifications
      .filter((n) => n.method === "window/logMessage" && (n.params as { type: number }).type === 1)
      .map((n) => (n.params as { message: string }).message);
    const onStderr = this.stderr.split("\n").filter((l) => l.includes(CONTAINED_ERROR));
    return [...logged, ...onStderr];
  }

  get alive(): boolean {
    return this.proc.exitCode === null && !this.proc.killed;
  }
}

/** Position of the `|` marker in a text, with the text without it. */
export function marker(text: string): { text: string; line: number; character: number } {
  const at = text.indexOf("|");
  const before = text.slice(0, at);
  const line = before.split("\n").length - 1;
  return { text: before + text.slice(at + 1), line, character: at - (before.lastIndexOf("\n") + 1) };
}
