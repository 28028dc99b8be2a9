// Hover: a component's effective vars and settings (after imports and inheritance, each value with the file
// and line it came from), the files an import resolves to, the target of a dependency, and how a step runs.
import * as path from "node:path";
import type { Span } from "../../core/text";
import { DESCRIBE_COMMAND } from "../../../../common/lsp-ext";
import type { CursorRequest } from "../types";
import { configFor, type AtmosConfig } from "./config";
import { renderedSections } from "./describe";
import { effective, leaves, type Val } from "./inherit";
import type { ComponentModel, Dependency, StackModel, StepModel, WorkflowModel } from "./model";
import { engineFor, nameFromConfig, type Engine } from "./stacks";
import { controlSettings, expandMatrix, isControlStep } from "./control";
import { RUNNABLE_STEP_TYPES } from "./shapes";

const inside = (s: Span | undefined, o: number): boolean => !!s && o >= s.start && o <= s.end;

export function hoverAt(req: CursorRequest): string | undefined {
  const model = req.file.facts.model as StackModel | WorkflowModel | undefined;
  if (!model) return undefined;
  const config = configFor(req.file.path, req.ws);
  if (model.kind === "workflow") return stepHover(model, req.offset);
  const engine = engineFor(req.ws);
  for (const imp of model.imports) {
    if (!inside(imp.span, req.offset)) continue;
    const targets = engine.resolveImport(imp, req.file.path);
    if (!targets) return `Import \`${imp.path}\` is resolved by Atmos at run time (template or remote source).`;
    if (!targets.length) return `Import \`${imp.path}\` matches no manifest.`;
    return `Imports ${targets.length > 1 ? `${targets.length} manifests` : "1 manifest"}:\n\n${targets.slice(0, 20).map((t) => `- \`${rel(config, t)}\``).join("\n")}${targets.length > 20 ? `\n- … and ${targets.length - 20} more` : ""}`;
  }
  for (const c of model.components) {
    if (inside(c.nameSpan, req.offset)) return componentHover(engine, config, req.file.path, c);
    for (const d of c.dependencies) if (d.component && inside(d.component.span, req.offset)) return dependencyHover(engine, config, req.file.path, d);
  }
  return undefined;
}

function rel(config: AtmosConfig, p: string): string {
  return path.relative(config.root, p).split(path.sep).join("/");
}

/** The stacks a file takes part in (deployable stacks importing it), or the file alone. */
function stacksOf(engine: Engine, file: string): string[] {
  const roots = engine.roots().filter((r) => r === file || engine.closure(r).files.includes(file));
  return roots.length ? roots : [file];
}

function lineOf(engine: Engine, p: string, offset: number): number {
  const text = engine.manifest(p)?.text ?? "";
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function cell(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  const short = one.length > 60 ? one.slice(0, 57) + "…" : one;
  return short.replace(/\|/g, "\\|").replace(/`/g, "'");
}

function table(engine: Engine, config: AtmosConfig, title: string, v: Val): string {
  const rows = leaves(v);
  if (!rows.length) return `**${title}**: none`;
  const lines = [`| ${title} | value | from |`, "|---|---|---|"];
  for (const r of rows.slice(0, 80)) {
    const from = r.leaf.path ? `${rel(config, r.leaf.path)}:${lineOf(engine, r.leaf.path, r.leaf.offset)}` : "";
    const value = r.leaf.runtime ? `resolved by Atmos at run time: \`${cell(r.leaf.text)}\`` : `\`${cell(r.leaf.text)}\``;
    lines.push(`| \`${cell(r.key)}\` | ${value} | ${from} |`);
  }
  if (rows.length > 80) lines.push(`| … | ${rows.length - 80} more | |`);
  return lines.join("\n");
}

function componentHover(engine: Engine, config: AtmosConfig, file: string, c: ComponentModel): string {
  const stacks = stacksOf(engine, file);
  const ctx = stacks[0]!;
  const eff = effective(engine.merged(ctx), c.name, c.type);
  if (!eff) return "";
  // The same values `describe component` gives: templates rendered, run-time functions shown as such.
  const r = renderedSections(engine, ctx, eff);
  const stackName = engine.roots().includes(ctx) ? engine.stackName(ctx) : undefined;
  const where = stackName ? `in stack \`${stackName}\` (shown here; ${describeLink(c.name, stackName, "describe it")})` : `as seen from \`${rel(config, ctx)}\``;
  const head = [`**${c.type} component \`${c.name}\`** ${where}${eff.component.abstract ? " (abstract: not deployable)" : ""}`];
  if (eff.chain.length) head.push(`Inherits (in merge order): ${eff.chain.map((n) => `\`${n}\``).join(", ")}`);
  if (stacks.length > 1) {
    // Only the shown stack is computed; the others are links that describe the component there on demand.
    const others = stacks.slice(1, 1 + MAX_STACK_LINKS).map((s) => {
      const n = engine.stackName(s);
      return n ? describeLink(c.name, n, n) : `\`${rel(config, s)}\``;
    });
    const more = stacks.length - 1 - others.length;
    head.push(`Describe in another stack (${stacks.length - 1}): ${others.join(" · ")}${more > 0 ? ` · … ${more} more (run **Infraflow: Describe Component in Stack…**)` : ""}`);
  }
  return [head.join("\n\n"), table(engine, config, "vars", r.vars), table(engine, config, "settings", r.settings)].join("\n\n");
}

/** How many other stacks a component hover links to. */
const MAX_STACK_LINKS = 8;

/** A markdown link that runs the describe command (the client trusts this one command in hovers). */
function describeLink(component: string, stack: string, label: string): string {
  const args = encodeURIComponent(JSON.stringify([{ component, stack }])).replace(/[()]/g, (ch) => (ch === "(" ? "%28" : "%29"));
  const text = label.replace(/[[\]\\`*_]/g, (ch) => `\\${ch}`);
  return `[${text}](command:${DESCRIBE_COMMAND}?${args} "Describe ${component.replace(/"/g, "'")} in stack ${stack.replace(/"/g, "'")}")`;
}

function dependencyHover(engine: Engine, config: AtmosConfig, file: string, d: Dependency): string {
  const ctx = stacksOf(engine, file)[0]!;
  let stack: string | undefined;
  if (d.stack) stack = d.stack.name;
  else if (Object.keys(d.context).length) {
    stack = nameFromConfig(config, engine.merged(ctx).vars, d.context as Record<string, string>);
    if (!stack) stack = `the stack with ${Object.entries(d.context).map(([k, v]) => `${k} \`${v}\``).join(", ")}`;
  } else stack = engine.roots().includes(ctx) ? engine.stackName(ctx) : undefined;
  const target = `\`${d.component!.name}\``;
  const form = d.form === "depends_on" ? " (declared with the deprecated `settings.depends_on`)" : "";
  return `Depends on component ${target} in ${stack ? (stack.startsWith("the stack") ? stack : `stack \`${stack}\``) : "the same stack"}${form}.`;
}

function controlHover(st: StepModel): string {
  const c = controlSettings(st);
  const n = st.steps.length;
  const rows = st.type === "matrix" ? expandMatrix(st).length : 0;
  const what = st.type === "matrix" ? `its ${n} step${n === 1 ? "" : "s"} once per matrix row (${rows} row${rows === 1 ? "" : "s"}), rows side by side and, within a row, each step after the one before it unless it sets \`needs\`` : `its ${n} step${n === 1 ? "" : "s"} side by side, each after the siblings it \`needs\``;
  const at = c.maxConcurrency > 0 ? `at most ${c.maxConcurrency} at a time` : "all at once";
  const fail =
    c.mode === "best_effort"
      ? "A failure skips only what needs the failed step, and the workflow goes on (best_effort)."
      : c.mode === "fail_fast"
        ? `After ${Math.max(1, c.maxFailures)} failure${Math.max(1, c.maxFailures) === 1 ? "" : "s"} the running steps are cancelled and the others skipped (fail_fast).`
        : `A failure skips what needs the failed step; the others run${c.maxFailures > 0 ? ` until ${c.maxFailures} have failed` : ""}, then the workflow stops (wait_all).`;
  return `Step \`${st.name}\` (${st.type}) runs ${what}, ${at}. ${fail}`;
}

function stepHover(model: WorkflowModel, offset: number): string | undefined {
  for (const w of model.workflows) {
    const find = (steps: StepModel[]): StepModel | undefined => {
      for (const st of steps) {
        if (!inside(st.fullSpan, offset)) continue;
        return find(st.steps) ?? st;
      }
      return undefined;
    };
    const st = find(w.steps);
    if (!st || !inside(st.nameSpan ?? st.typeSpan, offset)) continue;
    const stack = st.stack?.name ?? w.stack?.name;
    if (isControlStep(st)) return controlHover(st);
    if (!RUNNABLE_STEP_TYPES.includes(st.type)) return `Step \`${st.name}\` is a \`${st.type}\` step: Atmos runs it; Infraflow does not run it locally.`;
    if (st.command === undefined) return undefined;
    const line = st.type === "shell" ? st.command : `atmos ${st.command}${stack ? ` -s ${stack}` : ""}`;
    return `Runs:\n\n\`\`\`sh\n${line}\n\`\`\``;
  }
  return undefined;
}
