/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the extension host require()s the suite. */
// The Polycrate documentation's own workflow (blocks written inline in workspace.poly, a workflow prompt, an action
// prompt, a step prompt, allow_failure), in a workspace of its own: it runs in local mode; and in CLI mode with a
// Polycrate CLI that is not installed, the run stops before its first prompt and records nothing.
"use strict";
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vscode = require("vscode");
const { open, activeExtension, until, lenses, lineOf, taskEnded, setSetting, wsRoot } = require("./helpers");

const DOCS = path.resolve(__dirname, "../../../..", "shared/corpus/polycrate/docs-reference.workflow.workspace.poly");

describe("runs: the Polycrate documentation's workflow", function () {
  let doc;
  let dir;

  /** The newest run's number and log text (Infraflow: Open Run Log without an argument opens the newest). */
  const newestLog = async () => {
    await vscode.commands.executeCommand("infraflow.runs.openLog");
    const editor = await until(() => {
      const e = vscode.window.activeTextEditor;
      return e && /\/runs\/\d+\.log$/.test(e.document.uri.path) ? e : undefined;
    }, 10000, "the run log in the editor");
    return { id: Number(/\/runs\/(\d+)\.log$/.exec(editor.document.uri.path)[1]), text: editor.document.getText() };
  };
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
