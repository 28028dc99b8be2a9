/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the extension host require()s the suite. */
// Runs in an untrusted workspace (restricted mode). This file runs only when the launcher leaves workspace trust on
// (`run-exthost.mjs --workspace-trust`, which the exthost tier does once): the workbench then opens the test
// workspace untrusted, since the smoke-test driver declines the trust prompt. The trusted suite leaves it out.
// The task provider is not asked here: it answers nothing in an untrusted workspace, and asking is not the point.
"use strict";
const assert = require("node:assert/strict");
const vscode = require("vscode");
const { open, activeExtension, diagnosticsFor, queryUntil, lenses, lineOf } = require("./helpers");

const codeOf = (d) => (typeof d.code === "object" && d.code ? String(d.code.value) : String(d.code));
const TRUST = "$(shield) Runs need a trusted workspace";

describe("untrusted workspace", () => {
  let doc;
  before(async () => {
    doc = await open("workspace.poly");
    await activeExtension();
  });

  it("is untrusted, and the extension is active with its language features", async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const ds = await diagnosticsFor(doc.uri, (all) => all.some((d) => codeOf(d) === "poly/unknown-block"));
    assert.ok(ds.some((d) => d.source === "infraflow"));
  });

  it("shows why runs are off instead of run lenses", async () => {
    const all = await queryUntil(() => lenses(doc.uri), (ls) => ls.some((l) => l.title === TRUST), 20000, "the trust lenses");
    const on = (text) => all.filter((l) => l.line === lineOf(doc, text)).map((l) => l.title);
    assert.deepEqual(on("- name: deploy"), [TRUST, "Show graph"]);
    assert.deepEqual(on("- name: install-db"), [TRUST]);
    assert.deepEqual(on("- name: install-app"), [TRUST]);
    assert.ok(!all.some((l) => l.title.startsWith("▶")), all.map((l) => l.title).join(" | "));
    assert.equal(all.find((l) => l.title === TRUST).command.command, "workbench.trust.manage");
  });

  it("infraflow.run starts no task", async () => {
    const started = [];
    const sub = vscode.tasks.onDidStartTask((e) => started.push(e.execution.task.name));
    try {
      // The command returns once it has refused (a warning, which is no modal dialog).
      await vscode.commands.executeCommand("infraflow.run", { uri: doc.uri.toString(), runnable: "workflow:deploy" });
    } finally {
      sub.dispose();
    }
    assert.deepEqual(started, []);
    assert.deepEqual(vscode.tasks.taskExecutions.map((t) => t.task.name), []);
  });
});
