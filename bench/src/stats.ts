// Small statistics helpers shared by the benchmark parts.
import { readFileSync } from "node:fs";
export interface Stat {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

export function stat(samples: number[]): Stat {
  const s = [...samples].sort((a, b) => a - b);
  if (!s.length) return { n: 0, median: NaN, p95: NaN, min: NaN, max: NaN };
  const q = (p: number) => {
    // Nearest-rank percentile.
    const i = Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1));
    return s[i]!;
  };
  const round = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, median: round(q(0.5)), p95: round(q(0.95)), min: round(s[0]!), max: round(s[s.length - 1]!) };
}

export function now(): number {
  return performance.now();
}

/** Runs `fn` `warmup` times unmeasured, then `n` times measured. */
export async function measure(n: number, warmup: number, fn: (i: number) => unknown | Promise<unknown>): Promise<Stat> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = now();
    await fn(i);
    out.push(now() - t);
  }
  return stat(out);
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(s);
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Our settings in the benchmark: files up to 4 MB fully checked (the default, 2 MB, leaves the 2 MB Procfile of
 * 50k lines at "syntax only", which is not the comparison we want), everything else as shipped.
 */
/**
 * Flags for our server's node from BENCH_SERVER_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where
 * the time goes.
 */
export function serverNodeArgs(): string[] {
  return (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
}

export const BENCH_SETTINGS = { maxFileSizeKb: 4096 };
