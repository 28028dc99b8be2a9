// The run history: every run numbered (#1, #2, …) with its plan (environment values redacted), per-step
// outcome, times and a log file, kept across reloads (the extension in its workspace storage, the CLI in its
// state folder), so that a run can be resumed later ("Rerun failed", `infraflow run --resume N`). Plain Node
// (paths are injected), used by the extension and the CLI. Writes are synchronous and atomic (temp file +
// rename): the index is small, and a crash never leaves half a file behind.
import * as fs from "node:fs";
import * as path from "node:path";
import type { TextRange } from "../common/graph";
import type { RunOutcome as EngineOutcome, RunPlan, RunRequest, StepState } from "../common/run";

export type RunOutcome = "running" | EngineOutcome | "interrupted";
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
  /** Steps that failed with their failure allowed (when the outcome is `passed-allowed`). */
  allowedFailures?: number;
  startedAt: number;
  finishedAt?: number;
  durationMs?: number;
  steps: HistoryStep[];
  /** The plan as it ran, without environment values: with `steps`, what a resume reruns (`resumeSelection`). */
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

