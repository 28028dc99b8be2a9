// The built server and CLI on mutants (short; `npm run fuzz` runs the long version).
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadSeeds } from "../fuzz/harness";
import { fuzzCli, fuzzServer } from "../fuzz/processes";

describe("fuzz through the built artefacts", () => {
  const seeds = loadSeeds();
  it("the server over stdio answers every request on 40 mutants and stays up", async () => {
    const r = await fuzzServer(seeds, 3, 40);
    assert.deepEqual(r.failures, []);
  });
  it("infraflow check exits 0 or 1 with JSON on 8 mutants", () => {
    const r = fuzzCli(seeds, 5, 8);
    assert.deepEqual(r.failures, []);
  });
});
