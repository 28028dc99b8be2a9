// env0 graph edits: `needs` entries (added in the list's own style, or in the style the file's other `needs`
// use), new and removed aliases. A dependency that would close a cycle, or that is already there, is refused.
import { shortestPath } from "../../../../common/impact";
import type { TextChange } from "../../core/problem";
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from "../../core/yaml";
import { environment, needsOf, type SubEnvironmentModel, type WorkflowModel } from "./model";
import { change, pairOf, removeCascading, valueOf } from "../edit-support";
import type { EditContext, FormatEdits } from "../types";
import { appendPair, appendToList, EditRefused, fillEmptyKey, isEmptyValue, quoteFor, quoteOf, scalar, type Out } from "../yaml-text";

const NEEDS_KEYS: ReadonlySet<string> = new Set(["needs"]);
const NONE: ReadonlySet<string> = new Set();

function modelOf(ctx: EditContext): WorkflowModel {
  const f = ctx.file(ctx.path);
  const m = f.facts.model as WorkflowModel | undefined;
  if (!m || !Array.isArray(m.environments)) throw new EditRefused("This is not an env0 workflow file.");
  return m;
}

function aliasOf(model: WorkflowModel, id: string): SubEnvironmentModel {
  const alias = id.startsWith("alias:") ? id.slice("alias:".length) : id;
  const env = environment(model, alias);
  if (!env) throw new EditRefused(`There is no alias '${alias}' in this workflow.`);
  return env;
}

function envPair(ctx: EditContext, alias: string): Pair {
  const f = ctx.file(ctx.path);
  const p = pairOf(valueOf(f.parsed.root, "environments"), alias);
  if (!p) throw new EditRefused(`Could not find alias '${alias}' in the text.`);
  return p;
}

function addDependency(ctx: EditContext, from: string, to: string): TextChange[] {
  const model = modelOf(ctx);
  const a = aliasOf(model, from);
  const b = aliasOf(model, to);
  if (a.alias === b.alias) throw new EditRefused(`'${a.alias}' cannot need itself.`);
  if (a.needs.some((n) => n.name === b.alias)) throw new EditRefused(`'${a.alias}' already needs '${b.alias}'.`);
  const loop = shortestPath(b.alias, a.alias, (n) => {
    const env = environment(model, n);
    return env ? needsOf(model, env) : [];
  });
  if (loop) throw new EditRefused(`This would make a cycle: ${[a.alias, ...loop].join(" → ")}.`);
  const f = ctx.file(ctx.path);
  const st = ctx.style(f);
  const pair = envPair(ctx, a.alias);
  const needs = pairOf(pair.value as Node | null, "needs");
  if (needs) {
    if (isScalar(needs.value) && !isEmptyValue(needs.value as Node)) throw new EditRefused(`'needs' of '${a.alias}' is a single name, not a list; edit it by hand.`);
    const first = isSeq(needs.value) ? ((needs.value as YAMLSeq).items[0] as Node | undefined) : undefined;
    return [change(f.path, appendToList(f.text, needs, { s: scalar(b.alias, quoteOf(first)) }, st))];
  }
  // No `needs` yet: write it the way the file's other aliases do (flow or block), block when none has one.
  const flow = model.environments.some((e) => e.needsFlow);
  const others = model.environments.flatMap((e) => e.needs);
  const quote = others.length ? quoteOf(nodeAtSpan(f.parsed.root, others[0]!.nodeSpan.start)) : "";
  const item = scalar(b.alias, quote);
  // `[ a ]` or `[a]`, as the file's other flow lists are spaced.
  const spaced = model.environments.some((e) => e.needsFlow && e.needsKeySpan && /:\s*\[ /.test(f.text.slice(e.needsKeySpan.start, e.needsKeySpan.end + 4)));
  const value: Out = flow ? { s: spaced ? `[ ${item} ]` : `[${item}]` } : { list: [{ s: item }] };
  if (isEmptyValue(pair.value as Node | null)) return [change(f.path, fillEmptyKey(f.text, pair, [["needs", value]], st))];
  if (!isMap(pair.value)) throw new EditRefused(`Alias '${a.alias}' is not a map.`);
  return [change(f.path, appendPair(f.text, pair.value as YAMLMap, "needs", value, st))];
}

/** The scalar whose text (quotes included or not) starts at `start`. */
function nodeAtSpan(root: Node | null, start: number): Node | undefined {
  let hit: Node | undefined;
  const walk = (n: Node | null | undefined, depth: number): void => {
    if (!n || hit || depth > 20) return;
    if (isScalar(n) && (n.range?.[0] === start || (n.range?.[0] === start - 1 && quoteOf(n) !== ""))) hit = n;
    else if (isMap(n)) for (const p of (n as YAMLMap).items) walk(p.value as Node, depth + 1);
    else if (isSeq(n)) for (const it of (n as YAMLSeq).items) walk(it as Node, depth + 1);
  };
  walk(root, 0);
  return hit;
}

function removeDependency(ctx: EditContext, edgeId: string): TextChange[] {
  const model = modelOf(ctx);
  const edge = ctx.edge(edgeId);
  const m = /^depends:(.*)->(.*)$/.exec(edgeId);
  const from = edge?.from ?? m?.[1];
  const to = edge?.to ?? m?.[2];
  if (!from || !to) throw new EditRefused("That edge is no longer in the graph; the file changed.");
  const a = aliasOf(model, from);
  const toAlias = to.startsWith("alias:") ? to.slice("alias:".length) : to;
  const at = ctx.where(edge);
  const need = a.needs.find((n) => (at ? n.nodeSpan.start === at.span.start : n.name === toAlias)) ?? a.needs.find((n) => n.name === toAlias);
  if (!need) throw new EditRefused(`'${a.alias}' does not need '${toAlias}'.`);
  const f = ctx.file(ctx.path);
  const needs = pairOf(envPair(ctx, a.alias).value as Node | null, "needs");
  const item = isSeq(needs?.value) ? ((needs!.value as YAMLSeq).items as Node[]).find((n) => n.range?.[0] === need.nodeSpan.start) : undefined;
  // `needs: name` (one scalar) goes with its key.
  const target = item ?? needs;
  if (!target) throw new EditRefused("Could not find that `needs` entry in the text.");
  return [change(f.path, removeCascading(f.text, f.parsed.root, target, NEEDS_KEYS))];
}

function addAlias(ctx: EditContext, alias: string, extra: Record<string, string> | undefined): TextChange[] {
  const model = modelOf(ctx);
  // env0 puts no rule on alias names (see formats/env0/names.ts); the key is written with quotes when it needs them.
  if (!alias.trim()) throw new EditRefused("The new alias is empty.");
  if (environment(model, alias)) throw new EditRefused(`An alias named '${alias}' already exists.`);
  const f = ctx.file(ctx.path);
  const st = ctx.style(f);
  const root = f.parsed.root;
  if (!isMap(root)) throw new EditRefused("This file is empty or not a map; write `environments:` first.");
  const envs = pairOf(root, "environments");
  const siblings = isMap(envs?.value) ? (envs!.value as YAMLMap).items.map((p) => p.value as Node | null) : [];
  const fields: Array<[string, Out]> = [["name", { s: scalar(extra?.name || alias, quoteFor(siblings, "name")) }]];
  if (extra?.templateName) fields.push(["templateName", { s: scalar(extra.templateName, quoteFor(siblings, "templateName")) }]);
  const key = scalar(alias);
  if (!envs) return [change(f.path, appendPair(f.text, root as YAMLMap, "environments", { map: [[key, { map: fields }]] }, st))];
  if (isEmptyValue(envs.value as Node | null)) return [change(f.path, fillEmptyKey(f.text, envs, [[key, { map: fields }]], st))];
  if (!isMap(envs.value)) throw new EditRefused("'environments' is not a map.");
  return [change(f.path, appendPair(f.text, envs.value as YAMLMap, key, { map: fields }, st))];
}

function removeAlias(ctx: EditContext, id: string): TextChange[] {
  const model = modelOf(ctx);
  const env = aliasOf(model, id);
  const f = ctx.file(ctx.path);
  return [change(f.path, removeCascading(f.text, f.parsed.root, envPair(ctx, env.alias), NONE))];
}

export const env0Edits: FormatEdits = {
  apply(ctx, edit) {
    switch (edit.type) {
      case "addDependency":
        return addDependency(ctx, edit.from, edit.to);
      case "removeDependency":
        return removeDependency(ctx, edit.edgeId);
      case "addNode":
        if (edit.kind !== "alias") throw new EditRefused(`env0 workflows have aliases, not ${edit.kind}s.`);
        return addAlias(ctx, edit.name, edit.extra);
      case "removeNode":
        return removeAlias(ctx, edit.nodeId);
      case "addStep":
      case "moveStep":
      case "removeStep":
        throw new EditRefused("env0 workflows have no steps: sub-environments deploy in the order their `needs` give.");
    }
  },
  nameAt(ctx, id) {
    const env = aliasOf(modelOf(ctx), id);
    return { path: ctx.path, offset: env.aliasSpan.start };
  },
};
