// Status text of runs: durations, lens titles, the summary table, terminal line ends, failure tails.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { elapsed, GUTTER_ICONS, gutterIcon, lastLines, seconds, statusText, statusTooltip, table, toTerminal } from "../../../client/src/runs/format";

describe("run status text", () => {
  it("formats durations", () => {
    assert.equal(seconds(850), "850ms");
    assert.equal(seconds(2100), "2.1s");
    assert.equal(seconds(65_000), "1m 05s");
    assert.equal(elapsed(3400), "3s");
    assert.equal(elapsed(61_000), "1m 01s");
  });

  it("gives every state its lens title", () => {
    const now = 10_000;
    assert.equal(statusText({ state: "running", startedAt: 7000 }, now), "◌ running 3s");
    assert.equal(statusText({ state: "queued" }, now), "◌ queued");
    assert.equal(statusText({ state: "succeeded", durationMs: 2100 }, now), "✓ 2.1s");
    assert.equal(statusText({ state: "failed", exitCode: 2 }, now), "✗ exit 2 · Rerun");
    assert.equal(statusText({ state: "failed", exitCode: null }, now), "✗ failed · Rerun");
    assert.equal(statusText({ state: "failed", exitCode: 1, allowed: true }, now), "⚠ exit 1 (allowed) · Rerun");
    assert.equal(statusText({ state: "passed-allowed", durationMs: 2100, allowedFailures: 2 }, now), "⚠ passed with 2 allowed failures · 2.1s");
    assert.equal(statusText({ state: "passed-allowed", durationMs: 900, allowedFailures: 1 }, now), "⚠ passed with 1 allowed failure · 900ms");
    assert.equal(statusText({ state: "skipped" }, now), "⊘ skipped");
    assert.equal(statusText({ state: "blocked" }, now), "⊘ blocked");
    assert.equal(statusText({ state: "cancelled" }, now), "◼ cancelled");
  });

  it("gives an allowed failure, and a run that passed with one, the warning gutter icon", () => {
    assert.equal(gutterIcon({ state: "failed" }), "failed");
    assert.equal(gutterIcon({ state: "failed", allowed: true }), "allowed");
    assert.equal(gutterIcon({ state: "passed-allowed" }), "allowed");
    assert.equal(gutterIcon({ state: "blocked" }), "skipped");
    for (const icon of GUTTER_ICONS) assert.ok(fs.existsSync(path.join(import.meta.dirname, "../../../media/runs", `${icon}.svg`)), `media/runs/${icon}.svg`);
  });

  it("explains a status in its tooltip", () => {
    assert.match(statusTooltip("deploy", { state: "blocked", reason: "db" }), /'db' failed/);
    assert.match(statusTooltip("deploy", { state: "failed", exitCode: 3 }), /exit code 3/);
  });

  it("pads the summary table and leaves no trailing spaces", () => {
    const t = table(["step", "state", "exit", "time"], [
      ["create-cluster", "✓ succeeded", "0", "1.0s"],
      ["app", "✗ failed", "2", "20ms"],
    ]);
    assert.equal(t, ["step            state        exit  time", "create-cluster  ✓ succeeded  0     1.0s", "app             ✗ failed     2     20ms"].join("\n"));
  });

  it("converts line ends for the terminal once", () => {
    assert.equal(toTerminal("a\nb\r\nc"), "a\r\nb\r\nc");
  });

  it("keeps the last non-empty lines, without colours or overwritten progress", () => {
    assert.deepEqual(lastLines("1\n2\n\n3\n\x1b[31m4\x1b[0m\n", 3), ["2", "3", "4"]);
    assert.deepEqual(lastLines("10%\r50%\r100%\ndone\n", 5), ["100%", "done"]);
  });
});
