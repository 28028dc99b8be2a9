// On a fresh clone the two quick-start commands (`npm start`, `npm test`) install the project's dependencies
// themselves, so that the README can stay at two commands. Only node builtins here: nothing is installed yet.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** Runs `npm ci` in `root` when it has no node_modules of its own; returns false when that failed. */
export function ensureDependencies(root) {
  if (fs.existsSync(path.join(root, "node_modules", ".package-lock.json"))) return true;
  console.log("Installing dependencies (npm ci)...");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  if (r.status !== 0) console.error(`npm ci failed (${r.error ? r.error.message : `exit ${r.status}`}); the reason is printed above.`);
  return r.status === 0;
}
