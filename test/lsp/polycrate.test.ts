// The language features through the real protocol, on a Polycrate workspace on disk.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { LspClient, marker } from "./support/lsp-client";

const BLOCK = "name: app\nactions:\n  - name: deploy\n    script:\n      - echo deploying app\n  - name: check\n    script:\n      - echo ok\n";
const WS = `name: demo
organization: acme
blocks:
  - name: db
workflows:
  - name: release
    steps:
      - name: ship
        block: app
        action: deploy
`;

describe("language server over stdio: Polycrate", () => {
  let dir: string;
  let lsp: LspClient;
  let wsPath: string;
  let blockPath: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-lsp-poly-"));
    fs.mkdirSync(path.join(dir, "blocks/app"), { recursive: true });
    blockPath = path.join(dir, "blocks/app/block.poly");
    wsPath = path.join(dir, "workspace.poly");
    fs.writeFileSync(blockPath, BLOCK);
    fs.writeFileSync(wsPath, WS);
    lsp = await LspClient.start(dir);
  });
  after(async () => {
    if (lsp?.alive) await lsp.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("publishes diagnostics on open and clears them when the text is fixed", async () => {
    lsp.open(wsPath, WS.replace("block: app", "block: apq"), "polycrate");
    const diags = await lsp.diagnosticsFor(wsPath, (d) => d.some((x) => x.code === "poly/unknown-block"));
    const d = diags.find((x) => x.code === "poly/unknown-block")!;
    assert.deepEqual(d.range, { start: { line: 8, character: 15 }, end: { line: 8, character: 18 } });
    assert.equal(d.severity, 1);
    assert.equal(d.source, "infraflow");
    lsp.change(wsPath, WS);
    await lsp.diagnosticsFor(wsPath, (ds) => ds.length === 0);
  });

  it("re-checks other files when a file they depend on changes", async () => {
    lsp.open(blockPath, BLOCK, "polycrate");
    lsp.change(blockPath, BLOCK.replace("name: deploy", "name: install"));
    const diags = await lsp.diagnosticsFor(wsPath, (d) => d.some((x) => x.code === "poly/unknown-action"));
    assert.equal(diags.find((x) => x.code === "poly/unknown-action")!.range.start.line, 9);
    lsp.change(blockPath, BLOCK);
    await lsp.diagnosticsFor(wsPath, (ds) => ds.length === 0);
  });

  it("completes block names in step.block and that block's actions in step.action", async () => {
    const m = marker(WS.replace("block: app", "block: |"));
    lsp.change(wsPath, m.text);
    const list = await lsp.request("textDocument/completion", { textDocument: { uri: lsp.uri(wsPath) }, position: m });
    const labels = list.items.map((i: any) => i.label);
    assert.ok(labels.includes("app") && labels.includes("db"), JSON.stringify(labels));
    const m2 = marker(WS.replace("action: deploy", "action: |"));
    lsp.change(wsPath, m2.text);
    const list2 = await lsp.request("textDocument/completion", { textDocument: { uri: lsp.uri(wsPath) }, position: m2 });
    assert.deepEqual(list2.items.map((i: any) => i.label).sort(), ["check", "deploy"]);
    lsp.change(wsPath, WS);
  });

  it("hovers a step with its action's script", async () => {
    const m = marker(WS.replace("action: deploy", "action: dep|loy"));
    const h = await lsp.request("textDocument/hover", { textDocument: { uri: lsp.uri(wsPath) }, position: m });
    assert.match(h.contents.value, /echo deploying app/);
  });

  it("goes to the block's definition in another file, and finds its references", async () => {
    const m = marker(WS.replace("block: app", "block: a|pp"));
    const defs = await lsp.request("textDocument/definition", { textDocument: { uri: lsp.uri(wsPath) }, position: m });
    assert.equal(defs[0].targetUri, lsp.uri(blockPath));
    assert.equal(defs[0].targetSelectionRange.start.line, 0);
    const refs = await lsp.request("textDocument/references", { textDocument: { uri: lsp.uri(wsPath) }, position: m, context: { includeDeclaration: true } });
    assert.deepEqual(refs.map((r: any) => path.basename(r.uri)).sort(), ["block.poly", "workspace.poly"]);
  });

  it("renames a block in every file and refuses a name that exists", async () => {
    const m = marker(WS.replace("block: app", "block: a|pp"));
    const prep = await lsp.request("textDocument/prepareRename", { textDocument: { uri: lsp.uri(wsPath) }, position: m });
    assert.equal(prep.placeholder, "app");
    const edit = await lsp.request("textDocument/rename", { textDocument: { uri: lsp.uri(wsPath) }, position: m, newName: "web" });
    assert.deepEqual(Object.keys(edit.changes).map((u) => path.basename(u)).sort(), ["block.poly", "workspace.poly"]);
    for (const edits of Object.values(edit.changes) as any[]) assert.ok(edits.every((e: any) => e.newText === "web"));
    await assert.rejects(lsp.request("textDocument/rename", { textDocument: { uri: lsp.uri(wsPath) }, position: m, newName: "db" }), /already exists/);
  });

  it("lists the outline and workspace symbols", async () => {
    const syms = await lsp.request("textDocument/documentSymbol", { textDocument: { uri: lsp.uri(wsPath) } });
    const names = JSON.stringify(syms);
    for (const n of ["db", "release", "ship"]) assert.ok(names.includes(`"name":"${n}"`), `${n} in ${names}`);
    const ws = await lsp.request("workspace/symbol", { query: "deplo" });
    assert.ok(ws.some((s: any) => s.name === "deploy"));
  });

  it("offers the quick fix that moves a step's allow_failure to its workflow", async () => {
    const text = WS.replace("        action: deploy\n", "        action: deploy\n        allow_failure: true\n");
    lsp.change(wsPath, text);
    const diags = await lsp.diagnosticsFor(wsPath, (d) => d.some((x) => x.code === "poly/step-allow-failure"));
    const d = diags.find((x) => x.code === "poly/step-allow-failure")!;
    assert.equal(d.severity, 2);
    const actions = await lsp.request("textDocument/codeAction", { textDocument: { uri: lsp.uri(wsPath) }, range: d.range, context: { diagnostics: [d] } });
    assert.ok(actions.length >= 1, JSON.stringify(actions));
    assert.ok(actions[0].edit.changes[lsp.uri(wsPath)].length >= 1);
    lsp.change(wsPath, WS);
  });

  it("follows files created on disk through watched-file events", async () => {
    const p = path.join(dir, "blocks/db/block.poly");
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, "name: db\nactions:\n  - name: backup\n    script: [echo backup]\n");
    await lsp.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: lsp.uri(p), type: 1 }] });
    const m = marker(WS.replace("block: app\n        action: deploy", "block: db\n        action: |"));
    lsp.change(wsPath, m.text);
    // Messages are handled in order, so the completion below sees the new file.
    const items = await lsp.request("textDocument/completion", { textDocument: { uri: lsp.uri(wsPath) }, position: m });
    assert.ok(items.items.some((i: any) => i.label === "backup"), JSON.stringify(items.items.map((i: any) => i.label)));
  });
});
