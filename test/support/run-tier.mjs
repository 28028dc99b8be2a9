// Runs the test files of one plain-node tier under node:test with our reporter (test/support/reporter.mjs) and
// reads back its counts. test/run.mjs calls it for each tier; test/unit/runner/run-tier.test.ts checks that a hang
// fails instead of stalling.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const reporter = path.join(path.dirname(fileURLToPath(import.meta.url)), "reporter.mjs");

const seconds = (ms) => (ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`);

/**
 * Runs `files` one at a time.
 * - `testTimeoutMs` is node's --test-timeout, without which a hanging test waits forever. On Node 20 it bounds each
 *   test file as a whole (the test node:test runs it as), on Node 22 and later each test.
 * - `tierTimeoutMs` is the last resort: the whole run is stopped after it (SIGTERM, which node:test passes on to
 *   the file it runs) and the tier counts one more failure.
 * Returns the counts, the output to print (without the summary line) and notes on how the run ended, if oddly.
 */
export function runNodeTests(files, { name, cwd, testTimeoutMs, tierTimeoutMs }) {
  // A run started from inside a test (the runner's own tests) would otherwise skip its files.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "--test", "--test-concurrency=1", `--test-timeout=${testTimeoutMs}`, "--test-reporter", reporter, ...files],
    { cwd, env, encoding: "utf8", timeout: tierTimeoutMs, maxBuffer: 256 * 1024 * 1024 },
  );
  const all = (r.stdout ?? "") + (r.stderr ?? "");
  const m = /##infraflow-summary (\{.*\})/.exec(all);
  const output = all.replace(/##infraflow-summary .*\n?/, "");
  const summary = m ? JSON.parse(m[1]) : { passed: 0, failed: 0, skipped: 0 };
  const notes = [];
  if (r.error?.code === "ETIMEDOUT") {
    notes.push(`the ${name} tier did not finish within ${seconds(tierTimeoutMs)} and was stopped: something hung that no test timeout caught`);
    summary.failed++;
  } else if (!m) {
    notes.push(`the ${name} tier ended without a summary (exit ${r.status ?? r.signal})`);
    summary.failed++;
  } else if (r.status !== 0 && summary.failed === 0) {
    notes.push(`the ${name} tier exited with ${r.status}`);
    summary.failed++;
  }
  return { summary, output, notes };
}
