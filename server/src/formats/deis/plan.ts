// Running Deis commands for the app of a folder (the `deis` client finds the app from the folder's `deis` git
// remote, so every command runs in the app folder): `deis scale TYPE=1` per Procfile process type, and for the app
// `deis config:push -p .env` (when a `.env` is beside the Procfile), `deis releases` and `deis rollback` (which
// asks first: it creates a new release with the previous build and config). Each is one step, without a shell.
import * as path from "node:path";
import type { RunPlan } from "../../../../common/run";
import { PlanError } from "../../../../common/run-order";
import type { Span } from "../../core/text";
import type { IndexedFile, PlanInput, RunnableDef, WorkspaceView } from "../types";
import type { DeisFileModel } from "./analyze";
import { appFiles, appId, configId, processId } from "./graph";
import { PROCESS_TYPE } from "./procfile";

const TOP: Span = { start: 0, end: 0 };

export function runnables(file: IndexedFile, ws: WorkspaceView): RunnableDef[] {
  const model = file.facts.model as DeisFileModel | undefined;
  if (!model) return [];
  const { procfile, env } = appFiles(model.dir, ws);
  const out: RunnableDef[] = [];
  if (model.kind === "procfile") {
    const seen = new Set<string>();
    for (const p of model.processes) {
      if (seen.has(p.name) || !PROCESS_TYPE.test(p.name)) continue;
      seen.add(p.name);
      out.push({ id: `process:${p.name}`, label: p.name, kind: "command", detail: `deis scale ${p.name}=1: run one '${p.name}' process (scale to N with deis scale ${p.name}=N)`, actions: ["scale"], span: p.span });
    }
  }
  if (env && procfile) out.push({ id: "config:push", label: "config:push", kind: "command", detail: "deis config:push -p .env: set the app's config from .env (creates a release and redeploys)", span: TOP });
  out.push({ id: "releases", label: "releases", kind: "command", detail: "deis releases: list the app's releases", span: TOP });
  out.push({ id: "rollback", label: "rollback", kind: "command", detail: "deis rollback: a new release with the previous build and config", span: TOP });
  return out;
}

export function plan(file: IndexedFile, ws: WorkspaceView, input: PlanInput): RunPlan {
  const model = file.facts.model as DeisFileModel | undefined;
  if (!model) throw new PlanError("This is not a Deis Procfile or .env file.");
  const dir = model.dir;
  const { procfile, env } = appFiles(dir, ws);
  const deis = input.settings.deisExecutable;
  const policy = { mode: "sequential" as const, maxConcurrency: 1, onFailure: "stop" as const };
  const app = path.basename(dir);
  const whole = (f: { path: string; text: string } | undefined) => (f ? input.locate(f.path, { start: 0, end: f.text.length }) : input.locate(file.path, TOP));
  const id = input.runnable;
  if (id.startsWith("process:")) {
    const type = id.slice("process:".length);
    const p = procfile?.processes.filter((q) => q.name === type).pop();
    if (!p) throw new PlanError(`The Procfile has no process type '${type}'.`);
    if (!PROCESS_TYPE.test(type)) throw new PlanError(`'${type}' is not a valid process type: Deis cannot scale it.`);
    const where = input.locate(procfile!.path, p.span);
    return {
      title: `deis scale ${type}=1 (${app})`,
      policy,
      steps: [{ id, label: `scale ${type}=1`, command: { argv: [deis, "scale", `${type}=1`] }, cwd: dir, needs: [], uri: where.uri, range: where.range, nodeId: processId(dir, type) }],
    };
  }
  if (id === "config:push") {
    if (!env) throw new PlanError("There is no .env beside the Procfile to push.");
    const where = whole(env);
    return {
      title: `deis config:push (${app})`,
      policy,
      steps: [{ id, label: "config:push", command: { argv: [deis, "config:push", "-p", ".env"] }, cwd: dir, needs: [], uri: where.uri, range: where.range, nodeId: configId(dir) }],
    };
  }
  if (id === "releases" || id === "rollback") {
    const where = whole(procfile);
    const prompts = id === "rollback" ? [{ kind: "approval" as const, message: "Roll back to the previous release?" }] : undefined;
    return {
      title: `deis ${id} (${app})`,
      policy,
      steps: [{ id, label: id, command: { argv: [deis, id] }, cwd: dir, needs: [], prompts, uri: where.uri, range: where.range, nodeId: appId(dir) }],
    };
  }
  throw new PlanError(`Nothing named '${id}' to run for this Deis app.`);
}
