// Which steps a run includes, and in what order: pure, so the CLI's dry run and the engine agree.
import type { PlanGroup, PlanStep, RunOptions, RunPlan } from "./run";

export class PlanError extends Error {}

/**
 * The steps a run includes, with their `needs` restricted to included steps (and inverted for `reverse`). A group's
 * id stands for all its members. `fromStep` in a DAG is the step and what (transitively) needs it; in a sequence it
 * is the step and the ones after it, and a member of a group runs with what in the group needs it.
 */
export function selectSteps(plan: RunPlan, opts: RunOptions): PlanStep[] {
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  const known = (id: string): PlanStep[] => {
    const s = byId.get(id);
    if (s) return [s];
    const members = plan.groups?.some((g) => g.id === id) ? plan.steps.filter((x) => x.group === id) : [];
    if (!members.length) throw new PlanError(`No step '${id}'. Steps: ${plan.steps.map((x) => x.id).join(", ") || "(none)"}.`);
    return members;
  };
  let chosen: PlanStep[];
  if (opts.only !== undefined) chosen = known(opts.only);
  else if (opts.subset) chosen = opts.subset.flatMap(known);
  else if (opts.fromStep !== undefined) {
    const start = known(opts.fromStep)[0]!;
    if (plan.policy.mode === "dag") chosen = withDescendants(plan.steps, [start.id]);
    else if (start.group && start.id === opts.fromStep) {
      // Inside a group (whose members have no order): the member and what in the group needs it, then the steps
      // after the group. Atmos's own `--from-step` names top-level steps only; this is Infraflow's "Run from here".
      const members = plan.steps.filter((x) => x.group === start.group);
      chosen = [...withDescendants(members, [start.id]), ...plan.steps.slice(plan.steps.indexOf(members[members.length - 1]!) + 1)];
    } else chosen = plan.steps.slice(plan.steps.indexOf(start));
  } else chosen = plan.steps;
  if (plan.groups?.length) {
    // A group's chosen members run together, where the first of them stands (e.g. a rerun of the failed steps).
    chosen = chosen.filter((s, i) => chosen.findIndex((x) => x.id === s.id) === i);
    chosen = chosen.flatMap((s, i) => (!s.group ? [s] : chosen.findIndex((x) => x.group === s.group) === i ? chosen.filter((x) => x.group === s.group) : []));
  }
  const ids = new Set(chosen.map((s) => s.id));
  let steps = chosen.map((s) => ({ ...s, needs: s.needs.filter((n) => ids.has(n)) }));
  if (opts.reverse) {
    // Dependents first: a step needs everything that needed it.
    const needers = new Map<string, string[]>();
    for (const s of steps) for (const n of s.needs) needers.set(n, [...(needers.get(n) ?? []), s.id]);
    steps = steps.map((s) => ({ ...s, needs: needers.get(s.id) ?? [] })).reverse();
  }
  return steps;
}

/** The steps named by `ids` and everything that (transitively) needs them, in the order of `steps`. */
function withDescendants(steps: PlanStep[], ids: Iterable<string>): PlanStep[] {
  const keep = new Set(ids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of steps) {
      if (keep.has(s.id) || !s.needs.some((n) => keep.has(n))) continue;
      keep.add(s.id);
      grew = true;
    }
  }
  return steps.filter((s) => keep.has(s.id));
}

/**
 * What "Rerun failed" (and `infraflow run --resume N`) runs again after a run whose steps ended in `states`:
 * every step the run included that did not succeed (failed, blocked, skipped, cancelled, interrupted), with
 * everything that needs one of them (DAG plans, and members of a group) or comes after it (sequential plans).
 * In a DAG, a branch that succeeded stays done; in a sequence, the run resumes at the first step that did not
 * succeed, and inside a group only its members that did not succeed (and what needs them) run again. A step
 * skipped because it is disabled counts as done. Returns step ids in plan order (for `RunOptions.subset`);
 * ids the plan no longer has are ignored.
 */
export function resumeSelection(plan: RunPlan, states: Readonly<Record<string, string>>, opts: Pick<RunOptions, "reverse"> = {}): string[] {
  const included = plan.steps.filter((s) => states[s.id] !== undefined).map((s) => s.id);
  if (!included.length) return [];
  // The steps as the run executed them: needs restricted to what it included, inverted for a reverse run.
  const ran = selectSteps(plan, { subset: included, reverse: opts.reverse });
  const done = (s: PlanStep): boolean => states[s.id] === "succeeded" || (!!s.disabled && states[s.id] === "skipped");
  let keep: PlanStep[];
  if (plan.policy.mode === "dag") keep = withDescendants(ran, ran.filter((s) => !done(s)).map((s) => s.id));
  else {
    const us = units(plan, ran);
    const first = us.findIndex((u) => u.steps.some((s) => !done(s)));
    if (first < 0) return [];
    const u = us[first]!;
    const head = u.group ? withDescendants(u.steps, u.steps.filter((s) => !done(s)).map((s) => s.id)) : u.steps;
    keep = [...head, ...us.slice(first + 1).flatMap((x) => x.steps)];
  }
  const ids = new Set(keep.map((s) => s.id));
  return plan.steps.filter((s) => ids.has(s.id)).map((s) => s.id);
}

/** A step of a sequential plan as it runs: one step alone, or the members of a group together. */
export interface Unit {
  group?: PlanGroup;
  steps: PlanStep[];
}

/** The units of a sequential plan's selected steps, in order; throws on a member of an unknown group. */
export function units(plan: RunPlan, steps: PlanStep[]): Unit[] {
  const out: Unit[] = [];
  for (const s of steps) {
    if (!s.group) {
      out.push({ steps: [s] });
      continue;
    }
    const last = out[out.length - 1];
    if (last?.group?.id === s.group) {
      last.steps.push(s);
      continue;
    }
    const group = plan.groups?.find((g) => g.id === s.group);
    if (!group) throw new PlanError(`Step '${s.id}' belongs to group '${s.group}', which the plan does not define.`);
    if (out.some((u) => u.group?.id === s.group)) throw new PlanError(`The steps of group '${group.label}' are not listed together.`);
    out.push({ group, steps: [s] });
  }
  return out;
}

/** Waves of steps that may run together (DAG), or one step per wave (sequential). Throws on a cycle. */
export function waves(plan: RunPlan, steps: PlanStep[]): PlanStep[][] {
  if (plan.policy.mode === "sequential") {
    // A group's members form waves of their own.
    return units(plan, steps).flatMap((u) => (u.group ? dagWaves(u.steps, new Set(u.steps.map((x) => x.id))) : [u.steps]));
  }
  return dagWaves(steps);
}

function dagWaves(steps: PlanStep[], within?: Set<string>): PlanStep[][] {
  // Inside a group, needs outside it ran before the group did.
  const done = new Set<string>();
  const needs = (s: PlanStep): string[] => (within ? s.needs.filter((n) => within.has(n)) : s.needs);
  const left = [...steps];
  const out: PlanStep[][] = [];
  while (left.length) {
    const ready = left.filter((s) => needs(s).every((n) => done.has(n)));
    if (!ready.length) throw new PlanError(`The steps ${left.map((s) => s.id).join(", ")} depend on each other in a cycle.`);
    out.push(ready);
    for (const s of ready) {
      done.add(s.id);
      left.splice(left.indexOf(s), 1);
    }
  }
  return out;
}
