// The many-file benchmark (issue 16): an Atmos workspace shaped like a real monorepo, a shared catalog of 20
// files that N top-level stacks all import, driven through our server over stdio and through the CLI. It times
// what a user waits for when the workspace is large: initialize and the first diagnostics of every file, an edit
// of a catalog file (typing into a value, and changing a reference) until that file's diagnostics and until every
// file's, hover and definition in the catalog, `infraflow check` and `infraflow graph`, and the server's memory.
// Usage: node scale.cjs <out.json> [N,N,...]   (BENCH_SERVER / BENCH_CLI name the bundles; dist/ by default)
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import { URI } from "vscode-uri";
import { Waiters } from "../../test/support/waiters";
import { BENCH_SETTINGS, rssMb, serverNodeArgs, stat, type Stat } from "./stats";

const repo = process.env.BENCH_REPO ?? path.resolve(__dirname, "../../..");
const SERVER = process.env.BENCH_SERVER ?? path.join(repo, "dist/server.js");
const CLI = process.env.BENCH_CLI ?? path.join(repo, "dist/cli.js");
const CATALOG_FILES = 20;
const COMPONENTS_PER_FILE = 5;

export interface ScaleRow {
  stacks: number;
  files: number;
  /** initialize request → response, and → the first diagnostics of every file (the index status after them). */
  initializeMs: number;
  allFirstDiagnosticsMs: number;
  openCatalogMs: number;
  /** Typing into a value of a catalog file: → that file's diagnostics, → every file re-checked. */
  editOwn: Stat;
  editAll: Stat;
  /** Changing a dependency target in a catalog file (a reference edit). */
  refEditOwn: Stat;
  refEditAll: Stat;
  hover: Stat;
  definition: Stat;
  rssMb?: number;
  checkMs: number;
  graphMs: number;
  graphBytes: number;
}

/** N stacks (tenant × stage names), each importing the 20 catalog files; 100 components with dependency chains. */
export function generate(root: string, stacks: number): { catalog: string; files: number } {
  fs.rmSync(root, { recursive: true, force: true });
  const write = (rel: string, text: string) => {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    return p;
  };
  write(
    "atmos.yaml",
    ['base_path: "."', "components:", "  terraform:", '    base_path: "components/terraform"', "stacks:", '  base_path: "stacks"', "  included_paths:", '    - "deploy/**/*"', '  name_pattern: "{tenant}-{stage}"', ""].join("\n"),
  );
  let files = 1;
  for (let f = 0; f < CATALOG_FILES; f++) {
    const lines = ["components:", "  terraform:"];
    for (let c = 0; c < COMPONENTS_PER_FILE; c++) {
      const name = `svc${f}-${c}`;
      write(`components/terraform/${name}/main.tf`, `variable "name" {\n  type = string\n}\n`);
      lines.push(`    ${name}:`, "      vars:", `        name: ${name}`, `        size: ${c + 1}`, "        tags:", `          team: team${f}`);
      if (c > 0) lines.push("      dependencies:", "        components:", `          - component: svc${f}-${c - 1}`);
      else if (f > 0) lines.push("      dependencies:", "        components:", `          - component: svc${f - 1}-0`);
    }
    write(`stacks/catalog/cat${f}.yaml`, lines.join("\n") + "\n");
    files++;
  }
  for (let s = 0; s < stacks; s++) {
    const imports = Array.from({ length: CATALOG_FILES }, (_, f) => `  - catalog/cat${f}`);
    write(`stacks/deploy/t${Math.floor(s / 10)}/s${s}.yaml`, ["import:", ...imports, "vars:", `  tenant: t${Math.floor(s / 10)}`, `  stage: s${s % 10}`, ""].join("\n"));
    files++;
  }
  return { catalog: path.join(root, "stacks/catalog/cat3.yaml"), files };
}

async function measureOne(stacks: number, base: string): Promise<ScaleRow> {
  const root = path.join(base, `scale-${stacks}`);
  const { catalog, files } = generate(root, stacks);
  const proc = spawn(process.execPath, [...serverNodeArgs(), SERVER, "--stdio"], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
  proc.stderr.on("data", (d) => process.env.BENCH_DEBUG && process.stderr.write(d));
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const waits = new Waiters();
  const publishes: Array<{ uri: string; at: number }> = [];
  const statuses: number[] = [];
  conn.onNotification("textDocument/publishDiagnostics", (p: { uri: string }) => {
    publishes.push({ uri: p.uri, at: performance.now() });
    waits.wake();
  });
  conn.onNotification("infraflow/indexStatus", () => {
    statuses.push(performance.now());
    waits.wake();
  });
  conn.onNotification(() => undefined);
  conn.onRequest("workspace/configuration", (p: { items: unknown[] }) => p.items.map(() => BENCH_SETTINGS));
  conn.onRequest(() => null);
  conn.listen();
  const rootUri = URI.file(root).toString();
  const t0 = performance.now();
  await conn.sendRequest("initialize", {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: "scale" }],
    capabilities: { workspace: { configuration: false }, textDocument: { hover: { contentFormat: ["markdown"] }, publishDiagnostics: { versionSupport: true } } },
    initializationOptions: { settings: BENCH_SETTINGS },
  });
  const initializeMs = performance.now() - t0;
  await conn.sendNotification("initialized", {});
  const until = <T>(pred: () => T | undefined | false, what: string, ms = 600_000) => waits.until(pred, what, ms);
  await until(() => statuses.some((s) => s >= t0), "the first index status");
  const allFirstDiagnosticsMs = statuses.find((s) => s >= t0)! - t0;

  const uri = URI.file(catalog).toString();
  let text = fs.readFileSync(catalog, "utf8");
  let version = 1;
  const tOpen = performance.now();
  const statusCount = statuses.length;
  await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version, text } });
  // An open that changes nothing may publish nothing: the index status after it says the check is done.
  await until(() => statuses.length > statusCount, "the status after the open");
  const openCatalogMs = (publishes.find((p) => p.uri === uri && p.at >= tOpen)?.at ?? statuses[statuses.length - 1]!) - tOpen;

  const pos = (needle: string, extra = 0) => {
    const o = text.indexOf(needle);
    if (o < 0) throw new Error(`bench: '${needle}' not in the catalog file`);
    const before = text.slice(0, o + extra).split("\n");
    return { line: before.length - 1, character: before[before.length - 1]!.length };
  };
  /** One edit: replaces `from` with `to` and times its own diagnostics and the status after every file. */
  const edit = async (from: string, to: string): Promise<{ own: number; all: number }> => {
    const p = pos(from);
    const end = { line: p.line, character: p.character + from.length };
    text = text.replace(from, to);
    version++;
    const n = statuses.length;
    const t = performance.now();
    await conn.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range: { start: p, end }, text: to }] });
    const own = await until(() => publishes.find((x) => x.uri === uri && x.at >= t), "the edited file's diagnostics");
    const all = await until(() => statuses.slice(n).find((s) => s >= t), "the status after the edit");
    return { own: own.at - t, all: all - t };
  };
  const editOwn: number[] = [];
  const editAll: number[] = [];
  const refOwn: number[] = [];
  const refAll: number[] = [];
  const rounds = stacks >= 2000 ? 6 : 10;
  for (let i = 0; i < rounds; i++) {
    // Typing a key: the first component's `vars:` becomes `varz:` (an unknown key) and back, so that every
    // edit changes the file's diagnostics (a publish always follows) and the component's effective values.
    const r1 = await edit(i % 2 ? "      varz:" : "      vars:", i % 2 ? "      vars:" : "      varz:");
    if (i) {
      editOwn.push(r1.own);
      editAll.push(r1.all);
    }
    // A reference edit: the dependency target goes to an unknown component and back.
    const [a, b] = i % 2 ? ["component: svc3-nope", "component: svc3-0"] : ["component: svc3-0", "component: svc3-nope"];
    const r2 = await edit(a, b);
    if (i) {
      refOwn.push(r2.own);
      refAll.push(r2.all);
    }
  }
  if (!text.includes("component: svc3-0")) await edit("component: svc3-nope", "component: svc3-0");
  if (text.includes("      varz:")) await edit("      varz:", "      vars:");

  const timed = async (method: string, params: unknown, n = 20): Promise<Stat> => {
    const out: number[] = [];
    for (let i = 0; i < n + 2; i++) {
      const t = performance.now();
      const r = await conn.sendRequest(method, params);
      if (!r) throw new Error(`bench: ${method} gave no answer`);
      if (i >= 2) out.push(performance.now() - t);
    }
    return stat(out);
  };
  const hover = await timed("textDocument/hover", { textDocument: { uri }, position: pos("svc3-2:", 2) });
  const definition = await timed("textDocument/definition", { textDocument: { uri }, position: pos("component: svc3-0", 12) });
  const rss = rssMb(proc.pid!);
  try {
    await Promise.race([conn.sendRequest("shutdown"), new Promise((r) => setTimeout(r, 3000))]);
    await conn.sendNotification("exit");
  } catch {
    // gone already
  }
  setTimeout(() => proc.kill("SIGKILL"), 3000).unref();
  conn.dispose();

  const cli = (args: string[]) => {
    const t = performance.now();
    let stdout = "";
    try {
      stdout = execFileSync(process.execPath, [CLI, ...args], { cwd: root, maxBuffer: 2 ** 30, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      // `check` exits 1 when it finds errors; the output is still the answer.
      stdout = String((e as { stdout?: string }).stdout ?? "");
    }
    return { ms: performance.now() - t, bytes: Buffer.byteLength(stdout) };
  };
  const check = cli(["check", "."]);
  // Without a scope: the first 12 stacks by name, the others named (`--all` prints every one).
  const graph = cli(["graph", ".", "--format", "json"]);
  fs.rmSync(root, { recursive: true, force: true });
  return {
    stacks,
    files,
    initializeMs,
    allFirstDiagnosticsMs,
    openCatalogMs,
    editOwn: stat(editOwn),
    editAll: stat(editAll),
    refEditOwn: stat(refOwn),
    refEditAll: stat(refAll),
    hover,
    definition,
    rssMb: rss,
    checkMs: check.ms,
    graphMs: graph.ms,
    graphBytes: graph.bytes,
  };
}

async function main(): Promise<void> {
  const outFile = process.argv[2] ?? path.join(repo, "bench/out/scale.json");
  const sizes = (process.argv[3] ?? "500,1000,2000,5000").split(",").map(Number);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-scale-"));
  const rows: ScaleRow[] = [];
  try {
    for (const n of sizes) {
      const t = performance.now();
      const row = await measureOne(n, base);
      rows.push(row);
      process.stderr.write(
        `  scale ${n} stacks (${row.files} files): initialize ${row.initializeMs.toFixed(0)} ms, all first diagnostics ${row.allFirstDiagnosticsMs.toFixed(0)} ms, ` +
          `edit → own ${row.editOwn.median} / all ${row.editAll.median} ms, reference edit → own ${row.refEditOwn.median} / all ${row.refEditAll.median} ms, ` +
          `hover ${row.hover.median} ms, definition ${row.definition.median} ms, RSS ${row.rssMb} MB, check ${row.checkMs.toFixed(0)} ms, graph ${row.graphMs.toFixed(0)} ms (${(row.graphBytes / 1e6).toFixed(1)} MB)  [${((performance.now() - t) / 1000).toFixed(1)} s]\n`,
      );
      fs.writeFileSync(outFile, JSON.stringify(rows, null, 2));
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

if (require.main === module) void main().catch((e) => {
  process.stderr.write(`bench scale: ${String((e as Error)?.stack ?? e)}\n`);
  process.exit(1);
});
