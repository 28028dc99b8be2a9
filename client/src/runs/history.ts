// The run history: every run numbered (#1, #2, …) with its plan (environment values redacted), per-step
// outcome, times and a log file, kept in the workspace storage across reloads. Plain Node (fs paths are
// injected), so it is tested without VS Code. Writes are synchronous and atomic (temp file + rename): the
// index is small, and a crash never leaves half a file behind.
import * as fs from "node:fs";
import * as path from "node:path";
import type { TextRange } from "../../../common/graph";
import type { RunPlan, StepState } from "../../../common/run";
import type { RunRequest } from "./task-def";
import { seconds } from "./format";

export type RunOutcome = "running" | "succeeded" | "failed" | "cancelled" | "interrupted";
export type HistoryStepState = StepState | "interrupted";

export interface HistoryStep {
  id: string;
  label: string;
  state: HistoryStepState;
  exitCode?: number | null;
  durationMs?: number;
  allowed?: boolean;
  uri?: string;
  range?: TextRange;
}

export interface RunRecord {
  id: number;
  /** What the run was, e.g. `provision — workspace.poly`. */
  title: string;
  /** What to run again. */
  request: RunRequest;
  outcome: RunOutcome;
  startedAt: number;
  finishedAt?: number;
  durationMs?: number;
  steps: HistoryStep[];
  /** The plan as it ran, without environment values. */
  plan: RunPlan;
  /** Absolute path of the run's log. */
  log: string;
}

interface IndexFile {
  version: 1;
  next: number;
  runs: RunRecord[];
}

export class HistoryStore {
  private data: IndexFile = { version: 1, next: 1, runs: [] };
  private readonly indexFile: string;

  /** `dir` holds `index.json` and one `<n>.log` per run; the oldest runs beyond `max` are dropped. */
  constructor(
    readonly dir: string,
    private readonly max = 100,
  ) {
    this.indexFile = path.join(dir, "index.json");
  }

  /**
   * Reads the index. A run still marked `running` was cut short (VS Code closed or crashed mid-run): it
   * becomes `interrupted`, and so do its steps that were queued or running. Call once per activation.
   */
  load(): RunRecord[] {
    try {
      const raw = JSON.parse(fs.readFileSync(this.indexFile, "utf8")) as Partial<IndexFile>;
      const runs = Array.isArray(raw.runs) ? raw.runs.filter((r) => r && typeof r.id === "number") : [];
      this.data = { version: 1, next: Math.max(typeof raw.next === "number" ? raw.next : 1, ...runs.map((r) => r.id + 1)), runs };
    } catch {
      this.data = { version: 1, next: 1, runs: [] };
    }
    let changed = false;
    for (const r of this.data.runs) {
      if (r.outcome !== "running") continue;
      r.outcome = "interrupted";
      for (const s of r.steps) if (s.state === "running" || s.state === "queued") s.state = "interrupted";
      changed = true;
    }
    if (changed) this.save();
    return this.list();
  }

  /** Newest first. */
  list(): RunRecord[] {
    return [...this.data.runs].sort((a, b) => b.id - a.id);
  }

  get(id: number): RunRecord | undefined {
    return this.data.runs.find((r) => r.id === id);
  }

  /** Records a run that starts now (persisted as `running`, so a crash shows as interrupted) and creates its log. */
  begin(init: { title: string; request: RunRequest; plan: RunPlan; steps: HistoryStep[]; startedAt?: number }): RunRecord {
    const id = this.data.next++;
    fs.mkdirSync(this.dir, { recursive: true });
    const log = path.join(this.dir, `${id}.log`);
    fs.writeFileSync(log, "");
    const rec: RunRecord = { id, title: init.title, request: init.request, outcome: "running", startedAt: init.startedAt ?? Date.now(), steps: init.steps, plan: init.plan, log };
    this.data.runs.push(rec);
    this.prune();
    this.save();
    return rec;
  }

  /** Updates a run (its steps as they end, its outcome when it is over). */
  update(id: number, patch: Partial<Omit<RunRecord, "id" | "log">>): RunRecord | undefined {
    const r = this.get(id);
    if (!r) return undefined;
    Object.assign(r, patch);
    this.save();
    return r;
  }

  /** Deletes a run and its log. */
  delete(id: number): void {
    const r = this.get(id);
    if (!r) return;
    this.data.runs = this.data.runs.filter((x) => x.id !== id);
    rmQuiet(r.log);
    this.save();
  }

  /** Deletes every run that is over (a running run keeps its record and log). */
  clear(): void {
    for (const r of this.data.runs) if (r.outcome !== "running") rmQuiet(r.log);
    this.data.runs = this.data.runs.filter((r) => r.outcome === "running");
    this.save();
  }

  private prune(): void {
    const over = this.data.runs.length - this.max;
    if (over <= 0) return;
    const old = [...this.data.runs].sort((a, b) => a.id - b.id).filter((r) => r.outcome !== "running").slice(0, over);
    for (const r of old) rmQuiet(r.log);
    const gone = new Set(old.map((r) => r.id));
    this.data.runs = this.data.runs.filter((r) => !gone.has(r.id));
  }

  private save(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const tmp = `${this.indexFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.data, null, 1));
    fs.renameSync(tmp, this.indexFile);
  }
}

function rmQuiet(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Already gone.
  }
}

const OUTCOME_ICON: Record<RunOutcome, string> = { running: "◌", succeeded: "✓", failed: "✗", cancelled: "◼", interrupted: "⚠" };

/** `#3 provision — workspace.poly`. */
export function runLabel(r: RunRecord): string {
  return `#${r.id} ${r.title}`;
}

/** `✓ succeeded · 2.1s · 14:03` (the date too when it is not today). */
export function runDescription(r: RunRecord, now = Date.now()): string {
  const parts = [`${OUTCOME_ICON[r.outcome]} ${r.outcome}`];
  if (r.durationMs !== undefined) parts.push(seconds(r.durationMs));
  parts.push(when(r.startedAt, now));
  return parts.join(" · ");
}

/** `exit 2 · 1.2s`, `skipped`, … for a step of a past run. */
export function stepDescription(s: HistoryStep): string {
  const parts: string[] = [s.state === "failed" && s.allowed ? "failed (allowed)" : s.state];
  if (s.exitCode !== undefined && s.exitCode !== null && s.state !== "succeeded") parts.push(`exit ${s.exitCode}`);
  if (s.durationMs !== undefined && (s.state === "succeeded" || s.state === "failed")) parts.push(seconds(s.durationMs));
  return parts.join(" · ");
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function when(at: number, now: number): string {
  const d = new Date(at);
  const n = new Date(now);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.toDateString() === n.toDateString() ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}
