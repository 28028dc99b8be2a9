// The engine: runs a RunPlan in real processes and reports RunEvents. It knows nothing of formats; the
// terminal, the editor status, the graph colours, the run history and the CLI all consume the same events.
import { spawn, type ChildProcess } from "node:child_process";
import type { PlanGroup, PlanStep, RunEvent, RunOptions, RunOutcome, RunPlan, StepState } from "../common/run";
import { selectSteps, units, waves } from "../common/run-order";
import { killProcessTree, spawnsDetached } from "./kill";
import { interpreterArgs, interpreterOf, isDirectory, missingDirectory, startFailure } from "./preflight";
import { commandLine } from "../common/quote";

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
  outcome: RunOutcome;
  states: Record<string, StepState>;
  exitCodes: Record<string, number | null>;
  /** Steps that failed with their failure allowed. */
  allowedFailures: number;
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
  const groups = new Map((plan.groups ?? []).map((g) => [g.id, g]));
  let cancelled = false;
  let allowedFailures = 0;
  /** Members of a group that gave up: cancelled without cancelling the run. */
  const abandoned = new Set<string>();
  const stopped = (id: string): boolean => cancelled || abandoned.has(id);
  const graceMs = hooks.killGraceMs ?? 2000;

  emit({ type: "run-started", at: started, plan });
  for (const s of steps) {
    states[s.id] = "queued";
    emit({ type: "step-queued", stepId: s.id });
  }
  const finish = (outcome: RunOutcome): RunResult => {
    emit({ type: "run-finished", at: Date.now(), outcome, durationMs: Date.now() - started, states: { ...states }, allowedFailures });
    return { outcome, states, exitCodes, allowedFailures };
  };
  const skip = (s: PlanStep, reason: string): void => {
    states[s.id] = "skipped";
    emit({ type: "step-skipped", stepId: s.id, reason });
  };
  const cancel = (s: PlanStep): void => {
    states[s.id] = "cancelled";
    emit({ type: "step-cancelled", stepId: s.id });
  };
  /** A step that will not run: cancelled when the run is, else blocked by a need or skipped for a reason. */
  const notRun = (s: PlanStep, why: { blockedBy: string } | { skipped: string }): void => {
    if (cancelled) cancel(s);
    else if ("blockedBy" in why) {
      states[s.id] = "blocked";
      emit({ type: "step-blocked", stepId: s.id, by: why.blockedBy });
    } else skip(s, why.skipped);
  };

  if (opts.dryRun) {
    for (const s of steps) skip(s, `dry run: ${displayCommand(s)}`);
    return finish("succeeded");
  }

  const onAbort = (): void => {
    cancelled = true;
    for (const child of running.values()) killTree(child, graceMs);
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

    /**
     * Ends a step that failed. Its failure is allowed by the step (`allowFailure`: the plan goes on past it, what
     * needs it runs) or by its group (`continueOnFailure`: what needs it in the group is still blocked, as in
     * Atmos's best_effort, but the group does not fail).
     */
    const failed = (s: PlanStep, fin: Omit<Extract<RunEvent, { type: "step-finished" }>, "type" | "stepId" | "state" | "allowed">): "ok" | "failed" => {
      const allowed = !!s.allowFailure || !!(s.group && groups.get(s.group)?.continueOnFailure);
      if (allowed) allowedFailures++;
      states[s.id] = "failed";
      exitCodes[s.id] = fin.exitCode;
      emit({ type: "step-finished", stepId: s.id, ...fin, state: "failed", allowed });
      return s.allowFailure ? "ok" : "failed";
    };

    /** Runs one step to its end; returns whether the run may go on past it. */
    const runStep = async (s: PlanStep): Promise<"ok" | "failed"> => {
      if (stopped(s.id)) {
        cancel(s);
        return "failed";
      }
      if (s.disabled) {
        skip(s, typeof s.disabled === "string" ? `disabled (${s.disabled})` : "disabled");
        return "ok";
      }
      for (const p of s.prompts ?? []) {
        if (!(await ask(p.message, p.kind, s.id))) {
          const now = Date.now();
          emit({ type: "step-started", stepId: s.id, at: now, commandLine: displayCommand(s) });
          emit({ type: "step-output", stepId: s.id, stream: "stderr", text: `Declined: ${p.message}\n` });
          return failed(s, { at: now, exitCode: null, durationMs: 0 });
        }
      }
      if (stopped(s.id)) {
        cancel(s);
        return "failed";
      }
      const t0 = Date.now();
      states[s.id] = "running";
      if (s.unsupported) {
        emit({ type: "step-started", stepId: s.id, at: t0, commandLine: displayCommand(s) });
        emit({ type: "step-output", stepId: s.id, stream: "stderr", text: `${s.unsupported}\n` });
        return failed(s, { at: Date.now(), exitCode: null, durationMs: 0 });
      }
      const { code, signal } = await spawnStep(s, hooks.env ?? process.env, (stream, text) => emit({ type: "step-output", stepId: s.id, stream, text }), (child) => {
        running.set(s.id, child);
        emit({ type: "step-started", stepId: s.id, at: t0, commandLine: displayCommand(s), pid: child.pid });
        if (stopped(s.id)) killTree(child, graceMs);
      }).finally(() => running.delete(s.id));
      if (stopped(s.id) && code !== 0) {
        exitCodes[s.id] = code;
        cancel(s);
        return "failed";
      }
      if (code !== 0) return failed(s, { at: Date.now(), exitCode: code, signal, durationMs: Date.now() - t0 });
      states[s.id] = "succeeded";
      exitCodes[s.id] = code;
      emit({ type: "step-finished", stepId: s.id, at: Date.now(), exitCode: code, signal, durationMs: Date.now() - t0, state: "succeeded", allowed: false });
      return "ok";
    };

    /**
     * Runs a group's members as their needs allow, in plan order, at most `maxConcurrency` at a time; a member
     * that needs a failed one is blocked, and after `cancelAfterFailures` failures the group gives up.
     */
    const runGroup = async (g: PlanGroup, members: PlanStep[]): Promise<"ok" | "failed"> => {
      const ids = new Set(members.map((m) => m.id));
      /** Members started and not yet ended (asking a prompt, or running). */
      const live = new Set<string>();
      let failures = 0;
      let gaveUp = false;
      const anyFailed = await schedule({
        steps: members,
        max: g.maxConcurrency > 0 ? g.maxConcurrency : members.length,
        needs: (s) => s.needs.filter((n) => ids.has(n)),
        failureBlocks: true,
        states,
        run: (s) => {
          live.add(s.id);
          return runStep(s).finally(() => live.delete(s.id));
        },
        halted: () => gaveUp || cancelled,
        settled: (s, r) => {
          // A member cancelled because the group gave up is not one more failure.
          if (r !== "failed" || states[s.id] === "cancelled") return;
          failures++;
          if (g.cancelAfterFailures > 0 && failures >= g.cancelAfterFailures && !gaveUp) {
            gaveUp = true;
            for (const id of live) {
              abandoned.add(id);
              const child = running.get(id);
              if (child) killTree(child, graceMs);
            }
          }
        },
        blocked: (s, by) => notRun(s, { blockedBy: by }),
        leftover: (s) => notRun(s, { skipped: `'${g.label}' gave up after ${failures} failed step${failures === 1 ? "" : "s"}` }),
      });
      return anyFailed && !g.continueOnFailure ? "failed" : "ok";
    };

    let runFailed = false;
    if (plan.policy.mode === "sequential") {
      let stopping = false;
      for (const u of units(plan, steps)) {
        if (stopping || cancelled) {
          for (const s of u.steps) notRun(s, { skipped: "an earlier step failed" });
          continue;
        }
        if ((await (u.group ? runGroup(u.group, u.steps) : runStep(u.steps[0]!))) === "failed") {
          runFailed = true;
          if (plan.policy.onFailure !== "continue") stopping = true;
        }
      }
    } else {
      let stop = false;
      runFailed = await schedule({
        steps,
        max: Math.max(1, plan.policy.maxConcurrency || 1),
        needs: (s) => s.needs,
        failureBlocks: plan.policy.onFailure !== "continue",
        states,
        run: runStep,
        halted: () => stop || cancelled,
        settled: (_s, r) => {
          if (r === "failed" && plan.policy.onFailure === "stop") stop = true;
        },
        blocked: (s, by) => notRun(s, { blockedBy: by }),
        leftover: (s) => notRun(s, { skipped: "an earlier step failed" }),
      });
    }
    if (cancelled) return finish("cancelled");
    return finish(runFailed ? "failed" : allowedFailures > 0 ? "passed-allowed" : "succeeded");
  } finally {
    hooks.signal?.removeEventListener("abort", onAbort);
  }
}

/** States in which a step that was never started stays: what needs it cannot run either. */
const UNREACHED: ReadonlySet<StepState> = new Set(["blocked", "cancelled", "skipped"]);

interface Pool {
  /** In the order they start when several are ready. */
  steps: PlanStep[];
  max: number;
  /** The needs that count in this pool (a group's members wait only for each other). */
  needs(s: PlanStep): string[];
  /** Whether a failed need keeps its dependents from running (a DAG whose policy is `continue` runs them). */
  failureBlocks: boolean;
  states: Record<string, StepState>;
  run(s: PlanStep): Promise<"ok" | "failed">;
  /** Whether nothing more may start (the run is cancelled, a failure stops it, a group gave up). */
  halted(): boolean;
  /** A step ended. */
  settled?(s: PlanStep, result: "ok" | "failed"): void;
  /** A step that cannot run because of a need. */
  blocked(s: PlanStep, by: string): void;
  /** A step left over when nothing runs and nothing more can start. */
  leftover(s: PlanStep): void;
}

/**
 * The scheduler of DAG plans and of groups: starts steps as soon as their needs ended (succeeded, or failed when
 * failures do not block), in order, at most `max` at a time. Returns whether a step failed or was blocked.
 */
async function schedule(o: Pool): Promise<boolean> {
  const pending = [...o.steps];
  const active = new Set<Promise<void>>();
  const outcome = new Map<string, "ok" | "failed">();
  /** Started by this pool: their state may change before their outcome is known (a disabled step is skipped at once). */
  const launched = new Set<string>();
  let anyFailed = false;
  const blocker = (s: PlanStep): string | undefined =>
    o.failureBlocks ? o.needs(s).find((n) => outcome.get(n) === "failed" || (!launched.has(n) && UNREACHED.has(o.states[n]!))) : undefined;
  while (pending.length || active.size) {
    // Block what can never run, start what is ready.
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const s of [...pending]) {
        const by = blocker(s);
        if (by !== undefined) {
          pending.splice(pending.indexOf(s), 1);
          o.blocked(s, by);
          anyFailed = true;
          progressed = true;
          continue;
        }
        if (o.halted() || active.size >= o.max || !o.needs(s).every((n) => outcome.has(n))) continue;
        pending.splice(pending.indexOf(s), 1);
        launched.add(s.id);
        const p: Promise<void> = o.run(s).then((r) => {
          outcome.set(s.id, r);
          if (r === "failed") anyFailed = true;
          active.delete(p);
          o.settled?.(s, r);
        });
        active.add(p);
        progressed = true;
      }
    }
    if (!active.size) {
      for (const s of pending) o.leftover(s);
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
          : spawn(interpreterOf(s.command), interpreterArgs(s.command), { cwd: s.cwd, env, detached: spawnsDetached(), windowsHide: true, stdio: ["ignore", "pipe", "pipe"] });
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
