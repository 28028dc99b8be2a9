/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the extension host require()s the suite. */
// Atmos, against test/e2e/workspace/atmos: stacks/orgs/acme/dev.yaml imports catalog/vpc and overrides one var.
// These tests went in before the Atmos format was wired through the client; they fail until it is.
"use strict";
const assert = require("node:assert/strict");
const { open, activeExtension, positionOf, hoverText, queryUntil, revert, until, lenses, lineOf } = require("./helpers");
const vscode = require("vscode");

describe("atmos", () => {
  it("activates on an Atmos stack", async () => {
    const doc = await open("atmos/stacks/orgs/acme/dev.yaml");
    assert.equal(doc.languageId, "yaml");
    assert.equal((await activeExtension()).isActive, true);
  });

  it("a catalog component's run lenses name the component and its stack, with the exact command as tooltip", async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    const doc = await open("atmos/stacks/catalog/vpc.yaml");
    await activeExtension();
    const line = lineOf(doc, "    vpc:");
    const row = await until(
      async () => {
        const on = (await lenses(doc.uri)).filter((l) => l.line === line);
        const apply = on.find((l) => l.title === "▶ apply");
        return apply?.command.tooltip === "atmos terraform apply vpc -s acme-dev" ? on : undefined;
      },
      20000,
      "the catalog's vpc lenses with the apply command as tooltip",
    );
    assert.deepEqual(
      row.map((l) => l.title),
      ["vpc · acme-dev", "▶ plan", "▶ apply", "▶ deploy", "▶ destroy", "▶ with dependencies…"],
    );
    assert.deepEqual(row[2].command.arguments[0], { uri: doc.uri.toString(), runnable: "component:vpc@acme-dev", action: "apply" });
  });

  it("hovers a component with its effective vars (imports merged, stack overrides win)", async () => {
    const doc = await open("atmos/stacks/orgs/acme/dev.yaml");
    await activeExtension();
    const pos = positionOf(doc, "    vpc:", "    v".length);
    const hovers = await queryUntil(
      () => vscode.commands.executeCommand("vscode.executeHoverProvider", doc.uri, pos),
      (h) => hoverText(h).length > 0,
      20000,
      "a hover on the vpc component",
    );
    const text = hoverText(hovers);
    assert.match(text, /10\.9\.0\.0\/18/, "a var only the imported catalog sets");
    assert.match(text, /max_subnet_count\W+\|?\W*2\b/, "the stack's override (2), not the catalog's 3");
  });

  it("hovers a catalog component with a command link to describe it in its stack", async () => {
    const doc = await open("atmos/stacks/catalog/vpc.yaml");
    await activeExtension();
    const pos = positionOf(doc, "    vpc:", "    v".length);
    const hovers = await queryUntil(
      () => vscode.commands.executeCommand("vscode.executeHoverProvider", doc.uri, pos),
      (h) => hoverText(h).includes("command:infraflow.describeComponent"),
      20000,
      "a hover on the catalog's vpc with a describe link",
    );
    const text = hoverText(hovers);
    assert.match(text, /in stack `acme-dev`/);
    const args = /command:infraflow\.describeComponent\?([^ )]+)/.exec(text);
    assert.deepEqual(JSON.parse(decodeURIComponent(args[1])), [{ component: "vpc", stack: "acme-dev" }]);
  });

  it("Describe Component in Stack… from the cursor opens a YAML description whose values link to their source", async () => {
    const doc = await open("atmos/stacks/catalog/vpc.yaml");
    await activeExtension();
    const editor = vscode.window.activeTextEditor;
    const pos = positionOf(doc, "max_subnet_count", 2);
    editor.selection = new vscode.Selection(pos, pos);
    // The component under the cursor is preselected; its file is in one stack (acme-dev), so nothing is asked.
    const uri = await queryUntil(
      async () => {
        if (vscode.window.activeTextEditor?.document.uri.toString() !== doc.uri.toString()) await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
        return vscode.commands.executeCommand("infraflow.describeComponent");
      },
      (u) => !!u,
      20000,
      "the describe document of vpc in acme-dev",
    );
    assert.equal(uri.scheme, "infraflow-describe");
    const described = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    assert.ok(described, "the description is open");
    assert.equal(described.languageId, "yaml");
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    const text = described.getText();
    assert.match(text, /^atmos_component: vpc$/m);
    assert.match(text, /^atmos_stack: acme-dev$/m);
    assert.match(text, /^ {2}max_subnet_count: 2$/m, "the stack's value wins over the catalog's 3");
    assert.match(text, /^ {2}ipv4_primary_cidr_block: 10\.9\.0\.0\/18$/m);
    // Each value links to the line that set it.
    const links = await vscode.commands.executeCommand("vscode.executeLinkProvider", uri);
    const lineOfText = (needle) => text.split("\n").findIndex((l) => l === needle);
    const at = (needle) => links.find((l) => l.range.start.line === lineOfText(needle));
    const mine = at("  max_subnet_count: 2");
    assert.ok(mine?.target, "max_subnet_count links to its source");
    assert.match(mine.target.path, /\/stacks\/orgs\/acme\/dev\.yaml$/);
    assert.equal(mine.target.fragment, "L10,27");
    const fromCatalog = at("  ipv4_primary_cidr_block: 10.9.0.0/18");
    assert.match(fromCatalog.target.path, /\/stacks\/catalog\/vpc\.yaml$/);
    assert.match(fromCatalog.target.fragment, /^L9,/);
  });

  it("re-running Describe for the same component and stack refreshes the open document", async () => {
    const catalog = await open("atmos/stacks/catalog/vpc.yaml");
    await activeExtension();
    const args = { component: "vpc", stack: "acme-dev" };
    const uri = await queryUntil(() => vscode.commands.executeCommand("infraflow.describeComponent", args), (u) => !!u, 20000, "the describe document");
    const described = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    assert.match(described.getText(), /10\.9\.0\.0\/18/);
    // An unsaved edit of the catalog: the server follows the editor's text.
    const edit = new vscode.WorkspaceEdit();
    const start = catalog.getText().indexOf("10.9.0.0/18");
    edit.replace(catalog.uri, new vscode.Range(catalog.positionAt(start), catalog.positionAt(start + "10.9.0.0/18".length)), "10.8.0.0/18");
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      await queryUntil(
        () => vscode.commands.executeCommand("infraflow.describeComponent", args),
        () => described.getText().includes("10.8.0.0/18"),
        20000,
        "the open description to show the edited value",
      );
      const again = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === "infraflow-describe" && d.uri.toString() === uri.toString());
      assert.equal(again.length, 1, "the same document, refreshed, not a second one");
    } finally {
      await revert(catalog);
      await until(() => !catalog.isDirty, 20000, "the catalog reverted");
    }
  });
});

