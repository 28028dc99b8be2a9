// Which steps a run includes, and in what order: pure, so the CLI's dry run and the engine agree.
import type { PlanStep, RunOptions, RunPlan } from "../../../common/run";

export class PlanError extends Error {}

/** The steps a run includes, with their `needs` restricted to included steps (and inverted for `reverse`). */
export function selectSteps(plan: RunPlan, opts: RunOptions): PlanStep[] {
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  const known = (id: string): PlanStep => {
    const s = byId.get(id);
    if (!s) throw new PlanError(`No step '${id}'. Steps: ${plan.steps.map((x) => x.id).join(", ") || "(none)"}.`);
    return s;
  };
  let chosen: PlanStep[];
  if (opts.only !== undefined) chosen = [known(opts.only)];
  else if (opts.subset) chosen = opts.subset.map(known);
  else if (opts.fromStep !== undefined) {
    const start = known(opts.fromStep);
    if (plan.policy.mode === "sequential") chosen = plan.steps.slice(plan.steps.indexOf(start));
    else {
      // The step and everything that (transitively) needs it.
      const keep = new Set([start.id]);
      let grew = true;
      while (grew) {
        grew = false;
        for (const s of plan.steps) {
          if (keep.has(s.id) || !s.needs.some((n) => keep.has(n))) continue;
          keep.add(s.id);
          grew = true;
        }
      }
      chosen = plan.steps.filter((s) => keep.has(s.id));
    }
  } else chosen = plan.steps;
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

/** Waves of steps that may run together (DAG), or one step per wave (sequential). Throws on a cycle. */
export function waves(plan: RunPlan, steps: PlanStep[]): PlanStep[][] {
  if (plan.policy.mode === "sequential") return steps.map((s) => [s]);
  const done = new Set<string>();
  const left = [...steps];
  const out: PlanStep[][] = [];
  while (left.length) {
    const ready = left.filter((s) => s.needs.every((n) => done.has(n)));
    if (!ready.length) throw new PlanError(`The steps ${left.map((s) => s.id).join(", ")} depend on each other in a cycle.`);
    out.push(ready);
    for (const s of ready) {
      done.add(s.id);
      left.splice(left.indexOf(s), 1);
    }
  }
  return out;
}
