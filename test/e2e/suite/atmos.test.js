/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the extension host require()s the suite. */
// Atmos, against test/e2e/workspace/atmos: stacks/orgs/acme/dev.yaml imports catalog/vpc and overrides one var.
// These tests went in before the Atmos format was wired through the client; they fail until it is.
"use strict";
const assert = require("node:assert/strict");
const { open, activeExtension, positionOf, hoverText, queryUntil } = require("./helpers");
const vscode = require("vscode");

describe("atmos", () => {
  it("activates on an Atmos stack", async () => {
    const doc = await open("atmos/stacks/orgs/acme/dev.yaml");
    assert.equal(doc.languageId, "yaml");
    assert.equal((await activeExtension()).isActive, true);
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
});
