// `infraflow export` and "Infraflow: Export Workflow…": a RunPlan as a workflow of an engine users already run.
import type { RunPlan } from "../../../common/run";
import { toArgo } from "./argo";
import type { ExportOptions, ExportTarget } from "./common";
import { toGitHubActions } from "./github-actions";

export { EXPORT_SETTINGS, EXPORT_TARGETS, ExportError, type ExportOptions, type ExportTarget } from "./common";
export { repositoryRoot } from "./root";

/** The plan as the target's YAML document. Throws ExportError when the plan cannot be exported faithfully. */
export function exportPlan(plan: RunPlan, target: ExportTarget, opts: ExportOptions): string {
  return target === "argo" ? toArgo(plan, opts) : toGitHubActions(plan, opts);
}
