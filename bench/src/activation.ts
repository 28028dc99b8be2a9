// Activation: loading the client bundle and running activate() against a stub of the VS Code API (every call
// answers a harmless stub), which is what the extension host does on the first matching file. The language
// server's own start-up (a separate process) is timed from spawn to its initialize answer.
// Usage: node activation.cjs <client.js> <server.js> <out.json>
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import { stat } from "./stats";

function stubVscode(): unknown {
  const fn: any = function () {
    return stub;
  };
  const stub: any = new Proxy(fn, {
    get(_t, prop) {
      if (prop === "then") return undefined;
      if (prop === Symbol.toPrimitive) return () => "";
      if (prop === Symbol.iterator) return function* () {};
      if (prop === "dispose") return () => undefined;
      return stub;
    },
    apply() {
      return stub;
    },
    construct() {
      return stub;
    },
  });
  return stub;
}

async function main(): Promise<void> {
  const [client, server, out] = process.argv.slice(2);
  const origResolve = (Module as any)._resolveFilename;
  (Module as any)._resolveFilename = function (req: string, ...rest: unknown[]) {
    if (req === "vscode") return "vscode";
    return origResolve.call(this, req, ...rest);
  };
  (require as any).cache["vscode"] = { id: "vscode", filename: "vscode", loaded: true, exports: stubVscode() } as any;
  const loads: number[] = [];
  const activations: number[] = [];
  let error: string | undefined;
  for (let i = 0; i < 6; i++) {
    delete require.cache[path.resolve(client!)];
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.resolve(client!));
    const t1 = performance.now();
    try {
      const ctx: any = { subscriptions: [], extensionPath: path.dirname(path.dirname(path.resolve(client!))), extensionUri: stubVscode(), asAbsolutePath: (p: string) => p, globalState: stubVscode(), workspaceState: stubVscode(), storageUri: undefined, globalStorageUri: stubVscode(), logUri: stubVscode(), extension: stubVscode() };
      await Promise.race([Promise.resolve(mod.activate(ctx)), new Promise((r) => setTimeout(r, 2000))]);
    } catch (e) {
      error = String((e as Error)?.message ?? e);
    }
    const t2 = performance.now();
    if (i > 0) {
      loads.push(t1 - t0);
      activations.push(t2 - t0);
    }
  }
  // Server start: spawn → initialize answered.
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
  fs.writeFileSync(out!, JSON.stringify({ clientLoad: stat(loads), activate: stat(activations), activateError: error, serverStart: stat(starts) }, null, 2));
  process.exit(0);
}

void main();
