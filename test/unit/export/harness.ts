// Reading exported workflows back the way their engines do: GitHub's own parser and expression evaluator, the
// Workflow JSON Schema the Argo project publishes, and a small model of how Argo resolves `depends` and `when`.
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";

export interface GitHubJob {
  id: string;
  needs: string[];
  if: string;
}

/** The workflow through @actions/workflow-parser: its errors, and each job's id, needs and `if` expression. */
export async function parseGitHub(text: string): Promise<{ errors: string[]; jobs: GitHubJob[] }> {
  const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import("@actions/workflow-parser");
  const r = parseWorkflow({ name: "exported.yml", content: text }, new NoOperationTraceWriter());
  const errors = r.context.errors.getErrors().map((e) => e.message);
  if (!r.value) return { errors: errors.length ? errors : ["no workflow"], jobs: [] };
  const t = await convertWorkflowTemplate(r.context, r.value);
  errors.push(...(t.errors ?? []).map((e) => e.Message));
  const jobs = (t.jobs ?? []).map((j) => {
    const job = j as unknown as { id: { value: string }; needs?: Array<{ value: string }>; if?: { expr: string } };
    const needs = (job.needs ?? []).map((n) => n.value);
    // Without a status function GitHub adds `success()`, which the simulation does not model: exports never need it.
    const cond = job.if?.expr ?? "success()";
    if (cond === "success()" && needs.length) errors.push(`job ${job.id.value} has needs and no status function`);
    return { id: job.id.value, needs, if: cond === "success()" ? "true" : cond };
  });
  return { errors, jobs };
}

export type JobResult = "success" | "failure" | "skipped";

/**
 * Runs the workflow's job conditions as GitHub does: jobs in order of their needs, each `if` evaluated by GitHub's
 * expression evaluator with `inputs`, `needs.<id>.result` and `cancelled()` (false), a job whose `if` is false is
 * skipped. `outcome` says how a job that runs ends; an allowed failure is reported as 'failure', the harder case.
 */
export async function simulateGitHub(jobs: GitHubJob[], inputs: Record<string, string>, outcome: (job: string) => "success" | "failure"): Promise<Map<string, JobResult>> {
  const { Lexer, Parser, Evaluator, data } = await import("@actions/expressions");
  const results = new Map<string, JobResult>();
  const dict = (entries: Array<[string, InstanceType<typeof data.StringData> | InstanceType<typeof data.Dictionary>]>) => {
    const d = new data.Dictionary();
    for (const [k, v] of entries) d.add(k, v);
    return d;
  };
  const left = [...jobs];
  while (left.length) {
    const job = left.find((j) => j.needs.every((n) => results.has(n)));
    if (!job) throw new Error("the jobs' needs form a cycle");
    left.splice(left.indexOf(job), 1);
    // `!(…)` makes the result a boolean whatever the operands (a job runs when its `if` is truthy).
    const lexed = new Lexer(`!(${job.if})`).lex();
    const expr = new Parser(lexed.tokens, ["inputs", "needs"], [{ name: "cancelled", minArgs: 0, maxArgs: 0 }]).parse();
    const ctx = dict([
      ["inputs", dict(Object.entries(inputs).map(([k, v]) => [k, new data.StringData(v)]))],
      ["needs", dict(job.needs.map((n) => [n, dict([["result", new data.StringData(results.get(n)!)]])]))],
    ]);
    const fns = new Map([["cancelled", { name: "cancelled", minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(false) }]]);
    const run = new Evaluator(expr, ctx, fns).evaluate().coerceString() === "false";
    results.set(job.id, run ? outcome(job.id) : "skipped");
  }
  return results;
}

export type TaskPhase = "Succeeded" | "Failed" | "Skipped" | "Omitted";

interface ArgoTask {
  name: string;
  template: string;
  depends?: string;
  when?: string;
}

/** The DAG tasks of an exported Argo Workflow. */
export function argoTasks(doc: any): ArgoTask[] {
  return doc.spec.templates.find((t: any) => t.name === doc.spec.entrypoint).dag.tasks;
}

/** The task names a `depends` expression names. */
export function dependsOn(expr: string | undefined): string[] {
  if (!expr) return [];
  return [...new Set([...expr.matchAll(/([a-z][a-z0-9-]*)(?:\.(?:Succeeded|Failed|Errored|Skipped|Omitted|Daemoned))?/g)].map((m) => m[1]!))];
}

/**
 * Resolves the DAG as Argo does: a task whose `depends` is false is Omitted; else one whose `when` is false is
 * Skipped; else it runs (a suspend is resumed, so it succeeds). A bare name in `depends` stands for
 * `Succeeded || Skipped || Daemoned`. `{{workflow.parameters.x}}` in `when` is replaced by the value first.
 */
export function simulateArgo(doc: any, params: Record<string, string>, outcome: (task: string) => "Succeeded" | "Failed"): Map<string, TaskPhase> {
  const phases = new Map<string, TaskPhase>();
  const tasks = argoTasks(doc);
  const left = [...tasks];
  while (left.length) {
    const task = left.find((t) => dependsOn(t.depends).every((n) => phases.has(n)));
    if (!task) throw new Error("the tasks' depends form a cycle");
    left.splice(left.indexOf(task), 1);
    if (task.depends) {
      const js = task.depends.replace(/([a-z][a-z0-9-]*)(?:\.(Succeeded|Failed|Errored|Skipped|Omitted|Daemoned))?/g, (_, name: string, result?: string) => {
        const p = phases.get(name)!;
        return String(result ? p === result : p === "Succeeded" || p === "Skipped");
      });
      if (!/^[truefals|&() !]*$/.test(js)) throw new Error(`unexpected depends '${task.depends}'`);
      if (!(new Function(`return ${js};`)() as boolean)) {
        phases.set(task.name, "Omitted");
        continue;
      }
    }
    if (task.when) {
      const w = task.when.replace(/\{\{workflow\.parameters\.([a-z-]+)\}\}/g, (_, p: string) => params[p] ?? "");
      if (!/^('[a-z0-9-]*'|==|\|\||&&|\(|\)|\s|false|true)*$/.test(w)) throw new Error(`unexpected when '${w}'`);
      if (!(new Function(`return ${w};`)() as boolean)) {
        phases.set(task.name, "Skipped");
        continue;
      }
    }
    phases.set(task.name, task.template === "approval" ? "Succeeded" : outcome(task.name));
  }
  return phases;
}

const SCHEMA = path.resolve(__dirname, "../../../..", "shared/schemas/argo-workflows/schema.json");
export const argoSchemaPresent = fs.existsSync(SCHEMA);
let validator: ((doc: unknown) => string[]) | undefined;

/** The errors of a document against `io.argoproj.workflow.v1alpha1.Workflow` of the published schema. */
export function validateArgo(doc: unknown): string[] {
  if (!validator) {
    const schema = JSON.parse(fs.readFileSync(SCHEMA, "utf8")) as Record<string, unknown>;
    // Ajv 6 reads the draft-07 subset this schema uses; its draft-2020-12 `$schema` tag would make it refuse.
    delete schema.$schema;
    delete schema.$id;
    const ajv = new Ajv({ unknownFormats: "ignore", allErrors: true, logger: false });
    ajv.addSchema(schema, "argo");
    const v = ajv.compile({ $ref: "argo#/definitions/io.argoproj.workflow.v1alpha1.Workflow" });
    validator = (doc) => (v(doc) ? [] : (v.errors ?? []).map((e) => `${e.dataPath} ${e.message}`));
  }
  return validator(doc);
}

export function parseYaml(text: string): any {
  return parse(text);
}
