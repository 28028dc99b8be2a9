/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the extension host require()s the suite. */
// The extension is installed in the real VS Code and activates on a Polycrate file.
"use strict";
const assert = require("node:assert/strict");
const vscode = require("vscode");
const { EXTENSION_ID, open, activeExtension } = require("./helpers");

describe("extension", () => {
  it("is installed", () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} is not among ${vscode.extensions.all.length} extensions`);
  });

  it("activates when a .poly file is opened", async () => {
    await open("workspace.poly");
    const ext = await activeExtension();
    assert.equal(ext.isActive, true);
  });
});
