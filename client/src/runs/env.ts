// The environment of a run: this process's, then `infraflow.env`, then a `.env` beside the file (as the CLI
// does). Values never reach the terminal, the log or the history: only names do. Plain Node, no vscode.
import * as path from "node:path";
import { parseDotEnv } from "../../../common/dotenv";
import { readDotEnv } from "../../../engine/env";

export { parseDotEnv };


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

