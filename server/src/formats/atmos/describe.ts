// `atmos describe component C -s S`, the sections Infraflow computes: the effective configuration of one component
// in one stack, as plain data. Computed on demand for one (component, stack), never for the whole workspace.
import { manifestName } from "./config";
import { effective, type EffectiveComponent, type Val } from "./inherit";
import type { Engine } from "./stacks";
import { renderDeep } from "./template";

export interface Described {
  atmos_component: string;
  atmos_stack: string;
  component_type: string;
  vars: unknown;
  settings: unknown;
  env: unknown;
  backend: unknown;
  backend_type: unknown;
  metadata: unknown;
}

/** A merged value as plain data (what Atmos prints). */
export function plain(v: Val | undefined): unknown {
  if (!v) return undefined;
  if (v.kind === "map") return Object.fromEntries([...v.entries].map(([k, c]) => [k, plain(c)]));
  return v.value;
}

/** The component `name` in the stack named `stack`, as `describe component` shows it; undefined if either is unknown. */
export function describeComponent(engine: Engine, stack: string, name: string, type?: string): Described | undefined {
  const hit = locate(engine, stack, name, type);
  if (!hit) return undefined;
  const { eff, root } = hit;
  const m = engine.manifest(root);
  const raw = { vars: plain(eff.vars), settings: plain(eff.settings), env: plain(eff.env), metadata: plain(eff.component.metadata) ?? {} };
  // Atmos renders the component's section as a Go template, with the section itself and the atmos_* fields as context.
  const ctx: Record<string, unknown> = {
    ...raw,
    atmos_component: name,
    atmos_stack: stack,
    component: typeof (raw.metadata as Record<string, unknown>).component === "string" ? (raw.metadata as Record<string, unknown>).component : name,
    atmos_stack_file: m ? manifestName(m.config, root) : undefined,
    workspace: stack,
  };
  const r = renderDeep(raw, ctx) as typeof raw;
  return { atmos_component: name, atmos_stack: stack, component_type: eff.component.type, ...r, backend: undefined, backend_type: undefined };
}

/**
 * The stack manifest that holds a component of a stack. Several manifests may compute the same stack name
 * (`us-east-2.yaml` and `us-east-2-extras.yaml`): Atmos looks for the component in each of them.
 */
export function locate(engine: Engine, stack: string, name: string, type?: string): { root: string; eff: EffectiveComponent } | undefined {
  for (const root of engine.roots()) {
    if (engine.stackName(root) !== stack) continue;
    const eff = effective(engine.merged(root), name, type);
    if (eff) return { root, eff };
  }
  return undefined;
}
