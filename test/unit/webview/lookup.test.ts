import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nodeAt } from "../../../client/src/graph/lookup";
import { graph, node } from "./support";

const U = "file:///ws/workspace.poly";
const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

describe("cursor → node", () => {
  const g = graph([
    node("workflow", { kind: "workflow", uri: U, range: r(0, 0, 20, 0) }),
    node("build", { uri: U, range: r(2, 2, 5, 10) }),
    node("build.run", { kind: "action", uri: U, range: r(3, 4, 4, 12) }),
    node("deploy", { uri: U, range: r(6, 2, 9, 0) }),
    node("elsewhere", { uri: "file:///ws/block.poly", range: r(0, 0, 99, 0) }),
    node("nowhere"),
  ], []);

  it("finds the innermost node whose range holds the cursor, in this document only", () => {
    assert.equal(nodeAt(g, U, { line: 3, character: 6 })?.id, "build.run");
    assert.equal(nodeAt(g, U, { line: 2, character: 2 })?.id, "build", "range start is inside");
    assert.equal(nodeAt(g, U, { line: 5, character: 10 })?.id, "build", "range end is inside");
    assert.equal(nodeAt(g, U, { line: 5, character: 11 })?.id, "workflow");
    assert.equal(nodeAt(g, U, { line: 7, character: 0 })?.id, "deploy");
    assert.equal(nodeAt(g, U, { line: 30, character: 0 }), null);
    assert.equal(nodeAt(g, "file:///ws/block.poly", { line: 3, character: 6 })?.id, "elsewhere");
    assert.equal(nodeAt(g, "file:///other", { line: 3, character: 6 }), null);
  });
});
