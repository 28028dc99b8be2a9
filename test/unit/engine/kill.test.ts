// Cancel ends the whole process tree on every platform: a process group on POSIX, taskkill /T /F on Windows.
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { describe, it } from "node:test";
import { killProcessTree, nodeKillSystem, spawnsDetached, type KillSystem } from "../../../engine/kill";

function recorder(platform: NodeJS.Platform, signalThrows = false): KillSystem & { calls: string[] } {
  const calls: string[] = [];
  return {
    platform,
    calls,
    signal: (pid, sig) => {
      calls.push(`signal ${pid} ${sig}`);
      if (signalThrows) throw Object.assign(new Error("kill ESRCH"), { code: "ESRCH" });
    },
    run: (file, args) => void calls.push(`run ${file} ${args.join(" ")}`),
  };
}

describe("killing a step's process tree", () => {
  it("on Windows runs taskkill /PID pid /T /F and never signals a negative pid", () => {
    const sys = recorder("win32");
    assert.equal(killProcessTree(4242, 2000, sys), true);
    assert.deepEqual(sys.calls, ["run taskkill /PID 4242 /T /F"]);
    assert.equal(spawnsDetached(sys), false);
  });

  it("on POSIX signals the process group: SIGTERM, or SIGKILL at once without grace", () => {
    const sys = recorder("linux");
    assert.equal(killProcessTree(77, 0, sys), true);
    assert.deepEqual(sys.calls, ["signal -77 SIGKILL"]);
    const sys2 = recorder("darwin");
    killProcessTree(78, 5000, sys2);
    assert.deepEqual(sys2.calls, ["signal -78 SIGTERM"]);
    assert.equal(spawnsDetached(sys2), true);
  });

  it("on POSIX reports a group that is already gone", () => {
    assert.equal(killProcessTree(79, 0, recorder("linux", true)), false);
  });

  it("ends a real process group here, children included", { skip: process.platform !== "linux" ? "reads /proc (Linux)" : false }, async () => {
    // A shell that starts a long sleep in the background and waits: killing only the shell would orphan the sleep.
    const child = spawn("sh", ["-c", "sleep 30 & echo $!; wait"], { detached: true, stdio: ["ignore", "pipe", "ignore"] });
    const grandchild = await new Promise<number>((resolve) => child.stdout!.once("data", (d) => resolve(Number(String(d).trim()))));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    assert.equal(killProcessTree(child.pid!, 0, nodeKillSystem), true);
    await exited;
    // The grandchild got SIGKILL with its group: gone, or a zombie (state Z) until init reaps it.
    const alive = (pid: number): boolean => {
      try {
        return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
      } catch {
        return false;
      }
    };
    await new Promise<void>((resolve, reject) => {
      const check = (left: number): void => {
        if (!alive(grandchild)) {
          resolve();
          return;
        }
        if (left <= 0) reject(new Error(`process ${grandchild} is still alive`));
        else setImmediate(() => check(left - 1));
      };
      check(100000);
    });
  });
});
