// `atmos describe component C -s S`, the sections Infraflow computes: the effective configuration of one component
// in one stack, as plain data. Computed on demand for one (component, stack), never for the whole workspace.
import { effective, type Val } from "./inherit";
import type { Engine } from "./stacks";

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
  // Several manifests may compute the same stack name (`us-east-2.yaml` and `us-east-2-extras.yaml`): Atmos
  // looks for the component in each of them.
  const eff = engine
    .roots()
    .filter((r) => engine.stackName(r) === stack)
    .map((r) => effective(engine.merged(r), name, type))
    .find((e) => !!e);
  if (!eff) return undefined;
  return {
    atmos_component: name,
    atmos_stack: stack,
    component_type: eff.component.type,
    vars: plain(eff.vars),
    settings: plain(eff.settings),
    env: plain(eff.env),
    backend: undefined,
    backend_type: undefined,
    metadata: plain(eff.component.metadata) ?? {},
  };
}
