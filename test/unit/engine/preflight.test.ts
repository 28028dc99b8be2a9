// The preflight check: programs are found as spawn finds them (PATH of the step's environment, paths relative to
// its working directory; Windows PATHEXT), a missing one is named once with the steps that need it, and a step
// that cannot start says whether its directory or its program is missing.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { DEFAULT_RUN_SETTINGS, type PlanStep, type RunEvent, type RunPlan } from "../../../common/run";
import { execute } from "../../../engine/engine";
import { fixChoices } from "../../../client/src/runs/preflight-choices";
import { missingDirectories, missingMessage, nodeExecSystem, preflight, preflightMessage, resolveExecutable, type ExecSystem } from "../../../engine/preflight";

let dir: string;
let bin: string;
before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-preflight-")));
  bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, "atmos"), "#!/bin/sh\necho atmos\n", { mode: 0o755 });
  fs.writeFileSync(path.join(bin, "not-executable"), "data\n", { mode: 0o644 });
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const posix = (PATH: string): ExecSystem => nodeExecSystem({ PATH });
const step = (id: string, argv: string[], extra: Partial<PlanStep> = {}): PlanStep => ({ id, label: id, command: { argv }, cwd: dir, needs: [], ...extra });
const plan = (steps: PlanStep[]): RunPlan => ({ title: "t", policy: { mode: "sequential", maxConcurrency: 1, onFailure: "stop" }, steps });

describe("resolveExecutable", () => {
  it("finds a name on PATH, skipping directories without it and files that are not executable", () => {
    assert.equal(resolveExecutable("atmos", dir, posix(`/nonexistent:${bin}`)), path.join(bin, "atmos"));
    assert.equal(resolveExecutable("not-executable", dir, posix(bin)), undefined);
    assert.equal(resolveExecutable("atmos", dir, posix("/nonexistent")), undefined);
    assert.equal(resolveExecutable("atmos", dir, nodeExecSystem({})), undefined, "no PATH, nothing found");
  });

  it("takes a path relative to the working directory, not to PATH", () => {
    assert.equal(resolveExecutable("./bin/atmos", dir, posix("")), path.join(bin, "atmos"));
    assert.equal(resolveExecutable(path.join(bin, "atmos"), "/", posix("")), path.join(bin, "atmos"));
    assert.equal(resolveExecutable("bin/atmos", "/", posix(bin)), undefined);
  });

  it("on Windows: Path in any case, PATHEXT, quoted entries and the working directory first", () => {
    const files = new Set(["C:\\tools\\atmos.exe", "C:\\work\\fab.cmd", "C:\\Program Files\\Polycrate\\polycrate.exe"]);
    const win = (env: NodeJS.ProcessEnv): ExecSystem => ({ platform: "win32", env, isExecutable: (f) => files.has(f) });
    const env = { Path: 'C:\\Windows;C:\\tools;"C:\\Program Files\\Polycrate"', PATHEXT: ".COM;.EXE;.BAT;.CMD" };
    assert.equal(resolveExecutable("atmos", "C:\\work", win(env)), "C:\\tools\\atmos.exe");
    assert.equal(resolveExecutable("atmos.exe", "C:\\work", win(env)), "C:\\tools\\atmos.exe");
    assert.equal(resolveExecutable("polycrate", "C:\\work", win(env)), "C:\\Program Files\\Polycrate\\polycrate.exe");
    assert.equal(resolveExecutable("fab", "C:\\work", win(env)), "C:\\work\\fab.cmd", "the working directory is searched first");
    assert.equal(resolveExecutable("fab", "C:\\work", win({ ...env, PATHEXT: ".EXE" })), undefined, "only PATHEXT's extensions are tried");
    assert.equal(resolveExecutable("..\\tools\\atmos", "C:\\work", win(env)), "C:\\tools\\atmos.exe");
  });
});

describe("preflight", () => {
  it("names each missing program once, with its tool and setting and the steps that need it", () => {
    const p = plan([step("a", ["polycrate", "run", "x", "y"]), step("b", ["atmos", "version"]), step("c", ["polycrate", "run", "x", "z"]), step("d", ["nope"], { disabled: true })]);
    const missing = preflight(p, {}, DEFAULT_RUN_SETTINGS, posix(bin));
    assert.deepEqual(
      missing.map((m) => [m.executable, m.tool?.setting, m.steps]),
      [["polycrate", "infraflow.polycrate.executable", ["a", "c"]]],
    );
    assert.equal(missingMessage(missing, "linux"), "Polycrate CLI: 'polycrate' was not found on PATH (needed by a, c). Nothing was run: install it or set infraflow.polycrate.executable to its path.");
  });

  it("honours the executable settings, the step's own PATH, the steps selected and a dry run", () => {
    const custom = { ...DEFAULT_RUN_SETTINGS, atmosExecutable: path.join(bin, "atmos") };
    assert.deepEqual(preflight(plan([step("a", [path.join(bin, "atmos")])]), {}, custom, posix("")), []);
    const gone = { ...DEFAULT_RUN_SETTINGS, atmosExecutable: "/opt/none/atmos" };
    const m = preflight(plan([step("a", ["/opt/none/atmos", "version"])]), {}, gone, posix(bin));
    assert.equal(m[0]?.tool?.setting, "infraflow.atmos.executable");
    assert.match(missingMessage(m, "linux"), /^Atmos CLI: '\/opt\/none\/atmos' does not exist or is not executable/);
    assert.deepEqual(preflight(plan([step("a", ["atmos"], { env: { PATH: bin } })]), {}, DEFAULT_RUN_SETTINGS, posix("")), []);
    const two = plan([step("a", ["atmos"]), step("b", ["nope-xyz"])]);
    assert.deepEqual(preflight(two, { only: "a" }, DEFAULT_RUN_SETTINGS, posix(bin)), []);
    assert.deepEqual(preflight(two, { dryRun: true }, DEFAULT_RUN_SETTINGS, posix("")), []);
  });

  it("on Windows, a .cmd found through PATHEXT is named as such: spawn starts only .com and .exe files", () => {
    const files = new Set(["C:\\tools\\fab.cmd", "C:\\tools\\atmos.exe"]);
    const win: ExecSystem = { platform: "win32", env: { PATH: "C:\\tools" }, isExecutable: (f) => files.has(f) };
    const p = plan([step("a", ["fab", "install"], { cwd: "C:\\work" }), step("b", ["atmos"], { cwd: "C:\\work" })]);
    const m = preflight(p, {}, DEFAULT_RUN_SETTINGS, win);
    assert.deepEqual(
      m.map((x) => [x.executable, x.found]),
      [["fab", "C:\\tools\\fab.cmd"]],
    );
    assert.match(missingMessage(m, "win32"), /^Fabrikate CLI: 'fab' is C:\\tools\\fab\.cmd, a script that can only run through a shell \(name its \.exe instead\) \(needed by a\)/);
  });

  it("checks the interpreter of a shell step", () => {
    const p = plan([{ id: "s", label: "s", command: { shell: "echo hi", interpreter: "bash" }, cwd: dir, needs: [] }]);
    const m = preflight(p, {}, DEFAULT_RUN_SETTINGS, posix("/nonexistent"));
    assert.deepEqual(
      m.map((x) => [x.executable, x.tool?.name]),
      [["bash", "bash"]],
    );
  });
});

describe("working directories", () => {
  it("names each missing working directory once, with the steps that run in it, and leaves their programs alone", () => {
    const gone = path.join(dir, "blocks", "gone");
    const p = plan([step("a", ["atmos"], { cwd: gone }), step("b", ["./bin/atmos"], { cwd: gone }), step("c", ["atmos"]), step("d", ["atmos"], { cwd: gone, disabled: true })]);
    const dirs = missingDirectories(p, {}, posix(bin));
    assert.deepEqual(dirs, [{ dir: gone, steps: ["a", "b"] }]);
    assert.deepEqual(preflight(p, {}, DEFAULT_RUN_SETTINGS, posix(bin)), [], "a relative program in a missing directory is not reported as missing too");
    assert.equal(preflightMessage(dirs, [], "linux"), `The working directory ${gone} does not exist (needed by a, b). Nothing was run.`);
  });

  it("with a missing program too, says both in one message; a dry run or a step left out checks nothing", () => {
    const gone = path.join(dir, "gone");
    const p = plan([step("a", ["true"], { cwd: gone }), step("b", ["atmos"])]);
    const sys = posix("/nonexistent");
    const message = preflightMessage(missingDirectories(p, {}, sys), preflight(p, {}, DEFAULT_RUN_SETTINGS, sys), "linux");
    assert.match(message, new RegExp(`^The working directory ${gone.replace(/[/.]/g, "\\$&")} does not exist \\(needed by a\\)\\. Atmos CLI: 'atmos' was not found on PATH \\(needed by b\\)\\. Nothing was run: install it`));
    assert.deepEqual(missingDirectories(p, { dryRun: true }, sys), []);
    assert.deepEqual(missingDirectories(p, { only: "b" }, sys), []);
    assert.equal(preflightMessage([], [], "linux"), "");
  });
});

describe("a step that cannot start", () => {
  it("says the program was not found on PATH, or that its path does not exist", async () => {
    const events: RunEvent[] = [];
    const both = { ...plan([step("a", ["no-such-program-xyz"]), step("b", ["./no/such/file"])]), policy: { mode: "sequential", maxConcurrency: 1, onFailure: "continue" } } as RunPlan;
    await execute(both, {}, (e) => events.push(e), { env: { PATH: bin } });
    const out = (id: string): string =>
      events
        .filter((e): e is Extract<RunEvent, { type: "step-output" }> => e.type === "step-output" && e.stepId === id)
        .map((e) => e.text)
        .join("");
    assert.equal(out("a"), "Could not start the step: 'no-such-program-xyz' was not found on PATH.\n");
    assert.equal(out("b"), "Could not start the step: './no/such/file' does not exist or is not executable.\n");
    const finished = events.find((e) => e.type === "step-finished" && e.stepId === "a");
    assert.equal(finished && finished.type === "step-finished" && finished.exitCode, 127);
  });
});

describe("the fixes offered with the message", () => {
  const missingOf = (settings = DEFAULT_RUN_SETTINGS, argv0 = "polycrate") => preflight(plan([step("a", [argv0])]), {}, settings, posix(""));
  it("Polycrate: its setting, local mode while in cli mode, its install page", () => {
    assert.deepEqual(
      fixChoices(missingOf(), "cli").map((c) => [c.title, c.target]),
      [
        ["Set infraflow.polycrate.executable", "infraflow.polycrate.executable"],
        ["Use local mode", "infraflow.polycrate.mode"],
        ["Open install page", "https://docs.polycrate.io/6_installation/"],
      ],
    );
    assert.deepEqual(
      fixChoices(missingOf(), "local").map((c) => c.title),
      ["Set infraflow.polycrate.executable", "Open install page"],
    );
  });

  it("Atmos: its setting and install page, no local mode; an unknown program: nothing to set", () => {
    assert.deepEqual(
      fixChoices(missingOf(DEFAULT_RUN_SETTINGS, "atmos"), "cli").map((c) => c.title),
      ["Set infraflow.atmos.executable", "Open install page"],
    );
    assert.deepEqual(fixChoices(missingOf(DEFAULT_RUN_SETTINGS, "some-tool-xyz"), "cli"), []);
  });
});
