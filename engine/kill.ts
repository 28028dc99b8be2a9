// Stopping a step and everything it started. On POSIX a step runs as the leader of its own process group
// (spawned detached), so signalling the negative pid reaches the whole group. Windows has neither process groups
// nor signals (`process.kill(-pid)` throws there and the tree is left running): `taskkill /T /F` ends a process
// and its descendants. The platform and the two system calls are parameters, so both paths are unit-tested.
import { execFile } from "node:child_process";

export interface KillSystem {
  platform: NodeJS.Platform;
  /** `process.kill`. */
  signal(pid: number, sig: NodeJS.Signals): void;
  /** Runs a program without a shell and ignores its result. */
  run(file: string, args: string[]): void;
}

export const nodeKillSystem: KillSystem = {
  platform: process.platform,
  signal: (pid, sig) => process.kill(pid, sig),
  run: (file, args) => {
    execFile(file, args, { windowsHide: true }, () => undefined);
  },
};

/** Whether steps are spawned as leaders of their own process group (not on Windows, where that opens a console). */
export function spawnsDetached(sys: KillSystem = nodeKillSystem): boolean {
  return sys.platform !== "win32";
}

/**
 * Ends a step's process tree: on POSIX SIGTERM to the group, then SIGKILL after `graceMs` (`graceMs` 0: SIGKILL at
 * once); on Windows `taskkill /PID pid /T /F` (no grace: Windows has no polite signal a console program must obey).
 * Returns false when there was nothing left to signal.
 */
export function killProcessTree(pid: number, graceMs: number, sys: KillSystem = nodeKillSystem): boolean {
  if (sys.platform === "win32") {
    sys.run("taskkill", ["/PID", String(pid), "/T", "/F"]);
    return true;
  }
  try {
    sys.signal(-pid, graceMs > 0 ? "SIGTERM" : "SIGKILL");
  } catch {
    return false;
  }
  if (graceMs > 0) {
    setTimeout(() => {
      try {
        sys.signal(-pid, "SIGKILL");
      } catch {
        // Gone already.
      }
    }, graceMs).unref();
  }
  return true;
}
