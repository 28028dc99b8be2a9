/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the extension host require()s the suite. */
// YAML that belongs to other tools (a GitHub workflow, a Kubernetes manifest) gets no Infraflow diagnostics,
// although it has `steps`, `name` and `block`-like keys.
"use strict";
const assert = require("node:assert/strict");
const vscode = require("vscode");
const { wsUri, open, activeExtension, diagnosticsFor, revert } = require("./helpers");

describe("foreign YAML", () => {
  // The barrier's diagnostics come back in about 70 ms on a quiet machine; on a loaded one (other test runs beside
  // it) they took over 20 s several times, so this test waits longer than the others.
  it("gets no diagnostics from source infraflow", async function () {
    this.timeout(90000);
    await activeExtension();
    const foreign = [wsUri(".github/workflows/ci.yml"), wsUri("k8s/deployment.yaml")];
    for (const uri of foreign) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    // A barrier instead of a sleep: a change to workspace.poly reaches the server after the didOpen of the
    // foreign files, so once its diagnostics come back, any diagnostics for them would have been published.
    const poly = await open("workspace.poly");
    const edit = new vscode.WorkspaceEdit();
    const at = poly.getText().indexOf("block: db") + "block: ".length;
    edit.replace(poly.uri, new vscode.Range(poly.positionAt(at), poly.positionAt(at + 2)), "barrier");
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      await diagnosticsFor(poly.uri, (ds) => ds.some((d) => d.message.includes("barrier")), 60000);
    } finally {
      await revert(poly);
      // Leave the diagnostics as the next test expects them: the barrier's gone again.
      await diagnosticsFor(poly.uri, (ds) => !ds.some((d) => d.message.includes("barrier")));
    }
    for (const uri of foreign) {
      const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === "infraflow");
      assert.deepEqual(ours.map((d) => d.message), [], uri.path);
    }
  });
});
