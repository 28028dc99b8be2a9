// Runs a real VS Code on this machine: code-server (VS Code for the browser) on Node 24, driven by headless
// Chromium through playwright-core. Shared by the e2e launchers (test/e2e/) and `npm start`.
// shared/REAL-VSCODE.md has the measurements behind every flag here.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const setupScript = path.join(root, "scripts/vscode/setup.sh");

/** The pinned versions, read from versions.env so that setup.sh and this file cannot disagree. */
export function versions() {
  const text = fs.readFileSync(path.join(root, "scripts/vscode/versions.env"), "utf8");
  return Object.fromEntries([...text.matchAll(/^([A-Z0-9_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
}

export function cacheDir() {
  return process.env.INFRAFLOW_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "infraflow");
}

function which_(cmd) {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // Not in this PATH entry.
    }
  }
  return undefined;
}

/** The provisioned stacks (versions.env): `newest` for everything, `oldest` for the lowest VS Code we claim. */
export const STACKS = ["newest", "oldest"];

function arch() {
  return process.arch === "arm64" ? "arm64" : "x64";
}

/** Where each piece of a provisioned stack lives. Nothing here checks that it exists; see isProvisioned(). */
export function stack(which = "newest") {
  if (!STACKS.includes(which)) throw new Error(`unknown VS Code stack '${which}' (${STACKS.join(", ")})`);
  const v = versions();
  const [nodeVersion, csVersion] = which === "oldest" ? [v.OLDEST_NODE_VERSION, v.OLDEST_CODE_SERVER_VERSION] : [v.NODE_VERSION, v.CODE_SERVER_VERSION];
  const c = cacheDir();
  const nodeDir = path.join(c, `node-${nodeVersion}-linux-${arch()}`);
  const csDir = path.join(c, `code-server-${csVersion}`);
  return {
    which,
    nodeVersion,
    csVersion,
    /** The VS Code version that this code-server ships: code-server 4.Y.Z is VS Code 1.Y.Z. */
    vscodeVersion: csVersion.replace(/^4\./, "1."),
    nodeDir,
    nodeBin: path.join(nodeDir, `node_modules/node-linux-${arch()}/bin`),
    csDir,
    codeServer: path.join(csDir, "node_modules/.bin/code-server"),
    chromium: process.env.INFRAFLOW_CHROMIUM ?? which_("chromium") ?? "/usr/bin/chromium",
  };
}

/** What is missing of a stack, in words (empty when it is all there). */
export function missingParts(which = "newest") {
  const s = stack(which);
  const missing = [];
  if (!fs.existsSync(path.join(s.nodeDir, ".complete"))) missing.push(`Node ${s.nodeVersion} (${s.nodeDir})`);
  if (!fs.existsSync(path.join(s.csDir, ".complete"))) missing.push(`code-server ${s.csVersion} (${s.csDir})`);
  if (!fs.existsSync(s.chromium)) missing.push(`Chromium (${s.chromium})`);
  for (const p of ["playwright-core", "mocha", "@vscode/vsce"]) {
    if (!fs.existsSync(path.join(root, "node_modules", p))) missing.push(`the devDependency ${p} (npm ci)`);
  }
  return missing;
}

export function isProvisioned(which = "newest") {
  return missingParts(which).length === 0;
}

/**
 * Runs setup.sh when anything of the stack is missing. Quiet: prints nothing unless provisioning fails. The
 * child gets this process's environment as it is: setup.sh itself removes what an outer npm put there.
 */
export function ensureProvisioned({ quiet = true, which = "newest" } = {}) {
  if (isProvisioned(which)) return stack(which);
  const s = stack(which);
  if (!quiet) console.log(`Provisioning VS Code ${s.vscodeVersion} (code-server ${s.csVersion} on Node ${s.nodeVersion}) and Chromium into ${cacheDir()} (first run only, about 3 minutes)…`);
  const t = Date.now();
  const r = spawnSync("bash", [setupScript, ...(quiet ? ["--quiet"] : []), which], { stdio: ["ignore", "inherit", "inherit"] });
  const left = missingParts(which);
  if (r.status !== 0 || left.length) {
    throw new Error(
      `Provisioning a real VS Code failed (scripts/vscode/setup.sh ${which} exited ${r.error ? r.error.message : r.status})` +
        (left.length ? `; still missing: ${left.join(", ")}` : "") +
        `. The reason is printed above; 'npm run setup:vscode' runs it again on its own.`,
    );
  }
  console.log(`provisioned VS Code ${s.vscodeVersion} (code-server ${s.csVersion} on Node ${s.nodeVersion}) into ${cacheDir()} in ${Math.round((Date.now() - t) / 1000)} s`);
  return s;
}

/** A port the OS says is free right now (listen on 0, then close). */
export function freePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** User settings for a clean, quiet workbench: no welcome page, no update checks, readable terminal DOM. */
export const SETTINGS = {
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "terminal.integrated.gpuAcceleration": "off",
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.tips.enabled": false,
  "git.enabled": false,
};

/**
 * A fresh profile under `dir`: user data (with SETTINGS), extensions, and XDG dirs so code-server writes
 * nothing to ~/.config or ~/.local. `stack` names the code-server that serves it (stack()).
 */
export function createProfile(dir, extraSettings = {}, stackName = "newest") {
  const p = {
    dir,
    stack: stackName,
    userDataDir: path.join(dir, "user-data"),
    extensionsDir: path.join(dir, "extensions"),
    xdgDir: path.join(dir, "xdg"),
  };
  fs.mkdirSync(path.join(p.userDataDir, "User"), { recursive: true });
  fs.mkdirSync(p.extensionsDir, { recursive: true });
  fs.mkdirSync(p.xdgDir, { recursive: true });
  fs.writeFileSync(path.join(p.userDataDir, "User/settings.json"), JSON.stringify({ ...SETTINGS, ...extraSettings }, null, 2));
  return p;
}

function csEnv(profile, extra = {}) {
  const s = stack(profile.stack);
  return {
    ...process.env,
    PATH: `${s.nodeBin}${path.delimiter}${process.env.PATH}`,
    XDG_CONFIG_HOME: profile.xdgDir,
    XDG_DATA_HOME: profile.xdgDir,
    ...extra,
  };
}

/**
 * The flags this stack's code-server accepts that older releases lack (4.93.1 has neither): `--vscode-option`
 * (setup.sh adds `--enable-smoke-test-driver` to releases without it) and `--reconnection-grace-time`.
 */
function flagsOf(which) {
  const cli = fs.readFileSync(path.join(stack(which).csDir, "node_modules/code-server/out/node/cli.js"), "utf8");
  return { vscodeOption: cli.includes('"vscode-option"'), graceTime: cli.includes('"reconnection-grace-time"') };
}

function baseArgs(profile) {
  return ["--config", "/dev/null", "--user-data-dir", profile.userDataDir, "--extensions-dir", profile.extensionsDir];
}

/** `code-server --install-extension x.vsix` into the profile's extensions dir (about 1 s). */
export function installExtension(profile, vsix) {
  const r = spawnSync(stack(profile.stack).codeServer, [...baseArgs(profile), "--install-extension", vsix, "--force"], {
    env: csEnv(profile),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout.trim();
}

/**
 * Installs an extension from its source folder: a symlink `<publisher>.<name>-<version>` in the extensions dir.
 * The workbench then loads the built dist/ of the working tree (rebuild + "Developer: Reload Window" picks up
 * changes), with no packaging and without the smoke-test driver that extensionDevelopmentPath needs.
 */
export function linkExtension(profile, extRoot) {
  const pkg = JSON.parse(fs.readFileSync(path.join(extRoot, "package.json"), "utf8"));
  const prefix = `${pkg.publisher}.${pkg.name}-`.toLowerCase();
  for (const e of fs.readdirSync(profile.extensionsDir, { withFileTypes: true })) {
    // An older link (another version) or an install of the .vsix would load a second copy.
    if (e.name.toLowerCase().startsWith(prefix)) fs.rmSync(path.join(profile.extensionsDir, e.name), { recursive: !e.isSymbolicLink(), force: true });
  }
  const link = path.join(profile.extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  fs.symlinkSync(extRoot, link, "dir");
  return link;
}

/** Whether any process of the group `pgid` is still there. */
export function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

async function until(what, deadlineMs, probe, everyMs = 50) {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function healthy(url) {
  return new Promise((resolve) => {
    const req = http.get(`${url}/healthz`, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.setTimeout(1000, () => req.destroy());
  });
}

/**
 * Starts code-server in a session and process group of its own (the `setsid` + pidfile wrapper: the pidfile
 * holds the group id even if setsid forks), so that stop() can kill the whole tree: server, extension hosts,
 * language servers, ptyHost and terminal shells. Resolves once /healthz answers.
 *
 * Options: profile (createProfile), port, host, smokeDriver (mode A: honour the extension test payload; it also
 * hides notifications), disableWorkspaceTrust (default true), runId (tagged into every descendant's
 * environment as INFRAFLOW_E2E_RUN for the orphan check), env (extra environment for the server and its
 * extension hosts), logFile.
 */
export async function startCodeServer({
  profile,
  port,
  host = "127.0.0.1",
  smokeDriver = false,
  disableWorkspaceTrust = true,
  runId,
  env = {},
  logFile = path.join(profile.dir, "code-server.log"),
  startTimeoutMs = 30000,
}) {
  const pidFile = path.join(profile.dir, "code-server.pid");
  fs.rmSync(pidFile, { force: true });
  const flags = flagsOf(profile.stack);
  const args = [
    ...baseArgs(profile),
    "--bind-addr",
    `${host}:${port}`,
    "--auth",
    "none",
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-getting-started-override",
    "--ignore-last-opened",
    ...(flags.graceTime ? ["--reconnection-grace-time", "5"] : []),
    ...(disableWorkspaceTrust ? ["--disable-workspace-trust"] : []),
    ...(smokeDriver ? (flags.vscodeOption ? ["--vscode-option", "enable-smoke-test-driver"] : ["--enable-smoke-test-driver"]) : []),
  ];
  const out = fs.openSync(logFile, "a");
  const child = spawn("setsid", ["bash", "-c", 'echo $$ > "$0"; exec "$@"', pidFile, stack(profile.stack).codeServer, ...args], {
    stdio: ["ignore", out, out],
    env: csEnv(profile, { ...env, ...(runId ? { INFRAFLOW_E2E_RUN: runId } : {}) }),
  });
  fs.closeSync(out);
  let exited = null;
  const exitP = new Promise((resolve) => child.on("exit", (code, signal) => resolve((exited = { code, signal }))));
  child.on("error", (e) => (exited = { code: -1, signal: String(e) }));

  await until("pidfile", 5000, () => fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8").trim() !== "");
  const pgid = Number(fs.readFileSync(pidFile, "utf8").trim());
  const url = `http://${host}:${port}`;
  let stopped = false;
  const server = {
    url,
    host: `${host}:${port}`,
    pgid,
    logFile,
    child,
    exited: exitP,
    /** Kills the whole group: SIGTERM, then SIGKILL after `graceMs`. Resolves when the group is gone. */
    async stop(graceMs = 3000) {
      if (stopped) return;
      stopped = true;
      if (groupAlive(pgid)) {
        try {
          process.kill(-pgid, "SIGTERM");
        } catch {
          // Already gone.
        }
        if (!(await until("group exit", graceMs, () => !groupAlive(pgid)))) {
          try {
            process.kill(-pgid, "SIGKILL");
          } catch {
            // Already gone.
          }
          await until("group kill", 3000, () => !groupAlive(pgid));
        }
      }
      if (!exited) await Promise.race([exitP, new Promise((r) => setTimeout(r, 2000))]);
    },
    /** Synchronous last resort for process 'exit' handlers. */
    killNow() {
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {
        // Already gone.
      }
    },
  };
  const ok = await until("healthz", startTimeoutMs, async () => exited !== null || (await healthy(url)), 100);
  if (!ok || exited) {
    await server.stop();
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-4000) : "";
    throw new Error(`code-server did not answer ${url}/healthz (${exited ? `exited ${JSON.stringify(exited)}` : "timeout"}):\n${log}`);
  }
  return server;
}

/** Headless Chromium flags: no sandbox (root), no GPU, no background traffic to hosts we cannot reach. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export async function launchChromium({ runId, headless = true } = {}) {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: stack().chromium,
    headless,
    args: CHROMIUM_ARGS,
    // Our cleanupRegistry closes the browser; Playwright's own handlers would exit the process before the
    // code-server group is stopped and the orphan check has run.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    env: { ...process.env, ...(runId ? { INFRAFLOW_E2E_RUN: runId } : {}) },
  });
}

/**
 * Processes that carry `INFRAFLOW_E2E_RUN=<runId>` in their environment: everything the run started
 * (code-server and its children, Chromium and its helpers), since environments are inherited.
 */
export function processesOfRun(runId) {
  const needle = Buffer.from(`INFRAFLOW_E2E_RUN=${runId}\0`);
  const found = [];
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const env = fs.readFileSync(`/proc/${pid}/environ`);
      if (!env.includes(needle)) continue;
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim().slice(0, 160);
      found.push({ pid: Number(pid), cmd });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/**
 * Waits briefly for the run's processes to disappear; kills and reports any that stay. Returns the survivors
 * (empty when the run left nothing behind).
 */
export async function reapRun(runId, graceMs = 3000) {
  let left = [];
  await until("no orphans", graceMs, () => (left = processesOfRun(runId)).length === 0, 100);
  for (const p of left) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
  return left;
}

/**
 * How every launcher ends: the processes of the run that outlived it are reported (each such run counts one more
 * failure), then the lines test/run.mjs reads (`##infraflow-summary`) and people read, and the exit code.
 */
export function closeRun({ name, counts, orphans, done }) {
  if (orphans.length) {
    console.log(`orphans: ${orphans.length} process(es) of this run outlived it and were killed:\n${orphans.map((p) => `  ${p.pid} ${p.cmd}`).join("\n")}`);
    counts.failed++;
  } else console.log("orphans: none (no process this run started is left)");
  console.log(`${name}: ${done}`);
  console.log(`##infraflow-summary ${JSON.stringify(counts)}`);
  console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  process.exit(counts.failed > 0 ? 1 : 0);
}

export function newRunId() {
  return `${process.pid}-${Date.now().toString(36)}`;
}

/**
 * Cleanup on every way out: the returned `add(fn)` registers an async cleanup; SIGINT/SIGTERM run them all,
 * check that no process of `runId` survived, and exit with 130/143; `killNow` functions also run
 * synchronously on process exit as a last resort.
 */
export function cleanupRegistry(runId) {
  const fns = [];
  const sync = [];
  let running = null;
  let signalled = false;
  const runAll = () => (running ??= (async () => {
    for (const fn of fns.reverse()) {
      try {
        await fn();
      } catch (e) {
        console.error(`cleanup: ${e?.message ?? e}`);
      }
    }
  })());
  const onSignal = (sig, code) => async () => {
    if (signalled) return;
    signalled = true;
    console.error(`\n${sig}: stopping what this run started…`);
    await runAll();
    if (runId) {
      const left = await reapRun(runId);
      console.error(left.length ? `orphans: killed ${left.length}: ${left.map((p) => p.cmd).join("; ")}` : "orphans: none");
    }
    process.exit(code);
  };
  const int = onSignal("SIGINT", 130);
  const term = onSignal("SIGTERM", 143);
  process.on("SIGINT", int);
  process.on("SIGTERM", term);
  process.on("exit", () => sync.forEach((f) => f()));
  return {
    /** True once SIGINT or SIGTERM started the cleanup: the main flow should stay quiet and let it exit. */
    get signalled() {
      return signalled;
    },
    add(fn, killNow) {
      fns.push(fn);
      if (killNow) sync.push(killNow);
    },
    runAll,
  };
}
