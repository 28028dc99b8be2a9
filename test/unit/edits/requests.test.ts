// The request-level behaviour of graph edits: the version check, refusals on text that does not parse (and on
// edits whose result would not parse), node info for rename and removal, and the step choices.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isGraphEdit } from "../../../common/graph-edit";
import { graphEdit, nodeInfo, stepChoices } from "../../../server/src/features/graph-edit";
import { load } from "./support";

const WS = "name: demo\norganization: acme\nworkflows:\n  - name: release\n    steps:\n      - name: ship\n        block: app\n        action: deploy\n";
const BLOCK = "name: app\nactions:\n  - name: deploy\n    script: [kubectl apply]\n  - name: build\n    script: [make]\n";

describe("infraflow/graphEdit requests", () => {
  it("refuses an edit computed on an older version of the document", () => {
    const index = load({ "workspace.poly": WS, "blocks/app/block.poly": BLOCK });
    index.openOrChange("/ws/workspace.poly", WS, 7);
    const edit = { type: "addStep", workflow: "release", block: "app", action: "build" } as const;
    assert.match(graphEdit(index, "/ws/workspace.poly", 6, edit).error ?? "", /changed since the graph was drawn/);
    const ok = graphEdit(index, "/ws/workspace.poly", 7, edit);
    assert.equal(ok.error, undefined);
    assert.deepEqual(Object.keys(ok.changes!), ["file:///ws/workspace.poly"]);
    assert.deepEqual(ok.changes!["file:///ws/workspace.poly"], [{ range: { start: { line: 7, character: 22 }, end: { line: 7, character: 22 } }, newText: "\n      - name: build-app\n        block: app\n        action: build" }]);
  });

  it("refuses every edit while the text does not parse, saying where", () => {
    const broken = WS.replace("  - name: release", "  - name: [release");
    const index = load({ "workspace.poly": broken, "blocks/app/block.poly": BLOCK });
    const r = graphEdit(index, "/ws/workspace.poly", undefined, { type: "removeStep", workflow: "release", index: 0 });
    assert.match(r.error ?? "", /workspace\.poly does not parse \(line \d+/);
    assert.equal(r.changes, undefined);
  });

  it("refuses an edit of another file that does not parse (a rename spanning files)", () => {
    const index = load({ "workspace.poly": WS, "blocks/app/block.poly": BLOCK + "oops: [\n" });
    const r = graphEdit(index, "/ws/workspace.poly", undefined, { type: "renameNode", nodeId: "block:app", newName: "web" });
    assert.ok(r.error, JSON.stringify(r));
  });

  it("renames across files in one answer", () => {
    const index = load({ "workspace.poly": WS, "blocks/app/block.poly": BLOCK });
    const r = graphEdit(index, "/ws/workspace.poly", undefined, { type: "renameNode", nodeId: "block:app", newName: "web" });
    assert.deepEqual(Object.keys(r.changes ?? {}).sort(), ["file:///ws/blocks/app/block.poly", "file:///ws/workspace.poly"]);
    const clash = graphEdit(index, "/ws/workspace.poly", undefined, { type: "renameNode", nodeId: "action:app/deploy", newName: "build" });
    assert.match(clash.error ?? "", /already exists/);
  });

  it("gives a node's name and references before a rename or removal", () => {
    const index = load({ "workspace.poly": WS, "blocks/app/block.poly": BLOCK });
    const info = nodeInfo(index, "/ws/workspace.poly", "block:app")!;
    assert.equal(info.name, "app");
    assert.deepEqual(info.references.map((r) => [r.uri, r.range.start.line]), [["file:///ws/workspace.poly", 6]]);
    assert.equal(nodeInfo(index, "/ws/workspace.poly", "registry:x")!.renameError, "This node cannot be renamed.");
  });

  it("offers each block with its actions for a new step", () => {
    const index = load({ "workspace.poly": WS, "blocks/app/block.poly": BLOCK });
    assert.deepEqual(stepChoices(index, "/ws/workspace.poly"), { blocks: [{ name: "app", actions: ["build", "deploy"] }] });
  });

  it("checks the shape of intents", () => {
    assert.ok(isGraphEdit({ type: "moveStep", workflow: "w", from: 0, to: 1 }));
    assert.ok(!isGraphEdit({ type: "moveStep", workflow: "w", from: -1, to: 1 }));
    assert.ok(!isGraphEdit({ type: "addNode", kind: "nope", name: "x" }));
    assert.ok(!isGraphEdit({ type: "rename", nodeId: "x" }));
    assert.ok(isGraphEdit({ type: "addNode", kind: "alias", name: "x", extra: { templateName: "t" } }));
  });

  it("keeps CRLF line endings in what it writes", () => {
    const index = load({ "env0.workflow.yaml": "environments:\r\n  a:\r\n    name: A\r\n  b:\r\n    name: B\r\n" });
    const r = graphEdit(index, "/ws/env0.workflow.yaml", undefined, { type: "addDependency", from: "alias:b", to: "alias:a" });
    assert.equal(r.changes!["file:///ws/env0.workflow.yaml"]![0]!.newText, "\r\n    needs:\r\n      - a");
  });
});

describe("graph edits in files other stacks import", () => {
  const files = {
    "atmos.yaml": 'components:\n  terraform:\n    base_path: components/terraform\nstacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n',
    "stacks/catalog/app.yaml": "components:\n  terraform:\n    app:\n      dependencies:\n        components:\n          - name: db\n",
    "stacks/catalog/base.yaml": "components:\n  terraform:\n    db: {}\n    cache: {}\n",
    "stacks/deploy/dev.yaml": "import:\n  - catalog/app\n  - catalog/base\nvars:\n  stage: dev\n",
    "stacks/deploy/prod.yaml": "import:\n  - catalog/app\n  - catalog/base\nvars:\n  stage: prod\n",
  };
  const dev = "/ws/stacks/deploy/dev.yaml";
  const id = (name: string) => `component:${dev}#${name}`;

  it("says which stacks import the edited catalog file, and offers this stack's manifest instead", () => {
    const index = load(files);
    const r = graphEdit(index, dev, undefined, { type: "addDependency", from: id("app"), to: id("cache") });
    assert.equal(r.error, undefined);
    assert.deepEqual(Object.keys(r.changes!), ["file:///ws/stacks/catalog/app.yaml"]);
    assert.deepEqual(r.importedBy, { "file:///ws/stacks/catalog/app.yaml": ["dev", "prod"] });
    assert.deepEqual(r.stackScope, { manifest: "file:///ws/stacks/deploy/dev.yaml" });
  });

  it("with scope: stack, writes the dependency in the stack's manifest, with the catalog's list before it (lists replace)", () => {
    const index = load(files);
    const r = graphEdit(index, dev, undefined, { type: "addDependency", from: id("app"), to: id("cache"), scope: "stack" });
    assert.equal(r.error, undefined);
    assert.deepEqual(Object.keys(r.changes!), ["file:///ws/stacks/deploy/dev.yaml"]);
    assert.equal(r.stackScope, undefined);
    const [edit] = r.changes!["file:///ws/stacks/deploy/dev.yaml"]!;
    const text = files["stacks/deploy/dev.yaml"];
    const lines = text.split("\n");
    const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    const after = text.slice(0, offset(edit!.range.start)) + edit!.newText + text.slice(offset(edit!.range.end));
    assert.equal(after, `${text}components:\n  terraform:\n    app:\n      dependencies:\n        components:\n          - name: db\n          - name: cache\n`);
    // Written where the stack alone reads it: the new graph has the edge in dev, not in prod.
    index.openOrChange(dev, after, 2);
    const again = graphEdit(index, dev, undefined, { type: "addDependency", from: id("app"), to: id("cache") });
    assert.match(again.error ?? "", /already depends on 'cache'/);
    const prod = "/ws/stacks/deploy/prod.yaml";
    const inProd = graphEdit(index, prod, undefined, { type: "addDependency", from: `component:${prod}#app`, to: `component:${prod}#cache` });
    assert.equal(inProd.error, undefined, "prod does not have the dependency");
  });

  it("on the catalog's own graph, the edit still names both stacks and offers the stack's manifest", () => {
    const index = load(files);
    const catalog = "/ws/stacks/catalog/app.yaml";
    const r = graphEdit(index, catalog, undefined, { type: "addDependency", from: id("app"), to: id("cache") });
    assert.deepEqual(Object.keys(r.changes!), ["file:///ws/stacks/catalog/app.yaml"]);
    assert.deepEqual(r.importedBy, { "file:///ws/stacks/catalog/app.yaml": ["dev", "prod"] });
    assert.deepEqual(r.stackScope, { manifest: "file:///ws/stacks/deploy/dev.yaml" });
  });

  it("an edit of the stack's own manifest asks nothing", () => {
    const index = load({ ...files, "stacks/deploy/dev.yaml": `${files["stacks/deploy/dev.yaml"]}components:\n  terraform:\n    web:\n      metadata:\n        component: web\n` });
    const r = graphEdit(index, dev, undefined, { type: "addDependency", from: id("web"), to: id("db") });
    assert.deepEqual(Object.keys(r.changes!), ["file:///ws/stacks/deploy/dev.yaml"]);
    assert.equal(r.importedBy, undefined);
    assert.equal(r.stackScope, undefined);
  });
});
