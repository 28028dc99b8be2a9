// `atmos describe component C -s S`, the sections Infraflow computes: the effective configuration of one component
// in one stack, as plain data. Computed on demand for one (component, stack), never for the whole workspace.
import { manifestName, templatesOn, type AtmosConfig } from "./config";
import { effective, fromPlain, merge, scalarAt, type EffectiveComponent, type Val } from "./inherit";
import { deepMergePlain, type Engine } from "./stacks";
import { evalTemplate, renderDeep, renderTemplate } from "./template";

export interface Described {
  atmos_component: string;
  atmos_stack: string;
  component_type: string;
  /** The component folder (BaseComponentName): `metadata.component`, a base named by `component:`, or the name. */
  component: string;
  command: string;
  vars: unknown;
  settings: unknown;
  env: unknown;
  backend: unknown;
  backend_type: unknown;
  metadata: unknown;
  /** Atmos's `inheritance`: the bases, the last processed first. */
  inheritance: string[];
  /** Terraform only (undefined otherwise), as Atmos prints them for a Terraform component. */
  providers?: unknown;
  hooks?: unknown;
  remote_state_backend?: unknown;
  remote_state_backend_type?: string;
  workspace?: string;
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
  const r = renderedSections(engine, root, eff);
  const terraform = eff.component.type === "terraform";
  const backend = terraform ? backendOf(eff, r.backend) : undefined;
  return {
    atmos_component: name,
    atmos_stack: stack,
    component_type: eff.component.type,
    component: componentFolder(eff),
    command: eff.command,
    vars: plain(r.vars),
    settings: plain(r.settings),
    env: plain(r.env),
    metadata: plain(r.metadata) ?? {},
    backend,
    backend_type: eff.backendType,
    inheritance: eff.inheritance,
    providers: terraform ? (plain(r.providers) ?? {}) : undefined,
    hooks: terraform ? (plain(r.hooks) ?? {}) : undefined,
    remote_state_backend: terraform ? remoteStateBackendOf(eff, backend!, r.remoteStateBackend) : undefined,
    remote_state_backend_type: terraform ? (eff.remoteStateBackendType ?? "") : undefined,
    workspace: r.workspace,
  };
}

/**
 * The component folder (FinalComponent): `metadata.component` as merged (ProcessComponentMetadata reads it last),
 * else the base the top-level `component:` attribute names (processMetadataInheritance keeps the first base
 * processed), else the component's name.
 */
export function componentFolder(eff: EffectiveComponent): string {
  const meta = scalarAt(eff.metadata, "component");
  if (meta) return meta;
  const attr = eff.component.componentAttr;
  if (attr && attr !== eff.component.name && eff.chain.length && eff.chain.includes(attr)) return eff.chain[0]!;
  return eff.component.name;
}

// processTerraformRemoteStateBackend: the backend (as processTerraformBackend left it) under its type, with the
// remote_state_backend sections merged over it; the remote state type's part is the remote state backend.
function remoteStateBackendOf(eff: EffectiveComponent, backend: Record<string, unknown>, rendered: Val | undefined): Record<string, unknown> {
  const all = deepMergePlain({ [eff.backendType ?? ""]: backend }, (plain(rendered) as Record<string, unknown> | undefined) ?? {});
  const part = all[eff.remoteStateBackendType ?? ""];
  return part && typeof part === "object" && !Array.isArray(part) ? (part as Record<string, unknown>) : {};
}


// processTerraformBackend fills a state key Atmos derives from the component (its folder when
// metadata.component is set), `/` turned into `-`, when the chosen backend does not set it.
function backendOf(eff: EffectiveComponent, rendered: Val | undefined): Record<string, unknown> {
  const out = { ...((plain(rendered) as Record<string, unknown> | undefined) ?? {}) };
  const folder = scalarAt(eff.metadata, "component");
  const key = (folder ?? eff.component.name).replace(/\//g, "-");
  const empty = (k: string) => typeof out[k] !== "string" || out[k] === "";
  if (eff.backendType === "s3" && empty("workspace_key_prefix")) out.workspace_key_prefix = key;
  if (eff.backendType === "gcs" && empty("prefix")) out.prefix = key;
  return out;
}

export interface RenderedSections {
  eff: EffectiveComponent;
  backend: Val | undefined;
  vars: Val;
  settings: Val;
  env: Val;
  metadata: Val | undefined;
  /** Terraform only. */
  providers?: Val;
  hooks?: Val;
  remoteStateBackend?: Val;
  /** The Terraform workspace (BuildTerraformWorkspace), rendered; undefined for other types or when Atmos would fail. */
  workspace?: string;
  /** The context Go templates of this component render with. */
  ctx: Record<string, unknown>;
  /** Atmos renders this component's templates (templates.settings.enabled). */
  templates: boolean;
}

/**
 * The effective sections of a component of the stack manifest `root`, Go templates rendered where Atmos would
 * render them, each value keeping the file and offset it came from: what describe, hover, the graph and the
 * planner all read, so they show the same values.
 */
export function renderedSections(engine: Engine, root: string, eff: EffectiveComponent): RenderedSections {
  return engine.componentMemo(root, eff.component.type, eff.component.name, "rendered", () => {
    const m = engine.manifest(root);
    const metadata = eff.metadata;
    // processSettingsIntegrationsGithub: atmos.yaml's `integrations.github` goes under every component's
    // `settings.integrations.github`.
    const github = m?.config.integrationsGithub;
    const settings = github ? merge(fromPlain({ integrations: { github } }, m.config.configPath ?? root, 0), eff.settings)! : eff.settings;
    const raw = {
      vars: plain(eff.vars),
      settings: plain(settings),
      env: plain(eff.env),
      metadata: plain(metadata) ?? {},
      ...(eff.component.type === "terraform" ? { providers: plain(eff.providers) ?? {}, hooks: plain(eff.hooks) ?? {} } : {}),
    };
    // Atmos renders the component's section as a Go template, with the section itself and the atmos_* fields as context.
    const ctx: Record<string, unknown> = {
      ...raw,
      atmos_component: eff.component.name,
      atmos_stack: engine.stackName(root),
      component: componentFolder(eff),
      atmos_stack_file: m ? manifestName(m.config, root) : undefined,
      command: eff.command,
    };
    // ProcessStacks computes the workspace from the sections before it renders them, then renders it with them.
    const written = m && eff.component.type === "terraform" ? terraformWorkspace(m.config, m.model.name?.name ?? (m.config.nameTemplate || m.config.namePattern ? undefined : manifestName(m.config, root)), eff, ctx) : undefined;
    if (written !== undefined) ctx.workspace = written;
    if (m && eff.component.type === "terraform") Object.assign(ctx, integrationNames(m.config, ctx, eff.component.name));
    const base = { eff, providers: eff.providers, hooks: eff.hooks, remoteStateBackend: eff.remoteStateBackend, ctx };
    // With templating off in atmos.yaml, Atmos shows the templates as written.
    if (m && !templatesOn(m.config)) return { ...base, backend: eff.backend, vars: eff.vars, settings, env: eff.env, metadata, workspace: written, templates: false };
    const workspace = written?.includes("{{") ? (renderTemplate(written, ctx) ?? written) : written;
    return {
      ...base,
      backend: renderVal(eff.backend, ctx),
      vars: renderVal(eff.vars, ctx)!,
      settings: renderVal(settings, ctx)!,
      env: renderVal(eff.env, ctx)!,
      metadata: renderVal(metadata, ctx),
      providers: renderVal(eff.providers, ctx),
      hooks: renderVal(eff.hooks, ctx),
      remoteStateBackend: renderVal(eff.remoteStateBackend, ctx),
      workspace,
      templates: true,
    };
  });
}

/**
 * The Terraform workspace as BuildTerraformWorkspace (internal/exec/stack_utils.go) computes it: `default` for an
 * `http` backend or with `components.terraform.workspaces_enabled: false`; else `metadata.terraform_workspace_template`
 * (rendered with the component's sections), `metadata.terraform_workspace_pattern` (context tokens),
 * `metadata.terraform_workspace`, the stack name when the component has no base component (no `metadata.component`
 * or `component:` other than itself), or `<stack name>-<component>`; `/` turned into `-`. The stack name is the
 * manifest's `name`, else `name_template` or `name_pattern` over the component's vars, else the file name (`prefix`).
 */
function terraformWorkspace(config: AtmosConfig, prefix: string | undefined, eff: EffectiveComponent, ctx: Record<string, unknown>): string | undefined {
  if (eff.backendType === "http" || config.workspacesDisabled) return "default";
  const name = eff.component.name;
  const folder = componentFolder(eff);
  const tokens = { ...contextTokens(ctx, name), "base-component": folder === name ? "" : folder };
  const stackPrefix = prefix ?? (config.nameTemplate ? renderTemplate(config.nameTemplate, ctx) : config.namePattern ? patternName(config.namePattern, tokens) : undefined);
  const meta = asMap(ctx.metadata);
  let out: string | undefined;
  if (typeof meta.terraform_workspace_template === "string") out = renderTemplate(meta.terraform_workspace_template, ctx);
  else if (typeof meta.terraform_workspace_pattern === "string") out = replaceTokens(meta.terraform_workspace_pattern, tokens);
  else if (typeof meta.terraform_workspace === "string") out = meta.terraform_workspace;
  else if (stackPrefix === undefined) return undefined;
  else out = folder === name ? stackPrefix : `${stackPrefix}-${name}`;
  return out?.replace(/\//g, "-");
}

const asMap = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * `spacelift_stack` and `atlantis_project`, which Atmos computes before it renders templates so that templates can
 * use them (BuildSpaceliftStackNameFromComponentConfig, BuildAtlantisProjectNameFromComponentConfig).
 */
function integrationNames(config: AtmosConfig, ctx: Record<string, unknown>, component: string): { spacelift_stack?: string; atlantis_project?: string } {
  const settings = asMap(ctx.settings);
  const tokens = contextTokens(ctx, component);
  const replace = (pattern: string) => replaceTokens(pattern, tokens);
  const out: { spacelift_stack?: string; atlantis_project?: string } = {};
  const spacelift = asMap(settings.spacelift);
  if (spacelift.workspace_enabled === true) {
    if (typeof spacelift.stack_name_pattern === "string") out.spacelift_stack = replace(spacelift.stack_name_pattern);
    else if (typeof spacelift.stack_name === "string") out.spacelift_stack = spacelift.stack_name;
    else {
      // The stack name from name_template (rendered with the component's sections) or name_pattern.
      const prefix = config.nameTemplate ? renderTemplate(config.nameTemplate, ctx) : config.namePattern ? patternName(config.namePattern, tokens) : undefined;
      if (prefix !== undefined) out.spacelift_stack = `${prefix}-${tokens.component}`.replace(/\//g, "-");
    }
  }
  const atlantis = asMap(settings.atlantis);
  // An inline `project_template` map wins over `project_template_name`, even without a name.
  const inline = atlantis.project_template;
  const name =
    inline && typeof inline === "object" && !Array.isArray(inline)
      ? asMap(inline).name
      : typeof atlantis.project_template_name === "string"
        ? config.atlantisProjectNames?.[atlantis.project_template_name]
        : undefined;
  if (typeof name === "string" && name) out.atlantis_project = replace(name);
  return out;
}

/**
 * The context tokens of a component (GetContextFromVars over its vars, the component name with `/` turned into `-`,
 * the workspace when computed), for name patterns and ReplaceContextTokens.
 */
function contextTokens(ctx: Record<string, unknown>, component: string): Record<string, string> {
  const vars = asMap(ctx.vars);
  const tokens: Record<string, string> = { component: component.replace(/\//g, "-") };
  for (const k of ["namespace", "tenant", "environment", "stage", "region"]) if (typeof vars[k] === "string") tokens[k] = vars[k] as string;
  if (Array.isArray(vars.attributes)) tokens.attributes = vars.attributes.filter((x) => typeof x === "string").join("-");
  if (typeof ctx.workspace === "string") tokens.workspace = tokens.terraform_workspace = ctx.workspace;
  return tokens;
}

/** ReplaceContextTokens (pkg/config): each known `{token}` replaced by its value, or by nothing. */
function replaceTokens(pattern: string, tokens: Record<string, string>): string {
  return pattern.replace(/\{(base-component|component-path|component|namespace|environment|region|tenant|stage|workspace|terraform_workspace|attributes)\}/g, (_m, k: string) => tokens[k] ?? "");
}

// GetContextPrefix: each `{token}` of the pattern replaced by its value; a missing one leaves the name unknown.
function patternName(pattern: string, tokens: Record<string, string>): string | undefined {
  let ok = true;
  const out = pattern.replace(/\{([a-z]+)\}/g, (_m, k: string) => {
    if (!tokens[k]) ok = false;
    return tokens[k] ?? "";
  });
  return ok ? out : undefined;
}

/** A value with every string leaf rendered as a Go template (what cannot be rendered here stays as written). */
export function renderVal(v: Val | undefined, ctx: Record<string, unknown>): Val | undefined {
  if (!v) return v;
  if (v.kind === "map") return { ...v, entries: new Map([...v.entries].map(([k, c]) => [k, renderVal(c, ctx)!])) };
  if (v.runtime) return v;
  if (typeof v.value === "string" && v.value.includes("{{")) {
    const r = evalTemplate(v.value, ctx);
    // A template that reads the environment, a datasource or another component: its value exists when Atmos runs.
    if (r.kind === "runtime") return { ...v, runtime: true };
    return r.kind !== "text" || r.text === v.value ? v : { ...v, value: r.text, text: r.text };
  }
  if (Array.isArray(v.value) && JSON.stringify(v.value).includes("{{")) return { ...v, value: renderDeep(v.value, ctx) };
  return v;
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
