// A hang fails the run instead of stalling it: a hanging test fails at the test timeout, and a tier that still does
// not finish is stopped at the tier timeout and counted as failed (test/support/run-tier.mjs, used by test/run.mjs).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { runNodeTests } from "../../support/run-tier.mjs";

const REPO = path.resolve(__dirname, "../../..");

describe("test tier runner", () => {
  let dir: string;
  let hanging: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-run-tier-"));
    hanging = path.join(dir, "hanging.test.mjs");
    // The interval keeps the event loop alive, as a stuck child process or server would.
    fs.writeFileSync(hanging, ['import { it } from "node:test";', 'it("passes", () => {});', 'it("hangs", () => new Promise(() => setInterval(() => {}, 1000)));'].join("\n"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("fails a hanging test at the test timeout", () => {
    const t0 = Date.now();
    const r = runNodeTests([hanging], { name: "sample", cwd: REPO, testTimeoutMs: 2000, tierTimeoutMs: 120_000 });
    assert.equal(r.summary.failed, 1, r.output);
    assert.match(r.output, /timed out after 2000ms/);
    assert.deepEqual(r.notes, []);
    assert.ok(Date.now() - t0 < 60_000, "it did not wait for the tier timeout");
  });

  it("stops a tier that does not finish and counts it as failed", () => {
    const r = runNodeTests([hanging], { name: "sample", cwd: REPO, testTimeoutMs: 600_000, tierTimeoutMs: 3000 });
    assert.ok(r.summary.failed >= 1, JSON.stringify(r.summary));
    assert.deepEqual(r.notes, ["the sample tier did not finish within 3 s and was stopped: something hung that no test timeout caught"]);
  });
});
