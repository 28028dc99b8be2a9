// Layout options by graph size: small graphs keep the written order, large ones trade neatness for speed.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LARGE_EDGES, LARGE_GRAPH, scaleOptions } from "../../../webview/src/layout";

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
