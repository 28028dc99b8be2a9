/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the extension host require()s the suite. */
// Helpers for the extension-host suite: paths into the test workspace, awaiting events with a deadline.
"use strict";
const path = require("node:path");
const vscode = require("vscode");

const EXTENSION_ID = "infraflow.infraflow";

/** The opened test workspace (a fresh copy of test/e2e/workspace per run). */
function wsRoot() {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error("no workspace folder is open: the launcher must open the test workspace");
  return f.uri;
}

function wsUri(rel) {
  return vscode.Uri.joinPath(wsRoot(), ...rel.split("/"));
}

/** Rejects after `ms` with a message saying what was awaited. */
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Resolves with the diagnostics of `uri` once `accept(diags)` holds: checks now, then on every
 * onDidChangeDiagnostics for that uri. Never sleeps.
 */
function diagnosticsFor(uri, accept, ms = 20000) {
  const check = () => {
    const d = vscode.languages.getDiagnostics(uri);
    return accept(d) ? d : undefined;
  };
  const now = check();
  if (now) return Promise.resolve(now);
  let sub;
  const p = new Promise((resolve) => {
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const d = check();
      if (d) resolve(d);
    });
  });
  return withTimeout(p, ms, `diagnostics on ${path.basename(uri.path)}`).finally(() => sub.dispose());
}

/** Opens and shows a workspace file; returns the document. */
async function open(rel) {
  const doc = await vscode.workspace.openTextDocument(wsUri(rel));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** The extension, activated (awaits its activate()). */
async function activeExtension() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this VS Code`);
  await withTimeout(Promise.resolve(ext.activate()), 20000, `activation of ${EXTENSION_ID}`);
  return ext;
}

/** The position just after the first occurrence of `needle` (plus `delta` characters). */
function positionOf(doc, needle, delta = 0) {
  const i = doc.getText().indexOf(needle);
  if (i < 0) throw new Error(`'${needle}' not found in ${doc.uri.path}`);
  return doc.positionAt(i + delta);
}

/** Text of hover contents, whatever the shape (MarkdownString, MarkedString, string). */
function hoverText(hovers) {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === "string" ? c : (c.value ?? "")))
    .join("\n");
}

/**
 * Retries a provider query until `accept(result)` holds, driven by diagnostics events of the document (the
 * server indexes the workspace before it answers cross-file queries). Bounded by `ms`.
 */
async function queryUntil(run, accept, ms = 20000, what = "a provider result") {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    last = await run();
    if (accept(last)) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last result: ${describe(last)}`);
    // Wait for the next sign of server activity, but no longer than the remaining budget.
    await withTimeout(new Promise((r) => {
      const sub = vscode.languages.onDidChangeDiagnostics(() => (sub.dispose(), r()));
      setTimeout(() => (sub.dispose(), r()), 250);
    }), ms, what).catch(() => {});
  }
}

/**
 * Polls `probe` (sync or async) until it returns a truthy value, and resolves with it. For state that raises no
 * event the suite can subscribe to (a CodeLens title, a process that exits). Bounded by `ms`.
 */
async function until(probe, ms = 20000, what = "a condition", everyMs = 100) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The CodeLenses of a document as `{ line, title, command }`, resolved by VS Code. */
async function lenses(uri) {
  const list = (await vscode.commands.executeCommand("vscode.executeCodeLensProvider", uri)) ?? [];
  return list.map((l) => ({ line: l.range.start.line, title: l.command?.title ?? "", command: l.command }));
}

/** The 0-based line of the first line of `doc` that contains `text`. */
function lineOf(doc, text) {
  const i = doc.getText().split(/\r?\n/).findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`no line with '${text}' in ${doc.uri.path}`);
  return i;
}

/**
 * Runs `start()` (synchronously) and resolves with the end of the first task of type `type` that ends after it was called
 * (the subscription is made before `start`, so a quick task cannot end unseen).
 */
function taskEnded(start, type = "infraflow", ms = 30000) {
  let sub;
  const ended = new Promise((resolve) => {
    sub = vscode.tasks.onDidEndTask((e) => {
      if (e.execution.task.definition.type === type) resolve(e.execution.task);
    });
  });
  let started;
  try {
    started = Promise.resolve(start());
  } catch (e) {
    started = Promise.reject(e);
  }
  return withTimeout(Promise.all([ended, started]).then(([task]) => task), ms, `the end of an ${type} task`).finally(() => sub.dispose());
}

/** Sets `infraflow.<key>` in the workspace settings (undefined removes it). */
async function setSetting(key, value) {
  await vscode.workspace.getConfiguration("infraflow").update(key, value, vscode.ConfigurationTarget.Workspace);
}

function describe(v) {
  try {
    return JSON.stringify(v)?.slice(0, 300);
  } catch {
    return String(v);
  }
}

/**
 * Puts a document back to its saved text. The revert command is given the document's URI: without one it reverts
 * the active editor, which on a loaded machine may not yet be this document, and the edit would then leak into the
 * tests after it.
 */
async function revert(doc) {
  await vscode.commands.executeCommand("workbench.action.files.revert", doc.uri);
  await until(() => !doc.isDirty, 20000, `${path.basename(doc.uri.path)} reverted`);
}

/**
 * The newest run's number, log document and text: Infraflow: Open Run Log without an argument opens the newest run's
 * log, whose file is `<n>.log` in the run history.
 */
async function newestLog() {
  await vscode.commands.executeCommand("infraflow.runs.openLog");
  const editor = await until(() => {
    const e = vscode.window.activeTextEditor;
    return e && /\/runs\/\d+\.log$/.test(e.document.uri.path) ? e : undefined;
  }, 10000, "the run log in the editor");
  return { id: Number(/\/runs\/(\d+)\.log$/.exec(editor.document.uri.path)[1]), doc: editor.document, text: editor.document.getText() };
}

module.exports = { EXTENSION_ID, newestLog, revert, wsRoot, wsUri, withTimeout, diagnosticsFor, open, activeExtension, positionOf, hoverText, queryUntil, until, lenses, lineOf, taskEnded, setSetting };
