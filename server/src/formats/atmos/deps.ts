// Where a component dependency points: a component of the same stack, or of another stack named by `stack` or by
// context fields (`namespace`, `tenant`, `environment`, `stage`) filled into the stack name pattern. Shared by the
// graph and the planner, so both draw and run the same edges.
import { renderedSections } from "./describe";
import { effective, effectiveDependencies, findComponent, type Located, type MergedComponent } from "./inherit";
import { renderTemplate } from "./template";
import type { Dependency } from "./model";
import { nameFromConfig, type Engine } from "./stacks";

export interface ResolvedDependency {
  /** The dependency as written (with the file it is written in). */
  dep: Located<Dependency>;
  /** The component's name as written. */
  name: string;
  /** The stack the dependency names, when it names another one (its name, for labels). */
  stackLabel?: string;
  /** The stack manifest (root) the target lives in, when it is known. */
  ctx?: string;
  /** The target component, when it is defined there. */
  target?: MergedComponent;
}

/** The component dependencies of a component of a stack (inherited ones included), resolved. */
export function componentDependencies(engine: Engine, ctx: string, c: MergedComponent): ResolvedDependency[] {
  const stack = engine.merged(ctx);
  const out: ResolvedDependency[] = [];
  // A dependency may be written as a Go template (`stack: "{{ .vars.tenant }}-prod"`): render it as describe does.
  let tctx: Record<string, unknown> | undefined;
  const render = (s: string): string => {
    if (!s.includes("{{")) return s;
    if (!tctx) {
      const eff = effective(stack, c.name, c.type);
      const r = eff ? renderedSections(engine, ctx, eff) : undefined;
      tctx = r?.templates ? r.ctx : {};
    }
    return renderTemplate(s, tctx) ?? s;
  };
  for (const d of effectiveDependencies(stack, c.name, c.type) ?? []) {
    const raw = d.item;
    if (!raw.component) continue;
    const dep: Dependency = {
      ...raw,
      component: { ...raw.component, name: render(raw.component.name) },
      stack: raw.stack && { ...raw.stack, name: render(raw.stack.name) },
      context: Object.fromEntries(Object.entries(raw.context).map(([k, v]) => [k, render(v)])),
    };
    let targetCtx: string | undefined = ctx;
    let label: string | undefined;
    if (dep.stack || Object.keys(dep.context).length) {
      const m = engine.manifest(ctx);
      label = dep.stack?.name ?? (m ? nameFromConfig(m.config, stack.vars, dep.context as Record<string, string>) : undefined);
      targetCtx = label ? engine.stackNames().get(label) : undefined;
    }
    const target = targetCtx ? findComponent(engine.merged(targetCtx), dep.component!.name) : undefined;
    out.push({ dep: d, name: dep.component!.name, stackLabel: label, ctx: targetCtx, target });
  }
  return out;
}
