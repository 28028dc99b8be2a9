// The Fabrikate graph: the component tree, external sources, a local source followed into its own component file,
// and the environments of config/ with the components they configure.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildGraph } from "../../../server/src/features/graph";
import { workspace } from "../../support/ws";

const FILES = {
  "/ws/shop/component.yaml": `name: shop
type: static
path: ./manifests
subcomponents:
  - name: ingress
    type: helm
    method: helm
    source: https://kubernetes.github.io/ingress-nginx
    path: ingress-nginx
    version: 4.10.0
  - name: monitoring
    method: git
    source: https://github.com/microsoft/fabrikate-definitions.git
    path: definitions/prometheus
    branch: main
  - name: crds
    type: static
    method: http
    source: https://example.com/crds.yaml
  - name: local
    source: ../lib
`,
  "/ws/shop/config/common.yaml": "namespace: shop\nsubcomponents:\n  ingress:\n    namespace: ingress\n",
  "/ws/shop/config/prod.yaml": "subcomponents:\n  crds:\n    disabled: true\n",
  "/ws/lib/component.yaml": "name: lib\nsubcomponents:\n  - name: redis\n    method: helm\n    source: https://charts.example.com\n    path: redis\n",
};

const SHOP = "/ws/shop/component.yaml";
const id = (chain: string, file = SHOP) => `component:${file}#${chain}`;

describe("Fabrikate graph", () => {
  const index = workspace(FILES);
  const g = buildGraph(index, [SHOP])!;
  const edges = g.edges.map((e) => `${e.kind} ${e.from} -> ${e.to}${e.label ? ` (${e.label})` : ""}`);

  it("draws the component tree with contains edges", () => {
    assert.equal(g.title, "Fabrikate shop");
    const tree = g.nodes.filter((n) => n.kind === "component" || n.kind === "subcomponent").map((n) => [n.id, n.kind, n.detail]);
    assert.deepEqual(tree, [
      [id("shop"), "component", "static"],
      [id("shop/ingress"), "subcomponent", "helm · helm"],
      [id("shop/monitoring"), "subcomponent", "component · git"],
      [id("shop/crds"), "subcomponent", "static · http"],
      [id("shop/local"), "subcomponent", "component"],
      [id("lib", "/ws/lib/component.yaml"), "component", "component"],
      [id("lib/redis", "/ws/lib/component.yaml"), "subcomponent", "component · helm"],
    ]);
    for (const c of ["ingress", "monitoring", "crds", "local"]) assert.ok(edges.includes(`contains ${id("shop")} -> ${id(`shop/${c}`)}`), c);
  });

  it("draws external sources as external source nodes, and follows a local source into its component file", () => {
    const sources = g.nodes.filter((n) => n.kind === "source").map((n) => [n.label, n.detail, n.flags?.external]);
    assert.deepEqual(sources, [
      ["ingress-nginx", "helm chart from https://kubernetes.github.io/ingress-nginx @ 4.10.0", true],
      ["fabrikate-definitions", "git · definitions/prometheus @ main", true],
      ["crds.yaml", "https://example.com/crds.yaml", true],
      ["redis", "helm chart from https://charts.example.com", true],
    ]);
    assert.ok(edges.includes(`source ${id("shop/ingress")} -> source:helm:https://kubernetes.github.io/ingress-nginx#ingress-nginx@4.10.0`));
    assert.ok(edges.includes(`source ${id("shop/local")} -> ${id("lib", "/ws/lib/component.yaml")}`));
    const e = g.edges.find((x) => x.from === id("shop/crds") && x.kind === "source")!;
    assert.deepEqual(e.range, { start: { line: 18, character: 12 }, end: { line: 18, character: 41 } });
  });

  it("draws environments with the components they configure", () => {
    const envs = g.nodes.filter((n) => n.kind === "environment").map((n) => [n.id, n.label, n.uri]);
    assert.deepEqual(envs, [
      ["environment:/ws/shop#common", "common", "file:///ws/shop/config/common.yaml"],
      ["environment:/ws/shop#prod", "prod", "file:///ws/shop/config/prod.yaml"],
    ]);
    assert.ok(edges.includes(`uses environment:/ws/shop#common -> ${id("shop/ingress")}`));
    assert.ok(edges.includes(`uses environment:/ws/shop#prod -> ${id("shop/crds")} (disabled)`));
  });

  it("is the same graph from a config file", () => {
    const fromConfig = buildGraph(index, ["/ws/shop/config/prod.yaml"])!;
    assert.deepEqual(fromConfig.nodes.map((n) => n.id).sort(), g.nodes.map((n) => n.id).sort());
  });
});
