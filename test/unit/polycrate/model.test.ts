// The Polycrate model: one file's facts, and the workspace merged from workspace.poly and blocks/**/block.poly.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { effectiveActions, lineage, workspaceModel, type PolyFileModel } from "../../../server/src/formats/polycrate";
import { workspace } from "../../support/ws";

const WS = `name: demo
organization: acme
dependencies:
  - cargo.example.com/ns/remote-block:1.0.0
blocks:
  - name: app
    description: Configured here, merged with blocks/app/block.poly by name.
    actions:
      - name: deploy
        prompt:
          message: Sure?
workflows:
  - name: ship
    allow_failure: true
    prompt:
      message: Ship it?
    steps:
      - name: build-it
        block: app
        action: build
        prompt:
          message: Build?
`;
const BASE = `name: base
actions:
  - name: build
    script:
      - echo build
`;
const APP = `name: app
from: base
inventory:
  from: base
actions:
  - name: deploy
    script:
      - echo deploy
      - test -f block.poly
  - name: lint
    playbook: lint.yml
`;

function files(extra: Record<string, string> = {}) {
  return workspace({ "/ws/workspace.poly": WS, "/ws/blocks/base/block.poly": BASE, "/ws/blocks/app/block.poly": APP, ...extra });
}

describe("polycrate model", () => {
  it("reads a workspace file with spans", () => {
    const index = files();
    const f = index.file("/ws/workspace.poly")!;
    const m = f.facts.model as PolyFileModel;
    assert.equal(m.kind, "workspace");
    assert.equal(m.root, "/ws");
    assert.equal(m.workspace?.name?.value, "demo");
    assert.equal(m.workspace?.organization?.value, "acme");
    assert.deepEqual(m.workspace?.dependencies.map((d) => d.value), ["cargo.example.com/ns/remote-block:1.0.0"]);
    assert.equal(m.workspace?.blocksroot, "blocks");
    const wf = m.workflows[0]!;
    assert.equal(wf.name, "ship");
    assert.equal(wf.allowFailure?.value, true);
    assert.equal(wf.prompt?.message, "Ship it?");
    const step = wf.steps[0]!;
    assert.equal(f.text.slice(step.nameSpan!.start, step.nameSpan!.end), "build-it");
    assert.equal(step.block?.value, "app");
    assert.equal(step.action?.value, "build");
    assert.equal(step.prompt?.message, "Build?");
  });

  it("reads a block file with actions, script lines and playbook", () => {
    const index = files();
    const m = index.file("/ws/blocks/app/block.poly")!.facts.model as PolyFileModel;
    assert.equal(m.kind, "block");
    assert.equal(m.root, "/ws");
    assert.equal(m.inWorkspace, true);
    const b = m.blocks[0]!;
    assert.equal(b.source, "block-file");
    assert.equal(b.from?.value, "base");
    assert.equal(b.inventoryFrom?.value, "base");
    assert.deepEqual(b.actions[0]!.script?.lines, ["echo deploy", "test -f block.poly"]);
    assert.equal(b.actions[1]!.playbook?.value, "lint.yml");
  });

  it("gives a lone block file its own folder as root", () => {
    const index = workspace({ "/ws/x/block.poly": BASE });
    const m = index.file("/ws/x/block.poly")!.facts.model as PolyFileModel;
    assert.equal(m.root, "/ws/x");
    assert.equal(m.inWorkspace, false);
  });

  it("merges workspace entries and installed blocks by name", () => {
    const index = files();
    const model = workspaceModel(index, "/ws");
    assert.deepEqual([...model.blocks.keys()].sort(), ["app", "base"]);
    const app = model.blocks.get("app")!;
    assert.deepEqual(app.parts.map((p) => p.source), ["workspace", "block-file"]);
    // The entry has no `from`, so the block.poly's `from` is the merged block's.
    assert.equal(app.parent?.name, "base");
    assert.deepEqual(app.actions.get("deploy")!.map((a) => a.path), ["/ws/workspace.poly", "/ws/blocks/app/block.poly"]);
    assert.deepEqual(model.dependencies, ["cargo.example.com/ns/remote-block:1.0.0"]);
  });

  it("inherits actions through from, and survives cycles", () => {
    const model = workspaceModel(files(), "/ws");
    const { actions, complete } = effectiveActions(model, "app");
    assert.equal(complete, true);
    assert.deepEqual([...actions.keys()].sort(), ["build", "deploy", "lint"]);
    assert.equal(actions.get("build")!.owner, "base");

    const loop = workspaceModel(workspace({ "/ws/workspace.poly": "name: demo\n", "/ws/blocks/a/block.poly": "name: a\nfrom: b\n", "/ws/blocks/b/block.poly": "name: b\nfrom: a\n" }), "/ws");
    const l = lineage(loop, "a");
    assert.equal(l.cycle, true);
    assert.deepEqual(l.chain.map((b) => b.name), ["a", "b"]);
  });

  it("marks a lineage open when a parent is outside the workspace", () => {
    const model = workspaceModel(workspace({ "/ws/workspace.poly": "name: demo\n", "/ws/blocks/a/block.poly": "name: a\nfrom: ayedo/k8s/base\n" }), "/ws");
    assert.equal(lineage(model, "a").open, true);
    assert.equal(effectiveActions(model, "a").complete, false);
  });

  it("detects files by name, and leaves CHANGELOG.poly alone", () => {
    const index = workspace({
      "/ws/workspace.poly": "name: demo\n",
      "/ws/blocks/a/block.poly": "name: a\n",
      "/ws/blocks/a/CHANGELOG.poly": "- version: 0.0.1\n  date: 2024-01-01\n",
      "/ws/blocks/a/Dockerfile.poly": "FROM alpine\n",
      "/ws/other.poly": "name: other\nactions: []\n",
      "/ws/notes.poly": "just: text\n",
    });
    assert.deepEqual(index.detected("/ws/workspace.poly"), { format: "polycrate", kind: "workspace" });
    assert.deepEqual(index.detected("/ws/blocks/a/block.poly"), { format: "polycrate", kind: "block" });
    assert.deepEqual(index.detected("/ws/other.poly"), { format: "polycrate", kind: "block" });
    assert.equal(index.detected("/ws/blocks/a/CHANGELOG.poly"), undefined);
    assert.equal(index.detected("/ws/blocks/a/Dockerfile.poly"), undefined);
    assert.equal(index.detected("/ws/notes.poly"), undefined);
  });

  it("reads case-insensitive keys in workspace.poly", () => {
    const index = workspace({ "/ws/workspace.poly": "Name: demo\nWorkflows:\n  - Name: wf\n    Steps:\n      - name: one\n        block: a\n        action: b\n" });
    const m = index.file("/ws/workspace.poly")!.facts.model as PolyFileModel;
    assert.equal(m.workspace?.name?.value, "demo");
    assert.equal(m.workflows[0]?.steps[0]?.name, "one");
  });
});
