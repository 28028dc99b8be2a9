/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the extension host require()s the suite. */
// "Infraflow: Export Workflow…" in the editor, on test/e2e/workspace/workspace.poly (workflow `deploy`: install-db,
// then install-app): the plan as an untitled GitHub Actions or Argo document, and saved under .github/workflows/.
"use strict";
const assert = require("node:assert/strict");
const vscode = require("vscode");
const { open, activeExtension, wsUri } = require("./helpers");

describe("export", function () {
  let uri;

  before(async () => {
    uri = (await open("workspace.poly")).uri;
    await activeExtension();
  });

  after(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("opens the workflow as an untitled GitHub Actions document, one job per step", async () => {
    const doc = await vscode.commands.executeCommand("infraflow.exportWorkflow", { uri: uri.toString(), runnable: "workflow:deploy", target: "github-actions", destination: "untitled" });
    assert.ok(doc, "the command returned no document");
    assert.equal(doc.isUntitled, true);
    assert.equal(doc.languageId, "yaml");
    assert.equal(vscode.window.activeTextEditor?.document, doc);
    const text = doc.getText();
    assert.match(text, /^# Exported by Infraflow from workspace\.poly: Polycrate workflow deploy\./);
    assert.match(text, /\n {2}install-app:\n {4}name: install-app\n {4}needs:\n {6}- install-db\n/);
    assert.match(text, /# Step 'install-db' from workspace\.poly:\d+\./);
  });

  it("opens it as an Argo Workflow with a DAG", async () => {
    const doc = await vscode.commands.executeCommand("infraflow.exportWorkflow", { uri, runnable: "workflow:deploy", target: "argo", destination: "untitled" });
    const text = doc.getText();
    assert.match(text, /\nkind: Workflow\n/);
    assert.match(text, /- name: install-app\n {12}template: run-install-app\n {12}depends: install-db\n/);
  });

  it("saves it under .github/workflows/ when asked", async () => {
    const file = wsUri(".github/workflows/polycrate-workflow-deploy.yml");
    try {
      const doc = await vscode.commands.executeCommand("infraflow.exportWorkflow", { uri, runnable: "workflow:deploy", target: "github-actions", destination: "workflows" });
      assert.equal(doc.uri.toString(), file.toString());
      const saved = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      assert.match(saved, /\njobs:\n/);
      assert.equal(saved, doc.getText());
    } finally {
      await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
      await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    }
  });

  it("says so when the plan cannot be made, and opens nothing", async () => {
    const untitled = () => vscode.workspace.textDocuments.filter((d) => d.isUntitled).length;
    const n = untitled();
    const doc = await vscode.commands.executeCommand("infraflow.exportWorkflow", { uri, runnable: "workflow:nope", target: "argo", destination: "untitled" });
    assert.equal(doc, undefined);
    assert.equal(untitled(), n);
  });
});
