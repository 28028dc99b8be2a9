// The engine: runs a RunPlan in real processes and reports RunEvents. It knows nothing of formats; the
// terminal, the editor status, the graph colours, the run history and the CLI all consume the same events.
import { spawn, type ChildProcess } from "node:child_process";
import type { PlanGroup, PlanStep, RunEvent, RunOptions, RunPlan, StepState } from "../../../common/run";
import { selectSteps, units, waves } from "./order";
import { killProcessTree, spawnsDetached } from "./kill";
import { interpreterOf, isDirectory, missingDirectory, startFailure } from "./preflight";
import { commandLine } from "./quote";

export interface EngineHooks {
  /** Asks the user to confirm a prompt or approval; without it, prompts are declined unless `force`. */
  confirm?(message: string, kind: "prompt" | "approval", stepId?: string): Promise<boolean>;
  /** Environment for every step (defaults to this process's), before each step's own `env`. */
  env?: NodeJS.ProcessEnv;
  /** Cancels the run: running steps are killed with their whole process tree. */
  signal?: AbortSignal;
  /** How long a cancelled step gets between SIGTERM and SIGKILL. */
  killGraceMs?: number;
}

export interface RunResult {
  outcome: "succeeded" | "failed" | "cancelled";
  states: Record<string, StepState>;
  exitCodes: Record<string, number | null>;
}

/** The text shown for a step's command (a shell script shows its first line). */
export function displayCommand(step: PlanStep): string {
  if ("argv" in step.command) return commandLine(step.command.argv);
  const lines = step.command.shell.split("\n").filter((l) => l.trim() && !/^set\s+-[a-zA-Z]+(\s+\w+)*$/.test(l.trim()));
  return lines.length > 1 ? `${lines[0]} … (${lines.length} lines)` : (lines[0] ?? "");
}

export async function execute(plan: RunPlan, opts: RunOptions, emit: (e: RunEvent) => void, hooks: EngineHooks = {}): Promise<RunResult> {
  const started = Date.now();
  const steps = selectSteps(plan, opts);
  waves(plan, steps); // Fails early on a cycle.
  const states: Record<string, StepState> = {};
  const exitCodes: Record<string, number | null> = {};
  const running = new Map<string, ChildProcess>();
  let cancelled = false;
  let stopping = false;
  /** Members of a group that gave up: cancelled without cancelling the run. */
  const abandoned = new Set<string>();
  const stopped = (id: string): boolean => cancelled || abandoned.has(id);

  emit({ type: "run-started", at: started, plan });
  for (const s of steps) {
    states[s.id] = "queued";
    emit({ type: "step-queued", stepId: s.id });
  }
  const finish = (outcome: RunResult["outcome"]): RunResult => {
    emit({ type: "run-finished", at: Date.now(), outcome, durationMs: Date.now() - started, states: { ...states } });
    return { outcome, states, exitCodes };
  };
  const skip = (s: PlanStep, reason: string): void => {
    states[s.id] = "skipped";
    emit({ type: "step-skipped", stepId: s.id, reason });
  };

  if (opts.dryRun) {
    for (const s of steps) skip(s, `dry run: ${displayCommand(s)}`);
    return finish("succeeded");
  }

  const onAbort = (): void => {
    cancelled = true;
    for (const child of running.values()) killTree(child, hooks.killGraceMs ?? 2000);
  };
  if (hooks.signal?.aborted) onAbort();
  hooks.signal?.addEventListener("abort", onAbort, { once: true });

  const ask = async (message: string, kind: "prompt" | "approval", stepId?: string): Promise<boolean> => {
    const answer = opts.force ? true : hooks.confirm ? await hooks.confirm(message, kind, stepId).catch(() => false) : false;
    emit({ type: "prompt", stepId, message, answer });
    return answer;
  };

  try {
    for (const p of plan.prompts ?? []) {
      if (!(await ask(p.message, p.kind))) {
        for (const s of steps) skip(s, `declined: ${p.message}`);
        return finish("failed");
      }
    }

    /** Runs one step to its end; returns whether the run may go on past it. */
    const runStep = async (s: PlanStep): Promise<"ok" | "failed"> => {
      if (stopped(s.id)) {
        states[s.id] = "cancelled";
        emit({ type: "step-cancelled", stepId: s.id });
        return "failed";
      }
      if (s.disabled) {
        skip(s, typeof s.disabled === "string" ? `disabled (${s.disabled})` : "disabled");
        return "ok";
      }
      for (const p of s.prompts ?? []) {
        if (!(await ask(p.message, p.kind, s.id))) {
          states[s.id] = "failed";
          exitCodes[s.id] = null;
          const now = Date.now();
          emit({ type: "step-started", stepId: s.id, at: now, commandLine: displayCommand(s) });
          emit({ type: "step-output", stepId: s.id, stream: "stderr", text: `Declined: ${p.message}\n` });
          emit({ type: "step-finished", stepId: s.id, at: now, exitCode: null, durationMs: 0, state: "failed", allowed: !!s.allowFailure });
          return s.allowFailure ? "ok" : "failed";
        }
      }
      if (stopped(s.id)) {
        states[s.id] = "cancelled";
        emit({ type: "step-cancelled", stepId: s.id });
        return "failed";
      }
      const t0 = Date.now();
      states[s.id] = "running";
      if (s.unsupported) {
        emit({ type: "step-started", stepId: s.id, at: t0, commandLine: displayCommand(s) });
        emit({ type: "step-output", stepId: s.id, stream: "stderr", text: `${s.unsupported}\n` });
        states[s.id] = "failed";
        exitCodes[s.id] = null;
        emit({ type: "step-finished", stepId: s.id, at: Date.now(), exitCode: null, durationMs: 0, state: "failed", allowed: !!s.allowFailure });
        return s.allowFailure ? "ok" : "failed";
      }
      const { code, signal } = await spawnStep(s, hooks.env ?? process.env, (stream, text) => emit({ type: "step-output", stepId: s.id, stream, text }), (child) => {
        running.set(s.id, child);
        emit({ type: "step-started", stepId: s.id, at: t0, commandLine: displayCommand(s), pid: child.pid });
        if (stopped(s.id)) killTree(child, hooks.killGraceMs ?? 2000);
      }).finally(() => running.delete(s.id));
      exitCodes[s.id] = code;
      if (stopped(s.id) && code !== 0) {
        states[s.id] = "cancelled";
        emit({ type: "step-cancelled", stepId: s.id });
        return "failed";
      }
      const ok = code === 0;
      states[s.id] = ok ? "succeeded" : "failed";
      emit({ type: "step-finished", stepId: s.id, at: Date.now(), exitCode: code, signal, durationMs: Date.now() - t0, state: ok ? "succeeded" : "failed", allowed: !ok && !!s.allowFailure });
      return ok || s.allowFailure ? "ok" : "failed";
    };

    /**
     * Runs a group's members as their needs allow, in plan order, at most `maxConcurrency` at a time; a member
     * that needs a failed one is blocked, and after `cancelAfterFailures` failures the group gives up.
     */
    const runGroup = async (g: PlanGroup, members: PlanStep[]): Promise<"ok" | "failed"> => {
      const max = g.maxConcurrency > 0 ? g.maxConcurrency : members.length;
      const ids = new Set(members.map((m) => m.id));
      const pending = [...members];
      const active = new Map<string, Promise<void>>();
      const outcome = new Map<string, "ok" | "failed">();
      let failures = 0;
      let gaveUp = false;
      let anyFailed = false;
      const needsOf = (s: PlanStep): string[] => s.needs.filter((n) => ids.has(n));
      while (pending.length || active.size) {
        let progressed = true;
        while (progressed) {
          progressed = false;
          for (const s of [...pending]) {
            // A need that failed, or never ran (blocked, cancelled, skipped when the group gave up), blocks.
            const failedNeed = needsOf(s).find((n) => outcome.get(n) === "failed" || (!outcome.has(n) && (states[n] === "blocked" || states[n] === "cancelled" || states[n] === "skipped")));
            if (failedNeed) {
              pending.splice(pending.indexOf(s), 1);
              if (cancelled) {
                states[s.id] = "cancelled";
                emit({ type: "step-cancelled", stepId: s.id });
              } else {
                states[s.id] = "blocked";
                emit({ type: "step-blocked", stepId: s.id, by: failedNeed });
              }
              anyFailed = true;
              progressed = true;
              continue;
            }
            if (gaveUp || cancelled || active.size >= max) continue;
            if (!needsOf(s).every((n) => outcome.get(n) === "ok")) continue;
            pending.splice(pending.indexOf(s), 1);
            const p: Promise<void> = runStep(s).then((r) => {
              outcome.set(s.id, r);
              active.delete(s.id);
              if (r !== "failed") return;
              anyFailed = true;
              // A member cancelled because the group gave up is not one more failure.
              if (states[s.id] !== "cancelled") failures++;
              if (g.cancelAfterFailures > 0 && failures >= g.cancelAfterFailures && !gaveUp) {
                gaveUp = true;
                for (const id of active.keys()) {
                  abandoned.add(id);
                  const child = running.get(id);
                  if (child) killTree(child, hooks.killGraceMs ?? 2000);
                }
              }
            });
            active.set(s.id, p);
            progressed = true;
          }
        }
        if (!active.size) {
          for (const s of pending) {
            if (cancelled) {
              states[s.id] = "cancelled";
              emit({ type: "step-cancelled", stepId: s.id });
            } else skip(s, `'${g.label}' gave up after ${failures} failed step${failures === 1 ? "" : "s"}`);
          }
          break;
        }
        await Promise.race(active.values());
      }
      return anyFailed && !g.continueOnFailure ? "failed" : "ok";
    };

    let failed = false;
    if (plan.policy.mode === "sequential") {
      for (const u of units(plan, steps)) {
        if (stopping || cancelled) {
          for (const s of u.steps) {
            if (cancelled) {
              states[s.id] = "cancelled";
              emit({ type: "step-cancelled", stepId: s.id });
            } else skip(s, "an earlier step failed");
          }
          continue;
        }
        if ((await (u.group ? runGroup(u.group, u.steps) : runStep(u.steps[0]!))) === "failed") {
          failed = true;
          if (plan.policy.onFailure !== "continue") stopping = true;
        }
      }
    } else {
      failed = await runDag(plan, steps, states, runStep, emit, () => cancelled);
    }
    if (cancelled) return finish("cancelled");
    return finish(failed || Object.values(states).some((st) => st === "failed" || st === "blocked") ? (allAllowed(steps, states) && !failed ? "succeeded" : "failed") : "succeeded");
  } finally {
    hooks.signal?.removeEventListener("abort", onAbort);
  }
}

function allAllowed(steps: PlanStep[], states: Record<string, StepState>): boolean {
  return steps.every((s) => states[s.id] !== "blocked" && (states[s.id] !== "failed" || s.allowFailure));
}

/** Runs steps as soon as their needs succeeded, at most `maxConcurrency` at a time. Returns whether any failed. */
async function runDag(
  plan: RunPlan,
  steps: PlanStep[],
  states: Record<string, StepState>,
  runStep: (s: PlanStep) => Promise<"ok" | "failed">,
  emit: (e: RunEvent) => void,
  isCancelled: () => boolean,
): Promise<boolean> {
  const max = Math.max(1, plan.policy.maxConcurrency || 1);
  const pending = [...steps];
  const active = new Set<Promise<void>>();
  const outcome = new Map<string, "ok" | "failed">();
  let anyFailed = false;
  let stop = false;

  const block = (s: PlanStep, by: string): void => {
    states[s.id] = "blocked";
    emit({ type: "step-blocked", stepId: s.id, by });
  };

  while (pending.length || active.size) {
    // Block what can never run, start what is ready.
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const s of [...pending]) {
        const failedNeed = s.needs.find((n) => outcome.get(n) === "failed" || states[n] === "blocked" || states[n] === "cancelled");
        if (failedNeed && plan.policy.onFailure !== "continue") {
          pending.splice(pending.indexOf(s), 1);
          if (isCancelled()) {
            states[s.id] = "cancelled";
            emit({ type: "step-cancelled", stepId: s.id });
          } else block(s, failedNeed);
          progressed = true;
          continue;
        }
        if (stop || isCancelled()) continue;
        if (active.size >= max) continue;
        if (!s.needs.every((n) => outcome.has(n))) continue;
        pending.splice(pending.indexOf(s), 1);
        const p: Promise<void> = runStep(s).then((r) => {
          outcome.set(s.id, r);
          if (r === "failed") {
            anyFailed = true;
            if (plan.policy.onFailure === "stop") stop = true;
          }
          active.delete(p);
        });
        active.add(p);
        progressed = true;
      }
    }
    if (!active.size) {
      // Nothing runs and nothing can start: the rest is skipped (stop) or cancelled.
      for (const s of pending) {
        if (isCancelled()) {
          states[s.id] = "cancelled";
          emit({ type: "step-cancelled", stepId: s.id });
        } else {
          states[s.id] = "skipped";
          emit({ type: "step-skipped", stepId: s.id, reason: "an earlier step failed" });
        }
      }
      break;
    }
    await Promise.race(active);
  }
  return anyFailed;
}

/** Spawns a step in its own process group and resolves when it has exited and its output is drained. */
function spawnStep(
  s: PlanStep,
  baseEnv: NodeJS.ProcessEnv,
  onOutput: (stream: "stdout" | "stderr", text: string) => void,
  onSpawn: (child: ChildProcess) => void,
): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    const env = { ...baseEnv, ...(s.env ?? {}) };
    // Node reports a missing working directory as a missing program (`spawn bash ENOENT`): check it first.
    if (!isDirectory(s.cwd)) {
      onOutput("stderr", `${missingDirectory(s.cwd)}\n`);
      resolve({ code: 127, signal: null });
      return;
    }
    let child: ChildProcess;
    try {
      child =
        "argv" in s.command
          ? spawn(s.command.argv[0]!, s.command.argv.slice(1), { cwd: s.cwd, env, detached: spawnsDetached(), windowsHide: true, stdio: ["ignore", "pipe", "pipe"] })
          : spawn(interpreterOf(s.command), ["-c", s.command.shell], { cwd: s.cwd, env, detached: spawnsDetached(), windowsHide: true, stdio: ["ignore", "pipe", "pipe"] });
    } catch (err) {
      onOutput("stderr", `${startFailure(s, err as NodeJS.ErrnoException)}\n`);
      resolve({ code: 127, signal: null });
      return;
    }
    let exit: { code: number | null; signal: string | null } | undefined;
    let resolved = false;
    const done = (): void => {
      if (!exit || resolved) return;
      resolved = true;
      resolve(exit);
    };
    child.stdout!.setEncoding("utf8");
    child.stderr!.setEncoding("utf8");
    child.stdout!.on("data", (d: string) => onOutput("stdout", d));
    child.stderr!.on("data", (d: string) => onOutput("stderr", d));
    child.on("error", (err) => {
      onOutput("stderr", `${startFailure(s, err)}\n`);
      exit = { code: 127, signal: null };
      done();
    });
    child.on("exit", (code, signal) => {
      exit = { code: code ?? (signal ? 128 : null), signal };
      // Whatever the step left running in its process group goes with it (no orphans); that also closes the
      // pipes they held, so 'close' follows once every byte of output has been read.
      // (POSIX only: on Windows the tree of an exited process can no longer be found.)
      if (child.pid && spawnsDetached()) killProcessTree(child.pid, 0);
      // A process that left the group (setsid) could hold the pipes open forever: do not wait on it.
      setTimeout(done, 2000).unref();
    });
    child.on("close", done);
    onSpawn(child);
  });
}

/** Kills a step's whole process tree: SIGTERM, then SIGKILL after a grace period (taskkill /T /F on Windows). */
export function killTree(child: ChildProcess, graceMs: number): void {
  if (child.pid) killProcessTree(child.pid, graceMs);
}
