// The Polycrate graph: ordered steps per workflow, steps → actions → blocks, inheritance and artifacts.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildGraph } from "../../../server/src/features/graph";
import { toDot, toMermaid } from "../../../server/src/cli/graph";
import { workspace } from "../../support/ws";

const files = {
  "/ws/workspace.poly": `name: demo
organization: acme
dependencies:
  - cargo.ayedo.cloud/ayedo/k8s/base:1.0.0
blocks:
  - name: app
    from: base
    inventory:
      from: infra
workflows:
  - name: release
    steps:
      - name: build
        block: app
        action: build
      - name: ship
        block: app
        action: deploy
`,
  "/ws/blocks/base/block.poly": "name: base\nkind: generic\nactions:\n  - name: build\n    script: [make]\n",
  "/ws/blocks/app/block.poly": "name: app\nkind: k8sapp\nactions:\n  - name: deploy\n    script: [kubectl apply -f .]\n",
  "/ws/blocks/infra/block.poly": "name: infra\n",
};

describe("Polycrate graph", () => {
  const index = workspace(files);
  const g = buildGraph(index, ["/ws/workspace.poly"])!;
  const edges = g.edges.map((e) => `${e.kind} ${e.from} -> ${e.to}`).sort();

  it("draws each workflow as its ordered steps, in a group", () => {
    const steps = g.nodes.filter((n) => n.kind === "step");
    assert.deepEqual(steps.map((n) => [n.label, n.rank, n.group, n.detail]), [
      ["build", 1, "workflow:release", "app · build"],
      ["ship", 2, "workflow:release", "app · deploy"],
    ]);
    assert.deepEqual(g.groups, [{ id: "workflow:release", label: "release", kind: "workflow" }]);
    assert.ok(edges.includes("order step:release#0 -> step:release#1"));
  });

  it("links steps to the action they run and actions to the block that defines them (inherited too)", () => {
    assert.ok(edges.includes("uses step:release#1 -> action:app/deploy"));
    assert.ok(edges.includes("contains block:app -> action:app/deploy"));
    assert.ok(edges.includes("uses step:release#0 -> action:base/build"), "an inherited action belongs to its owner");
    assert.ok(edges.includes("contains block:base -> action:base/build"));
  });

  it("shows inheritance, artifacts and registry dependencies", () => {
    assert.ok(edges.includes("inherits block:app -> block:base"));
    assert.ok(edges.includes("artifacts block:app -> block:infra"));
    assert.ok(edges.includes("registry workspace:demo -> registry:cargo.ayedo.cloud/ayedo/k8s/base:1.0.0"));
  });

  it("points nodes at their definitions across files", () => {
    const app = g.nodes.find((n) => n.id === "block:app")!;
    assert.equal(app.uri, "file:///ws/blocks/app/block.poly");
    const step = g.nodes.find((n) => n.id === "step:release#1")!;
    assert.equal(step.uri, "file:///ws/workspace.poly");
    assert.equal(step.range!.start.line, 15);
  });

  it("is the same graph from a block file of the workspace", () => {
    const fromBlock = buildGraph(index, ["/ws/blocks/app/block.poly"])!;
    assert.deepEqual(fromBlock.nodes.map((n) => n.id).sort(), g.nodes.map((n) => n.id).sort());
  });

  it("puts a node's diagnostics on the node", () => {
    const broken = workspace({ ...files, "/ws/workspace.poly": files["/ws/workspace.poly"].replace("action: deploy", "action: deplo") });
    const bg = buildGraph(broken, ["/ws/workspace.poly"])!;
    const ship = bg.nodes.find((n) => n.id === "step:release#1")!;
    assert.deepEqual(ship.problems?.map((p) => p.code), ["poly/unknown-action"]);
  });

  it("prints as Mermaid with subgraphs and as DOT with clusters, escaping labels", () => {
    const m = toMermaid(g);
    assert.match(m, /^flowchart TD\n {2}subgraph g0\["release"\]\n {4}n0\["build<br\/>app · build"\]/);
    assert.match(m, /n\d+ ==> n\d+/);
    const d = toDot({ ...g, nodes: [...g.nodes, { id: 'x"y', label: 'a"b\\c', kind: "block" }] });
    assert.match(d, /subgraph cluster_0 \{\n {4}label="release";/);
    assert.ok(d.includes('"x\\"y" [label="a\\"b\\\\c"];'));
  });
});
