#!/usr/bin/env node
// Runs the test tiers and closes with one line: `N passed, N failed, N skipped`.
//   node test/run.mjs            every tier (unit, lsp, then the real-VS-Code tiers when present)
//   node test/run.mjs unit lsp   only these tiers
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDependencies } from "../scripts/ensure-deps.mjs";
import { runNodeTests } from "./support/run-tier.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// On a fresh clone, `npm test` installs the dependencies first, so the quick start stays two commands.
if (!ensureDependencies(root)) {
  console.log("0 passed, 1 failed");
  process.exit(1);
}
// Timeouts, so that a hang fails the run instead of stalling it (node:test has none by default). On Node 20,
// --test-timeout bounds each test file as a whole. On a 2-core machine the slowest unit file
// (core/yaml-incremental) took 80 s idle, 115 s beside other test runs (load 6) and 210 s with three more busy
// processes; the slowest LSP file (fuzz) took 5 s idle. The tier timeout is the last resort, for a hang that no
// test timeout catches; a whole run of both tiers takes about 3 minutes.
const TIERS = {
  unit: { dir: "test/unit", needsBuild: false, testTimeoutMs: 600_000, tierTimeoutMs: 30 * 60_000 },
  lsp: { dir: "test/lsp", needsBuild: true, testTimeoutMs: 120_000, tierTimeoutMs: 15 * 60_000 },
};
const extraTiers = fs.existsSync(path.join(root, "test/e2e/tiers.mjs")) ? (await import(path.join(root, "test/e2e/tiers.mjs"))).default : {};
const all = { ...TIERS, ...extraTiers };
const asked = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const chosen = asked.length ? asked : Object.keys(all);
for (const t of chosen) {
  if (!all[t]) {
    console.error(`Unknown test tier '${t}'. Tiers: ${Object.keys(all).join(", ")}`);
    process.exit(2);
  }
}

function findTests(dir) {
  const out = [];
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.test\.(ts|mts|mjs|js)$/.test(e.name)) out.push(p);
    }
  };
  walk(path.join(root, dir));
  return out.sort();
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let built = false;
for (const name of chosen) {
  const tier = all[name];
  console.log(`\n== ${name} ==`);
  if (tier.needsBuild && !built && !process.env.INFRAFLOW_SKIP_BUILD) {
    const b = spawnSync(process.execPath, ["esbuild.mjs"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    if (b.status !== 0) {
      console.log(`build failed: the ${name} tier cannot run`);
      totals.failed++;
      continue;
    }
    built = true;
  }
  let summary;
  if (tier.run) {
    summary = await tier.run({ root });
  } else {
    const files = findTests(tier.dir);
    // A tier that finds no test file has lost its tests (a moved folder, a renamed suffix): that is a failure.
    if (!files.length) {
      console.log(`no test files under ${tier.dir}: the ${name} tier cannot pass with no tests`);
      totals.failed++;
      continue;
    }
    const r = runNodeTests(files, { name, cwd: root, testTimeoutMs: tier.testTimeoutMs, tierTimeoutMs: tier.tierTimeoutMs });
    process.stdout.write(r.output);
    for (const n of r.notes) console.log(n);
    summary = r.summary;
  }
  totals.passed += summary.passed;
  totals.failed += summary.failed;
  totals.skipped += summary.skipped ?? 0;
  console.log(`${name}: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped ?? 0} skipped`);
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
