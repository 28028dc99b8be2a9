#!/usr/bin/env node
// Runs the UI tests (test/e2e/ui/*.ui.mjs, "mode B" of shared/REAL-VSCODE.md): Playwright drives the real
// workbench served by code-server, in headless Chromium, as a person would. Closes with
// `##infraflow-summary {...}` and `N passed, N failed, N skipped`.
//
//   node test/e2e/ui/run-ui.mjs [--vsix] [--no-build] [--grep RE] [--workspace-trust] [--update-docs-images]
//
// The extension is installed the way `npm start` installs it: a symlink to the repository in the fresh
// extensions dir (a built VS Code ignores extensionDevelopmentPath without the smoke-test driver, and that
// driver hides notifications). --vsix installs dist/infraflow.vsix from `npm run package` instead.
// Every test saves a screenshot to test-results/ui-<test>.png, passing or failing. Some also take the README's
// pictures (wb.docShot): --update-docs-images (or INFRAFLOW_UPDATE_DOCS_IMAGES=1) copies those of the tests that
// passed to media/screenshots/, which the README shows; commit them with the change they show.
// No fixed sleeps: every step awaits a selector or an event.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  cleanupRegistry,
  closeRun,
  createProfile,
  ensureProvisioned,
  freePort,
  installExtension,
  launchChromium,
  linkExtension,
  newRunId,
  reapRun,
  root,
  startCodeServer,
} from "../../../scripts/vscode/code-server.mjs";
import { resultsDir, workbench } from "./workbench.mjs";

const argv = process.argv.slice(2);
const vsixMode = argv.includes("--vsix");
const grepArg = argv.includes("--grep") ? argv[argv.indexOf("--grep") + 1] : process.env.INFRAFLOW_E2E_GREP;
const grep = grepArg ? new RegExp(grepArg) : undefined;
const testTimeoutMs = Number(process.env.INFRAFLOW_E2E_TEST_TIMEOUT ?? 45000);
/** A test's own timeout, scaled as the default one is. */
const timeoutOf = (t) => (t.timeoutMs ? Math.round((t.timeoutMs * testTimeoutMs) / 45000) : testTimeoutMs);
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const docsDir = path.join(root, "media/screenshots");
const updateDocs = argv.includes("--update-docs-images") || process.env.INFRAFLOW_UPDATE_DOCS_IMAGES === "1";
const slug = (s) => s.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").toLowerCase();

const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-ui-"));
const wsCopy = path.join(runDir, "workspace");
fs.cpSync(path.join(root, "test/e2e/workspace"), wsCopy, { recursive: true });
const runId = newRunId();
const cleanup = cleanupRegistry(runId);
cleanup.add(async () => {
  if (process.env.INFRAFLOW_E2E_KEEP) console.log(`(kept ${runDir})`);
  else fs.rmSync(runDir, { recursive: true, force: true });
});

/**
 * Test files export `tests`: [{ name, run: async (wb) => …, skip?: "why", timeoutMs? }], run in order in one
 * workbench. `timeoutMs` replaces the default for a test that does more (INFRAFLOW_E2E_TEST_TIMEOUT scales both).
 * A file may also export `setup(folder)`, run once on the workspace copy before the workbench starts.
 */
async function loadTests() {
  const files = fs.readdirSync(path.join(root, "test/e2e/ui")).filter((f) => f.endsWith(".ui.mjs")).sort();
  const all = [];
  for (const f of files) {
    const mod = await import(path.join(root, "test/e2e/ui", f));
    const picked = mod.tests.filter((t) => !grep || grep.test(t.name));
    // `setup(folder)` writes what the file's tests need before the workbench starts: on Linux, VS Code's file
    // watcher (@parcel/watcher, inotify) never watches a folder whose files were written just after it was made
    // (parcel-bundler/watcher#97, #243), so a folder a test made while the workbench ran might send no events.
    if (picked.length && mod.setup) mod.setup(wsCopy);
    for (const t of picked) all.push({ ...t, file: f });
  }
  return all;
}

const counts = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
/** Tests that failed once and passed on their second try, with the first failure. */
const flaky = [];
let fatal;
try {
  if (!argv.includes("--no-build") && !process.env.INFRAFLOW_SKIP_BUILD) {
    const b = spawnSync(process.execPath, ["esbuild.mjs"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    if (b.status !== 0) throw new Error("the build failed (node esbuild.mjs)");
  }
  fs.mkdirSync(resultsDir, { recursive: true });
  ensureProvisioned({ quiet: true });
  const tests = await loadTests();
  // Auto-save off: the completion test edits a file and reverts it. No auto-indent and no suggestions while
  // typing: tests type YAML with its own indentation, and ask for completions with Ctrl+Space.
  const profile = createProfile(path.join(runDir, "profile"), {
    "files.autoSave": "off",
    "editor.autoIndent": "none",
    "editor.quickSuggestions": { other: "off", comments: "off", strings: "off" },
    "editor.suggestOnTriggerCharacters": false,
    "editor.wordBasedSuggestions": "off",
  });
  if (vsixMode) {
    const r = spawnSync("npm", ["run", "-s", "package"], { cwd: root, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
    installExtension(profile, path.join(root, "dist/infraflow.vsix"));
  } else linkExtension(profile, root);
  console.log(`launcher: code-server + headless Chromium (mode B, UI), extension ${vsixMode ? "installed from dist/infraflow.vsix" : "linked from " + root}`);
  const server = await startCodeServer({ profile, port: await freePort(), runId, disableWorkspaceTrust: !argv.includes("--workspace-trust") });
  cleanup.add(() => server.stop(), () => server.killNow());
  const browser = await launchChromium({ runId });
  cleanup.add(() => browser.close().catch(() => {}));
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(15000);
  const wb = workbench(page, { url: server.url, folder: wsCopy });
  await wb.open();
  console.log(`launcher: workbench up (${elapsed()})`);

  for (const t of tests) {
    // `skip: "why"` marks a test of a known bug; INFRAFLOW_E2E_RUN_SKIPPED=1 runs it anyway (to check a fix).
    if (t.skip && process.env.INFRAFLOW_E2E_RUN_SKIPPED !== "1") {
      counts.skipped++;
      console.log(`  - ${t.name} (skipped: ${t.skip})`);
      continue;
    }
    // A test that fails is run once more from a reset workbench. It counts as passed only when the second try
    // passes, and is then listed as flaky with its first failure, so the log says what went wrong the first time.
    let firstFailure;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const start = Date.now();
      let timer;
      let error;
      wb.docShots.length = 0;
      try {
        await Promise.race([
          t.run(wb),
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutOf(t)} ms`)), timeoutOf(t)))),
        ]);
      } catch (e) {
        // Ctrl+C: the cleanup registry stops everything, checks for orphans and exits; say nothing more here.
        if (cleanup.signalled) await new Promise(() => {});
        const seen = await wb.describe().catch((err) => `    (could not describe the workbench: ${err.message})`);
        error = `${e?.stack ?? e}\n  the workbench at the failure:\n${seen}`;
      } finally {
        clearTimeout(timer);
        await page.screenshot({ path: path.join(resultsDir, `ui-${slug(t.name)}${attempt > 1 ? "-retry" : ""}.png`) }).catch((e) => console.log(`(no screenshot: ${e.message})`));
        // Leave the workbench as the next test expects it: no open widget, no stray text.
        await wb.reset().catch(() => {});
      }
      if (!error) {
        counts.passed++;
        if (updateDocs) {
          fs.mkdirSync(docsDir, { recursive: true });
          for (const f of wb.docShots) fs.copyFileSync(f, path.join(docsDir, path.basename(f)));
        }
        console.log(`  ✓ ${t.name} (${Date.now() - start} ms)${firstFailure ? " — flaky: failed once, passed on retry" : ""}`);
        if (updateDocs && wb.docShots.length) console.log(`    updated ${wb.docShots.map((f) => `media/screenshots/${path.basename(f)}`).join(", ")}`);
        if (firstFailure) flaky.push(`${t.name} (${t.file}), first try:\n${firstFailure}`);
        break;
      }
      if (attempt === 1) {
        firstFailure = error;
        console.log(`  … ${t.name} failed; trying once more`);
        continue;
      }
      counts.failed++;
      failures.push(`${t.name} (${t.file}):\n${error}\n  (first try:\n${firstFailure})`);
      console.log(`  ✗ ${t.name}`);
    }
  }
} catch (e) {
  fatal = e;
  console.log(`launcher failed: ${e?.stack ?? e}`);
}

await cleanup.runAll();
const orphans = await reapRun(runId);
if (flaky.length) console.log(`\nFlaky (passed on the second try):\n${flaky.map((f) => `- ${f}`).join("\n\n")}`);
if (failures.length) console.log(`\nFailures:\n${failures.map((f) => `- ${f}`).join("\n\n")}`);
if (fatal && counts.failed === 0) counts.failed = 1;
closeRun({ name: "ui", counts, orphans, done: `done in ${elapsed()}; screenshots in test-results/` });
