/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the extension host require()s the suite. */
// Atmos, against test/e2e/workspace/atmos: stacks/orgs/acme/dev.yaml imports catalog/vpc and overrides one var.
// These tests went in before the Atmos format was wired through the client; they fail until it is.
"use strict";
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { open, activeExtension, positionOf, hoverText, queryUntil, revert, until, lenses, lineOf, newestLog, setSetting, taskEnded, wsRoot } = require("./helpers");
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

  describe("a catalog file that two stacks import", () => {
    // test/fixtures/atmos/catalog-two-stacks: catalog/shop.yaml, imported by the stacks acme-qa and acme-uat.
    const FIXTURE = path.resolve(__dirname, "../../fixtures/atmos/catalog-two-stacks/stacks");
    const files = ["catalog/shop.yaml", "orgs/acme/qa.yaml", "orgs/acme/uat.yaml"];
    const stacks = () => path.join(wsRoot().fsPath, "atmos", "stacks");
    const fake = () => path.join(wsRoot().fsPath, "atmos", "atmos-fake.sh");

    before(function () {
      if (!vscode.workspace.isTrusted) this.skip();
      for (const f of files) fs.copyFileSync(path.join(FIXTURE, f), path.join(stacks(), f));
      // Stands for the Atmos CLI: prints the arguments it was given.
      fs.writeFileSync(fake(), '#!/bin/sh\necho "atmos-fake $*"\n', { mode: 0o755 });
    });

    after(async () => {
      await setSetting("atmos.executable", undefined);
      for (const t of vscode.window.terminals) if (t.name.includes("shop")) t.dispose();
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
      for (const f of files) fs.rmSync(path.join(stacks(), f), { force: true });
      fs.rmSync(fake(), { force: true });
    });

    it("has one row per component whose actions ask which stack, by name, with each stack's exact command; the stack picked is the one run", async function () {
      this.timeout(120000);
      // The stacks are opened too: the language server then has them whether or not the file watcher reported
      // their creation yet (on the oldest VS Code it may not have).
      for (const f of files.slice(1)) await open(`atmos/stacks/${f}`);
      const doc = await open("atmos/stacks/catalog/shop.yaml");
      await activeExtension();
      const line = lineOf(doc, "    shop:");
      let seen = [];
      const row = await until(
        async () => {
          const on = (await lenses(doc.uri)).filter((l) => l.line === line);
          seen = on.map((l) => `${l.title} [${l.command?.tooltip ?? ""}]`);
          const apply = on.find((l) => l.title === "▶ apply…");
          return apply?.command.tooltip?.includes("acme-uat: atmos terraform apply shop -s acme-uat") ? on : undefined;
        },
        45000,
        "the catalog's shop row with the exact commands in the apply tooltip",
      ).catch((e) => assert.fail(`${e.message}; the lenses on shop: ${JSON.stringify(seen)}`));
      assert.deepEqual(
        row.map((l) => l.title),
        ["shop · 2 stacks", "▶ plan…", "▶ apply…", "▶ deploy…", "▶ destroy…", "▶ with dependencies…"],
      );
      const apply = row.find((l) => l.title === "▶ apply…");
      assert.equal(apply.command.tooltip, "apply shop: asks which of 2 stacks\nacme-qa: atmos terraform apply shop -s acme-qa\nacme-uat: atmos terraform apply shop -s acme-uat");
      assert.equal(apply.command.command, "infraflow.chooseRun");
      assert.deepEqual(
        apply.command.arguments[0].items.map((i) => i.label),
        ["acme-qa", "acme-uat"],
      );

      // infraflow.chooseRun shows these items in VS Code's quick pick with this placeholder, and runs the command of
      // the item picked. The test runs what picking acme-uat runs: an installed extension (the vsix tier) has its
      // own vscode API object, so the quick pick cannot be answered by stubbing it from here.
      assert.equal(apply.command.arguments[0].placeHolder, "apply shop in which stack?");
      const uat = apply.command.arguments[0].items.find((i) => i.label === "acme-uat");
      await setSetting("atmos.executable", fake());
      await taskEnded(() => vscode.commands.executeCommand(uat.command.command, ...(uat.command.arguments ?? [])), "infraflow", 60000);
      const log = await newestLog();
      assert.match(log.text, /\$ \S*atmos-fake\.sh terraform apply shop -s acme-uat\n/);
      assert.match(log.text, /^atmos-fake terraform apply shop -s acme-uat$/m);
      assert.doesNotMatch(log.text, /acme-qa/);
    });
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

