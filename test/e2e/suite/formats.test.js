/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the extension host require()s the suite. */
// env0, Fabrikate and Deis through the VS Code API, against test/e2e/workspace: env0/env0.workflow.yaml (the app
// needs the undefined alias `cache`), fabrikate/component.yaml + config/prod.yaml (prod configures `grafana`, which
// is no subcomponent of shop), backstage/component.yaml (a Backstage entry, not Fabrikate's) and deis/Procfile
// (the process type `Web_1` is invalid).
"use strict";
const assert = require("node:assert/strict");
const vscode = require("vscode");
const { open, activeExtension, diagnosticsFor, positionOf, queryUntil, wsUri, revert } = require("./helpers");

const codeOf = (d) => (typeof d.code === "object" && d.code ? String(d.code.value) : String(d.code));
const labelOf = (item) => (typeof item.label === "string" ? item.label : item.label.label);
const ours = (ds) => ds.filter((d) => d.source === "infraflow");
const show = (ds) => ds.map((d) => `${codeOf(d)}: ${d.message}`).join("\n");

describe("env0", () => {
  let doc;
  before(async () => {
    doc = await open("env0/env0.workflow.yaml");
    await activeExtension();
  });

  it("reports a needs entry naming an undefined alias (env0/unknown-alias) on that entry", async () => {
    const ds = await diagnosticsFor(doc.uri, (all) => all.some((d) => codeOf(d) === "env0/unknown-alias"));
    const unknown = ds.filter((d) => codeOf(d) === "env0/unknown-alias");
    assert.equal(unknown.length, 1, show(ds));
    assert.equal(unknown[0].source, "infraflow");
    assert.equal(doc.getText(unknown[0].range), "cache");
    assert.match(unknown[0].message, /cache/);
  });

  it("completes aliases in a needs list, leaving out the sub-environment itself", async () => {
    // The cursor on the first entry of database's `needs` (`- network`).
    const pos = positionOf(doc, "      - network", "      - ".length);
    const list = await queryUntil(
      () => vscode.commands.executeCommand("vscode.executeCompletionItemProvider", doc.uri, pos),
      (l) => l && l.items.map(labelOf).includes("cluster"),
      20000,
      "alias completions",
    );
    const labels = list.items.map(labelOf);
    for (const alias of ["network", "cluster", "app"]) assert.ok(labels.includes(alias), `${alias} missing from: ${labels.join(", ")}`);
    assert.ok(!labels.includes("database"), `database needs itself? ${labels.join(", ")}`);
  });
});

describe("fabrikate", () => {
  it("reports a subcomponent that the component does not have (fab/unknown-subcomponent) in config/prod.yaml", async () => {
    await open("fabrikate/component.yaml");
    await activeExtension();
    const doc = await open("fabrikate/config/prod.yaml");
    const ds = await diagnosticsFor(doc.uri, (all) => all.some((d) => codeOf(d) === "fab/unknown-subcomponent"));
    const unknown = ds.filter((d) => codeOf(d) === "fab/unknown-subcomponent");
    assert.equal(unknown.length, 1, show(ds));
    assert.equal(doc.getText(unknown[0].range), "grafana");
    assert.equal(unknown[0].severity, vscode.DiagnosticSeverity.Warning);
    // The known one resolves.
    assert.ok(!ds.some((d) => doc.getText(d.range) === "ingress"), show(ds));
  });

  it("leaves a Backstage component.yaml alone: no diagnostics, no lenses", async () => {
    await activeExtension();
    const foreign = await open("backstage/component.yaml");
    // A barrier instead of a sleep (as in foreign.test.js): once the server answered an edit of a file opened
    // later, it has seen the Backstage file, and any diagnostics for it would be published.
    const env0 = await open("env0/env0.workflow.yaml");
    const at = env0.getText().indexOf("cache]");
    const edit = new vscode.WorkspaceEdit();
    edit.replace(env0.uri, new vscode.Range(env0.positionAt(at), env0.positionAt(at + "cache".length)), "barrier");
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      await diagnosticsFor(env0.uri, (ds) => ds.some((d) => d.message.includes("barrier")));
    } finally {
      await revert(env0);
      await diagnosticsFor(env0.uri, (ds) => ds.some((d) => d.message.includes("cache")));
    }
    assert.deepEqual(ours(vscode.languages.getDiagnostics(foreign.uri)).map((d) => d.message), []);
    const lenses = (await vscode.commands.executeCommand("vscode.executeCodeLensProvider", foreign.uri)) ?? [];
    assert.deepEqual(lenses.map((l) => l.command?.title), []);
  });
});

describe("deis", () => {
  it("gives a Procfile the procfile language and reports an invalid process type (deis/invalid-process-type)", async () => {
    const doc = await open("deis/Procfile");
    await activeExtension();
    assert.equal(doc.languageId, "procfile");
    const ds = await diagnosticsFor(doc.uri, (all) => all.some((d) => codeOf(d) === "deis/invalid-process-type"));
    const bad = ds.filter((d) => codeOf(d) === "deis/invalid-process-type");
    assert.equal(bad.length, 1, show(ds));
    assert.equal(doc.getText(bad[0].range), "Web_1");
    assert.equal(bad[0].severity, vscode.DiagnosticSeverity.Error);
    assert.equal(bad[0].source, "infraflow");
  });

  it("offers the quick fix that lowercases the type", async () => {
    const uri = wsUri("deis/Procfile");
    const doc = await vscode.workspace.openTextDocument(uri);
    const d = vscode.languages.getDiagnostics(uri).find((x) => codeOf(x) === "deis/invalid-process-type");
    assert.ok(d, "the diagnostic of the previous test");
    const actions = await vscode.commands.executeCommand("vscode.executeCodeActionProvider", uri, d.range);
    const titles = (actions ?? []).map((a) => a.title);
    assert.ok(titles.includes("Change to 'web-1'"), `code actions: ${titles.join(", ")} on ${doc.getText(d.range)}`);
  });
});
