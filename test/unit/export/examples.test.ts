// Every runnable of every example, in every format, exported both ways (and reversed): GitHub's parser accepts the
// workflow, the Argo Workflow matches the published schema, and both carry exactly the plan's edges.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import type { RunPlan } from "../../../common/run";
import { selectSteps } from "../../../common/run-order";
import { EXPORT_SETTINGS, exportPlan } from "../../../server/src/export";
import { plan as planFor, runnables } from "../../../server/src/features/run";
import { FORMATS } from "../../../server/src/formats/registry";
import { nodeHost } from "../../../server/src/index/host";
import { newIndex } from "../../support/ws";
import { argoSchemaPresent, argoTasks, dependsOn, parseGitHub, parseYaml, validateArgo } from "./harness";

const REPO = path.resolve(__dirname, "../../..");
const EXAMPLES = path.join(REPO, "examples");

/** Every plan of every runnable (each action, with and without dependencies) of every file in examples/<format>. */
function examplePlans(): Array<{ name: string; plan: RunPlan }> {
  const out: Array<{ name: string; plan: RunPlan }> = [];
  for (const dir of fs.readdirSync(EXAMPLES).sort()) {
    const index = newIndex(nodeHost, FORMATS);
    index.setRoots([path.join(EXAMPLES, dir)]);
    for (const file of index.paths().sort()) {
      for (const r of runnables(index, file).filter((x) => x.kind !== "step" && !x.parent)) {
        for (const action of r.actions?.length ? r.actions : [undefined]) {
          for (const withDependencies of r.dependencies ? [false, true] : [false]) {
            const name = `${path.relative(EXAMPLES, file)} ${r.label}${action ? ` ${action}` : ""}${withDependencies ? " with dependencies" : ""}`;
            out.push({ name, plan: planFor(index, file, { runnable: r.id, action, withDependencies, settings: EXPORT_SETTINGS }) });
          }
        }
      }
    }
  }
  return out;
}

/** The plan's edges by step label: a chain for a sequence, the needs of a DAG; reversed when asked. */
function expectedEdges(plan: RunPlan, reverse: boolean): string[] {
  const steps = selectSteps(plan, { reverse });
  const label = new Map(plan.steps.map((s) => [s.id, s.label]));
  const edges = steps.flatMap((s, i) => (plan.policy.mode === "sequential" ? (i ? [`${label.get(steps[i - 1]!.id)} -> ${s.label}`] : []) : s.needs.map((n) => `${label.get(n)} -> ${s.label}`)));
  return edges.sort();
}

describe("export: every example, every format", () => {
  const plans = examplePlans();

  it("finds plans in every format's example", () => {
    const formats = new Set(plans.map((p) => p.plan.format));
    assert.deepEqual([...formats].sort(), ["atmos", "deis", "env0", "fabrikate", "polycrate"]);
    assert.ok(plans.some((p) => p.plan.policy.mode === "dag" && p.plan.steps.some((s) => s.needs.length)), "a DAG with edges");
  });

  for (const { name, plan } of plans) {
    for (const reverse of [false, true]) {
      it(`${name}${reverse ? " (reversed)" : ""}`, async () => {
        const want = expectedEdges(plan, reverse);
        const jobLabel = (text: string) => new Map(Object.entries(parseYaml(text).jobs as Record<string, { name: string }>).map(([id, j]) => [id, j.name]));

        const gh = exportPlan(plan, "github-actions", { root: REPO, reverse });
        const { errors, jobs } = await parseGitHub(gh);
        assert.deepEqual(errors, []);
        const ghLabels = jobLabel(gh);
        const ghEdges = jobs.flatMap((j) => j.needs.filter((n) => n !== "approve-run").map((n) => `${ghLabels.get(n)} -> ${ghLabels.get(j.id)}`)).sort();
        assert.deepEqual(ghEdges, want, "GitHub needs");
        assert.equal(jobs.filter((j) => j.id !== "approve-run").length, plan.steps.length);
        assert.match(gh, /^# Exported by Infraflow from examples\//);

        const doc = parseYaml(exportPlan(plan, "argo", { root: REPO, reverse }));
        if (argoSchemaPresent) assert.deepEqual(validateArgo(doc), []);
        const tasks = argoTasks(doc);
        const stepOf = new Map<string, string>();
        for (const [i, s] of selectSteps(plan, { reverse }).entries()) stepOf.set(tasks.filter((t) => t.template !== "approval")[i]!.name, s.label);
        // An approval task stands between a step and its needs: follow it through.
        const byName = new Map(tasks.map((t) => [t.name, t]));
        const needsOf = (t: { depends?: string }): string[] => dependsOn(t.depends).flatMap((n) => (byName.get(n)!.template === "approval" ? needsOf(byName.get(n)!) : [n]));
        const argoEdges = tasks.filter((t) => t.template !== "approval").flatMap((t) => needsOf(t).map((n) => `${stepOf.get(n)} -> ${stepOf.get(t.name)}`)).sort();
        assert.deepEqual(argoEdges, want, "Argo depends");
      });
    }
  }
});
