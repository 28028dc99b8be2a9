// The reporter's counts are what test/run.mjs prints as `N passed, N failed, N skipped`: a suite that is
// skipped, a todo test and a failing suite must each show up there, not vanish or pass.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import reporter from "../../support/reporter.mjs";

const REPORTER = path.resolve(__dirname, "../../support/reporter.mjs");
/** The environment for a nested `node --test`: without NODE_TEST_CONTEXT, which would make it skip its files. */
const { NODE_TEST_CONTEXT: _, ...childEnv } = process.env;

type Event = { type: string; data: Record<string, unknown> };

/** A test:pass or test:fail event shaped as node:test sends it. */
function ev(type: "test:pass" | "test:fail", name: string, extra: Record<string, unknown> = {}, details: Record<string, unknown> = {}): Event {
  return { type, data: { name, nesting: 1, file: "/x.test.ts", ...extra, details: { duration_ms: 1, ...details } } };
}

async function report(events: Event[]): Promise<{ text: string; summary: { passed: number; failed: number; skipped: number } }> {
  async function* source() {
    yield* events;
  }
  let text = "";
  for await (const chunk of reporter(source())) text += chunk;
  const m = /##infraflow-summary (\{.*\})\n$/.exec(text);
  assert.ok(m, `no summary line at the end of:\n${text}`);
  return { text, summary: JSON.parse(m[1]!) };
}

describe("test reporter", () => {
  it("counts passed and failed leaf tests, and prints the failure", async () => {
    const boom = Object.assign(new Error("Test failed"), { cause: new Error("expected 1 to equal 2") });
    const { text, summary } = await report([ev("test:pass", "works"), ev("test:fail", "breaks", {}, { error: boom }), ev("test:pass", "the suite", { nesting: 0 }, { type: "suite" })]);
    assert.deepEqual(summary, { passed: 1, failed: 1, skipped: 0 });
    assert.match(text, /✓ works/);
    assert.match(text, /Failures:\n- breaks \(\/x\.test\.ts\):\nError: expected 1 to equal 2/);
  });

  it("counts a skipped suite as one skipped, with its reason", async () => {
    const { text, summary } = await report([
      ev("test:pass", "atmos corpus", { nesting: 0, skip: "../shared/corpus/atmos is not present" }, { type: "suite" }),
      ev("test:pass", "bare skip", { nesting: 0, skip: true }, { type: "suite" }),
    ]);
    assert.deepEqual(summary, { passed: 0, failed: 0, skipped: 2 });
    assert.match(text, /- atmos corpus \(suite skipped: \.\.\/shared\/corpus\/atmos is not present\)\n/);
    assert.match(text, /- bare skip \(suite skipped\)\n/);
  });

  it("counts skipped and todo tests as skipped, a failing todo included", async () => {
    const { text, summary } = await report([
      ev("test:pass", "not here", { skip: "no docker" }),
      ev("test:pass", "later", { todo: "write it" }),
      ev("test:fail", "known broken", { todo: true }, { error: new Error("x") }),
    ]);
    assert.deepEqual(summary, { passed: 0, failed: 0, skipped: 3 });
    assert.match(text, /- not here \(skipped: no docker\)/);
    assert.match(text, /- later \(todo: write it\)/);
    assert.match(text, /- known broken \(todo, fails\)/);
  });

  it("counts a suite that fails on its own, but not one that only has failing tests", async () => {
    const own = Object.assign(new Error("Test failed"), { cause: new Error("boom in describe") });
    const fromSubtests = Object.assign(new Error("1 subtest failed"), { cause: "1 subtest failed" });
    const { summary } = await report([
      ev("test:fail", "broken suite", { nesting: 0 }, { type: "suite", error: own }),
      ev("test:fail", "inner", {}, { error: new Error("inner") }),
      ev("test:fail", "parent", { nesting: 0 }, { type: "suite", error: fromSubtests }),
    ]);
    assert.deepEqual(summary, { passed: 0, failed: 2, skipped: 0 });
  });

  it("agrees with what node:test really sends", () => {
    // The synthetic events above are only as good as their likeness to node's; this runs the real thing.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-reporter-"));
    try {
      const file = path.join(dir, "sample.test.mjs");
      fs.writeFileSync(
        file,
        [
          'import { describe, it } from "node:test";',
          'describe("absent corpus", { skip: "the corpus is not present" }, () => { it("never registered", () => {}); });',
          'describe("present", () => {',
          '  it("passes", () => {});',
          '  it("is skipped", { skip: "why" }, () => {});',
          '  it("is todo", { todo: "later" }, () => { throw new Error("not yet"); });',
          '  it("fails", () => { throw new Error("really"); });',
          "});",
        ].join("\n"),
      );
      const r = spawnSync(process.execPath, ["--test", "--test-reporter", REPORTER, file], { encoding: "utf8", env: childEnv, timeout: 30000 });
      const m = /##infraflow-summary (\{.*\})/.exec(r.stdout);
      assert.ok(m, r.stdout + r.stderr);
      assert.deepEqual(JSON.parse(m[1]!), { passed: 1, failed: 1, skipped: 3 });
      assert.match(r.stdout, /- absent corpus \(suite skipped: the corpus is not present\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
