/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the extension host require()s the suite. */
// The dependency graph panel (`infraflow.showGraph`, viewType `infraflow.graph`) through the tab API: it opens beside
// the editor, is titled after the graph, follows the active editor across formats, and closes. What the webview
// draws is the UI tier's (test/e2e/ui/graph.ui.mjs).
"use strict";
const assert = require("node:assert/strict");
const vscode = require("vscode");
const { open, activeExtension, withTimeout } = require("./helpers");

const GRAPH_VIEW_TYPE = "infraflow.graph";

/** The tabs of graph panels (the workbench prefixes the viewType, e.g. `mainThreadWebview-infraflow.graph`). */
function graphTabs() {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes(GRAPH_VIEW_TYPE));
}

/** Resolves with the graph tab once `accept(tab)` holds: checks now, then on every tab change. */
function graphTab(accept, what, ms = 20000) {
  const check = () => graphTabs().find(accept);
  const now = check();
  if (now) return Promise.resolve(now);
  let sub;
  const p = new Promise((resolve) => {
    sub = vscode.window.tabGroups.onDidChangeTabs(() => {
      const t = check();
      if (t) resolve(t);
    });
  });
  return withTimeout(p, ms, what).finally(() => sub.dispose());
}

async function closeGraphs() {
  const tabs = graphTabs();
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}

describe("graph panel", () => {
  before(async () => {
    await activeExtension();
    await closeGraphs();
  });
  after(closeGraphs);

  it("Show Dependency Graph opens the panel beside a .poly file, titled after the workspace", async () => {
    const doc = await open("workspace.poly");
    const editorColumn = vscode.window.activeTextEditor.viewColumn;
    await vscode.commands.executeCommand("infraflow.showGraph");
    const tab = await graphTab((t) => t.label === "Graph: Polycrate workspace acme-shop", "the graph tab of workspace.poly");
    assert.notEqual(tab.group.viewColumn, editorColumn, "beside the editor, not over it");
    // The panel opened without taking the focus: the editor stays active.
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString());
    assert.equal(graphTabs().length, 1);
  });

  it("follows the active editor to each format, in the same panel", async () => {
    const titles = [
      ["env0/env0.workflow.yaml", "Graph: env0 workflow env0"],
      ["fabrikate/component.yaml", "Graph: Fabrikate shop"],
      ["deis/Procfile", "Graph: Deis app deis"],
      ["atmos/stacks/orgs/acme/dev.yaml", "Graph: acme-dev"],
      ["workspace.poly", "Graph: Polycrate workspace acme-shop"],
    ];
    for (const [file, title] of titles) {
      await open(file);
      await graphTab((t) => t.label === title, `'${title}' after opening ${file}`);
      assert.equal(graphTabs().length, 1, "one panel");
    }
  });

  it("shows the graph of the file it is given, not the active one", async () => {
    await open("workspace.poly");
    await vscode.commands.executeCommand("infraflow.showGraph", vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, "deis", "Procfile"));
    await graphTab((t) => t.label === "Graph: Deis app deis", "the Deis graph");
    assert.equal(graphTabs().length, 1);
  });

  it("closes, and opens again", async () => {
    await closeGraphs();
    assert.equal(graphTabs().length, 0);
    await open("workspace.poly");
    await vscode.commands.executeCommand("infraflow.showGraph");
    await graphTab((t) => t.label === "Graph: Polycrate workspace acme-shop", "the graph tab again");
  });
});
