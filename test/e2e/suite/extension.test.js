/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the extension host require()s the suite. */
// The extension is installed in the real VS Code, from where the launcher says, and activates on a Polycrate file.
"use strict";
const assert = require("node:assert/strict");
const path = require("node:path");
const vscode = require("vscode");
const { EXTENSION_ID, open, activeExtension, withTimeout } = require("./helpers");

describe("extension", () => {
  it("is installed", () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} is not among ${vscode.extensions.all.length} extensions`);
  });

  it("is loaded from the source tree or the .vsix, as the launcher asked", function () {
    const expect = process.env.INFRAFLOW_E2E_EXPECT;
    if (!expect) this.skip();
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const fromVsix = ext.extensionPath.includes(`${path.sep}extensions${path.sep}`) && path.basename(ext.extensionPath).startsWith(`${EXTENSION_ID}-`);
    assert.equal(fromVsix ? "vsix" : "dev", expect, `extensionPath is ${ext.extensionPath}`);
  });

  it("activates when a .poly file is opened", async () => {
    await open("workspace.poly");
    const ext = await activeExtension();
    assert.equal(ext.isActive, true);
  });

  it("starts its language client after activate() returned (dist/lsp-client.js, loaded lazily)", async () => {
    const { ctx } = (await activeExtension()).exports;
    const client = await withTimeout(ctx.whenClient(), 20000, "the language client");
    assert.ok(client, "whenClient() gave no client");
    assert.equal(client.isRunning(), true);
  });
});
