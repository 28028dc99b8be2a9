// Layout options by graph size: small graphs keep the written order, large ones trade neatness for speed.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ElkNode } from "elkjs/lib/elk-api";
import { baseOptions, COMPONENT_GAP, LARGE_EDGES, LARGE_GRAPH, scaleOptions, toElk, visibleModel } from "../../../webview/src/layout";
import { edge, graph, node } from "./support";

describe("layout options by size", () => {
  it("never uses network-simplex placement, and keeps model order up to the large-graph threshold", () => {
    for (const n of [1, LARGE_GRAPH, LARGE_GRAPH + 1, 5000]) assert.equal(scaleOptions(n)["elk.layered.nodePlacement.strategy"], "BRANDES_KOEPF");
    assert.equal(scaleOptions(LARGE_GRAPH)["elk.layered.considerModelOrder.strategy"], "NODES_AND_EDGES");
    assert.equal(scaleOptions(LARGE_GRAPH + 1)["elk.layered.considerModelOrder.strategy"], undefined);
    assert.equal(scaleOptions(LARGE_GRAPH + 1)["elk.layered.thoroughness"], "1");
  });

  it("many edges between few boxes (large graphs with their groups collapsed) count as large too", () => {
    assert.equal(scaleOptions(100, LARGE_EDGES)["elk.layered.considerModelOrder.strategy"], "NODES_AND_EDGES");
    assert.equal(scaleOptions(100, LARGE_EDGES + 1)["elk.layered.considerModelOrder.strategy"], undefined);
    assert.equal(scaleOptions(100, LARGE_EDGES + 1)["elk.layered.thoroughness"], "1");
  });
});

describe("layout options of every part laid out on its own", () => {
  it("the root, each cluster and each frame laid out alone carry the same options (ELK does not inherit them)", () => {
    // A large graph: 400 lone blocks, a workflow frame with a chain inside, and an edge from the frame to a block.
    const g = graph(
      [...Array.from({ length: 400 }, (_, i) => node(`b${i}`, { kind: "block" })), node("s1", { group: "wf" }), node("s2", { group: "wf" }), node("lone", { group: "wf2" })],
      [edge("s1", "s2", "order"), edge("s2", "b0", "uses")],
      { groups: [{ id: "wf", label: "wf", kind: "workflow" }, { id: "wf2", label: "wf2", kind: "workflow" }] },
    );
    const elk = toElk(visibleModel(g, []), "RIGHT");
    const want = baseOptions("RIGHT", 403, 2);
    assert.equal(want["elk.spacing.componentComponent"], String(COMPONENT_GAP));
    assert.equal(want["elk.layered.thoroughness"], "1", "403 boxes is a large graph");
    const own = (n: ElkNode) => {
      for (const [k, v] of Object.entries(want)) assert.equal(n.layoutOptions?.[k], v, `${n.id}: ${k}`);
    };
    own(elk);
    const cluster = elk.children!.find((c) => c.id.startsWith("c:"))!;
    own(cluster);
    assert.equal(cluster.layoutOptions?.["elk.hierarchyHandling"], "INCLUDE_CHILDREN");
    // wf is inside the cluster (its edge leaves the frame): laid out with the cluster, only its padding is its own.
    const wf = cluster.children!.find((c) => c.id === "g:wf")!;
    assert.deepEqual(Object.keys(wf.layoutOptions ?? {}), ["elk.padding"]);
    // wf2 has no edge: laid out on its own, with every option.
    own(elk.children!.find((c) => c.id === "g:wf2")!);
  });
});
