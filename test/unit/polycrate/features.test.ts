// The generic features (completion, hover, navigation, rename, outline, quick fixes) driven by the Polycrate format.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TextEdit } from "vscode-languageserver-types";
import { toJsonSchema } from "../../../server/src/core/shape";
import { LineIndex } from "../../../server/src/core/text";
import { codeActions } from "../../../server/src/features/code-actions";
import { complete } from "../../../server/src/features/complete";
import { toUri } from "../../../server/src/features/convert";
import { definition, references } from "../../../server/src/features/definition";
import { hover } from "../../../server/src/features/hover";
import { prepareRename, rename } from "../../../server/src/features/rename";
import { documentSymbols } from "../../../server/src/features/symbols";
import { validate } from "../../../server/src/features/validate";
import { polycrateFormat } from "../../../server/src/formats/polycrate";
import { openAt, workspace } from "../../support/ws";

const WS_PATH = "/ws/workspace.poly";
const BASE_PATH = "/ws/blocks/base/block.poly";
const APP_PATH = "/ws/blocks/app/block.poly";

const WS = `name: demo
blocks:
  - name: app
    description: The app.
    actions:
      - name: deploy
        prompt:
          message: Deploy now?
workflows:
  - name: ship
    prompt:
      message: Ship it?
    steps:
      - name: build-it
        block: base
        action: build
      - name: deploy-it
        block: app
        action: deploy
`;
const BASE = `name: base
description: Shared build tooling.
actions:
  - name: build
    script:
      - echo build
      - test -f block.poly
`;
const APP = `name: app
from: base
inventory:
  from: base
actions:
  - name: deploy
    script:
      - echo deploy
  - name: lint
    playbook: lint.yml
`;

function files(over: Record<string, string> = {}) {
  return workspace({ [WS_PATH]: WS, [BASE_PATH]: BASE, [APP_PATH]: APP, ...over });
}

function at(text: string, needle: string, delta = 0): number {
  const i = text.indexOf(needle);
  assert.notEqual(i, -1, `'${needle}' not found`);
  return i + delta;
}

function apply(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const spans = edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

describe("polycrate features", () => {
  it("has no problems in the shared test workspace", () => {
    const index = files();
    for (const p of [WS_PATH, BASE_PATH, APP_PATH]) assert.deepEqual(validate(index, p), [], p);
  });

  it("completes block names in step.block", () => {
    const index = files();
    const o = openAt(index, WS_PATH, WS.replace("block: base", "block: |"));
    const labels = complete(index, WS_PATH, o)!.items.map((i) => i.label).sort();
    assert.deepEqual(labels, ["app", "base"]);
  });

  it("completes the block's actions, inherited ones included, in step.action", () => {
    const index = files();
    const o = openAt(index, WS_PATH, WS.replace("action: deploy\n", "action: |\n"));
    const items = complete(index, WS_PATH, o)!.items;
    assert.deepEqual(items.map((i) => i.label).sort(), ["build", "deploy", "lint"]);
    assert.equal(items.find((i) => i.label === "build")!.detail, "inherited from base");
    const o2 = openAt(index, WS_PATH, WS.replace("action: build", "action: |"));
    assert.deepEqual(complete(index, WS_PATH, o2)!.items.map((i) => i.label), ["build"]);
  });

  it("completes keys inside a step with snippets, and on a half-typed line", () => {
    const index = files();
    const o = openAt(index, WS_PATH, WS.replace("        block: base\n", "        |\n"));
    const items = complete(index, WS_PATH, o)!.items;
    const block = items.find((i) => i.label === "block")!;
    assert.ok(block, "block offered");
    assert.equal((block.textEdit as TextEdit).newText, "block: $0");
    assert.ok(!items.some((i) => i.label === "name" || i.label === "action"), "keys already present are not offered");
    const prompt = items.find((i) => i.label === "prompt")!;
    assert.equal((prompt.textEdit as TextEdit).newText, "prompt:\n  $0");

    const o2 = openAt(index, WS_PATH, WS.replace("        block: base\n", "        bl|\n"));
    const half = complete(index, WS_PATH, o2)!.items.find((i) => i.label === "block")!;
    assert.deepEqual((half.textEdit as TextEdit).range.start, { line: 14, character: 8 });
  });

  it("offers a new step snippet after a dash", () => {
    const index = files();
    const o = openAt(index, WS_PATH, WS + "      - |\n");
    const item = complete(index, WS_PATH, o)!.items.find((i) => i.label === "new step")!;
    assert.equal((item.textEdit as TextEdit).newText, "name: $1\n  block: $2\n  action: $3");
  });

  it("offers block kinds as a hint", () => {
    const index = files();
    const o = openAt(index, BASE_PATH, BASE.replace("description:", "kind: |\ndescription:"));
    assert.ok(complete(index, BASE_PATH, o)!.items.some((i) => i.label === "k8sapp"));
  });

  it("hovers a step with its script, prompts and block description", () => {
    const index = files();
    const h = hover(index, WS_PATH, at(WS, "build-it", 2))!;
    const md = (h.contents as { value: string }).value;
    assert.match(md, /```bash\necho build\ntest -f block\.poly\n```/);
    assert.match(md, /workflow: _Ship it\?_/);
    assert.match(md, /Shared build tooling\./);
    const h2 = hover(index, WS_PATH, at(WS, "action: deploy", 9))!;
    const md2 = (h2.contents as { value: string }).value;
    assert.match(md2, /echo deploy/);
    assert.match(md2, /action: _Deploy now\?_/);
  });

  it("goes from step.block to the installed block.poly, and from an inherited action to its parent", () => {
    const index = files();
    const links = definition(index, WS_PATH, at(WS, "block: base", 8))!;
    assert.equal(links.length, 1);
    assert.equal(links[0]!.targetUri, toUri(BASE_PATH));
    assert.deepEqual(links[0]!.targetSelectionRange, { start: { line: 0, character: 6 }, end: { line: 0, character: 10 } });
    // `app` has no `build`: it inherits it from `base`.
    const index2 = files({ [WS_PATH]: WS.replace("block: base\n        action: build", "block: app\n        action: build") });
    const ws2 = index2.file(WS_PATH)!.text;
    const l2 = definition(index2, WS_PATH, at(ws2, "action: build", 9))!;
    assert.equal(l2[0]!.targetUri, toUri(BASE_PATH));
  });

  it("finds the references of a block across files", () => {
    const index = files();
    const refs = references(index, BASE_PATH, 7, false)!;
    const where = refs.map((r) => `${r.uri.replace("file://", "")}:${r.range.start.line}`).sort();
    assert.deepEqual(where, ["/ws/blocks/app/block.poly:1", "/ws/blocks/app/block.poly:3", "/ws/workspace.poly:14"]);
  });

  it("renames a block with its step and from references, and refuses clashes and bad names", () => {
    const index = files();
    assert.deepEqual(prepareRename(index, WS_PATH, at(WS, "block: base", 8)), { range: { start: { line: 14, character: 15 }, end: { line: 14, character: 19 } }, placeholder: "base" });
    const r = rename(index, WS_PATH, at(WS, "block: base", 8), "core");
    assert.ok(r && "edit" in r);
    const changes = r.edit.changes!;
    assert.equal(apply(BASE, changes[toUri(BASE_PATH)]!), BASE.replace("name: base", "name: core"));
    assert.equal(apply(APP, changes[toUri(APP_PATH)]!), APP.replace("from: base", "from: core").replace("from: base", "from: core"));
    assert.equal(apply(WS, changes[toUri(WS_PATH)]!), WS.replace("block: base", "block: core"));
    assert.deepEqual(rename(index, WS_PATH, at(WS, "block: base", 8), "app"), { error: "A block named 'app' already exists." });
    const bad = rename(index, WS_PATH, at(WS, "block: base", 8), "::");
    assert.ok(bad && "error" in bad && /not a valid block name/.test(bad.error));
    const quoted = rename(index, WS_PATH, at(WS, "block: base", 8), "a: b");
    assert.ok(quoted && "error" in quoted && /would need quoting in YAML/.test(quoted.error));
    const badAction = rename(index, BASE_PATH, at(BASE, "name: build", 7), "9lives");
    assert.ok(badAction && "error" in badAction && /not a valid name/.test(badAction.error));
  });

  it("renames an inherited action at its uses", () => {
    const text = WS.replace("block: base\n        action: build", "block: app\n        action: build");
    const index = files({ [WS_PATH]: text });
    const r = rename(index, BASE_PATH, at(BASE, "name: build", 7), "compile");
    assert.ok(r && "edit" in r);
    assert.equal(apply(text, r.edit.changes![toUri(WS_PATH)]!), text.replace("action: build", "action: compile"));
  });

  it("builds an outline of workspace.poly", () => {
    const index = files();
    const outline = documentSymbols(index, WS_PATH) ?? [];
    const show = (s: { name: string; children?: unknown[] }): unknown => (s.children?.length ? { [s.name]: (s.children as typeof outline).map(show) } : s.name);
    assert.deepEqual(outline.map(show), [{ demo: [{ app: ["deploy"] }, { ship: ["build-it", "deploy-it"] }] }]);
  });

  it("moves allow_failure from a step to its workflow", () => {
    const text = `name: demo
workflows:
  - name: ship
    # Runs everything.
    steps:
      - name: one
        block: base
        allow_failure: true # keep going
        action: build
      - allow_failure: true
        name: two
        block: base
        action: build
`;
    const index = files({ [WS_PATH]: text });
    const diags = validate(index, WS_PATH).filter((d) => d.code === "poly/step-allow-failure");
    assert.equal(diags.length, 2);
    assert.equal(diags[0]!.severity, 2);
    const fix = codeActions(index, WS_PATH, diags[0]!.range).find((a) => a.title === "Move 'allow_failure' to workflow 'ship'")!;
    assert.equal(
      apply(text, fix.edit!.changes![toUri(WS_PATH)]!),
      `name: demo
workflows:
  - name: ship
    # Runs everything.
    allow_failure: true
    steps:
      - name: one
        block: base
        action: build
      - allow_failure: true
        name: two
        block: base
        action: build
`,
    );
    const second = codeActions(index, WS_PATH, diags[1]!.range).find((a) => a.diagnostics?.[0]?.code === "poly/step-allow-failure")!;
    assert.ok(apply(text, second.edit!.changes![toUri(WS_PATH)]!).includes("      - name: two\n        block: base\n"));
  });

  it("only removes a step's allow_failure when the workflow has one", () => {
    const text = `name: demo
workflows:
  - name: ship
    allow_failure: false
    steps:
      - name: one
        block: base
        action: build
        allow_failure: true
`;
    const index = files({ [WS_PATH]: text });
    const d = validate(index, WS_PATH).find((x) => x.code === "poly/step-allow-failure")!;
    const fix = codeActions(index, WS_PATH, d.range)[0]!;
    assert.equal(fix.title, "Remove 'allow_failure' from the step");
    assert.equal(apply(text, fix.edit!.changes![toUri(WS_PATH)]!), text.replace("        allow_failure: true\n", ""));
  });

  it("offers a did-you-mean fix for an unknown action", () => {
    const text = WS.replace("action: deploy", "action: deplyo");
    const index = files({ [WS_PATH]: text });
    const d = validate(index, WS_PATH).find((x) => x.code === "poly/unknown-action")!;
    assert.equal(d.message, "Block 'app' has no action 'deplyo'. Did you mean 'deploy'?");
    const fix = codeActions(index, WS_PATH, d.range)[0]!;
    assert.equal(apply(text, fix.edit!.changes![toUri(WS_PATH)]!), WS);
  });

  it("publishes two schemas and checks names before renames", () => {
    assert.deepEqual(polycrateFormat.schemas!.map((s) => [s.fileName, s.kind, s.fileMatch]), [
      ["polycrate-workspace.schema.json", "workspace", ["workspace.poly"]],
      ["polycrate-block.schema.json", "block", ["block.poly"]],
    ]);
    assert.equal(polycrateFormat.checkName!("block", "registry.example.com/ns/block:1.0.0"), undefined);
    assert.equal(polycrateFormat.checkName!("block", "ayedo/k8s/harbor"), undefined);
    assert.equal(polycrateFormat.checkName!("workflow", "deploy-all"), undefined);
    assert.ok(polycrateFormat.checkName!("step", "x"));
    assert.ok(polycrateFormat.checkName!("action", "-bad"));
  });

  it("exports JSON Schemas: strict for block.poly, lenient for workspace.poly", () => {
    const block = toJsonSchema(polycrateFormat.shape("block")!, { id: "b", title: "t", description: "d" }) as { additionalProperties?: boolean; required?: string[] };
    const wsSchema = toJsonSchema(polycrateFormat.shape("workspace")!, { id: "w", title: "t", description: "d" }) as { additionalProperties?: boolean; properties: Record<string, unknown> };
    assert.equal(block.additionalProperties, false);
    assert.deepEqual(block.required, ["name"]);
    assert.equal(wsSchema.additionalProperties, undefined);
    assert.ok("workflows" in wsSchema.properties && "dependencies" in wsSchema.properties);
    assert.doesNotThrow(() => JSON.stringify(wsSchema));
  });
});
