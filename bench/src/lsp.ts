// Drives our server and yaml-language-server side by side over stdio through the real protocol, on the same
// generated workspaces, and times what a user waits for: diagnostics after opening and after a keystroke, and
// the answers to completion, hover, definition and rename, plus the server's memory.
// Usage: node lsp.cjs <workspaces.json> <out.json>
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import { URI } from "vscode-uri";
import type { Workspace } from "./gen";
import { BENCH_SETTINGS, rssMb, serverNodeArgs, stat, type Stat } from "./stats";
import { Waiters } from "../../test/support/waiters";

const repo = process.env.BENCH_REPO ?? path.resolve(__dirname, "../../..");
export type ServerId = "infraflow" | "yaml-language-server";

interface Publish {
  uri: string;
  at: number;
  count: number;
}

/** Server processes still running: killed when a measurement gives up. */
const running = new Set<ChildProcessWithoutNullStreams>();

class Client {
  proc!: ChildProcessWithoutNullStreams;
  conn!: MessageConnection;
  publishes: Publish[] = [];
  configured = false;

  static async start(server: ServerId, ws: Workspace): Promise<Client> {
    const c = new Client();
    const entry = server === "infraflow" ? (process.env.BENCH_SERVER ?? path.join(repo, "dist/server.js")) : path.join(repo, "node_modules/yaml-language-server/bin/yaml-language-server");
    const nodeArgs = server === "infraflow" ? serverNodeArgs() : [];
    c.proc = spawn(process.execPath, [...nodeArgs, entry, "--stdio"], { cwd: ws.root, stdio: ["pipe", "pipe", "pipe"] });
    running.add(c.proc);
    c.proc.once("exit", () => running.delete(c.proc));
    c.proc.stderr.on("data", () => undefined);
    c.conn = createMessageConnection(new StreamMessageReader(c.proc.stdout), new StreamMessageWriter(c.proc.stdin));
    c.conn.onNotification("textDocument/publishDiagnostics", (p: { uri: string; diagnostics: unknown[] }) => {
      c.publishes.push({ uri: p.uri, at: performance.now(), count: p.diagnostics.length });
      c.wake();
    });
    c.conn.onNotification(() => undefined);
    const yamlSettings = {
      schemas: ws.schema ? { [URI.file(path.join(repo, "schemas", ws.schema.file)).toString()]: ws.schema.glob } : {},
      validate: true,
      completion: true,
      hover: true,
      format: { enable: false },
      schemaStore: { enable: false },
    };
    c.conn.onRequest("workspace/configuration", (params: { items: Array<{ section?: string }> }) => {
      c.configured = true;
      c.wake();
      return params.items.map((i) => (i.section === "yaml" ? yamlSettings : i.section === "infraflow" ? BENCH_SETTINGS : null));
    });
    c.conn.onRequest("client/registerCapability", () => null);
    c.conn.onRequest("window/workDoneProgress/create", () => null);
    c.conn.listen();
    const rootUri = URI.file(ws.root).toString();
    await c.conn.sendRequest("initialize", {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(ws.root) }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ["markdown", "plaintext"] },
          publishDiagnostics: { versionSupport: true },
          synchronization: { didSave: false },
        },
      },
      initializationOptions: { settings: BENCH_SETTINGS },
    });
    await c.conn.sendNotification("initialized", {});
    if (server === "yaml-language-server") {
      await c.conn.sendNotification("workspace/didChangeConfiguration", { settings: { yaml: yamlSettings } });
      await c.until(() => c.configured, "configuration", 10000);
      await sleep(150);
    } else {
      // Our server scans the workspace and publishes every indexed file once: wait for that, so that it is not
      // taken for the answer to the open.
      await c.until(() => c.publishes.some((x) => x.uri === URI.file(ws.probe.main).toString()), "the scan's diagnostics", 30000);
      await sleep(50);
    }
    return c;
  }

  private readonly waits = new Waiters();

  private wake(): void {
    this.waits.wake();
  }

  /** Waits until `predicate` holds, re-checking on every message from the server; fails after `ms`. */
  until<T>(predicate: () => T | undefined | false, what: string, ms = 60000): Promise<T> {
    return this.waits.until(predicate, what, ms);
  }

  /** Time from `t0` to the first diagnostics for `uri` published after it. */
  async diagnosticsAfter(uri: string, t0: number): Promise<number> {
    const p = await this.until(() => this.publishes.find((x) => x.uri === uri && x.at >= t0), `diagnostics for ${uri}`);
    return p.at - t0;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((r) => this.proc.once("exit", () => r()));
    try {
      await Promise.race([this.conn.sendRequest("shutdown"), sleep(3000)]);
      await this.conn.sendNotification("exit");
    } catch {
      // already gone
    }
    await Promise.race([exited, sleep(3000).then(() => this.proc.kill("SIGKILL"))]);
    this.conn.dispose();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function position(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let last = -1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    last = i;
  }
  return { line, character: offset - last - 1 };
}

export interface LspRow {
  server: ServerId;
  format: string;
  size: number;
  open: Stat;
  edit: Stat;
  /** A referenced name changed and changed back (unknown, then known): references are checked again. */
  refEdit: Stat;
  completion: Stat;
  hover: Stat;
  definition: Stat;
  rename?: Stat;
  /** Rename → WorkspaceEdit → applied → new graph (ours, Polycrate, 1k and 10k lines). */
  roundTrip?: Stat;
  rssMb?: number;
  /** RSS after the server was left idle for REST_MS (what a process monitor shows between edits). */
  rssRestMb?: number;
  /** Whether the answers had content (a sanity check that both servers did real work). */
  answered: { completion: number; hover: boolean; definition: boolean; rename?: boolean };
}

/** How long both servers are left idle before their memory is read again (ours gives garbage back after 4 s: idle-gc.ts). */
const REST_MS = 10000;

/** A metric stops sampling after this long (at least two samples), so a slow peer cannot stall the run. */
const BUDGET_MS = 6000;

function samples(size: number): { open: number; edit: number; req: number } {
  if (size >= 50000) return { open: 2, edit: 5, req: 7 };
  if (size >= 10000) return { open: 3, edit: 7, req: 10 };
  return { open: 3, edit: 9, req: 12 };
}

async function run(server: ServerId, ws: Workspace): Promise<LspRow> {
  const p = ws.probe;
  const disk = fs.readFileSync(p.main, "utf8");
  // The editor's text differs from the disk's by one typed character (as when a file is opened and typed in),
  // so that the open is answered with diagnostics of its own rather than those the workspace scan already sent.
  const text = disk.slice(0, p.edit) + "X" + disk.slice(p.edit);
  const uri = URI.file(p.main).toString();
  const n = samples(ws.size);
  const languageId = server === "yaml-language-server" ? "yaml" : p.languageId;
  // Open → first diagnostics, each on a fresh server (a cold open, as after starting the editor).
  const open: number[] = [];
  const budget = (start: number, done: number) => done >= 2 && performance.now() - start > BUDGET_MS;
  const openStart = performance.now();
  for (let i = 0; i < n.open && !budget(openStart, i); i++) {
    const c = await Client.start(server, ws);
    const t0 = performance.now();
    await c.conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version: 1, text } });
    open.push(await c.diagnosticsAfter(uri, t0));
    await c.stop();
  }
  const c = await Client.start(server, ws);
  await c.conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version: 1, text } });
  await c.diagnosticsAfter(uri, 0);
  await sleep(server === "yaml-language-server" ? 400 : 250);
  // One-character edits (insert, then delete, an "X" inside an enum value or a name: each toggles a problem).
  let version = 1;
  const at = position(text, p.edit);
  const edit: number[] = [];
  const editStart = performance.now();
  // Typing "X" after "X" at one place: every text is new (as when typing) and every keystroke changes the
  // diagnostics (the first makes the value invalid, the next ones change the quoted value in the message).
  for (let i = 0; i < n.edit + 1 && !budget(editStart, i - 1); i++) {
    const change = { range: { start: { line: at.line, character: at.character + i }, end: { line: at.line, character: at.character + i } }, text: "X" };
    const t0 = performance.now();
    await c.conn.sendNotification("textDocument/didChange", { textDocument: { uri, version: ++version }, contentChanges: [change] });
    const ms = await c.diagnosticsAfter(uri, t0);
    if (i > 0) edit.push(ms); // the first is a warm-up
    // Let the debounced work of both servers finish before the next keystroke.
    await sleep(server === "yaml-language-server" ? 350 : 200);
  }
  await c.conn.sendNotification("textDocument/didChange", { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
  await sleep(400);
  // Reference edits: an "X" goes into a name that refers to a definition, and out again, so the reference is
  // unknown, then known, and the diagnostics change each time (not only a value typed into).
  const refAt = position(text, p.definition);
  const refEdit: number[] = [];
  const refStart = performance.now();
  let refAdded = false;
  for (let i = 0; i < n.edit + 1 && !budget(refStart, i - 1); i++) {
    const end = refAdded ? { line: refAt.line, character: refAt.character + 1 } : refAt;
    const change = { range: { start: refAt, end }, text: refAdded ? "" : "X" };
    refAdded = !refAdded;
    const t0 = performance.now();
    await c.conn.sendNotification("textDocument/didChange", { textDocument: { uri, version: ++version }, contentChanges: [change] });
    const ms = await c.diagnosticsAfter(uri, t0);
    if (i > 0) refEdit.push(ms);
    await sleep(server === "yaml-language-server" ? 350 : 200);
  }
  await c.conn.sendNotification("textDocument/didChange", { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
  await sleep(400);
  const td = { uri };
  const answered: LspRow["answered"] = { completion: 0, hover: false, definition: false };
  const req = async (method: string, params: unknown, note: (r: any) => void): Promise<Stat> => {
    const out: number[] = [];
    const start = performance.now();
    for (let i = 0; i < n.req + 2 && !budget(start, i - 2); i++) {
      const t0 = performance.now();
      const r = await c.conn.sendRequest(method, params);
      if (i >= 2) out.push(performance.now() - t0);
      note(r);
    }
    return stat(out);
  };
  const completion = await req("textDocument/completion", { textDocument: td, position: position(text, p.complete) }, (r) => {
    answered.completion = Array.isArray(r) ? r.length : (r?.items?.length ?? 0);
  });
  const hover = await req("textDocument/hover", { textDocument: td, position: position(text, p.hover) }, (r) => (answered.hover = !!r));
  const definition = await req("textDocument/definition", { textDocument: td, position: position(text, p.definition) }, (r) => (answered.definition = Array.isArray(r) ? r.length > 0 : !!r));
  let rename: Stat | undefined;
  if (server === "infraflow") {
    rename = await req("textDocument/rename", { textDocument: td, position: position(text, p.definition), newName: p.renameTo }, (r) => (answered.rename = !!r));
  }
  let roundTrip: Stat | undefined;
  if (server === "infraflow" && ws.format === "polycrate" && ws.size <= 10000) {
    // Edit round trip: a graph intent (rename a node) → WorkspaceEdit → applied to the document → the new graph.
    let cur = text;
    let name = p.renameTo;
    // Names hold no line breaks, so the reference keeps its line and column through renames.
    const defPos = position(text, p.definition);
    const rt: number[] = [];
    const start = performance.now();
    for (let i = 0; i < 8 && !budget(start, i - 1); i++) {
      const t0 = performance.now();
      const edit: any = await c.conn.sendRequest("textDocument/rename", { textDocument: td, position: defPos, newName: name });
      const edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }> = edit?.changes?.[uri] ?? [];
      const lines = cur.split("\n");
      const offs = (q: { line: number; character: number }) => lines.slice(0, q.line).reduce((a, l) => a + l.length + 1, 0) + q.character;
      const sorted = edits.map((e) => ({ s: offs(e.range.start), e: offs(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
      for (const e of sorted) cur = cur.slice(0, e.s) + e.t + cur.slice(e.e);
      await c.conn.sendNotification("textDocument/didChange", { textDocument: { uri, version: ++version }, contentChanges: [{ text: cur }] });
      const graph: any = await c.conn.sendRequest("infraflow/graph", { uri });
      if (i > 0) rt.push(performance.now() - t0);
      if (!graph?.nodes?.some((x: { label: string }) => x.label === name)) throw new Error("round trip: the new graph lacks the renamed node");
      name = name === p.renameTo ? p.renameTo + "-2" : p.renameTo;
    }
    roundTrip = stat(rt);
  }
  const rss = rssMb(c.proc.pid!);
  await sleep(REST_MS);
  const rssRest = rssMb(c.proc.pid!);
  await c.stop();
  return { server, format: ws.format, size: ws.size, open: stat(open), edit: stat(edit), refEdit: stat(refEdit), completion, hover, definition, rename, roundTrip, rssMb: rss, rssRestMb: rssRest, answered };
}

async function main(): Promise<void> {
  const [wsFile, outFile] = process.argv.slice(2);
  const list = JSON.parse(fs.readFileSync(wsFile!, "utf8")) as Workspace[];
  const rows: LspRow[] = [];
  for (const ws of list) {
    // BENCH_SERVERS=infraflow measures one server only (while working on it; the README's rows have both).
    const only = process.env.BENCH_SERVERS?.split(",");
    for (const server of (["infraflow", "yaml-language-server"] as ServerId[]).filter((s) => !only || only.includes(s))) {
      const t = performance.now();
      let row: LspRow;
      try {
        row = await run(server, ws);
      } catch (err) {
        // A server that does not answer in time (yaml-language-server takes minutes to parse the 2 MB Procfile of
        // 50k lines: its duplicate-key check is quadratic) is reported as such, and the run goes on.
        for (const p of running) p.kill("SIGKILL");
        const failed = String((err as Error).message ?? err).split("\n")[0]!;
        rows.push({ server, format: ws.format, size: ws.size, failed } as unknown as LspRow);
        process.stderr.write(`  lsp ${server.padEnd(20)} ${ws.format}-${ws.size}: gave up: ${failed}  [${((performance.now() - t) / 1000).toFixed(1)} s]\n`);
        continue;
      }
      rows.push(row);
      process.stderr.write(
        `  lsp ${server.padEnd(20)} ${ws.format}-${ws.size}: open ${row.open.median} ms, edit ${row.edit.median} ms, reference edit ${row.refEdit.median} ms, completion ${row.completion.median} ms (${row.answered.completion} items), hover ${row.hover.median} ms, definition ${row.definition.median} ms, RSS ${row.rssMb} MB, at rest ${row.rssRestMb} MB  [${((performance.now() - t) / 1000).toFixed(1)} s]\n`,
      );
    }
  }
  fs.writeFileSync(outFile!, JSON.stringify(rows, null, 2));
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
