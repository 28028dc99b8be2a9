// Loads the second client bundle (dist/lsp-client.js, built from client/src/lsp/index.ts) on first use. The
// require is synchronous and parses about 500 KB, so it must never run inside activate(): the callers reach it
// only after an await (ctx.start() in a setImmediate, while the selector's file search is out; the task provider
// and the selector's atmos.yaml parsing after a file read).
import * as path from "node:path";
import type * as Lsp from "./lsp/index";

let loaded: typeof Lsp | undefined;

export function lsp(): typeof Lsp {
  // The bundles sit side by side in dist/ (or bench/out/prod); a computed path keeps esbuild from inlining it.
  const file = path.join(__dirname, "lsp-client.js");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require(file) as typeof Lsp);
}

/** Whether the second bundle is loaded already (the benchmark and the log). */
export function lspLoaded(): boolean {
  return loaded !== undefined;
}
