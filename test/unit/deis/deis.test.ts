// The Deis format: Procfile and .env rules, their fixes, symbols, hover and completion.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { complete } from "../../../server/src/features/complete";
import { hover } from "../../../server/src/features/hover";
import { documentSymbols, workspaceSymbols } from "../../../server/src/features/symbols";
import { validate } from "../../../server/src/features/validate";
import { deisFormat, readEnv, type EnvFileModel, type ProcfileModel } from "../../../server/src/formats/deis";
import { entries } from "../../../server/src/core/yaml";
import type { WorkspaceIndex } from "../../../server/src/index/workspace-index";
import { applyChanges, cursor, ws } from "../fabrikate/support";

const PF = "/ws/app/Procfile";
const ENV = "/ws/app/.env";

function app(procfile: string, env?: string): WorkspaceIndex {
  return ws(env === undefined ? { [PF]: procfile } : { [PF]: procfile, [ENV]: env });
}

function diags(index: WorkspaceIndex, p: string): string[] {
  return validate(index, p).map((d) => `${d.range.start.line + 1}:${d.range.start.character}-${d.range.end.character} ${d.code} ${d.message}`);
}

function fixed(index: WorkspaceIndex, p: string, code: string): string {
  const pr = index.problems(p).find((x) => x.code === code);
  assert.ok(pr?.fixes?.length, `no fix for ${code}`);
  return applyChanges(index.readText(p)!, pr.fixes[0]!.changes);
}

function hoverText(index: WorkspaceIndex, p: string, offset: number): string {
  return (hover(index, p, offset)!.contents as { value: string }).value;
}

describe("deis detection", () => {
  it("claims Procfiles, and .env files only beside a Procfile", () => {
    const index = ws({ "/ws/a/Procfile": "web: x\n", "/ws/a/.env": "A=1\n", "/ws/b/.env": "A=1\n", "/ws/c/Procfile.dev": "web: x\n" });
    assert.deepEqual(
      index.paths().sort().map((p) => `${p}:${index.detected(p)!.kind}`),
      ["/ws/a/.env:env", "/ws/a/Procfile:procfile"],
    );
  });
});

describe("deis Procfile", () => {
  it("reports each rule once, at the key", () => {
    const index = app("web: a\nWeb_Worker: b\nclock:\nempty: ''\nweb: c\nlist:\n  - a\n");
    assert.deepEqual(diags(index, PF), [
      "2:0-10 deis/invalid-process-type Invalid process type 'Web_Worker': use lowercase letters, digits and single hyphens (pattern ^[a-z0-9]+(-[a-z0-9]+)*$).",
      "3:0-5 deis/empty-command Process type 'clock' has no command.",
      "4:0-5 deis/empty-command Process type 'empty' has no command.",
      "5:0-3 deis/duplicate-process-type Process type 'web' is already defined on line 1. Deis keeps only this last command.",
      "6:0-4 deis/invalid-command The command of 'list' must be a single line of text, not a list or a mapping.",
    ]);
    assert.equal(validate(index, PF).find((d) => d.code === "deis/duplicate-process-type")!.severity, 2);
  });

  it("fixes a process type and a missing colon", () => {
    assert.equal(fixed(app("Web_Worker: b\n"), PF, "deis/invalid-process-type"), "web-worker: b\n");
    const plain = app("web npm start\nworker  node worker.js\n");
    assert.deepEqual(diags(plain, PF).map((d) => d.split(" ")[1]), ["deis/not-a-mapping"]);
    assert.equal(fixed(plain, PF, "deis/not-a-mapping"), "web: npm start\nworker: node worker.js\n");
  });

  it("accepts YAML quoting, comments and hyphenated types", () => {
    const index = app("# processes\nweb: 'bundle exec puma -p ${PORT:-5000}'\nitem-1-watcher: rake watch # why\n");
    assert.deepEqual(diags(index, PF), []);
    const m = index.file(PF)!.facts.model as ProcfileModel;
    assert.deepEqual(m.processes.map((p) => [p.name, p.command]), [["web", "bundle exec puma -p ${PORT:-5000}"], ["item-1-watcher", "rake watch"]]);
  });

  it("outlines process types and hovers them with the scale hint", () => {
    const text = "web: npm start\ncmd: ./run\nmail-sender: node mail.js\n";
    const index = app(text);
    const outline = documentSymbols(index, PF)!;
    assert.deepEqual(outline.map((s) => [s.name, s.detail]), [["web", "routed · buildpack default"], ["cmd", "routed · Docker default"], ["mail-sender", "process type"]]);
    assert.deepEqual(workspaceSymbols(index, "mail").map((s) => s.name), ["mail-sender"]);
    const onName = hoverText(index, PF, 1);
    assert.match(onName, /\*\*process type\*\* `web` runs `npm start`/);
    assert.match(onName, /buildpack apps: Deis routes HTTP traffic/);
    assert.match(onName, /`deis scale web=N`/);
    const onCommand = hoverText(index, PF, text.indexOf("./run") + 1);
    assert.match(onCommand, /`cmd` is the default process of Dockerfile and image apps/);
    assert.match(hoverText(index, PF, text.indexOf("node mail") + 1), /`deis scale mail-sender=N`/);
  });

  it("completes process types not yet written", () => {
    const [text, at] = cursor("web: npm start\n|\n");
    const index = app(text);
    assert.deepEqual(complete(index, PF, at)!.items.map((i) => i.label), ["worker", "cmd"]);
  });
});

describe("deis .env", () => {
  it("reads lines as config:push does, with exact spans", () => {
    const text = "# comment\nFOO=a=b\r\n\nEMPTY=\nQ=\"x\"\n";
    const { entries: es, invalid } = readEnv(text);
    assert.deepEqual(es.map((e) => [e.key, e.value, text.slice(e.keySpan.start, e.keySpan.end), text.slice(e.valueSpan.start, e.valueSpan.end)]), [
      ["FOO", "a=b", "FOO", "a=b"],
      ["EMPTY", "", "EMPTY", ""],
      ["Q", '"x"', "Q", '"x"'],
    ]);
    assert.deepEqual(invalid, []);
    const parsed = deisFormat.parse!(text, "env");
    assert.deepEqual(entries(parsed.root).map((e) => [e.key, e.keyNode.range]), [["FOO", [10, 13, 13]], ["EMPTY", [20, 25, 25]], ["Q", [27, 28, 28]]]);
  });

  it("reports each rule", () => {
    const env = "FOO=1\nexport BAR=2\n  \n  # indented\nnope\n1BAD=x\n FOO =1\n=x\nPORT=0\nHEALTHCHECK_URL=//host\nHEALTHCHECK_PERIOD_SECONDS=5s\nFOO=2\n";
    const index = app("web: x\n", env);
    assert.deepEqual(diags(index, ENV), [
      "2:0-6 deis/invalid-line 'deis config:push' does not understand 'export': write KEY=value.",
      "3:0-2 deis/invalid-line A line with only spaces is not KEY=value: 'deis config:push' rejects it. Leave the line empty.",
      "4:0-12 deis/invalid-line A comment must start with '#' at the beginning of the line: 'deis config:push' rejects an indented one.",
      "5:0-4 deis/invalid-line 'nope' is not KEY=value: 'deis config:push' rejects the file.",
      "6:0-4 deis/invalid-config-key Invalid config key '1BAD'. Use letters, digits and '_', not starting with a digit.",
      "7:0-5 deis/invalid-config-key Invalid config key ' FOO '. Remove the spaces around the key.",
      "8:0-2 deis/invalid-config-key Invalid config key ''. The key is empty.",
      "9:5-6 deis/invalid-port PORT must be a whole number from 1 to 65535, not '0'.",
      "10:16-22 deis/invalid-healthcheck-url HEALTHCHECK_URL is missing a URI path (such as /healthz). Without it no health check can be done.",
      "11:27-29 deis/invalid-healthcheck-value HEALTHCHECK_PERIOD_SECONDS must be a number, not '5s'.",
      "12:0-3 deis/duplicate-config-key 'FOO' is already set on line 1. The last value wins.",
    ]);
  });

  it("fixes export, stray spaces, URLs and quotes", () => {
    assert.equal(fixed(app("web: x\n", "export BAR=2\n"), ENV, "deis/invalid-line"), "BAR=2\n");
    assert.equal(fixed(app("web: x\n", "A=1\n   \nB=2\n"), ENV, "deis/invalid-line"), "A=1\n\nB=2\n");
    assert.equal(fixed(app("web: x\n", "  # note\n"), ENV, "deis/invalid-line"), "# note\n");
    assert.equal(fixed(app("web: x\n", "HEALTHCHECK_URL=https://example.com/healthz?full=1\n"), ENV, "deis/invalid-healthcheck-url"), "HEALTHCHECK_URL=/healthz\n");
    assert.equal(fixed(app("web: x\n", " FOO=1\n"), ENV, "deis/invalid-config-key"), "FOO=1\n");
    const quoted = app("web: x\n", 'GREETING="hello"\n');
    assert.equal(validate(quoted, ENV)[0]!.severity, 3);
    assert.equal(fixed(quoted, ENV, "deis/quoted-value"), "GREETING=hello\n");
  });

  it("accepts valid PORT and health checks", () => {
    const index = app("web: x\n", "PORT=65535\nHEALTHCHECK_URL=/healthz\nHEALTHCHECK_INITIAL_DELAY=10\n");
    assert.deepEqual(diags(index, ENV), []);
  });

  it("never shows a secret's value", () => {
    const env = "DATABASE_PASSWORD=hunter2\nAPI_TOKEN=abc123\nGREETING=hello\n";
    const index = app("web: x\n", env);
    const outline = documentSymbols(index, ENV)!;
    assert.deepEqual(outline.map((s) => [s.name, s.detail]), [["DATABASE_PASSWORD", "••••"], ["API_TOKEN", "••••"], ["GREETING", "hello"]]);
    for (const at of [1, env.indexOf("hunter2") + 2, env.indexOf("abc123")]) {
      const h = hoverText(index, ENV, at);
      assert.ok(!h.includes("hunter2") && !h.includes("abc123"), h);
      assert.match(h, /••••/);
    }
    assert.match(hoverText(index, ENV, env.indexOf("GREETING")), /`GREETING` = `hello`/);
    const m = index.file(ENV)!.facts.model as EnvFileModel;
    assert.deepEqual(m.entries.map((e) => e.secret), [true, true, false]);
  });

  it("completes the keys Deis reads", () => {
    const [text, at] = cursor("PORT=5000\nHEALTH|\n");
    const index = app("web: x\n", text);
    const labels = complete(index, ENV, at)!.items.map((i) => i.label);
    assert.ok(labels.includes("HEALTHCHECK_URL"));
    assert.ok(!labels.includes("PORT"));
  });
});
