// Reads the run settings (`infraflow.polycrate.mode`, …) as the plain object with dotted keys that plan
// requests carry and normalizeRunSettings reads.
import * as vscode from "vscode";
import { normalizeRunSettings, type RunSettings } from "../../../common/run";

/** The `infraflow.*` keys that shape plans and runs (declared in package.json). */
export const RUN_SETTING_KEYS = [
  "polycrate.mode",
  "polycrate.executable",
  "atmos.executable",
  "fabrikate.executable",
  "deis.executable",
  "env0.command",
  "maxConcurrency",
  "force",
  "env",
] as const;

/** The settings as sent to the server: `{"polycrate.mode": "local", …}` (only keys that have a value). */
export function rawRunSettings(scope?: vscode.Uri): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration("infraflow", scope);
  const out: Record<string, unknown> = {};
  for (const k of RUN_SETTING_KEYS) {
    const v = c.get(k);
    if (v !== undefined && v !== null) out[k] = v;
  }
  return out;
}

export function readRunSettings(scope?: vscode.Uri): RunSettings {
  return normalizeRunSettings(rawRunSettings(scope));
}
