// The env0 workflow model: what one `env0.workflow.yaml` says, with the spans it came from, and the dependency
// graph its `needs` make. It is kept in FileFacts.model; rules, hover, and the later graph and run features read it.
import { shortestPath } from "../../../../common/impact";
import type { Span } from "../../core/text";
import type { Node, Scalar } from "../../core/yaml";
import { entries, innerSpan, isMap, isScalar, isSeq, items, spanOf, str } from "../yaml-read";
import { isInterpolated } from "./names";

/** A scalar value and the span of its text (quotes excluded). */
export interface ValueAt {
  value: string;
  span: Span;
}

/** A scalar value with the span of its key too (for problems that point at the key). */
export interface KeyedValue extends ValueAt {
  keySpan: Span;
}

/** A `true`/`false` flag; a string when it is a `${VAR}` expression that env0 fills in at deploy time. */
export interface FlagModel {
  value: boolean | string;
  keySpan: Span;
  span: Span;
}

/** One entry of `needs`. */
export interface NeedModel {
  name: string;
  /** The name's text, quotes excluded. */
  span: Span;
  /** The item's node, quotes included. */
  nodeSpan: Span;
  /** Contains `${VAR}`: env0 resolves it at deploy time, so it names no alias we can check. */
  interpolated: boolean;
}

export interface VcsModel {
  keySpan: Span;
  /** The `vcs` value (the mapping). */
  span: Span;
  type?: ValueAt;
  repository?: ValueAt;
  revision?: ValueAt;
  path?: ValueAt;
}

export interface SubEnvironmentModel {
  alias: string;
  /** The alias key's text. */
  aliasSpan: Span;
  /** The key and its value. */
  span: Span;
  /** The value is a mapping or empty (anything else is a shape error, and nothing below is read). */
  mapping: boolean;
  name?: ValueAt;
  templateName?: KeyedValue;
  vcs?: VcsModel;
  revision?: ValueAt;
  workspace?: ValueAt;
  needs: NeedModel[];
  needsKeySpan?: Span;
  /** `needs: [a, b]` rather than a block list. */
  needsFlow: boolean;
  requiresApproval?: FlagModel;
  disabled?: FlagModel;
}

export interface WorkflowModel {
  path: string;
  /** In file order; a repeated alias (a YAML error) is kept once, the first time. */
  environments: SubEnvironmentModel[];
  environmentsKeySpan?: Span;
  removalStrategy?: KeyedValue;
}

function valueAt(node: Node | null): ValueAt | undefined {
  const v = str(node);
  const span = node ? innerSpan(node) : undefined;
  return v !== undefined && span ? { value: v, span } : undefined;
}

function flag(keyNode: Scalar, node: Node | null): FlagModel | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  const keySpan = spanOf(keyNode)!;
  const span = spanOf(node) ?? keySpan;
  if (typeof v === "boolean") return { value: v, keySpan, span };
  if (typeof v === "string") {
    if (v === "true" || v === "false") return { value: v === "true", keySpan, span };
    return { value: v, keySpan, span };
  }
  return undefined;
}

function readVcs(keyNode: Scalar, node: Node | null): VcsModel {
  const m: VcsModel = { keySpan: spanOf(keyNode)!, span: spanOf(node) ?? spanOf(keyNode)! };
  for (const e of entries(node)) {
    if (e.key === "type" || e.key === "repository" || e.key === "revision" || e.key === "path") m[e.key] = valueAt(e.value);
  }
  return m;
}

function readNeeds(node: Node | null): NeedModel[] {
  const out: NeedModel[] = [];
  const list = isSeq(node) ? items(node) : isScalar(node) && str(node) ? [node] : [];
  for (const item of list) {
    const name = str(item);
    const span = innerSpan(item);
    const nodeSpan = spanOf(item);
    if (name === undefined || !span || !nodeSpan) continue;
    out.push({ name, span, nodeSpan, interpolated: isInterpolated(name) });
  }
  return out;
}

/** The end of a span without the blank lines and spaces a block node's range takes in after it. */
function trimEnd(text: string | undefined, start: number, end: number): number {
  if (text === undefined) return end;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end;
}

function readEnvironment(alias: string, keyNode: Scalar, node: Node | null, text: string | undefined): SubEnvironmentModel {
  const aliasSpan = innerSpan(keyNode)!;
  const whole = spanOf(keyNode)!;
  const env: SubEnvironmentModel = { alias, aliasSpan, span: { start: whole.start, end: trimEnd(text, whole.end, spanOf(node)?.end ?? whole.end) }, mapping: isMap(node) || !node || (isScalar(node) && (node as Scalar).value === null), needs: [], needsFlow: false };
  for (const e of entries(node)) {
    switch (e.key) {
      case "name":
        env.name = valueAt(e.value);
        break;
      case "templateName": {
        const v = valueAt(e.value);
        env.templateName = { value: v?.value ?? "", span: v?.span ?? spanOf(e.keyNode)!, keySpan: spanOf(e.keyNode)! };
        break;
      }
      case "vcs":
        env.vcs = readVcs(e.keyNode, e.value);
        break;
      case "revision":
        env.revision = valueAt(e.value);
        break;
      case "workspace":
        env.workspace = valueAt(e.value);
        break;
      case "needs":
        env.needs = readNeeds(e.value);
        env.needsKeySpan = spanOf(e.keyNode);
        env.needsFlow = isSeq(e.value) && (e.value as { flow?: boolean }).flow === true;
        break;
      case "requiresApproval":
        env.requiresApproval = flag(e.keyNode, e.value);
        break;
      case "disabled":
        env.disabled = flag(e.keyNode, e.value);
        break;
    }
  }
  return env;
}

/**
 * Reads a workflow file's root node. Anything the shape rejects is skipped, never thrown on. With the file's text,
 * sub-environment spans end at their last character rather than after the blank lines that follow.
 */
export function readWorkflow(path: string, root: Node | null, text?: string): WorkflowModel {
  const model: WorkflowModel = { path, environments: [] };
  if (!isMap(root)) return model;
  const seen = new Set<string>();
  for (const top of entries(root)) {
    if (top.key === "environments") {
      model.environmentsKeySpan = spanOf(top.keyNode);
      for (const e of entries(top.value)) {
        if (seen.has(e.key)) continue;
        seen.add(e.key);
        model.environments.push(readEnvironment(e.key, e.keyNode, e.value, text));
      }
    } else if (top.key === "settings") {
      for (const e of entries(top.value)) {
        if (e.key !== "environmentRemovalStrategy") continue;
        const v = valueAt(e.value);
        if (v) model.removalStrategy = { ...v, keySpan: spanOf(e.keyNode)! };
      }
    }
  }
  return model;
}

// ---- The dependency graph. ----

interface Graph {
  byAlias: Map<string, SubEnvironmentModel>;
  deps: Map<string, string[]>;
  dependents: Map<string, string[]>;
  waves: string[][];
  /** The 0-based wave of each alias that deploys, built on first use. */
  waveOf?: Map<string, number>;
}

// Models are immutable once read, so their graph is computed once.
const graphs = new WeakMap<WorkflowModel, Graph>();

function graphOf(model: WorkflowModel): Graph {
  const cached = graphs.get(model);
  if (cached) return cached;
  const byAlias = new Map(model.environments.map((e) => [e.alias, e]));
  const deps = new Map<string, string[]>();
  const dependents = new Map<string, string[]>(model.environments.map((e) => [e.alias, []]));
  for (const env of model.environments) {
    const out: string[] = [];
    for (const n of env.needs) {
      if (n.interpolated || n.name === env.alias || out.includes(n.name) || !byAlias.has(n.name)) continue;
      out.push(n.name);
      dependents.get(n.name)!.push(env.alias);
    }
    deps.set(env.alias, out);
  }
  // Kahn's algorithm, a wave at a time.
  const waiting = new Map(model.environments.map((e) => [e.alias, deps.get(e.alias)!.length]));
  const order = new Map(model.environments.map((e, i) => [e.alias, i]));
  const waves: string[][] = [];
  let wave = model.environments.filter((e) => waiting.get(e.alias) === 0).map((e) => e.alias);
  while (wave.length) {
    waves.push(wave);
    const next: string[] = [];
    for (const a of wave) {
      for (const d of dependents.get(a)!) {
        const left = waiting.get(d)! - 1;
        waiting.set(d, left);
        if (left === 0) next.push(d);
      }
    }
    wave = next.sort((a, b) => order.get(a)! - order.get(b)!);
  }
  const g = { byAlias, deps, dependents, waves };
  graphs.set(model, g);
  return g;
}

export function environment(model: WorkflowModel, alias: string): SubEnvironmentModel | undefined {
  return graphOf(model).byAlias.get(alias);
}

/** The aliases a sub-environment waits for: defined ones, once each, itself excluded. */
export function needsOf(model: WorkflowModel, env: SubEnvironmentModel): string[] {
  return [...(graphOf(model).deps.get(env.alias) ?? [])];
}

/** The aliases that list `alias` in their `needs`, in file order. */
export function neededBy(model: WorkflowModel, alias: string): string[] {
  return [...(graphOf(model).dependents.get(alias) ?? [])];
}

/**
 * The order env0 deploys in: wave 1 is every sub-environment that needs nothing; each later wave is every one
 * whose needs all deploy in earlier waves. Within a wave the order is the file's; env0 runs a wave's members in
 * parallel. Members of a dependency cycle, and everything that needs them, never deploy and are left out.
 * `needs` on unknown aliases or `${VAR}` entries do not hold anything back (they are reported elsewhere).
 */
export function deployWaves(model: WorkflowModel): string[][] {
  return graphOf(model).waves.map((w) => [...w]);
}

/** The 0-based wave an alias deploys in and the number of waves; -1 when it never deploys. */
export function waveOf(model: WorkflowModel, alias: string): { wave: number; waves: number } {
  const g = graphOf(model);
  if (!g.waveOf) {
    g.waveOf = new Map();
    g.waves.forEach((wave, i) => wave.forEach((a) => g.waveOf!.set(a, i)));
  }
  return { wave: g.waveOf.get(alias) ?? -1, waves: g.waves.length };
}

/** The 1-based wave of each alias that can deploy. */
export function waveNumbers(model: WorkflowModel): Map<string, number> {
  const out = new Map<string, number>();
  graphOf(model).waves.forEach((wave, i) => wave.forEach((a) => out.set(a, i + 1)));
  return out;
}

/** Groups of aliases that need one another (strongly connected, two or more members), in file order. */
export function dependencyCycles(model: WorkflowModel): string[][] {
  // Tarjan's algorithm, iterative so that a long chain cannot exhaust the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let counter = 0;
  const { deps } = graphOf(model);
  for (const start of model.environments.map((e) => e.alias)) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const out = deps.get(top.node) ?? [];
      if (top.next < out.length) {
        const w = out[top.next++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const group: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          group.push(w);
        } while (w !== top.node);
        if (group.length > 1) groups.push(group);
      }
    }
  }
  const order = new Map(model.environments.map((e, i) => [e.alias, i]));
  for (const g of groups) g.sort((a, b) => order.get(a)! - order.get(b)!);
  return groups.sort((a, b) => order.get(a[0]!)! - order.get(b[0]!)!);
}

/** A shortest way back from `to` to `from` through `needs` inside one cycle group: the cycle `from → to → … → from`. */
export function cycleThrough(model: WorkflowModel, from: string, to: string, group: readonly string[]): string[] {
  const members = new Set(group);
  const back =
    shortestPath(to, from, (n) => {
      const env = environment(model, n);
      return env ? needsOf(model, env).filter((x) => members.has(x)) : [];
    }) ?? [from];
  // `back` runs to → … → from; the cycle starts at `from`.
  return [from, ...back];
}
