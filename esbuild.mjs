// Builds every bundle: the extension client, the language server, the CLI and the webview.
import * as esbuild from "esbuild";

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");

/** @type {esbuild.BuildOptions} */
const node = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: !production,
  minify: production,
  logLevel: "info",
};

const builds = [
  // Two client bundles: what activate() runs (client.js, small) and the language client it loads afterwards
  // (lsp-client.js: vscode-languageclient and yaml, client/src/lazy.ts). Each is self-contained.
  { ...node, entryPoints: { client: "client/src/extension.ts", "lsp-client": "client/src/lsp/index.ts" }, outdir: "dist", external: ["vscode"] },
  { ...node, entryPoints: { server: "server/src/main.ts", cli: "server/src/cli/main.ts" }, outdir: "dist" },
  {
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    sourcemap: !production,
    minify: production,
    logLevel: "info",
    entryPoints: { webview: "webview/src/main.tsx" },
    outdir: "dist",
  },
  // The ELK layout worker, alone: the webview fetches it and starts it from a Blob URL. Always minified (ELK is large).
  {
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    sourcemap: false,
    minify: true,
    logLevel: "info",
    entryPoints: { "layout-worker": "webview/src/layout-worker.ts" },
    outdir: "dist",
  },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
