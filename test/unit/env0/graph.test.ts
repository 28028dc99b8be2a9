// The env0 graph: aliases ranked by deploy wave, `needs` as `depends` edges written at the needs entry, approval and
// disabled flags, and a node for an alias that is needed but not defined.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildGraph } from "../../../server/src/features/graph";
import { workspace } from "../../support/ws";

const WF = "/ws/stage/env0.workflow.yaml";
const TEXT = `environments:
  net:
    name: Network
    vcs:
      type: terraform
      repository: https://example.com/infra
      path: infra/net
  db:
    name: DB
    templateName: rds
    needs: [net]
  cluster:
    name: Cluster
    vcs: { type: opentofu, repository: https://example.com/infra, path: tofu/eks }
    requiresApproval: true
    needs:
      - net
  app:
    name: App
    vcs: { type: helm, repository: https://example.com/app, path: chart }
    needs: [db, cluster]
  off:
    name: Off
    templateName: t
    disabled: true
    needs: [app]
  maybe:
    name: Maybe
    templateName: t
    disabled: \${SKIP_IT}
    needs: [app, ghost, "\${DYNAMIC}"]
`;

describe("env0 graph", () => {
  const g = buildGraph(workspace({ [WF]: TEXT }), [WF])!;

  it("draws each alias ranked by its deploy wave, with approval and disabled flags", () => {
    assert.equal(g.title, "env0 workflow stage");
    const nodes = g.nodes.map((n) => [n.id, n.kind, n.rank, n.flags ?? {}, n.detail]);
    assert.deepEqual(nodes, [
      ["alias:net", "alias", 1, {}, "Network · terraform"],
      ["alias:db", "alias", 2, {}, "DB · template rds"],
      ["alias:cluster", "alias", 2, { approval: true }, "Cluster · opentofu"],
      ["alias:app", "alias", 3, {}, "App · helm"],
      ["alias:off", "alias", 4, { disabled: true }, "Off · template t"],
      ["alias:maybe", "alias", 4, {}, "Maybe · template t · disabled if ${SKIP_IT}"],
      ["alias:ghost", "alias", undefined, {}, "not defined"],
    ]);
  });

  it("draws needs from the alias to what it needs, at the needs entry", () => {
    const edges = g.edges.map((e) => `${e.from} -> ${e.to}`);
    assert.deepEqual(edges, [
      "alias:db -> alias:net",
      "alias:cluster -> alias:net",
      "alias:app -> alias:db",
      "alias:app -> alias:cluster",
      "alias:off -> alias:app",
      "alias:maybe -> alias:app",
      "alias:maybe -> alias:ghost",
    ]);
    assert.ok(g.edges.every((e) => e.kind === "depends" && e.uri === "file:///ws/stage/env0.workflow.yaml"));
    const e = g.edges.find((x) => x.from === "alias:app" && x.to === "alias:cluster")!;
    assert.deepEqual(e.range, { start: { line: 20, character: 16 }, end: { line: 20, character: 23 } });
  });

  it("points each node at its whole definition, where its diagnostics attach", () => {
    const maybe = g.nodes.find((n) => n.id === "alias:maybe")!;
    assert.deepEqual([maybe.range!.start.line, maybe.range!.end.line], [26, 30]);
    assert.deepEqual(maybe.problems?.map((p) => p.code), ["env0/unknown-alias"]);
  });
});
