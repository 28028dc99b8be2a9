// A RunPlan as an Argo Workflows `Workflow`: one DAG task per step, the failure policy in `depends` expressions and
// `continueOn`, approvals as `suspend` tasks, the concurrency cap as `spec.parallelism`. Argo rewrites `{{…}}`
// everywhere in a template, so a command holding `{{` travels base64-encoded and is decoded in the container.
import { Buffer } from "node:buffer";
import { Document, isMap, isSeq, type YAMLMap, type YAMLSeq } from "yaml";
import type { RunPlan } from "../../../common/run";
import { ExportError, exportedSteps, planSource, underRoot, uniqueName, type ExportedStep, type ExportOptions } from "./common";

const MAIN = "main";
const APPROVAL_TEMPLATE = "approval";
const GATE_TASK = "approve-run";
const FROM_PARAM = "from-step";
const ONLY_PARAM = "step";
const PVC_PARAM = "workspace-pvc";
const MOUNT = "/workspace";
/** Words the `depends` evaluator (expr) reads as operators or literals, so no task may be called that. */
const RESERVED = ["true", "false", "nil", "and", "or", "not", "in", "matches", "contains", "let", GATE_TASK, MAIN, APPROVAL_TEMPLATE];

/** The `when` of a task: all steps, from itself or a step that leads to it, or it alone (the GitHub export's rule). */
export function taskWhen(name: string, leadsTo: string[]): string {
  const only = `'{{workflow.parameters.${ONLY_PARAM}}}'`;
  const from = `'{{workflow.parameters.${FROM_PARAM}}}'`;
  return `${only} == '${name}' || (${only} == '' && (${from} == ''${[name, ...leadsTo].map((a) => ` || ${from} == '${a}'`).join("")}))`;
}

/**
 * The `depends` of a task. A bare name means "succeeded, skipped (not selected) or daemoned" in Argo, so a task whose
 * need was not part of this submission still runs, while one whose need failed is omitted, and so are its own
 * dependents. An allowed failure also lets its dependents run; under `continue` every outcome does.
 */
export function taskDepends(needs: ExportedStep[], policy: RunPlan["policy"], tolerates: readonly string[] = []): string {
  return needs
    .map((n) =>
      policy.onFailure === "continue"
        ? `(${n.name} || ${n.name}.Failed || ${n.name}.Errored)`
        : tolerates.includes(n.name)
          ? `(${n.name} || ${n.name}.Failed || ${n.name}.Errored || ${n.name}.Omitted)`
          : n.step.allowFailure
            ? `(${n.name} || ${n.name}.Failed)`
            : n.name,
    )
    .join(" && ");
}

const hasBraces = (s: string): boolean => s.includes("{{");
const b64 = (s: string): string => Buffer.from(s, "utf8").toString("base64");

/** The container's command and environment, encoded when Argo would rewrite any of it. */
function containerOf(s: ExportedStep, root: string): { command: string[]; args?: string[]; env?: Array<{ name: string; value: string }> } {
  // A value naming the local checkout names the mounted one.
  const mounted = (v: string): string => {
    const rel = underRoot(v, root);
    return rel === null ? v : rel ? `${MOUNT}/${rel}` : MOUNT;
  };
  const st = { ...s.step, ...("argv" in s.step.command ? { command: { argv: s.step.command.argv.map(mounted) } } : {}) };
  const env = Object.entries(st.env ?? {}).map(([k, v]): [string, string] => [k, mounted(v)]);
  let command: string[];
  let args: string[] | undefined;
  if (st.disabled) command = ["sh", "-c", `echo 'Skipped: disabled'`];
  else if (st.unsupported) {
    // The message goes through base64 too: it may quote the user's file.
    command = ["sh", "-c", `printf '%s\\n' "$(printf %s "$1" | base64 -d)" >&2; exit 1`, "sh", b64(st.unsupported)];
  } else if ("argv" in st.command) {
    const argv = st.command.argv;
    if (!argv.length) throw new ExportError(`Step '${st.label}' has no command.`);
    if (argv.some(hasBraces) || env.some(([, v]) => hasBraces(v))) {
      command = ["sh", "-c", `${decodeEnv(env)}for a do shift; set -- "$@" "$(printf %s "$a" | base64 -d)"; done; exec "$@"`, "sh", ...argv.map(b64)];
    } else {
      command = [argv[0]!];
      args = argv.slice(1);
    }
  } else {
    const interp = st.command.interpreter ?? "bash";
    if (hasBraces(st.command.shell) || env.some(([, v]) => hasBraces(v))) command = ["sh", "-c", `${decodeEnv(env)}exec ${interp} -c "$(printf %s "$1" | base64 -d)"`, "sh", b64(st.command.shell)];
    else command = [interp, "-c", st.command.shell];
  }
  const out: { command: string[]; args?: string[]; env?: Array<{ name: string; value: string }> } = { command };
  if (args?.length) out.args = args;
  if (env.length) out.env = env.map(([name, value]) => (hasBraces(value) ? { name: `INFRAFLOW_B64_${name}`, value: b64(value) } : { name, value }));
  return out;
}

/** Shell lines that restore the environment values that had to travel encoded. */
function decodeEnv(env: Array<[string, string]>): string {
  return env
    .filter(([, v]) => hasBraces(v))
    .map(([k]) => `${k}="$(printf %s "$INFRAFLOW_B64_${k}" | base64 -d)"; export ${k}; unset INFRAFLOW_B64_${k}; `)
    .join("");
}

function imageParam(s: ExportedStep): string {
  return `image-${s.tool ?? "shell"}`;
}

export function toArgo(plan: RunPlan, opts: ExportOptions): string {
  const steps = exportedSteps(plan, opts, (label, taken) => uniqueName(label, taken, 40, RESERVED));
  const byName = new Map(steps.map((s) => [s.name, s]));
  const taken = new Set([...steps.map((s) => s.name), ...RESERVED]);
  const gate = !!plan.prompts?.length;
  for (const s of steps) {
    if (hasBraces(s.cwd)) throw new ExportError(`Step '${s.step.label}' runs in '${s.cwd}', which holds '{{': Argo would rewrite it; rename the directory.`);
    for (const k of Object.keys(s.step.env ?? {})) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new ExportError(`Step '${s.step.label}' sets the environment variable '${k}', which a container cannot carry.`);
  }

  // Everything that leads to each task (its choice as from-step includes it).
  const leadsTo = new Map<string, string[]>();
  const visit = (name: string): string[] => {
    const known = leadsTo.get(name);
    if (known) return known;
    const set = new Set<string>();
    for (const n of byName.get(name)!.needs) for (const a of [n, ...visit(n)]) set.add(a);
    const list = steps.map((s) => s.name).filter((x) => set.has(x));
    leadsTo.set(name, list);
    return list;
  };

  const tasks: Array<Record<string, unknown>> = [];
  const comments: string[] = [];
  if (gate) {
    tasks.push({ name: GATE_TASK, template: APPROVAL_TEMPLATE });
    comments.push(` The run's own prompt: ${plan.prompts!.map((p) => p.message).join(" / ")}. Resume with \`argo resume\` to go on.`);
  }
  const templates: Array<Record<string, unknown>> = [];
  for (const s of steps) {
    const needs = s.needs.map((n) => byName.get(n)!);
    let depends = taskDepends(needs, plan.policy, s.tolerates);
    if (gate && !needs.length) depends = GATE_TASK;
    const when = s.step.disabled ? "false" : taskWhen(s.name, visit(s.name));
    const where = ` Step '${s.step.label}'${s.source ? ` from ${s.source}` : ""}.`;
    if (s.step.prompts?.length && !s.step.disabled) {
      const approve = uniqueName(`approve-${s.name}`, taken, 63);
      tasks.push({ name: approve, template: APPROVAL_TEMPLATE, ...(depends ? { depends } : {}), when });
      comments.push(`${where} Waits here for: ${s.step.prompts.map((p) => p.message).join(" / ")} (\`argo resume\` approves, \`argo stop\` declines).`);
      depends = approve;
    }
    const task: Record<string, unknown> = { name: s.name, template: `run-${s.name}` };
    if (depends) task.depends = depends;
    task.when = when;
    if (s.step.allowFailure) task.continueOn = { failed: true };
    tasks.push(task);
    comments.push(`${where}${s.step.allowFailure ? " Its failure is allowed." : ""}${s.step.disabled ? " Disabled in the source." : ""}${s.step.unsupported ? ` Not runnable as planned: ${s.step.unsupported}` : ""}`);

    const container: Record<string, unknown> = { image: `{{workflow.parameters.${imageParam(s)}}}`, ...containerOf(s, opts.root) };
    container.workingDir = s.cwd === "." ? MOUNT : `${MOUNT}/${s.cwd}`;
    container.volumeMounts = [{ name: "workspace", mountPath: MOUNT }];
    templates.push({ name: `run-${s.name}`, container });
  }

  const images = [...new Set(steps.map(imageParam))];
  const names = steps.map((s) => s.name);
  const spec: Record<string, unknown> = {
    entrypoint: MAIN,
    parallelism: plan.policy.mode === "dag" ? Math.max(1, plan.policy.maxConcurrency || 1) : 1,
    arguments: {
      parameters: [
        { name: FROM_PARAM, value: "", enum: ["", ...names], description: "Start from this step: it and what comes after it run." },
        { name: ONLY_PARAM, value: "", enum: ["", ...names], description: "Run only this step (the from-step is then ignored)." },
        { name: PVC_PARAM, description: `A PersistentVolumeClaim holding a checkout of the repository, mounted at ${MOUNT}.` },
        ...images.map((name) => ({ name, description: name === "image-shell" ? "An image with a POSIX shell for the steps that run scripts." : `An image that has ${name.slice("image-".length)} on its PATH (pin its tag).` })),
      ],
    },
    volumes: [{ name: "workspace", persistentVolumeClaim: { claimName: `{{workflow.parameters.${PVC_PARAM}}}` } }],
    templates: [
      { name: MAIN, dag: { failFast: plan.policy.onFailure === "stop", tasks } },
      ...templates,
      ...(tasks.some((t) => t.template === APPROVAL_TEMPLATE) ? [{ name: APPROVAL_TEMPLATE, suspend: {} }] : []),
    ],
  };
  const generateName = `${uniqueName(plan.title, new Set(), 50)}-`;
  const doc = new Document({ apiVersion: "argoproj.io/v1alpha1", kind: "Workflow", metadata: { generateName }, spec });
  doc.commentBefore = [
    ` Exported by Infraflow from ${planSource(plan, opts.root)}: ${plan.title}${opts.reverse ? " (reversed: dependents first)" : ""}.`,
    " Regenerate it with `infraflow export` rather than editing it by hand.",
    ` Submit it with: argo submit FILE -p ${PVC_PARAM}=CLAIM ${images.map((i) => `-p ${i}=IMAGE`).join(" ")}`,
    ` Failure policy: ${plan.policy.onFailure === "stop" ? "the first failure stops scheduling (Argo's failFast)" : plan.policy.onFailure === "continue" ? "every step runs whatever the others did" : "a failure blocks what depends on it"}.`,
    ...(plan.warnings ?? []).map((w) => ` Warning: ${w}`),
  ]
    .map((l) => l.replace(/\r?\n/g, " "))
    .join("\n");
  const main = ((doc.getIn(["spec", "templates"], true) as YAMLSeq).items[0] as YAMLMap).getIn(["dag", "tasks"], true);
  if (isSeq(main)) main.items.forEach((item, i) => isMap(item) && comments[i] && (item.commentBefore = comments[i]!.replace(/\r?\n/g, " ")));
  return doc.toString({ lineWidth: 0 });
}
