// A node:test reporter: one line per test, failures with their error, and a machine-readable summary line
// that test/run.mjs adds up across tiers.
//
// What counts as what:
// - A leaf test that passes is passed; one that fails is failed.
// - A leaf test with `skip` is skipped, and so is one with `todo`: it does not claim to work yet, so it is not
//   passed; node:test does not fail the run for a todo test that fails, so neither do we.
// - A suite with `skip` is one skipped: node:test never registers the tests inside a skipped `describe`, so
//   without this the suite (say, the corpus suites when ../shared/corpus is absent) would vanish from the count.
// - A suite that fails on its own (an exception in its body or a hook) is one failed.

/** The reason given to `skip`/`todo` (`true` when none was given), or undefined when the flag is not set. */
const flag = (v) => (v === undefined || v === false ? undefined : v);
const why = (v) => (typeof v === "string" && v ? `: ${v}` : "");

export default async function* reporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];
  for await (const event of source) {
    // A test's own diagnostics (t.diagnostic), such as the conformance counts and mismatches; not the runner's totals.
    if (event.type === "test:diagnostic" && event.data.nesting > 0) {
      yield `${"  ".repeat(event.data.nesting + 1)}# ${event.data.message}\n`;
      continue;
    }
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    const d = event.data;
    const indent = "  ".repeat(d.nesting + 1);
    const skip = flag(d.skip);
    const todo = flag(d.todo);
    if (d.details?.type === "suite") {
      if (skip !== undefined) {
        skipped++;
        yield `${indent}- ${d.name} (suite skipped${why(skip)})\n`;
      } else if (event.type === "test:fail" && d.details?.error && !String(d.details.error?.cause ?? d.details.error).includes("subtest")) {
        failed++;
        failures.push(`${d.name}: ${d.details.error?.cause?.stack ?? d.details.error?.stack ?? d.details.error}`);
        yield `${indent}✗ ${d.name} (suite)\n`;
      }
      // Otherwise the suite's own tests were counted one by one.
      continue;
    }
    if (skip !== undefined) {
      skipped++;
      yield `${indent}- ${d.name} (skipped${why(skip)})\n`;
    } else if (todo !== undefined) {
      skipped++;
      yield `${indent}- ${d.name} (todo${why(todo)}${event.type === "test:fail" ? ", fails" : ""})\n`;
    } else if (event.type === "test:pass") {
      passed++;
      yield `${indent}✓ ${d.name}\n`;
    } else {
      failed++;
      const err = d.details?.error;
      const detail = err?.cause?.stack ?? err?.cause?.message ?? err?.stack ?? String(err);
      failures.push(`${d.name} (${d.file ?? ""}):\n${detail}`);
      yield `${indent}✗ ${d.name}\n`;
    }
  }
  if (failures.length) yield `\nFailures:\n${failures.map((f) => `- ${f}`).join("\n\n")}\n`;
  yield `##infraflow-summary ${JSON.stringify({ passed, failed, skipped })}\n`;
}
