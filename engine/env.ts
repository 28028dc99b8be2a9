// What the extension's runs and the CLI's both do with a run's environment: read the `.env` beside the file, and
// keep plans that are written down (history, `--json`) free of environment values, which may hold secrets.
import * as fs from "node:fs";
import { parseDotEnv } from "../common/dotenv";
import type { RunPlan } from "../common/run";

/** Reads a `.env` file, if there is one (none, or unreadable: no variables). */
export function readDotEnv(file: string): Record<string, string> {
  try {
    return parseDotEnv(fs.readFileSync(file, "utf8"));
  } catch {
    return {};
  }
}

/** Plans as JSON without environment values: each step's variables keep their names, their values are hidden. */
export function redactPlan(plan: RunPlan): RunPlan {
  return { ...plan, steps: plan.steps.map((s) => (s.env ? { ...s, env: Object.fromEntries(Object.keys(s.env).map((k) => [k, "••••"])) } : s)) };
}
