// The activation bundle (dist/client.js) stays small: vscode-languageclient and yaml belong to dist/lsp-client.js,
// which client/src/lazy.ts requires after activate() returned. An import of either from code that activate()
// reaches would pull ~500 KB back into every activation; this catches it before the benchmark does.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as esbuild from "esbuild";

const root = path.resolve(__dirname, "../../..");

async function bundle(entry: string): Promise<{ inputs: string[]; text: string }> {
  const r = await esbuild.build({ absWorkingDir: root, entryPoints: [entry], bundle: true, platform: "node", format: "cjs", target: "node20", minify: true, external: ["vscode"], write: false, metafile: true, outdir: "out", logLevel: "silent" });
  return { inputs: Object.keys(Object.values(r.metafile.outputs)[0]!.inputs), text: r.outputFiles[0]!.text };
}

const heavy = /node_modules\/(vscode-languageclient|vscode-languageserver-protocol|vscode-jsonrpc|yaml)\//;

describe("client bundles", () => {
  it("client.js holds no language client and no YAML parser, and loads lsp-client.js by path", async () => {
    const { inputs, text } = await bundle("client/src/extension.ts");
    assert.deepEqual(inputs.filter((i) => heavy.test(i)), []);
    assert.ok(text.includes("lsp-client.js"), "the lazy require of lsp-client.js was bundled away");
    assert.ok(text.length < 150 * 1024, `client.js is ${Math.round(text.length / 1024)} KB`);
  });

  it("lsp-client.js holds the language client and the YAML parser", async () => {
    const { inputs } = await bundle("client/src/lsp/index.ts");
    assert.ok(inputs.some((i) => /node_modules\/vscode-languageclient\//.test(i)));
    assert.ok(inputs.some((i) => /node_modules\/yaml\//.test(i)));
  });
});
