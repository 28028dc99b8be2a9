// The import-cycle check (scripts/check-cycles.mjs, run by `npm run lint`): our sources have no cycle but the
// allowed one, and the check finds a cycle through type imports and re-exports, and allows only the exact knot.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findCycles, importGraph } from "../../../scripts/check-cycles.mjs";

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe("import cycles", () => {
  it("our sources have none beyond the allow-list", () => {
    const g = importGraph();
    assert.ok(g.size > 100, `read ${g.size} files`);
    assert.ok(g.get("server/src/server.ts")?.includes("common/lsp-ext.ts"), "imports are resolved");
    assert.ok(g.get("client/src/lazy.ts")?.includes("client/src/lsp/index.ts"), "a type-only import counts");
    assert.deepEqual(findCycles(g).map((c) => c.chain.join(" → ")), []);
  });

  it("reports each knot once, as a shortest chain, and allows only a knot of exactly the listed files", () => {
    const g = graph({ a: ["b"], b: ["c"], c: ["a", "d"], d: [], x: ["y"], y: ["x"], s: ["s"] });
    assert.deepEqual(
      findCycles(g, []).map((c) => c.chain),
      [["a", "b", "c", "a"], ["x", "y", "x"]],
    );
    assert.deepEqual(findCycles(g, [["x", "y"]]).map((c) => c.files), [["a", "b", "c"]]);
    assert.deepEqual(findCycles(g, [["a", "b"]]).length, 2, "an allowed pair does not cover a larger knot");
  });
});
