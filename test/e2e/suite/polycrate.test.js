/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the extension host require()s the suite. */
// Polycrate language features through the VS Code API, against test/e2e/workspace: workspace.poly declares the
// blocks app and db (blocks/*/block.poly) and a workflow `broken` whose step names the unknown block `nope`.
"use strict";
const assert = require("node:assert/strict");
const vscode = require("vscode");
const { wsRoot, wsUri, open, activeExtension, diagnosticsFor, positionOf, hoverText, queryUntil } = require("./helpers");

const codeOf = (d) => (typeof d.code === "object" && d.code ? String(d.code.value) : String(d.code));
const labelOf = (item) => (typeof item.label === "string" ? item.label : item.label.label);
const uriOf = (loc) => (loc.targetUri ?? loc.uri).toString();
const isNope = (d) => codeOf(d) === "poly/unknown-block" && /\bnope\b/.test(d.message);

describe("polycrate", () => {
  let doc;
  before(async () => {
    doc = await open("workspace.poly");
    await activeExtension();
    // The server has indexed the workspace once it published the diagnostics of workspace.poly.
    await diagnosticsFor(doc.uri, (ds) => ds.some(isNope));
  });

  it("assigns the polycrate language to workspace.poly and block.poly", async () => {
    assert.equal(doc.languageId, "polycrate");
    const block = await vscode.workspace.openTextDocument(wsUri("blocks/app/block.poly"));
    assert.equal(block.languageId, "polycrate");
  });

  it("reports the unknown block of a step (poly/unknown-block) on its value", async () => {
    const ds = await diagnosticsFor(doc.uri, (all) => all.some(isNope));
    const d = ds.find(isNope);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.source, "infraflow");
    assert.equal(doc.getText(d.range), "nope");
    // Only the unknown name is reported: app and db resolve.
    assert.equal(ds.filter((x) => codeOf(x) === "poly/unknown-block").length, 1);
  });

  it("completes block names in step.block", async () => {
    const pos = positionOf(doc, "block: db", "block: ".length);
    const list = await queryUntil(
      () => vscode.commands.executeCommand("vscode.executeCompletionItemProvider", doc.uri, pos),
      (l) => l && l.items.length > 0,
      20000,
      "completion items",
    );
    const labels = list.items.map(labelOf);
    assert.ok(labels.includes("app") && labels.includes("db"), `labels: ${labels.join(", ")}`);
  });

  it("hovers a step's block with the block's description", async () => {
    const pos = positionOf(doc, "block: app", "block: a".length);
    const hovers = await vscode.commands.executeCommand("vscode.executeHoverProvider", doc.uri, pos);
    assert.match(hoverText(hovers), /Frontend application of the shop/);
  });

  it("goes from a step's block to blocks/app/block.poly", async () => {
    const pos = positionOf(doc, "block: app", "block: a".length);
    const locs = await vscode.commands.executeCommand("vscode.executeDefinitionProvider", doc.uri, pos);
    const target = wsUri("blocks/app/block.poly").toString();
    assert.ok(locs.some((l) => uriOf(l) === target), `definitions: ${locs.map(uriOf).join(", ")}`);
  });

  it("renames a block across workspace.poly and its block.poly", async () => {
    const pos = positionOf(doc, "block: app", "block: a".length);
    const edit = await vscode.commands.executeCommand("vscode.executeDocumentRenameProvider", doc.uri, pos, "frontend");
    assert.ok(edit, "no WorkspaceEdit");
    const files = new Map(edit.entries().map(([uri, edits]) => [uri.toString(), edits]));
    const blockFile = wsUri("blocks/app/block.poly").toString();
    assert.ok(files.has(doc.uri.toString()) && files.has(blockFile), `edited files: ${[...files.keys()].join(", ")}`);
    // Both references in workspace.poly (blocks[].name and the step) and the block's own name.
    assert.ok(files.get(doc.uri.toString()).length >= 2, "workspace.poly edits");
    assert.ok(files.get(doc.uri.toString()).every((e) => e.newText === "frontend"));
    assert.equal(files.get(blockFile).length, 1);
  });
});

// Folders made and filled at once on disk, as a checkout does, get their files indexed without a reload: through
// the files' own events, or, where VS Code's watcher misses files written into a folder just after it is made
// (parcel-bundler/watcher#97, seen here in the UI suite), through the folder's own event, which the server walks.
// This code-server reported the files in every run tried, so this test guards the path as a whole (the watcher
// events our client forwards and the server's filter of them); the folder walk alone is tested in the unit and LSP
// tiers (test/unit/index/folder-created.test.ts, test/lsp/lifecycle.test.ts).
describe("a folder made and filled on disk", () => {
  const fs = require("node:fs");
  const path = require("node:path");
  let folder;
  after(() => {
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it("gets its files indexed and checked, without a reload", async () => {
    await activeExtension();
    folder = path.join(wsRoot().fsPath, "late-checkout");
    // Folders and files at once, with no pause between, as a checkout writes them: nested folders, several files each.
    const files = [];
    for (const team of ["a", "b", "c"]) {
      for (let i = 0; i < 4; i++) {
        const env = `e${i}`;
        const file = path.join(folder, team, `${env}.poly`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, `name: ${team}-${env}\nworkflows:\n  - name: w\n    steps:\n      - name: s\n        block: nope-${team}-${env}\n        action: a\n`);
        files.push([file, `nope-${team}-${env}`]);
      }
    }
    for (const [file, name] of files) {
      const ds = await diagnosticsFor(vscode.Uri.file(file), (all) => all.some((d) => codeOf(d) === "poly/unknown-block" && d.message.includes(name)), 30000);
      assert.ok(ds.length > 0, file);
    }
  });
});
