#!/usr/bin/env node
// Runs the extension-host suite (test/e2e/suite) inside a real VS Code and closes with
// `##infraflow-summary {...}` and `N passed, N failed, N skipped`.
//
//   node test/e2e/run-exthost.mjs [--launcher auto|electron|code-server] [--vscode newest|oldest] [--vsix]
//                                 [--workspace-trust] [--grep RE]
//
// Launchers (same suite, same assertions):
//   electron     @vscode/test-electron runTests with a desktop VS Code: $VSCODE_EXECUTABLE, else a download
//                (tried only where a display exists; the download fails fast without network).
//   code-server  code-server + headless Chromium, "mode A" of shared/REAL-VSCODE.md: the page URL carries the
//                extensionDevelopmentPath/extensionTestsPath payload, the exit code comes back through
//                window.codeAutomationExit. Needs the smoke-test driver option.
//   auto         electron when a desktop VS Code is given or downloads, else code-server. The default.
// --vscode       which provisioned code-server (scripts/vscode/versions.env): newest (default), or oldest, the
//                lowest VS Code that engines.vscode admits.
// --vsix         test the packaged extension: `npm run package`, install dist/infraflow.vsix into the fresh
//                extensions dir, and use test/e2e/harness (an empty extension) as extensionDevelopmentPath,
//                because VS Code loads extensionTestsPath only in extension-development mode.
// --workspace-trust  leave workspace trust on (by default the launcher passes --disable-workspace-trust): the test
//                workspace then opens untrusted, and only suite/*.untrusted.test.js run (the others need trust).
//
// --no-build     skip `node esbuild.mjs` (test/run.mjs has built already).
// Env: INFRAFLOW_E2E_TIMEOUT (ms for the whole suite, default 600000: a cascade of 30 s test timeouts still ends with its report), INFRAFLOW_E2E_GREP, INFRAFLOW_E2E_KEEP=1
// (keep the temp dir with logs), VSCODE_EXECUTABLE.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { format } from "node:util";
import {
  cleanupRegistry,
  closeRun,
  createProfile,
  ensureProvisioned,
  freePort,
  installExtension,
  launchChromium,
  newRunId,
  reapRun,
  root,
  startCodeServer,
} from "../../scripts/vscode/code-server.mjs";

const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : (argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt);
};
const launcher = opt("launcher", process.env.INFRAFLOW_E2E_LAUNCHER ?? "auto");
const vsixMode = argv.includes("--vsix");
const workspaceTrust = argv.includes("--workspace-trust");
const grep = opt("grep", process.env.INFRAFLOW_E2E_GREP);
const vscodeStack = opt("vscode", "newest");
const timeoutMs = Number(process.env.INFRAFLOW_E2E_TIMEOUT ?? 600000);

const suiteDir = path.join(root, "test/e2e/suite");
const harnessDir = path.join(root, "test/e2e/harness");
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

// Per run: a temp dir with a copy of the test workspace (tests may not dirty the repo), the profile and logs.
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-e2e-"));
const wsCopy = path.join(runDir, "workspace");
fs.cpSync(path.join(root, "test/e2e/workspace"), wsCopy, { recursive: true });
const resultsFile = path.join(runDir, "results.json");
const runId = newRunId();
const cleanup = cleanupRegistry(runId);
cleanup.add(async () => {
  if (process.env.INFRAFLOW_E2E_KEEP) console.log(`(kept ${runDir})`);
  else fs.rmSync(runDir, { recursive: true, force: true });
});

function packageVsix() {
  const out = path.join(root, "dist/infraflow.vsix");
  const r = spawnSync("npm", ["run", "-s", "package"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0 || !fs.existsSync(out)) {
    // vsce prints the whole file tree first; the reason is in its ERROR lines.
    const why = `${r.stdout}${r.stderr}`.split("\n").filter((l) => /ERROR|error|To ignore/.test(l)).join("\n");
    throw new Error(`npm run package failed (exit ${r.status}):\n${why || r.stderr}`);
  }
  return out;
}

/** A desktop VS Code: $VSCODE_EXECUTABLE, or a download attempt that gives up fast when there is no network. */
async function desktopVSCode(required) {
  if (process.env.VSCODE_EXECUTABLE) return process.env.VSCODE_EXECUTABLE;
  if (!required && process.platform === "linux" && !process.env.DISPLAY) {
    console.log("launcher: no VSCODE_EXECUTABLE and no DISPLAY for a desktop VS Code; not trying a download");
    return undefined;
  }
  const { downloadAndUnzipVSCode } = require("@vscode/test-electron");
  const t = Date.now();
  try {
    // `timeout` is the idle time with no data; unreachable hosts fail in well under a second.
    return await downloadAndUnzipVSCode({ version: "stable", timeout: 10000, cachePath: path.join(os.tmpdir(), "infraflow-vscode-test") });
  } catch (e) {
    console.log(`launcher: desktop VS Code download failed after ${Date.now() - t} ms (${String(e?.message ?? e).split("\n")[0]})`);
    if (required) throw e;
    return undefined;
  }
}

async function runElectron(executable) {
  const { runTests, resolveCliArgsFromVSCodeExecutablePath } = require("@vscode/test-electron");
  const profile = createProfile(path.join(runDir, "profile"));
  let devPath = root;
  if (vsixMode) {
    const vsix = packageVsix();
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(executable);
    const r = spawnSync(cli, [...cliArgs, "--extensions-dir", profile.extensionsDir, "--install-extension", vsix, "--force"], {
      encoding: "utf8",
      shell: process.platform === "win32",
    });
    if (r.status !== 0) throw new Error(`--install-extension failed:\n${r.stdout}${r.stderr}`);
    devPath = harnessDir;
  }
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: devPath,
      extensionTestsPath: suiteDir,
      launchArgs: [
        wsCopy,
        "--user-data-dir",
        profile.userDataDir,
        "--extensions-dir",
        profile.extensionsDir,
        "--skip-welcome",
        "--skip-release-notes",
        "--disable-gpu",
        ...(workspaceTrust ? [] : ["--disable-workspace-trust"]),
      ],
      extensionTestsEnv: {
        INFRAFLOW_E2E_RESULTS: resultsFile,
        INFRAFLOW_E2E_RUN: runId,
        INFRAFLOW_E2E_EXPECT: vsixMode ? "vsix" : "dev",
        INFRAFLOW_E2E_TRUST: workspaceTrust ? "on" : "off",
        ...(grep ? { INFRAFLOW_E2E_GREP: grep } : {}),
      },
    });
    return 0;
  } catch (e) {
    console.log(`runTests: ${e?.message ?? e}`);
    return 1;
  }
}

/**
 * Workbench console messages that are noise here: connection chatter, and what fails for want of network
 * (gallery, GitHub auth). Matched against the start of each forwarded message.
 */
const NOISE =
  /^(Resolving connection token|Resolved connection token|Creating a socket|\[reconnection-grace-time\]|Updating additional builtin|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\]|Timed out waiting for authentication provider|Creation of workbench contribution)|open-vsx|ENOTFOUND|ERR_NAME_NOT_RESOLVED/;
/** The summary line as printed by the suite, in case the results file is missing (it is the fallback). */
let logged;

async function runCodeServer() {
  const s = ensureProvisioned({ quiet: true, which: vscodeStack });
  console.log(`launcher: VS Code ${s.vscodeVersion} (code-server ${s.csVersion} on Node ${s.nodeVersion}) ready (${elapsed()})`);
  const profile = createProfile(path.join(runDir, "profile"), {}, vscodeStack);
  let devPath = root;
  if (vsixMode) {
    const vsix = packageVsix();
    console.log(`launcher: ${installExtension(profile, vsix).split("\n").pop()} (${elapsed()})`);
    devPath = harnessDir;
  }
  const port = await freePort();
  const server = await startCodeServer({
    profile,
    port,
    smokeDriver: true,
    disableWorkspaceTrust: !workspaceTrust,
    runId,
    env: {
      INFRAFLOW_E2E_RESULTS: resultsFile,
      INFRAFLOW_E2E_EXPECT: vsixMode ? "vsix" : "dev",
      INFRAFLOW_E2E_TRUST: workspaceTrust ? "on" : "off",
      ...(grep ? { INFRAFLOW_E2E_GREP: grep } : {}),
    },
  });
  cleanup.add(() => server.stop(), () => server.killNow());
  console.log(`launcher: code-server ${server.url} (group ${server.pgid}) healthy (${elapsed()})`);

  const browser = await launchChromium({ runId });
  cleanup.add(() => browser.close().catch(() => {}));
  const page = await browser.newPage();
  let done;
  const exited = new Promise((r) => (done = r));
  await page.exposeFunction("codeAutomationLog", (type, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    const m = /^##infraflow-summary (\{.*\})$/m.exec(text);
    if (m) logged = JSON.parse(m[1]);
    else if (!NOISE.test(text)) console.log(text);
  });
  await page.exposeFunction("codeAutomationExit", (code) => done(code));
  page.on("pageerror", (e) => console.log(`[page error] ${e.message}`));
  const uri = (p) => `vscode-remote://${server.host}${p}`;
  const payload = JSON.stringify([
    ["extensionDevelopmentPath", uri(devPath)],
    ["extensionTestsPath", uri(suiteDir)],
    ["skipWelcome", "true"],
  ]);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(wsCopy)}&payload=${encodeURIComponent(payload)}`);
  console.log(`launcher: workbench loading, suite running (${elapsed()})`);
  let timer;
  const code = await Promise.race([
    exited,
    server.exited.then((e) => `code-server exited ${JSON.stringify(e)}`),
    new Promise((r) => (timer = setTimeout(() => r(`timeout after ${timeoutMs} ms`), timeoutMs))),
  ]);
  clearTimeout(timer);
  // Ctrl+C: the cleanup registry stops everything, checks for orphans and exits; say nothing more here.
  if (cleanup.signalled) await new Promise(() => {});
  if (code !== 0 && code !== 1) {
    console.log(`launcher: the suite did not finish: ${code}`);
    await page.screenshot({ path: path.join(root, "test-results/exthost-timeout.png") }).catch(() => {});
    const log = fs.existsSync(server.logFile) ? fs.readFileSync(server.logFile, "utf8").slice(-3000) : "";
    if (log) console.log(`--- code-server log (tail) ---\n${log}`);
  }
  await browser.close().catch(() => {});
  await server.stop();
  return code === 0 ? 0 : 1;
}

let exitCode = 1;
try {
  if (!argv.includes("--no-build") && !process.env.INFRAFLOW_SKIP_BUILD) {
    const b = spawnSync(process.execPath, ["esbuild.mjs"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    if (b.status !== 0) throw new Error("the build failed (node esbuild.mjs)");
  }
  fs.mkdirSync(path.join(root, "test-results"), { recursive: true });
  let used = launcher;
  let executable;
  if (launcher === "electron" || launcher === "auto") {
    executable = await desktopVSCode(launcher === "electron");
    used = executable ? "electron" : "code-server";
  }
  console.log(`launcher: ${used}${used === "electron" ? ` (${executable})` : " + headless Chromium (mode A)"}${vsixMode ? ", extension installed from dist/infraflow.vsix" : ", extensionDevelopmentPath=" + root}`);
  exitCode = used === "electron" ? await runElectron(executable) : await runCodeServer();
} catch (e) {
  console.log(`launcher failed: ${e?.stack ?? e}`);
  exitCode = 1;
}

let summary = { passed: 0, failed: 0, skipped: 0 };
const results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, "utf8")) : logged;
await cleanup.runAll();
const orphans = await reapRun(runId);
if (results) {
  summary = { passed: results.passed, failed: results.failed, skipped: results.skipped };
} else if (exitCode === 0) {
  console.log("the suite reported no results");
  summary.failed = 1;
} else summary.failed = Math.max(1, summary.failed);
if (exitCode !== 0 && summary.failed === 0) {
  console.log(`the run exited with ${exitCode} although no test failed`);
  summary.failed = 1;
}
closeRun({ name: "exthost", counts: summary, orphans, done: `done in ${elapsed()}` });
