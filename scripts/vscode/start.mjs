#!/usr/bin/env node
// `npm start`: build, then open the extension in a real VS Code on examples/.
//   - A desktop `code` on PATH: `code --extensionDevelopmentPath=<repo> <repo>/examples` (the usual F5 setup).
//   - Otherwise (this machine, CI boxes, containers): code-server on 127.0.0.1:$PORT (default 8738), with the
//     extension linked from the working tree into its own extensions dir, and the URL to open printed.
//     Rebuild (`npm run watch` in another terminal) and run "Developer: Reload Window" to pick up changes.
//     Ctrl+C stops code-server and everything it started (its whole process group).
// Env: PORT, INFRAFLOW_START_FOLDER (default <repo>/examples), INFRAFLOW_NO_DESKTOP=1 (use code-server even
// when `code` exists), INFRAFLOW_START_PROFILE (the kept profile, default <cache>/start).
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  SETTINGS,
  cacheDir,
  cleanupRegistry,
  ensureProvisioned,
  linkExtension,
  root,
  startCodeServer,
} from "./code-server.mjs";
import { ensureDependencies } from "../ensure-deps.mjs";

const DEFAULT_PORT = 8738;
const folder = path.resolve(process.env.INFRAFLOW_START_FOLDER ?? path.join(root, "examples"));

if (!ensureDependencies(root)) process.exit(1);
const b = spawnSync(process.execPath, ["esbuild.mjs"], { cwd: root, stdio: "inherit" });
if (b.status !== 0) process.exit(b.status ?? 1);

function desktopCode() {
  if (process.env.INFRAFLOW_NO_DESKTOP === "1") return undefined;
  const r = spawnSync("code", ["--version"], { encoding: "utf8", timeout: 15000 });
  // code-server installs a `code-server` binary, not `code`; anything answering `code --version` with a
  // version line is a desktop VS Code (or its remote CLI, which forwards to the desktop window).
  return r.status === 0 && /^\d+\.\d+/.test(r.stdout) ? "code" : undefined;
}

const code = desktopCode();
if (code) {
  console.log(`Opening ${folder} in desktop VS Code with the extension under development.`);
  const child = spawn(code, [`--extensionDevelopmentPath=${root}`, folder], { stdio: "inherit" });
  child.on("exit", (c) => process.exit(c ?? 0));
} else {
  await startInCodeServer();
}

async function startInCodeServer() {
  try {
    ensureProvisioned({ quiet: false });
  } catch (e) {
    console.error(String(e.message ?? e));
    process.exit(1);
  }
  // A profile kept between runs (settings, open editors), beside the provisioned code-server.
  const dir = path.resolve(process.env.INFRAFLOW_START_PROFILE ?? path.join(cacheDir(), "start"));
  const profile = {
    dir,
    userDataDir: path.join(dir, "user-data"),
    extensionsDir: path.join(dir, "extensions"),
    xdgDir: path.join(dir, "xdg"),
  };
  for (const d of [path.join(profile.userDataDir, "User"), profile.extensionsDir, profile.xdgDir]) fs.mkdirSync(d, { recursive: true });
  const settings = path.join(profile.userDataDir, "User/settings.json");
  if (!fs.existsSync(settings)) fs.writeFileSync(settings, JSON.stringify(SETTINGS, null, 2));
  stopLeftover(profile);
  linkExtension(profile, root);
  // The kept profile caches extension manifests by version; the working tree's package.json may have changed
  // since the last start (new views, commands), so the cache goes and VS Code reads the manifest afresh.
  fs.rmSync(path.join(profile.userDataDir, "CachedProfilesData"), { recursive: true, force: true });

  const port = Number(process.env.PORT ?? DEFAULT_PORT);
  const cleanup = cleanupRegistry();
  let server;
  try {
    server = await startCodeServer({ profile, port, logFile: path.join(dir, "code-server.log") });
  } catch (e) {
    console.error(String(e.message ?? e));
    console.error(`Is port ${port} taken? Set PORT to use another one.`);
    process.exit(1);
  }
  cleanup.add(() => server.stop(), () => server.killNow());
  const url = `${server.url}/?folder=${encodeURI(folder)}`;
  console.log(`\nInfraflow in VS Code (code-server), extension linked from ${root}:\n\n    ${url}\n`);
  console.log(`Rebuild with 'npm run watch', then "Developer: Reload Window". Log: ${server.logFile}. Ctrl+C stops it.`);
  const exited = await server.exited;
  if (cleanup.signalled) return; // Ctrl+C: the cleanup stops everything and exits.
  console.error(`code-server exited (${JSON.stringify(exited)}); see ${server.logFile}`);
  await cleanup.runAll();
  process.exit(1);
}

/** A code-server left by an earlier `npm start` that was killed hard still holds the profile and the port. */
function stopLeftover(profile) {
  const pidFile = path.join(profile.dir, "code-server.pid");
  if (!fs.existsSync(pidFile)) return;
  const pgid = Number(fs.readFileSync(pidFile, "utf8").trim());
  let cmd = "";
  try {
    cmd = fs.readFileSync(`/proc/${pgid}/cmdline`, "utf8");
  } catch {
    return;
  }
  if (!cmd.includes(profile.userDataDir)) return;
  console.log(`Stopping the code-server left by an earlier run (group ${pgid}).`);
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // Gone meanwhile.
  }
}
