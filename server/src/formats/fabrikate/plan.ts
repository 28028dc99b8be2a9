// Running Fabrikate in a component folder: `fab install` (clones git components, fetches Helm charts and runs the
// install hooks, recursively) and `fab generate ENV` for each environment of `config/` (Fabrikate applies
// `common` after it). `fab generate A B` merges environments; it is not offered, one environment per run is.
// A config file offers the `generate` of its own environment. Each is a single step, run without a shell.
import * as path from "node:path";
import type { RunPlan } from "../../../../common/run";
import { PlanError } from "../../../../common/run-order";
import type { IndexedFile, PlanInput, RunnableDef, WorkspaceView } from "../types";
import { componentId, environmentId, treeOf } from "./graph";
import { environments, fileModel } from "./model";

export function runnables(file: IndexedFile, ws: WorkspaceView): RunnableDef[] {
  const fm = fileModel(file);
  if (!fm) return [];
  if (fm.kind === "config") {
    return [{ id: `generate:${fm.environment}`, label: `generate ${fm.environment}`, kind: "command", detail: `fab generate ${fm.environment}`, span: { start: 0, end: 0 } }];
  }
  if (!fm.root) return [];
  const at = fm.root.name?.span ?? fm.root.span;
  const out: RunnableDef[] = [{ id: "install", label: "install", kind: "command", detail: "fab install: fetch the components and charts, run the install hooks", span: at }];
  // An environment named like an option cannot be passed to fab (the plan explains why); it is not offered.
  for (const env of environments(fm.dir, ws).filter((e) => !e.name.startsWith("-"))) out.push({ id: `generate:${env.name}`, label: `generate ${env.name}`, kind: "command", detail: `fab generate ${env.name}`, span: at });
  return out;
}

export function plan(file: IndexedFile, ws: WorkspaceView, input: PlanInput): RunPlan {
  const fm = fileModel(file);
  if (!fm) throw new PlanError("This is not a Fabrikate file.");
  const tree = fm.kind === "component" ? fm : treeOf(fm.dir, ws);
  if (!tree?.root) throw new PlanError(`There is no Fabrikate component.yaml in ${fm.dir}.`);
  const fab = input.settings.fabExecutable;
  const policy = { mode: "sequential" as const, maxConcurrency: 1, onFailure: "stop" as const };
  if (input.runnable === "install") {
    const where = input.locate(tree.path, tree.root.span);
    return {
      title: `fab install in ${path.basename(tree.dir)}`,
      policy,
      steps: [{ id: "install", label: "install", command: { argv: [fab, "install"] }, cwd: tree.dir, needs: [], uri: where.uri, range: where.range, nodeId: componentId(tree.path, tree.root) }],
    };
  }
  if (input.runnable.startsWith("generate:")) {
    const name = input.runnable.slice("generate:".length);
    const env = environments(tree.dir, ws).find((e) => e.name === name);
    if (!env) throw new PlanError(`No environment '${name}' in ${path.join(tree.dir, "config")}.`);
    // The name is an argument of its own, but one starting with '-' would be read as an option.
    if (name.startsWith("-")) throw new PlanError(`The environment name '${name}' starts with '-': fab would read it as an option. Rename the config file.`);
    const where = input.locate(env.path, { start: 0, end: ws.file(env.path)?.text.length ?? 0 });
    return {
      title: `fab generate ${name} in ${path.basename(tree.dir)}`,
      policy,
      steps: [{ id: `generate:${name}`, label: `generate ${name}`, command: { argv: [fab, "generate", name] }, cwd: tree.dir, needs: [], uri: where.uri, range: where.range, nodeId: environmentId(tree.dir, name) }],
    };
  }
  throw new PlanError(`Nothing named '${input.runnable}' to run in this Fabrikate component.`);
}
