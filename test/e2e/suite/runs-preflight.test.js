/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the extension host require()s the suite. */
// The Polycrate documentation's own workflow (blocks written inline in workspace.poly, a workflow prompt, an action
// prompt, a step prompt, allow_failure), in a workspace of its own: it runs in local mode; and in CLI mode with a
// Polycrate CLI that is not installed, the run stops before its first prompt and records nothing.
"use strict";
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vscode = require("vscode");
const { open, activeExtension, until, lenses, lineOf, newestLog, taskEnded, setSetting, wsRoot } = require("./helpers");

const DOCS = path.resolve(__dirname, "../../../..", "shared/corpus/polycrate/docs-reference.workflow.workspace.poly");

describe("runs: the Polycrate documentation's workflow", function () {
  let doc;
  let dir;

  const runWorkflow = () => taskEnded(() => vscode.commands.executeCommand("infraflow.run", { uri: doc.uri.toString(), runnable: "workflow:workflow-1" }), "infraflow", 60000);

  before(async function () {
    if (!vscode.workspace.isTrusted || !fs.existsSync(DOCS)) this.skip();
    dir = path.join(wsRoot().fsPath, "docs-workflow");
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(DOCS, path.join(dir, "workspace.poly"));
    doc = await open("docs-workflow/workspace.poly");
    await activeExtension();
    const line = lineOf(doc, "- name: workflow-1");
    await until(async () => (await lenses(doc.uri)).some((l) => l.line === line && l.title === "▶ Run workflow"), 30000, "the workflow's run lens");
  });

  after(async () => {
    await setSetting("force", undefined);
    await setSetting("polycrate.mode", "local");
    await setSetting("polycrate.executable", undefined);
    for (const t of vscode.window.terminals) if (t.name.includes("workflow-1")) t.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs in local mode: both inline blocks' actions run, in the workspace folder", async () => {
    await setSetting("polycrate.mode", "local");
    await setSetting("force", true);
    await runWorkflow();
    const log = await newestLog();
    assert.match(log.text, /block 1 action 1/);
    assert.match(log.text, /block 2 action 1/);
    assert.doesNotMatch(log.text, /ENOENT|does not exist/);
  });

  it("with the Polycrate CLI missing, stops before the prompts and records no run", async () => {
    const before = (await newestLog()).id;
    await setSetting("force", false);
    await setSetting("polycrate.mode", "cli");
    await setSetting("polycrate.executable", "polycrate-not-installed-e2e");
    // The workflow prompt would wait for an answer (a modal dialog) and the task would not end: it ends at once.
    await runWorkflow();
    assert.equal((await newestLog()).id, before, "no run was recorded");
  });
});

describe("runs: a step whose working directory is gone", function () {
  let dir;

  before(function () {
    if (!vscode.workspace.isTrusted) this.skip();
  });

  after(async () => {
    await setSetting("polycrate.mode", "local");
    for (const t of vscode.window.terminals) if (t.name.includes("ship")) t.dispose();
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("stops before the workflow's prompt with one message naming the directory and the step, and records no run", async function () {
    this.timeout(120000);
    // A block's actions run in its block's folder (Polycrate's workdir). The block file stays open in an editor, so
    // the language server keeps it (open documents keep their text) after its folder is deleted on disk.
    dir = path.join(wsRoot().fsPath, "gone-workdir");
    fs.mkdirSync(path.join(dir, "blocks", "app"), { recursive: true });
    fs.writeFileSync(path.join(dir, "workspace.poly"), "name: gone-workdir\nworkflows:\n  - name: ship\n    prompt:\n      message: Ship it?\n    steps:\n      - name: install\n        block: app\n        action: install\n");
    fs.writeFileSync(path.join(dir, "blocks", "app", "block.poly"), "name: app\nkind: generic\nversion: 0.1.0\nactions:\n  - name: install\n    script:\n      - echo installing\n");
    await setSetting("polycrate.mode", "local");
    await setSetting("force", false);
    const block = await open("gone-workdir/blocks/app/block.poly");
    const doc = await open("gone-workdir/workspace.poly");
    await activeExtension();
    const line = lineOf(doc, "- name: ship");
    await until(async () => (await lenses(doc.uri)).some((l) => l.line === line && l.title === "▶ Run workflow"), 30000, "the workflow's run lens");
    await vscode.window.showTextDocument(block, { preview: false, preserveFocus: true, viewColumn: vscode.ViewColumn.Beside });
    const before = await newestLog().then((l) => l.id, () => 0);
    fs.rmSync(path.join(dir, "blocks", "app"), { recursive: true, force: true });
    // Were the directory not checked first, the workflow's prompt would wait for an answer (a modal dialog) and
    // the task would not end. The message is the one a missing program gets (the test reads it instead of a user).
    // An installed extension (the vsix tier) has its own vscode API object, which the test cannot stub: there the
    // task's quick end and the missing run record are what is checked.
    const stubbable = process.env.INFRAFLOW_E2E_EXPECT !== "vsix";
    const shown = [];
    const original = vscode.window.showErrorMessage;
    vscode.window.showErrorMessage = async (message) => void shown.push(message);
    try {
      await taskEnded(() => vscode.commands.executeCommand("infraflow.run", { uri: doc.uri.toString(), runnable: "workflow:ship" }), "infraflow", 60000);
      if (stubbable) await until(() => shown.length > 0, 10000, "the error message");
    } finally {
      vscode.window.showErrorMessage = original;
    }
    if (stubbable) assert.deepEqual(shown, [`Infraflow: The working directory ${path.join(dir, "blocks", "app")} does not exist (needed by install). Nothing was run.`]);
    assert.equal(await newestLog().then((l) => l.id, () => 0), before, "no run was recorded");
  });
});
