#!/usr/bin/env node
// The README's first quick-start command, checked as a newcomer runs it: `npm start` (through npm, so that the
// outer npm's environment reaches the provisioning as it does for a user), in code-server mode, must print a URL
// that serves the workbench on examples/ with the extension active; Ctrl+C must then stop everything it started.
// Closes with `##infraflow-summary {...}` and `N passed, N failed, N skipped`.
//
//   node test/e2e/run-start.mjs [--no-build]
//
// The kept `npm start` profile of a developer is not touched: INFRAFLOW_START_PROFILE points it at a temp dir.
// Env: INFRAFLOW_E2E_START_TIMEOUT (ms until the URL is printed; default 900000, since a cold machine provisions
// code-server first), INFRAFLOW_E2E_TEST_TIMEOUT (ms for the workbench checks, default 60000).
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cleanupRegistry, closeRun, freePort, groupAlive, launchChromium, newRunId, reapRun, root } from "../../scripts/vscode/code-server.mjs";

const startTimeoutMs = Number(process.env.INFRAFLOW_E2E_START_TIMEOUT ?? 900000);
const testTimeoutMs = Number(process.env.INFRAFLOW_E2E_TEST_TIMEOUT ?? 60000);
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const resultsDir = path.join(root, "test-results");
fs.mkdirSync(resultsDir, { recursive: true });

const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-start-"));
const runId = newRunId();
const cleanup = cleanupRegistry(runId);
cleanup.add(async () => {
  if (process.env.INFRAFLOW_E2E_KEEP) console.log(`(kept ${runDir})`);
  else fs.rmSync(runDir, { recursive: true, force: true });
});

const counts = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
async function test(name, fn, timeoutMs = testTimeoutMs) {
  const start = Date.now();
  let timer;
  try {
    await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)))]);
    counts.passed++;
    console.log(`  ✓ ${name} (${Date.now() - start} ms)`);
    return true;
  } catch (e) {
    if (cleanup.signalled) await new Promise(() => {});
    counts.failed++;
    failures.push(`${name}:\n${e?.stack ?? e}`);
    console.log(`  ✗ ${name}`);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

const port = await freePort();
const folder = path.join(root, "examples");
// Its own process group, as a terminal would give it, so that "Ctrl+C" reaches npm and everything below it.
const child = spawn(process.platform === "win32" ? "npm.cmd" : "npm", ["start"], {
  cwd: root,
  detached: true,
  stdio: ["ignore", "pipe", "pipe"],
  env: {
    ...process.env,
    INFRAFLOW_NO_DESKTOP: "1",
    INFRAFLOW_START_PROFILE: path.join(runDir, "profile"),
    PORT: String(port),
    INFRAFLOW_E2E_RUN: runId,
  },
});
cleanup.add(async () => {
  if (groupAlive(child.pid)) process.kill(-child.pid, "SIGKILL");
}, () => {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // Gone.
  }
});
let output = "";
const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
let exitState;
exited.then((e) => (exitState = e));
const printed = new Promise((resolve) => {
  const onData = (d) => {
    output += d;
    const m = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)\s*$/m.exec(output);
    if (m) resolve(m[1]);
  };
  child.stdout.setEncoding("utf8").on("data", onData);
  child.stderr.setEncoding("utf8").on("data", onData);
});

console.log(`start: npm start (PORT=${port}, code-server mode)`);
let url;
await test("npm start prints the URL of the workbench on examples/", async () => {
  let timer;
  url = await Promise.race([
    printed,
    exited.then((e) => Promise.reject(new Error(`npm start exited ${JSON.stringify(e)} before printing a URL:\n${output.slice(-4000)}`))),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no URL after ${startTimeoutMs} ms:\n${output.slice(-4000)}`)), startTimeoutMs))),
  ]).finally(() => clearTimeout(timer));
  const want = `http://127.0.0.1:${port}/?folder=${encodeURI(folder)}`;
  if (url !== want) throw new Error(`printed ${url}, wanted ${want}`);
  console.log(`    ${url} (${elapsed()})`);
  // Its own deadline (with the output in the message) comes first: on a cold machine it includes provisioning.
}, startTimeoutMs + 10000).then(async (ok) => {
  if (!ok) return;
  const browser = await launchChromium({ runId });
  cleanup.add(() => browser.close().catch(() => {}));
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(30000);
  await test("the URL serves the workbench with examples/ in the explorer", async () => {
    await page.goto(url);
    await page.locator(".monaco-workbench").waitFor();
    for (const name of ["atmos", "polycrate", "env0", "fabrikate", "deis"]) {
      await page.locator(".explorer-folders-view .monaco-list-row .label-name", { hasText: new RegExp(`^${name}$`) }).first().waitFor();
    }
  });
  await test("the extension is active: a Polycrate workflow gets its language and run lenses", async () => {
    await page.locator(".explorer-folders-view .monaco-list-row .label-name", { hasText: /^polycrate$/ }).first().click();
    await page.locator(".explorer-folders-view .monaco-list-row .label-name", { hasText: /^workspace\.poly$/ }).first().click();
    await page.locator(".tabs-container .tab.active", { hasText: "workspace.poly" }).waitFor();
    // The language mode in the status bar comes from the extension's contributions, the lens from its server.
    await page.locator(".statusbar-item", { hasText: /^Polycrate$/ }).first().waitFor();
    await page.locator(".codelens-decoration a", { hasText: "Run workflow" }).first().waitFor();
  });
  await page.screenshot({ path: path.join(resultsDir, "start-workbench.png") }).catch(() => {});
  await browser.close().catch(() => {});
});

await test("Ctrl+C stops npm start and everything it started", async () => {
  if (exitState) throw new Error(`npm start had already exited: ${JSON.stringify(exitState)}`);
  process.kill(-child.pid, "SIGINT");
  const e = await exited;
  if (e.code !== 130 && e.signal !== "SIGINT") throw new Error(`npm start ended with ${JSON.stringify(e)}, wanted exit 130 after Ctrl+C`);
  const left = await reapRun(runId);
  if (left.length) throw new Error(`left running after Ctrl+C: ${left.map((p) => `${p.pid} ${p.cmd}`).join("; ")}`);
});

await cleanup.runAll();
const orphans = await reapRun(runId);
if (failures.length) console.log(`\nFailures:\n${failures.map((f) => `- ${f}`).join("\n\n")}`);
closeRun({ name: "start", counts, orphans, done: `done in ${elapsed()}` });
