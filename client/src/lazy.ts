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

/**
 * The custom LSP methods (common/lsp-ext.ts), for `client.sendRequest(ext().graphRequest, params)`. They are
 * vscode-jsonrpc `RequestType`s, and the connection recognises a descriptor's parameter structure by identity, so
 * they must come from the copy of vscode-jsonrpc that the language client uses, the one in lsp-client.js (which
 * also keeps vscode-jsonrpc out of the activation bundle). Whoever holds a client has loaded that bundle already.
 */
export function ext(): typeof Lsp.ext {
  return lsp().ext;
}
