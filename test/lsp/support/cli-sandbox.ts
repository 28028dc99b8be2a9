// A temporary folder for CLI run tests: fake executables go in `.bin` (first on PATH) and append one line per
// call to `calls.log` (its path is in $CALLS), so a test can read back exactly what a run executed.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const cli = path.resolve(__dirname, "../../../bin/infraflow.js");

export class CliSandbox {
  readonly dir: string;
  readonly bin: string;
  readonly calls: string;
  /** The run history of the CLI's runs (out of the user's state folder, and out of the sandbox's listing). */
  readonly history: string;

  constructor(prefix: string) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    this.bin = path.join(this.dir, ".bin");
    this.calls = path.join(this.dir, "calls.log");
    this.history = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}history-`));
    fs.mkdirSync(this.bin);
  }

  /** `infraflow ARGS` in the folder, with the fakes first on PATH. */
  run(args: string[], extraEnv: Record<string, string> = {}): SpawnSyncReturns<string> {
    return spawnSync(process.execPath, [cli, ...args], {
      cwd: this.dir,
      encoding: "utf8",
      env: { ...process.env, PATH: `${this.bin}:${process.env.PATH}`, CALLS: this.calls, INFRAFLOW_HISTORY: this.history, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
  }

  /** The lines the fakes recorded, in call order. */
  recorded(): string[] {
    return fs.existsSync(this.calls) ? fs.readFileSync(this.calls, "utf8").trim().split("\n") : [];
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.rmSync(this.history, { recursive: true, force: true });
  }
}
