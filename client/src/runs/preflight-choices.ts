// The fixes offered with the message of a run stopped by a missing program. Pure (no vscode), tested in node.
import type { MissingExecutable } from "../../../engine/preflight";

export interface FixChoice {
  title: string;
  kind: "setting" | "localMode" | "install";
  /** The setting to open, or the page to open. */
  target: string;
}

/** The actions for the message, at most one of each kind (the first missing tool that has it). */
export function fixChoices(missing: MissingExecutable[], polycrateMode: string): FixChoice[] {
  const out: FixChoice[] = [];
  const setting = missing.find((m) => m.tool?.setting)?.tool?.setting;
  if (setting) out.push({ title: `Set ${setting}`, kind: "setting", target: setting });
  if (polycrateMode === "cli" && missing.some((m) => m.tool?.localMode)) out.push({ title: "Use local mode", kind: "localMode", target: "infraflow.polycrate.mode" });
  const install = missing.find((m) => m.tool?.installUrl)?.tool?.installUrl;
  if (install) out.push({ title: "Open install page", kind: "install", target: install });
  return out;
}
