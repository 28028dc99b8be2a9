// Before a run asks anything: the programs its steps start are looked up the way the engine's spawn will look
// for them (PATH of the step's environment; on Windows also PATHEXT and the working directory), so a missing
// CLI stops the run before the first prompt with one message that names it. The same words explain a step that
// could not start after all (a directory deleted meanwhile), instead of Node's ambiguous `spawn bash ENOENT`.
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlanStep, RunOptions, RunPlan, RunSettings, StepCommand } from "../common/run";
import { toolFor, type ToolInfo } from "../common/tools";
import { selectSteps } from "../common/run-order";

/** What the lookup needs from the machine; tests pass another platform and a set of files. */
export interface ExecSystem {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** Whether a file exists at this path and may be executed. */
  isExecutable(file: string): boolean;
  /** Whether a directory exists at this path (without it, working directories are not checked). */
  isDirectory?(dir: string): boolean;
}

function executableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== "win32") fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function nodeExecSystem(env: NodeJS.ProcessEnv = process.env): ExecSystem {
  return { platform: process.platform, env, isExecutable: executableFile, isDirectory };
}

/** An environment variable; on Windows names are case-insensitive (`Path`). */
function envVar(env: NodeJS.ProcessEnv, name: string, platform: NodeJS.Platform): string | undefined {
  if (platform !== "win32") return env[name];
  const key = Object.keys(env).find((k) => k.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

/** Whether the name is a path (relative to the working directory) rather than a name to look up on PATH. */
export function isPathLike(name: string, platform: NodeJS.Platform = process.platform): boolean {
  return name.includes("/") || (platform === "win32" && name.includes("\\"));
}

/** The names to try for a program on Windows: as written when it has an extension of PATHEXT, else with each. */
function windowsNames(name: string, pathext: string | undefined): string[] {
  const exts = (pathext || ".COM;.EXE;.BAT;.CMD").split(";").map((e) => e.trim().toLowerCase()).filter(Boolean);
  const ext = path.win32.extname(name).toLowerCase();
  return ext && exts.includes(ext) ? [name] : exts.map((e) => name + e);
}

/**
 * The file a program name stands for, or undefined when there is none: a path is taken relative to `cwd`, a
 * bare name is looked up in the directories of PATH (on Windows after the working directory, as libuv does).
 */
export function resolveExecutable(name: string, cwd: string, sys: ExecSystem): string | undefined {
  if (!name) return undefined;
  const win = sys.platform === "win32";
  const p = win ? path.win32 : path.posix;
  const names = (base: string): string[] => (win ? windowsNames(base, envVar(sys.env, "PATHEXT", sys.platform)) : [base]);
  if (isPathLike(name, sys.platform) || p.isAbsolute(name)) return names(p.resolve(cwd, name)).find((f) => sys.isExecutable(f));
  const dirs = (envVar(sys.env, "PATH", sys.platform) ?? "")
    .split(p.delimiter)
    .map((d) => d.replace(/^"(.*)"$/, "$1"))
    .filter(Boolean);
  if (win) dirs.unshift(cwd);
  for (const d of dirs) {
    const hit = names(p.join(d, name)).find((f) => sys.isExecutable(f));
    if (hit) return hit;
  }
  return undefined;
}

/** The interpreter a shell command runs in (bash unless the plan says otherwise). */
export function interpreterOf(command: Extract<StepCommand, { shell: string }>): string {
  return command.interpreter ?? "bash";
}

/** The arguments that make the interpreter run a step's script. */
export function interpreterArgs(command: Extract<StepCommand, { shell: string }>): string[] {
  return command.interpreter === "powershell" ? ["-NoProfile", "-NonInteractive", "-Command", command.shell] : ["-c", command.shell];
}

/** The program a step starts, or undefined for a step that starts none (disabled, or not runnable here). */
export function stepExecutable(s: PlanStep): string | undefined {
  if (s.disabled || s.unsupported) return undefined;
  return "argv" in s.command ? s.command.argv[0] : interpreterOf(s.command);
}

export interface MissingExecutable {
  /** As the plan names it: `atmos`, `/opt/bin/polycrate`. */
  executable: string;
  tool?: ToolInfo;
  /** The labels of the steps that need it. */
  steps: string[];
  /** Found, but not a program the engine can start (on Windows a `.cmd`/`.bat` found through PATHEXT). */
  found?: string;
}

/**
 * Whether the engine can start this file: on Windows spawn (libuv) starts only `.com` and `.exe` files without a
 * shell, though PATHEXT lets a shell find `.cmd` and `.bat` scripts too.
 */
function startable(file: string, platform: NodeJS.Platform): boolean {
  return platform !== "win32" || [".com", ".exe"].includes(path.win32.extname(file).toLowerCase());
}

export interface MissingDirectory {
  /** The working directory, as the plan has it (absolute). */
  dir: string;
  /** The labels of the steps that run in it. */
  steps: string[];
}

/** The steps a run includes that start a program, each with that program. */
function starting(plan: RunPlan, opts: RunOptions): Array<{ step: PlanStep; exe: string }> {
  if (opts.dryRun) return [];
  return selectSteps(plan, opts).flatMap((step) => {
    const exe = stepExecutable(step);
    return exe === undefined ? [] : [{ step, exe }];
  });
}

/** The working directories of the steps a run includes that do not exist, one entry per directory. */
export function missingDirectories(plan: RunPlan, opts: RunOptions, sys: ExecSystem): MissingDirectory[] {
  const exists = sys.isDirectory;
  if (!exists) return [];
  const checked = new Map<string, boolean>();
  const missing = new Map<string, MissingDirectory>();
  for (const { step } of starting(plan, opts)) {
    if (!checked.has(step.cwd)) checked.set(step.cwd, exists(step.cwd));
    if (checked.get(step.cwd)) continue;
    const m = missing.get(step.cwd) ?? { dir: step.cwd, steps: [] };
    m.steps.push(step.label);
    missing.set(step.cwd, m);
  }
  return [...missing.values()];
}

/**
 * The programs the steps a run includes need and that cannot be found, one entry per program. A step whose working
 * directory is missing is left to missingDirectories: that is what stops it.
 */
export function preflight(plan: RunPlan, opts: RunOptions, settings: RunSettings, sys: ExecSystem): MissingExecutable[] {
  const found = new Map<string, string | undefined>();
  const missing = new Map<string, MissingExecutable>();
  const dirs = new Map<string, boolean>();
  for (const { step: s, exe } of starting(plan, opts)) {
    if (sys.isDirectory) {
      if (!dirs.has(s.cwd)) dirs.set(s.cwd, sys.isDirectory(s.cwd));
      if (!dirs.get(s.cwd)) continue;
    }
    const env = s.env ? { ...sys.env, ...s.env } : sys.env;
    const key = `${exe}\0${s.cwd}\0${envVar(env, "PATH", sys.platform) ?? ""}`;
    let file = found.get(key);
    if (!found.has(key)) found.set(key, (file = resolveExecutable(exe, s.cwd, { ...sys, env })));
    if (file !== undefined && startable(file, sys.platform)) continue;
    const m = missing.get(exe) ?? { executable: exe, tool: toolFor(exe, settings), steps: [], found: file };
    m.steps.push(s.label);
    missing.set(exe, m);
  }
  return [...missing.values()];
}

function notFound(exe: string, platform: NodeJS.Platform): string {
  return isPathLike(exe, platform) ? `'${exe}' does not exist or is not executable` : `'${exe}' was not found on PATH`;
}

function stepList(steps: string[]): string {
  const n = steps.length;
  return steps.slice(0, 3).join(", ") + (n > 3 ? `, … (${n} steps)` : "");
}

/**
 * The one message of a run stopped before it started: each missing working directory with the steps that run in
 * it, then each missing program (missingMessage).
 */
export function preflightMessage(dirs: MissingDirectory[], missing: MissingExecutable[], platform: NodeJS.Platform = process.platform): string {
  const d = dirs.map((m) => `The working directory ${m.dir} does not exist (needed by ${stepList(m.steps)}).`).join(" ");
  if (!missing.length) return d ? `${d} Nothing was run.` : "";
  return d ? `${d} ${missingMessage(missing, platform)}` : missingMessage(missing, platform);
}

/** One message for what the preflight found missing: which program, for which steps, and what to do. */
export function missingMessage(missing: MissingExecutable[], platform: NodeJS.Platform = process.platform): string {
  const parts = missing.map((m) => {
    const what = m.found ? `'${m.executable}' is ${m.found}, a script that can only run through a shell (name its .exe instead)` : notFound(m.executable, platform);
    const who = m.tool ? `${m.tool.name}: ${what}` : what;
    return `${who} (needed by ${stepList(m.steps)}).`;
  });
  const hints = missing.flatMap((m) => (m.tool?.setting ? [`set ${m.tool.setting} to its path`] : []));
  return `${parts.join(" ")} Nothing was run: install it${hints.length ? ` or ${hints.join(", ")}` : ""}.`;
}

/** Why a step's process could not start, with the path: the working directory, the program, or the system's words. */
export function startFailure(s: PlanStep, err: NodeJS.ErrnoException, platform: NodeJS.Platform = process.platform): string {
  const exe = "argv" in s.command ? (s.command.argv[0] ?? "") : interpreterOf(s.command);
  if (!isDirectory(s.cwd)) return missingDirectory(s.cwd);
  if (err.code === "ENOENT") return `Could not start the step: ${notFound(exe, platform)}.`;
  if (err.code === "EACCES") return `Could not start the step: '${exe}' is not executable.`;
  return `Could not start '${exe}': ${err.message}`;
}

export function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

export function missingDirectory(dir: string): string {
  return `Could not start the step: its working directory ${dir} does not exist.`;
}
