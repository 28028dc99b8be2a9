// What can be run from a document, and the plan for one of them.
import type { PlanRequestParams, Runnable, RunPlan } from "../../../common/run";
import { normalizeRunSettings } from "../../../common/run";
import { PlanError } from "../../../common/run-order";
import type { WorkspaceIndex } from "../index/workspace-index";
import { rangeIn, toUri } from "./convert";

export function runnables(index: WorkspaceIndex, path: string): Runnable[] {
  const f = index.file(path);
  if (!f) return [];
  const fmt = index.format(f.format);
  if (!fmt?.runnables) return [];
  return fmt.runnables(f, index).map(({ span, ...r }) => ({ ...r, uri: toUri(path), range: f.lines.range(span) }));
}

/** Finds a runnable by id, label or `name` (as the CLI accepts it). */
export function findRunnable(list: Runnable[], wanted: string | undefined): Runnable {
  // Steps and other runnables that belong to a parent (env0 aliases of a workflow) are not top-level choices.
  const top = list.filter((r) => r.kind !== "step" && !r.parent);
  if (wanted === undefined) {
    if (top.length === 1) return top[0]!;
    throw new PlanError(top.length ? `Say what to run: ${top.map((r) => r.label).join(", ")}.` : "Nothing in this file can be run.");
  }
  const hit = list.find((r) => r.id === wanted) ?? top.find((r) => r.label === wanted) ?? list.find((r) => r.label === wanted) ?? top.find((r) => r.id.endsWith(`:${wanted}`));
  if (!hit) throw new PlanError(`Nothing named '${wanted}' to run here. Choose one of: ${top.map((r) => r.label).join(", ") || "(none)"}.`);
  return hit;
}

/** The plan of a runnable; `env` is the environment the run starts from (the caller's: features read no globals). */
export function plan(index: WorkspaceIndex, path: string, params: Omit<PlanRequestParams, "uri">, env: Readonly<Record<string, string | undefined>> = {}): RunPlan {
  const f = index.file(path);
  if (!f) throw new PlanError("Infraflow does not serve this file.");
  const fmt = index.format(f.format);
  if (!fmt?.plan) throw new PlanError(`Running ${f.format} files is not supported yet.`);
  const broken = f.parsed.problems.find((p) => p.severity === "error");
  if (broken) throw new PlanError(`The file does not parse (line ${f.lines.position(broken.span.start).line + 1}: ${broken.message}); fix it before running.`);
  const settings = normalizeRunSettings(params.settings);
  const p = fmt.plan(f, index, {
    runnable: params.runnable,
    action: params.action,
    withDependencies: params.withDependencies,
    settings,
    env,
    windows: params.windows === true,
    locate: (file, span) => ({ uri: toUri(file), range: rangeIn(index, file, span) }),
  });
  return { ...p, uri: p.uri ?? toUri(path), format: p.format ?? f.format };
}
