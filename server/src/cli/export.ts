// `infraflow export FILE [NAME] --to github-actions|argo`: the plan `infraflow run` would execute, as a workflow of
// GitHub Actions or Argo Workflows.
import * as fs from "node:fs";
import * as path from "node:path";
import { selectSteps, PlanError } from "../../../common/run-order";
import { EXPORT_SETTINGS, EXPORT_TARGETS, ExportError, exportPlan, repositoryRoot, type ExportTarget } from "../export";
import { flag, parseFlags, text } from "./args";
import { UsageError } from "./check";
import { loadPlan, type RunArgs } from "./run";

export interface ExportArgs {
  run: RunArgs;
  to: ExportTarget;
  out?: string;
}

const EXPORT_FLAGS = { to: text(), output: text("o"), action: text(), reverse: flag, local: flag, "with-dependencies": flag };

export function parseExportArgs(args: string[]): ExportArgs {
  const { values: v, positionals: positional } = parseFlags(args, EXPORT_FLAGS, "export");
  const run: RunArgs = { file: "", dryRun: false, force: false, reverse: !!v.reverse, local: !!v.local, json: false, format: "text", withDependencies: !!v["with-dependencies"] };
  if (v.action !== undefined) run.action = v.action;
  const { to, output: out } = v;
  if (!positional.length) throw new UsageError("export needs a FILE.");
  if (positional.length > 2) throw new UsageError("export takes a FILE and at most one name to export.");
  if (to === undefined) throw new UsageError(`export needs --to ${EXPORT_TARGETS.join("|")}.`);
  if (!(EXPORT_TARGETS as readonly string[]).includes(to)) throw new UsageError(`--to must be ${EXPORT_TARGETS.join(" or ")}, not '${to}'.`);
  run.file = positional[0]!;
  run.target = positional[1];
  return { run, to: to as ExportTarget, ...(out !== undefined ? { out } : {}) };
}

/** Exit codes: 0 written, 1 the plan cannot be exported (the message says why), 2 usage. */
export function exportCommand(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const a = parseExportArgs(args);
  const cwd = process.cwd();
  let text: string;
  try {
    const { plan: full, opts, file } = loadPlan(a.run, cwd, EXPORT_SETTINGS);
    // A step named as the target exports that step alone.
    const plan = opts.only ? { ...full, steps: selectSteps(full, { only: opts.only }) } : full;
    text = exportPlan(plan, a.to, { root: repositoryRoot(file, cwd), reverse: a.run.reverse });
  } catch (e) {
    if (e instanceof PlanError) throw new UsageError(e.message);
    if (e instanceof ExportError) {
      err(`infraflow: ${e.message}`);
      return 1;
    }
    throw e;
  }
  if (a.out === undefined) {
    out(text.replace(/\n$/, ""));
    return 0;
  }
  const target = path.resolve(cwd, a.out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  err(`Wrote ${path.relative(cwd, target) || target}.`);
  return 0;
}
