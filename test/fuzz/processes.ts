// Fuzzing the built artefacts: the language server over stdio and the CLI, with mutants on disk.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LspClient } from "../lsp/support/lsp-client";
import { CONTAINED_ERROR } from "../../server/src/index/workspace-index";
import type { Seed } from "./harness";
import { REPO } from "./harness";
import { mutate, rng } from "./mutate";

export interface ProcessFuzzReport {
  inputs: number;
  failures: string[];
  slowestMs: number;
}

/** Writes a seed's workspace to a temp dir, with one file replaced by a mutant. */
function materialize(seed: Seed, file: string, text: string): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-fuzz-"));
  for (const [p, content] of Object.entries(seed.files)) {
    if (p === file) continue;
    const at = path.join(dir, path.relative(seed.root, p));
    fs.mkdirSync(path.dirname(at), { recursive: true });
    fs.writeFileSync(at, content);
  }
  const target = path.join(dir, path.relative(seed.root, file));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  return { dir, file: target };
}

/** `infraflow check` on mutants: it must exit 0 or 1 (never crash), within the timeout. */
export function fuzzCli(seeds: Seed[], seed: number, count: number): ProcessFuzzReport {
  const r = rng(seed);
  const failures: string[] = [];
  let slowestMs = 0;
  for (let i = 0; i < count; i++) {
    const s = seeds[Math.floor(r() * seeds.length)]!;
    const p = s.targets[Math.floor(r() * s.targets.length)]!;
    const m = mutate(s.files[p]!, r);
    const { dir } = materialize(s, p, m.text);
    try {
      const t0 = Date.now();
      const res = spawnSync(process.execPath, [path.join(REPO, "dist/cli.js"), "check", "--format", "json", "."], { cwd: dir, encoding: "utf8", timeout: 20000, maxBuffer: 64 * 1024 * 1024 });
      slowestMs = Math.max(slowestMs, Date.now() - t0);
      if (res.status !== 0 && res.status !== 1) failures.push(`check exited ${res.status ?? res.signal} on ${s.name}${p} (${m.name}): ${res.stderr.slice(0, 400)}`);
      else if (res.stderr.includes(CONTAINED_ERROR)) failures.push(`check contained an internal error on ${s.name}${p} (${m.name}): ${res.stderr.slice(res.stderr.indexOf(CONTAINED_ERROR), 600)}`);
      else JSON.parse(res.stdout);
    } catch (e) {
      failures.push(`check output was not JSON on ${s.name}${p} (${m.name}): ${String(e)}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return { inputs: count, failures, slowestMs };
}

/** The built server over stdio: mutants opened and edited, requests at random places; it must answer each. */
export async function fuzzServer(seeds: Seed[], seed: number, count: number): Promise<ProcessFuzzReport> {
  const r = rng(seed);
  const failures: string[] = [];
  let slowestMs = 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-fuzz-lsp-"));
  const lsp = await LspClient.start(dir);
  let seenErrors = 0;
  try {
    for (let i = 0; i < count; i++) {
      const s = seeds[Math.floor(r() * seeds.length)]!;
      const p = s.targets[Math.floor(r() * s.targets.length)]!;
      const m = mutate(s.files[p]!, r);
      const file = path.join(dir, `${i}`, path.basename(p));
      lsp.open(file, s.files[p]!, "yaml");
      lsp.change(file, m.text);
      const uri = lsp.uri(file);
      const lines = m.text.split("\n");
      const line = Math.floor(r() * lines.length);
      const position = { line, character: Math.floor(r() * ((lines[line]?.length ?? 0) + 1)) };
      for (const [method, params] of [
        ["textDocument/completion", { textDocument: { uri }, position }],
        ["textDocument/hover", { textDocument: { uri }, position }],
        ["textDocument/definition", { textDocument: { uri }, position }],
        ["textDocument/documentSymbol", { textDocument: { uri } }],
        ["infraflow/graph", { uri }],
        ["infraflow/runnables", { uri }],
      ] as const) {
        const t0 = Date.now();
        try {
          await Promise.race([lsp.request(method, params), new Promise((_, rej) => setTimeout(() => rej(new Error("no answer in 5 s")), 5000))]);
        } catch (e) {
          failures.push(`${method} on ${s.name}${p} (${m.name}): ${String((e as Error).message ?? e)}`);
        }
        slowestMs = Math.max(slowestMs, Date.now() - t0);
      }
      void lsp.conn.sendNotification("textDocument/didClose", { textDocument: { uri } });
      // An answer can hide an exception: the server logs it and answers null.
      for (const e of lsp.errors.slice(seenErrors)) failures.push(`the server logged an error on ${s.name}${p} (${m.name}): ${e.slice(0, 600)}`);
      seenErrors = lsp.errors.length;
      if (!lsp.alive) {
        failures.push(`the server died on ${s.name}${p} (${m.name}): ${lsp.stderr.slice(-400)}`);
        break;
      }
    }
  } finally {
    if (lsp.alive) await lsp.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // What the debounced diagnostics logged after the last mutant's requests.
  for (const e of lsp.errors.slice(seenErrors)) failures.push(`the server logged an error after the last mutant: ${e.slice(0, 600)}`);
  return { inputs: count, failures, slowestMs };
}
