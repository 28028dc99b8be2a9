// The built server over stdio: capabilities, foreign YAML left alone, survival on hostile bytes, clean exit.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { LspClient } from "./support/lsp-client";

describe("language server lifecycle", () => {
  let dir: string;
  let lsp: LspClient;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-lsp-"));
    fs.mkdirSync(path.join(dir, ".github/workflows"), { recursive: true });
    fs.writeFileSync(path.join(dir, ".github/workflows/ci.yml"), "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n");
    fs.writeFileSync(path.join(dir, "deployment.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n");
    fs.writeFileSync(path.join(dir, "docker-compose.yml"), "services:\n  web:\n    image: nginx\n");
    // A Triangle mesh: `.poly` is its extension too, and the editor opens it with the `polycrate` language.
    fs.mkdirSync(path.join(dir, "mesh"));
    fs.writeFileSync(path.join(dir, "mesh/workspace.poly"), "# box\n4 2 0 1\n1 0.0 0.0 1\n2 1.0 0.0 1\n3 1.0 1.0 1\n4 0.0 1.0 1\n4 1\n1 1 2 1\n2 2 3 1\n3 3 4 1\n4 4 1 1\n0\n");
    lsp = await LspClient.start(dir);
  });
  after(async () => {
    if (lsp?.alive) await lsp.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("announces the features it serves", () => {
    const c = lsp.capabilities;
    for (const k of ["completionProvider", "hoverProvider", "definitionProvider", "referencesProvider", "renameProvider", "documentSymbolProvider", "workspaceSymbolProvider", "codeActionProvider"]) {
      assert.ok(c[k], `missing ${k}`);
    }
  });

  it("leaves foreign YAML alone: no diagnostics, completion, hover or symbols", async () => {
    for (const f of [".github/workflows/ci.yml", "deployment.yaml", "docker-compose.yml"]) {
      const p = path.join(dir, f);
      const text = fs.readFileSync(p, "utf8");
      lsp.open(p, text);
      const pos = { line: 1, character: 2 };
      const uri = lsp.uri(p);
      assert.equal(await lsp.request("textDocument/completion", { textDocument: { uri }, position: pos }), null, f);
      assert.equal(await lsp.request("textDocument/hover", { textDocument: { uri }, position: pos }), null, f);
      assert.equal(await lsp.request("textDocument/documentSymbol", { textDocument: { uri } }), null, f);
      const info = await lsp.request("infraflow/fileInfo", { uri });
      assert.deepEqual(info, { format: null, kind: null }, f);
    }
    // The index reports after the debounce; no diagnostics were ever published for these files.
    await lsp.until(() => lsp.notifications.some((n) => n.method === "infraflow/indexStatus"), "index status");
    for (const f of [".github/workflows/ci.yml", "deployment.yaml", "docker-compose.yml"]) assert.equal(lsp.diagnostics.get(lsp.uri(path.join(dir, f))), undefined, f);
  });

  it("leaves a .poly that is not Polycrate alone, even opened with the polycrate language", async () => {
    const p = path.join(dir, "mesh/workspace.poly");
    lsp.open(p, fs.readFileSync(p, "utf8"), "polycrate");
    const uri = lsp.uri(p);
    assert.deepEqual(await lsp.request("infraflow/fileInfo", { uri }), { format: null, kind: null });
    assert.equal(await lsp.request("infraflow/graph", { uri }), null);
    assert.deepEqual(await lsp.request("infraflow/runnables", { uri }), []);
    assert.equal(await lsp.request("textDocument/hover", { textDocument: { uri }, position: { line: 1, character: 0 } }), null);
    // Diagnostics of the documents being edited go out together: once a Polycrate file opened after it has its
    // own, the mesh file would have had its too.
    const real = path.join(dir, "real/workspace.poly");
    fs.mkdirSync(path.dirname(real));
    lsp.open(real, "name: real\nworkflows:\n  - name: w\n    steps:\n      - name: s\n        block: nope\n        action: a\n", "polycrate");
    await lsp.diagnosticsFor(real, (d) => d.length > 0);
    assert.equal(lsp.diagnostics.get(uri), undefined);
  });

  it("moves the index status's revision for changes on disk and closed documents, not for typing", async () => {
    type Status = { files: number; revision: number };
    const statuses = () => lsp.notifications.filter((n) => n.method === "infraflow/indexStatus").map((n) => n.params as Status);
    /** The status after `act`: the index settles with one status per pass. */
    const after = async (act: () => void | Promise<void>, what: string): Promise<Status> => {
      const seen = statuses().length;
      await act();
      return lsp.until(() => statuses().length > seen && statuses().at(-1), what);
    };
    const p = path.join(dir, "typed/workspace.poly");
    fs.mkdirSync(path.dirname(p), { recursive: true });
    const text = "name: typed\nworkflows:\n  - name: w\n    steps:\n      - name: s\n        block: b\n        action: a\n";
    fs.writeFileSync(p, text);
    const start = await after(() => void lsp.open(p, text, "polycrate"), "the status after opening");
    const typed = await after(() => lsp.change(p, text.replace("block: b", "block: c")), "the status after typing");
    assert.equal(typed.revision, start.revision, "typing in an open document is not a change from outside");
    const block = path.join(dir, "typed/blocks/c/block.poly");
    fs.mkdirSync(path.dirname(block), { recursive: true });
    fs.writeFileSync(block, "name: c\nactions:\n  - name: a\n    script: [echo a]\n");
    const created = await after(() => lsp.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: lsp.uri(block), type: 1 }] }), "the status after a file was created");
    assert.equal(created.revision, start.revision + 1, "a file created on disk");
    assert.equal(created.files, typed.files + 1);
    const closed = await after(() => lsp.conn.sendNotification("textDocument/didClose", { textDocument: { uri: lsp.uri(p) } }), "the status after closing");
    assert.equal(closed.revision, start.revision + 2, "a closed document: its disk text is back");
  });

  it("indexes the files of a folder reported as created alone, and ignores other paths the folder watcher reports", async () => {
    // As a checkout on Linux is reported: the new folder's own event, none for the files written into it.
    const folder = path.join(dir, "checkout");
    const file = path.join(folder, "nested/workspace.poly");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "name: checkout\nworkflows:\n  - name: w\n    steps:\n      - name: s\n        block: nope\n        action: a\n");
    fs.writeFileSync(path.join(folder, "main.tf"), "");
    type Status = { files: number; revision: number };
    const statuses = () => lsp.notifications.filter((n) => n.method === "infraflow/indexStatus").map((n) => n.params as Status);
    const seen = statuses().length;
    const before = statuses().at(-1)!;
    // A path no format reads changes nothing: it does not move the revision (each change from outside does).
    await lsp.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: lsp.uri(path.join(folder, "main.tf")), type: 1 }] });
    await lsp.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: lsp.uri(folder), type: 1 }] });
    const diags = await lsp.diagnosticsFor(file, (d) => d.length > 0);
    assert.ok(diags.some((d) => /nope/.test(typeof d.message === "string" ? d.message : d.message.value)), "the file inside the new folder is checked");
    const status = await lsp.until(() => statuses().length > seen && statuses().at(-1), "the status after the folder");
    assert.equal(status.revision, before.revision + 1, "the folder moved the revision once; the other path did not");
    assert.equal(status.files, before.files + 1);
  });

  it("survives arbitrary bytes in a served file and keeps answering", async () => {
    const p = path.join(dir, "garbage.poly");
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
    lsp.open(p, bytes.toString("latin1"), "polycrate");
    lsp.change(p, "[".repeat(20000) + "\u0000\uFFFF" + "{".repeat(5000));
    lsp.change(p, "name: x\nblocks:\n  - name: a\n    actions: {{{\n\t\t- :\n");
    const uri = lsp.uri(p);
    // Surviving means: it still answers from what it could read, reports the broken YAML where it breaks, and
    // nothing threw inside (the server would log it and answer null).
    const completion = await lsp.request("textDocument/completion", { textDocument: { uri }, position: { line: 3, character: 5 } });
    assert.ok(completion.items.some((i: { label: string }) => i.label === "description"), "block keys are still completed");
    const hover = await lsp.request("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.match(hover.contents.value, /The workspace's name/);
    const diags = await lsp.diagnosticsFor(p, (d) => d.some((x) => x.code === "poly/syntax"));
    assert.ok(
      diags.some((d) => d.code === "poly/syntax" && d.range.start.line === 4 && /Flow map in block collection must be sufficiently indented and end with a \}/.test(String(d.message))),
      JSON.stringify(diags),
    );
    // Only this file's: an earlier test in this server opened a workspace of its own.
    const symbols = (await lsp.request("workspace/symbol", { query: "" })).filter((s: { location: { uri: string } }) => s.location.uri === uri);
    assert.deepEqual(symbols.map((s: { name: string; containerName: string }) => `${s.containerName}: ${s.name}`), ["workspace: x", "block (workspace.poly): a"]);
    assert.ok(lsp.alive, `server died: ${lsp.stderr}`);
    assert.deepEqual(lsp.errors, []);
  });

  it("shuts down cleanly on shutdown + exit", async () => {
    const code = await lsp.stop();
    assert.equal(code, 0);
  });
});

describe("infraflow lsp --stdio", () => {
  it("serves the same protocol from the CLI", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-cli-lsp-"));
    fs.writeFileSync(path.join(dir, "workspace.poly"), "name: demo\norganization: acme\nworkflows:\n  - name: w\n    steps:\n      - name: s\n        block: nope\n        action: a\n");
    const lsp = await LspClient.start(dir, {}, "dist/cli.js");
    try {
      assert.ok(lsp.capabilities.hoverProvider);
      const p = path.join(dir, "workspace.poly");
      lsp.open(p, fs.readFileSync(p, "utf8"), "polycrate");
      const diags = await lsp.diagnosticsFor(p, (d) => d.length > 0);
      assert.ok(diags.some((d) => d.code === "poly/unknown-block"));
    } finally {
      assert.equal(await lsp.stop(), 0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});


describe("language server with a minimal client", () => {
  it("checks the workspace for a client without workspace folders or configuration", async () => {
    // Such a client (a plain LSP client in another editor) cannot take folder-change registrations; the server
    // once failed in `initialized` because of it and never published anything.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-lsp-min-"));
    try {
      fs.writeFileSync(path.join(dir, "env0.workflow.yaml"), "environments:\n  a:\n    name: A\n    templateName: t\n    needs: [nope]\n");
      const lsp = await LspClient.start(dir, {}, "dist/server.js", { workspace: {} });
      try {
        const uri = lsp.uri(path.join(dir, "env0.workflow.yaml"));
        const diags = await lsp.until(() => lsp.diagnostics.get(uri), "the scan's diagnostics");
        assert.ok(diags.some((d) => /nope/.test(JSON.stringify(d.message))), JSON.stringify(diags));
        assert.ok(!lsp.notifications.some((n) => n.method === "window/logMessage" && /failed/i.test(JSON.stringify(n.params))), "no failed handler logged");
      } finally {
        await lsp.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("language server on a larger workspace", () => {
  it("answers initialize before reading the workspace, shows the reading as progress, and waits for it to answer", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-lsp-scan-"));
    try {
      // 300 env0 workflows; the last one's alias is what the hover asks about.
      for (let i = 0; i < 300; i++) {
        fs.mkdirSync(path.join(dir, `app${i}`));
        fs.writeFileSync(path.join(dir, `app${i}`, "env0.workflow.yaml"), `environments:\n  net${i}:\n    name: Net\n    templateName: t\n  app${i}:\n    name: App\n    templateName: t\n    needs: [net${i}]\n`);
      }
      const lsp = await LspClient.start(dir, {}, "dist/server.js", { window: { workDoneProgress: true } });
      try {
        // Asked at once: the answer waits for the scan instead of coming from a half-read workspace.
        const p = path.join(dir, "app299", "env0.workflow.yaml");
        const hover = (await lsp.request("textDocument/hover", { textDocument: { uri: lsp.uri(p) }, position: { line: 7, character: 13 } })) as { contents: unknown } | null;
        assert.ok(hover && JSON.stringify(hover.contents).includes("net299"), JSON.stringify(hover));
        const progress = () => lsp.notifications.filter((n) => n.method === "$/progress").map((n) => (n.params as { value: { kind: string } }).value.kind);
        await lsp.until(() => progress().includes("end"), "the end of the scan's progress");
        assert.ok(lsp.notifications.some((n) => n.method === "window/workDoneProgress/create"), "progress created");
        assert.equal(progress()[0], "begin");
        await lsp.until(() => lsp.diagnostics.get(lsp.uri(p)), "diagnostics after the scan");
      } finally {
        await lsp.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
