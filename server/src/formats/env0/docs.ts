// Markdown for sub-environments: the symbol doc shown on hover over an alias and its `needs` entries, and the
// whole deploy order shown beside it.
import { deployWaves, environment, neededBy, needsOf, waveOf, type SubEnvironmentModel, type WorkflowModel } from "./model";

const code = (s: string): string => "`" + s.replace(/`/g, "'") + "`";
const list = (names: string[]): string => (names.length ? names.map(code).join(", ") : "nothing");

/** One line on where the code comes from: a template, or an inline repository. */
export function sourceSummary(env: SubEnvironmentModel): string | undefined {
  if (env.templateName) return `Template ${code(env.templateName.value)}${env.revision ? ` at ${code(env.revision.value)}` : ""}`;
  if (env.vcs) {
    const v = env.vcs;
    const what = v.type ? `${v.type.value} code` : "Code";
    const where = v.repository ? ` from ${code(v.repository.value)}` : "";
    const path = v.path?.value ? `, path ${code(v.path.value)}` : "";
    const rev = v.revision ?? env.revision;
    return `${what}${where}${path}${rev ? ` at ${code(rev.value)}` : ""}`;
  }
  return undefined;
}

/** Notes on approval and on being disabled. */
export function flagNotes(env: SubEnvironmentModel): string[] {
  const out: string[] = [];
  const approval = env.requiresApproval?.value;
  if (approval === true) out.push("Requires approval: env0 pauses it after the plan until someone approves.");
  else if (typeof approval === "string") out.push(`Requires approval when ${code(approval)} is true.`);
  const disabled = env.disabled?.value;
  if (disabled === true) out.push("Disabled: skipped when the workflow deploys.");
  else if (typeof disabled === "string") out.push(`Disabled when ${code(disabled)} is true: then it is skipped.`);
  return out;
}

/** The doc of an alias symbol. */
export function aliasDoc(model: WorkflowModel, env: SubEnvironmentModel): string {
  // The alias's wave from a map kept with the model's graph (each doc used to copy every wave and search them).
  const { wave, waves } = waveOf(model, env.alias);
  const lines = [`**sub-environment** ${code(env.alias)}${env.name ? ` — ${env.name.value}` : ""}`];
  const source = sourceSummary(env);
  if (source) lines.push(source);
  lines.push(`**Needs:** ${list(needsOf(model, env))}  \n**Needed by:** ${list(neededBy(model, env.alias))}`);
  if (wave === -1) lines.push("**Deploys:** never: it is in a dependency cycle or needs something that is.");
  else lines.push(`**Deploys in wave ${wave + 1} of ${waves}**${wave === 0 ? " (it needs nothing)" : ""}.`);
  lines.push(...flagNotes(env));
  return lines.join("\n\n");
}

/** The whole deploy order, with `alias` in bold. */
export function deployOrderDoc(model: WorkflowModel, alias: string): string {
  const waves = deployWaves(model);
  const mark = (a: string): string => {
    const env = environment(model, a);
    const notes = [env?.disabled?.value === true ? "disabled" : "", env?.requiresApproval?.value === true ? "approval" : ""].filter(Boolean);
    const name = a === alias ? `**${code(a)}**` : code(a);
    return notes.length ? `${name} (${notes.join(", ")})` : name;
  };
  const lines = ["**Deploy order** (each wave after the one before; members of a wave in parallel)", ""];
  waves.forEach((w, i) => lines.push(`${i + 1}. ${w.map(mark).join(", ")}`));
  const placed = new Set(waves.flat());
  const stuck = model.environments.map((e) => e.alias).filter((a) => !placed.has(a));
  if (stuck.length) lines.push("", `Never deploy (dependency cycle): ${stuck.map(mark).join(", ")}`);
  return lines.join("\n");
}
