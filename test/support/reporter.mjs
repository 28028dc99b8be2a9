// A node:test reporter: one line per test, failures with their error, and a machine-readable summary line
// that test/run.mjs adds up across tiers.
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
    // Suites report too; count only leaf tests.
    if (d.details?.type === "suite") {
      if (event.type === "test:fail" && d.details?.error && !String(d.details.error?.cause ?? d.details.error).includes("subtest")) {
        failed++;
        failures.push(`${d.name}: ${d.details.error?.cause?.stack ?? d.details.error?.stack ?? d.details.error}`);
        yield `  ✗ ${d.name} (suite)\n`;
      }
      continue;
    }
    const indent = "  ".repeat(d.nesting + 1);
    if (event.type === "test:pass") {
      if (d.skip !== undefined && d.skip !== false) {
        skipped++;
        yield `${indent}- ${d.name} (skipped${typeof d.skip === "string" ? `: ${d.skip}` : ""})\n`;
      } else {
        passed++;
        yield `${indent}✓ ${d.name}\n`;
      }
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
