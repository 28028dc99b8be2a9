// `infraflow export FILE [NAME] --to github-actions|argo`: the plan `infraflow run` would execute, as a workflow of
// GitHub Actions or Argo Workflows.
import * as fs from "node:fs";
import * as path from "node:path";
import { selectSteps, PlanError } from "../../../common/run-order";
import { EXPORT_SETTINGS, EXPORT_TARGETS, ExportError, exportPlan, repositoryRoot, type ExportTarget } from "../export";
import { UsageError } from "./check";
import { loadPlan, type RunArgs } from "./run";

export interface ExportArgs {
  run: RunArgs;
  to: ExportTarget;
  out?: string;
}

export function parseExportArgs(args: string[]): ExportArgs {
  const run: RunArgs = { file: "", dryRun: false, force: false, reverse: false, local: false, json: false, format: "text", withDependencies: false };
  let to: string | undefined;
  let out: string | undefined;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const [flag, inline] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const take = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || (inline === undefined && v.startsWith("-"))) throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case "--to":
        to = take();
        break;
      case "-o":
      case "--output":
        out = take();
        break;
      case "--action":
        run.action = take();
        break;
      case "--reverse":
        run.reverse = true;
        break;
      case "--local":
        run.local = true;
        break;
      case "--with-dependencies":
        run.withDependencies = true;
        break;
      default:
        if (a.startsWith("-")) throw new UsageError(`Unknown option '${a}' for export.`);
        positional.push(a);
    }
  }
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
