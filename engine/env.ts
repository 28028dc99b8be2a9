// What the extension's runs and the CLI's both do with a run's environment: this process's, then `infraflow.env`,
// then a `.env` beside the file; and keep plans that are written down (history, `--json`) free of environment
// values, which may hold secrets. Only names ever reach the terminal, the log or the history.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDotEnv } from "../common/dotenv";
import type { RunPlan } from "../common/run";

export { parseDotEnv };

/** Reads a `.env` file, if there is one (none, or unreadable: no variables). */
export function readDotEnv(file: string): Record<string, string> {
  try {
    return parseDotEnv(fs.readFileSync(file, "utf8"));
  } catch {
    return {};
  }
}

export interface RunEnv {
  env: NodeJS.ProcessEnv;
  /** Names (never values) from each source, for one line in the terminal. */
  fromSettings: string[];
  fromDotEnv: string[];
  dotEnvFile: string | undefined;
}

/** Builds the environment for a run of `file`: base, then settings, then the `.env` beside the file. */
export function runEnv(file: string, settingsEnv: Record<string, string>, base: NodeJS.ProcessEnv = process.env): RunEnv {
  const dotEnvFile = path.join(path.dirname(file), ".env");
  const dot = readDotEnv(dotEnvFile);
  return {
    env: { ...base, ...settingsEnv, ...dot },
    fromSettings: Object.keys(settingsEnv),
    fromDotEnv: Object.keys(dot),
    dotEnvFile: Object.keys(dot).length ? dotEnvFile : undefined,
  };
}

/** One line that says where variables come from, by name only. */
export function envSummary(e: RunEnv): string {
  const parts: string[] = [];
  if (e.fromSettings.length) parts.push(`infraflow.env: ${e.fromSettings.join(", ")}`);
  if (e.fromDotEnv.length) parts.push(`${path.basename(e.dotEnvFile ?? ".env")}: ${e.fromDotEnv.join(", ")}`);
  return parts.length ? `Environment (names only): ${parts.join("; ")}` : "";
}

/** Plans as JSON without environment values: each step's variables keep their names, their values are hidden. */
export function redactPlan(plan: RunPlan): RunPlan {
  return { ...plan, steps: plan.steps.map((s) => (s.env ? { ...s, env: Object.fromEntries(Object.keys(s.env).map((k) => [k, "••••"])) } : s)) };
}
