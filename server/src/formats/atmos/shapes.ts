// The shapes of Atmos stack manifests and workflow manifests, written from the Atmos manifest schema (v1.200.0 and
// HEAD) and engine. Severity follows the tool: sections Atmos decodes strictly (components, metadata, workflows)
// reject unknown keys; the stack root and workflow steps accept and ignore them, so unknown keys there are warnings.
// Every section may also be an `!include` tag; tagged nodes are skipped by validation.
import { s, type ObjectShape, type Shape } from "../../core/shape";

const COMPONENT_NAME = { re: /^[/a-zA-Z0-9\-_{}. ]+$/, message: "Component name '{name}' may only contain letters, digits, '/', '-', '_', '.', ' ', '{' and '}'." };
const BACKEND_TYPES = ["local", "s3", "remote", "vault", "static", "azurerm", "gcs", "cloud", "consul", "cos", "http", "kubernetes", "oss", "pg"];

/** Every step type registered in Atmos at HEAD (v1.226), with the aliases `assert` and `webhook`. */
export const STEP_TYPES = [
  "atmos", "shell", "alert", "archive", "aws/s3", "cancel", "cast", "choose", "clear", "confirm", "container", "emulator", "env", "exec",
  "exit", "file", "filter", "format", "hint", "http", "input", "join", "junit", "linebreak", "log", "markdown", "matrix", "pager",
  "parallel", "require", "say", "script", "sleep", "spin", "stage", "store", "style", "table", "test", "tflint", "title", "toast",
  "wait", "wait-all", "workdir", "write", "assert", "webhook",
];
/** Step types that run a `command` and cannot do without one. */
export const COMMAND_STEP_TYPES = ["atmos", "shell", "exec"];
/**
 * Step types Infraflow can run itself; the others are recognised but run only by Atmos. `parallel` and `matrix`
 * run their atmos, shell and sleep children (control.ts).
 */
export const RUNNABLE_STEP_TYPES = ["atmos", "shell", "parallel", "matrix"];

// A section written as a key without a value is null to Atmos: the manifest schema rejects it (every section is
// a mapping, a list or an `!include`), and so does stack processing for the sections it reads
// (ProcessStackConfig: "invalid 'vars' section").
const NULL_MAP = "'{key}' has no value: Atmos rejects a section written without one. Write `{key}: {}` or remove the key.";
const NULL_LIST = "'{key}' has no value: Atmos rejects a section written without one. Write `{key}: []` or remove the key.";
// A scalar key without a value: where stack processing reads it with a Go type assertion (`i.(string)` in
// extractComponentSections, ProcessStackConfig and processMetadataInheritance) a null is not a string and Atmos
// stops with "invalid '<key>'"; where it reads it with the comma-ok form (metadata.terraform_workspace, type,
// enabled, …) a null is the same as no key, which is how Infraflow treats those.
const NULL_SCALAR = "'{key}' has no value: Atmos stops on it (it reads '{key}' as a string and finds none). Give it a value or remove the key.";
const NULL_INHERITS = "'{key}' has no value: Atmos stops on it (it reads a list of component names). Write `{key}: []` or remove the key.";
const freeMap = (doc: string): Shape => s.map(s.any(), { doc, noNull: NULL_MAP });
const vars = freeMap("Input variables passed to the component (Terraform `-var`s, Helmfile values). Deep-merged: stack globals, then the component type section, then inherited components in order, then the component itself.");
const env = freeMap("Environment variables set when the component's tool runs. Merged like `vars`.");
const locals = freeMap("File-scoped values for templates in this manifest. Unlike `vars`, locals are not inherited through imports.");
const hooks = freeMap("Lifecycle hooks by name (store outputs, run commands after apply, …).");
const providers = freeMap("Terraform provider configuration, written to a generated `providers_override.tf.json`.");
const backend = freeMap("Backend configuration by backend type (e.g. `s3: {bucket, key, …}`).");
const generate = freeMap("Files to generate next to the component, by file name.");
const anyDoc = (doc: string): Shape => s.any({ doc });

const dependsOnEntry = s.object(
  {
    component: s.string({ ref: "component", doc: "The Atmos component this one depends on." }),
    namespace: s.string({ doc: "Context: the dependency is in the stack with this namespace." }),
    tenant: s.string({ doc: "Context: the dependency is in the stack with this tenant." }),
    environment: s.string({ doc: "Context: the dependency is in the stack with this environment." }),
    stage: s.string({ doc: "Context: the dependency is in the stack with this stage." }),
    stack: s.string({ doc: "The stack of the dependency. Accepted by the engine (since 2025-08) although the published schemas reject it." }),
    file: s.string({ doc: "A file whose changes affect this component (`atmos describe affected`)." }),
    folder: s.string({ doc: "A folder whose changes affect this component (`atmos describe affected`)." }),
  },
  { noun: "a depends_on entry" },
);
// Atmos also reads a list of the same entries (the terraform-apply-all-dependencies scenario writes one).
export const dependsOnShape: Shape = s.union([s.map(dependsOnEntry), s.array(dependsOnEntry)], {
  doc: "**Deprecated** form of component dependencies: a map (keys are arbitrary, often `1:`, `2:`) or a list of `{component, tenant, environment, stage, namespace}` or `{file}`/`{folder}`. Use `dependencies.components` instead.",
});

const settings = s.object(
  {
    depends_on: dependsOnShape,
    validation: anyDoc("Validation of the component with JSON Schema or OPA policies before it is provisioned."),
    spacelift: s.map(s.any(), { doc: "Spacelift stack settings for the component.", noNull: NULL_MAP }),
    atlantis: anyDoc("Atlantis project settings for the component."),
    templates: anyDoc("Go template processing settings (`sprig`, `gomplate`, `evaluations`)."),
    yaml: s.object({ key_delimiter: s.string({ doc: "Delimiter for expanding dotted keys into nested maps." }) }, { unknown: "ignore" }),
  },
  { unknown: "ignore", noNull: NULL_MAP, doc: "Free-form settings, deep-merged like `vars`. Atmos itself reads `depends_on`, `validation`, `spacelift`, `atlantis` and `templates`." },
);

const dependencyEntry = s.object(
  {
    name: s.string({ ref: "component", doc: "The component instance this one depends on: its key under `components.<type>`, not the Terraform folder." }),
    component: s.string({ ref: "component", doc: "Older spelling of `name`." }),
    stack: s.string({ doc: "The stack of the dependency; the current stack when omitted. Go templates are allowed." }),
    kind: s.string({ doc: "The dependency's component type (`terraform`, `helmfile`, `packer`, …); the declaring component's type by default. `file`/`folder` with `path` is an older form of `dependencies.files`/`folders`." }),
    path: s.string({ doc: "With `kind: file` or `kind: folder`: the path whose changes affect this component." }),
  },
  { noun: "a component dependency", title: "dependency" },
);
const unitDependencies = s.array(s.union([s.string(), s.object({ name: s.string(), file: s.string(), flags: s.map(s.string()), args: s.array(s.string()) }, { noun: "a dependency" })]));
export const dependenciesShape: ObjectShape = s.object(
  {
    components: s.array(dependencyEntry, {
      doc: "Components that must be applied before this one: `- name: vpc` (same stack) or `- {name: vpc, stack: plat-ue2-prod}`.",
      itemSnippet: "name: $1",
    }),
    files: s.array(s.string(), { doc: "Files whose changes mark this component as affected." }),
    folders: s.array(s.string(), { doc: "Folders whose changes mark this component as affected." }),
    tools: s.map(s.string(), { doc: "Tool versions required by the component (`terraform: 1.9.8`)." }),
    commands: unitDependencies,
    workflows: unitDependencies,
  },
  { noun: "dependencies", doc: "Dependencies of the component: other components (`components`), paths (`files`, `folders`) and tools. Replaces `settings.depends_on`." },
);

const metadata = s.object(
  {
    type: s.string({ enum: ["abstract", "real"], doc: "`abstract` components are only bases for others (`metadata.inherits`) and cannot be deployed; `real` is the default." }),
    component: s.string({ doc: "The component folder (under `components.terraform.base_path`) this Atmos component deploys; the component key by default.", noNull: NULL_SCALAR }),
    inherits: s.array(s.string({ ref: "component" }), {
      doc: "Components whose configuration this one inherits, deep-merged in order (later entries win), then overridden by the component itself.",
      noNull: NULL_INHERITS,
    }),
    enabled: s.bool({ doc: "Set to `false` to skip the component in this stack." }),
    name: s.string({ doc: "Logical component identity used for the workspace key prefix; inherited from base components." }),
    description: s.string({ doc: "Human-readable description." }),
    terraform_workspace: s.string({ doc: "Terraform workspace to use instead of the computed one." }),
    terraform_workspace_pattern: s.string({ doc: "Pattern for the Terraform workspace, e.g. `{tenant}-{stage}`." }),
    custom: anyDoc("Free-form metadata for your own tooling."),
    locked: s.bool({ doc: "A locked component can be read but not changed (`plan` works, `apply` is refused)." }),
    tags: s.array(s.string(), { doc: "Tags for `atmos list components --tags`." }),
    labels: s.map(s.string(), { doc: "Labels for `atmos list components --labels`." }),
  },
  { noun: "component metadata", doc: "How Atmos treats the component: its type, Terraform folder and base components.", noNull: NULL_MAP },
);

const globalMetadata = s.object(
  {
    labels: s.map(s.string()),
    tags: s.array(s.string()),
    custom: s.any(),
    enabled: s.bool(),
    locked: s.bool(),
    terraform_workspace_pattern: s.string(),
  },
  { noun: "stack metadata", doc: "Defaults merged into the metadata of every component of the stack.", noNull: NULL_MAP },
);

const common: Record<string, Shape> = {
  metadata,
  component: s.string({ doc: "Older way to name a base component or component folder; prefer `metadata.component` and `metadata.inherits`.", noNull: NULL_SCALAR }),
  vars,
  env,
  settings,
  locals,
  command: s.string({ doc: "The executable to run instead of the default (`terraform`, `tofu`, `helmfile`, …).", noNull: NULL_SCALAR }),
  auth: s.map(s.any(), { doc: "Authentication providers and identities for this component, over the stack's and atmos.yaml's `auth`.", noNull: NULL_MAP }),
  secrets: anyDoc("Secrets resolved at runtime with the `!secret` function."),
  dependencies: dependenciesShape,
  provision: anyDoc("Provisioning settings (work directory, delivery targets)."),
  source: anyDoc("Where to fetch the component's code just in time (go-getter URI or `{uri, version}`)."),
  retry: anyDoc("Retry policy for the component's commands."),
  hooks,
};

const terraformComponent = s.object(
  {
    ...common,
    backend_type: s.string({ enum: BACKEND_TYPES, doc: "The Terraform backend type.", noNull: NULL_SCALAR }),
    backend,
    remote_state_backend_type: s.string({ enum: BACKEND_TYPES, doc: "Backend type used to read this component's remote state.", noNull: NULL_SCALAR }),
    remote_state_backend: backend,
    providers,
    generate,
    depends_on: s.any({ doc: "**Deprecated**: use `dependencies.components`." }),
    test: s.object({ vars }, { noun: "test" }),
    mocks: anyDoc("Literal output values used by `!terraform.state`/`!terraform.output` with `--use-mocks`."),
    required_version: s.string({ doc: "Terraform version constraint." }),
    required_providers: anyDoc("Provider version pins."),
  },
  { noun: "a Terraform component", title: "terraform component", doc: "An Atmos component deployed with Terraform/OpenTofu.", noNull: NULL_MAP },
);
const helmfileComponent = s.object({ ...common, plugins: s.any() }, { noun: "a Helmfile component", title: "helmfile component", noNull: NULL_MAP });
const packerComponent = s.object({ ...common }, { noun: "a Packer component", title: "packer component", noNull: NULL_MAP });
// Newer component kinds: the basics are known, the rest is left to Atmos.
const otherComponent = s.object({ ...common }, { unknown: "ignore", title: "component", noNull: NULL_MAP });

const componentsOf = (shape: ObjectShape, doc: string): Shape => s.map(shape, { keyPattern: COMPONENT_NAME, doc, noNull: NULL_MAP });

const components = s.object(
  {
    terraform: componentsOf(terraformComponent, "Terraform components by Atmos component name."),
    helmfile: componentsOf(helmfileComponent, "Helmfile components by Atmos component name."),
    packer: componentsOf(packerComponent, "Packer components by Atmos component name."),
    ansible: componentsOf(otherComponent, "Ansible components by Atmos component name (`atmos ansible playbook C -s S`)."),
    kubernetes: componentsOf(otherComponent, "Kubernetes components by name."),
    helm: componentsOf(otherComponent, "Helm components by name."),
    container: componentsOf(otherComponent, "Container components by name."),
    emulator: componentsOf(otherComponent, "Emulator components by name."),
  },
  { unknown: "ignore", noNull: NULL_MAP, doc: "The components of the stack, by type. Custom component types from custom commands are allowed." },
);

// `overrides` must be a mapping (ProcessYAMLConfigFile: ErrInvalidOverridesSection, ErrInvalidTerraformOverridesSection,
// ErrInvalidHelmfileOverridesSection); the schema lists its keys and rejects others.
const overrides = s.object(
  {
    command: s.string(),
    vars,
    env,
    settings,
    providers,
    hooks,
    generate,
    secrets: s.any(),
    auth: s.any(),
    retry: s.any(),
    required_version: s.string(),
    required_providers: s.any(),
  },
  { noun: "overrides", noNull: NULL_MAP, doc: "Values that override those of the components defined in this manifest and its imports (not of the manifests that import it)." },
);

const typeSection = (extra: Record<string, Shape>, doc: string): ObjectShape =>
  s.object(
    {
      vars,
      env,
      settings,
      locals,
      hooks,
      command: s.string({ doc: "The executable Atmos runs for this component type.", noNull: NULL_SCALAR }),
      overrides,
      auth: s.map(s.any(), { doc: "Authentication defaults for the components of this type.", noNull: NULL_MAP }),
      dependencies: dependenciesShape,
      provision: s.any(),
      retry: s.any(),
      ...extra,
    },
    { doc, noun: "a component type section", noNull: NULL_MAP },
  );

const importItem = s.union([
  s.string({ doc: "A manifest path relative to the stacks base path (or to this file with `./`), with or without `.yaml`; globs allowed." }),
  s.object(
    {
      path: s.string({ doc: "The manifest to import." }),
      context: s.map(s.any(), { doc: "Values for the Go templates of the imported manifest." }),
      skip_templates_processing: s.bool(),
      ignore_missing_template_values: s.bool(),
      skip_if_missing: s.bool({ doc: "Do not fail when the manifest does not exist." }),
      nested_imports: s.string({ enum: ["local", "remote"] }),
      ttl: s.string({ doc: "Cache duration of a remote (git) import." }),
    },
    { required: ["path"], noun: "an import" },
  ),
]);

export const stackShape: ObjectShape = s.object(
  {
    import: s.array(importItem, { doc: "Manifests merged before this one, in order (later imports and this file win).", noNull: NULL_LIST }),
    name: s.string({ doc: "The stack's name; takes precedence over `stacks.name_pattern`/`name_template` in `atmos.yaml`." }),
    vars,
    env,
    settings,
    locals,
    metadata: globalMetadata,
    hooks,
    terraform: typeSection(
      {
        backend_type: s.string({ enum: BACKEND_TYPES, noNull: NULL_SCALAR }),
        backend,
        remote_state_backend_type: s.string({ enum: BACKEND_TYPES, noNull: NULL_SCALAR }),
        remote_state_backend: backend,
        providers,
        generate,
        depends_on: s.any({ doc: "**Deprecated**: use `dependencies.components`." }),
        required_version: s.string(),
        required_providers: s.any(),
      },
      "Defaults for every Terraform component of the stack.",
    ),
    helmfile: typeSection({ plugins: s.any() }, "Defaults for every Helmfile component of the stack."),
    packer: typeSection({}, "Defaults for every Packer component of the stack."),
    ansible: typeSection({}, "Defaults for every Ansible component of the stack."),
    auth: s.map(s.any(), { doc: "Authentication defaults (providers, identities) for every component of the stack, over atmos.yaml's `auth`.", noNull: NULL_MAP }),
    kubernetes: anyDoc("Defaults for Kubernetes components."),
    helm: anyDoc("Defaults for Helm components."),
    components,
    overrides,
    compositions: anyDoc("Named multi-service systems."),
    secrets: anyDoc("Secret providers and declarations."),
    dependencies: dependenciesShape,
    generate,
    version: s.object({ track: s.string() }, { noun: "version" }),
  },
  { unknown: "warning", noun: "a stack manifest", title: "Atmos stack manifest", doc: "An Atmos stack manifest." },
);

// Steps nest (parallel, matrix, cast, test); three levels are described, deeper ones are free-form.
function stepShape(depth: number): ObjectShape {
  const str = (doc?: string): Shape => s.string(doc ? { doc } : {});
  return s.object(
    {
      name: str("The step's name, for `--from-step` and `needs`. Unnamed steps are called `step1`, `step2`, … by position."),
      command: str("What the step runs: an Atmos command without `atmos` (`terraform plan vpc`) for `type: atmos`, a shell command line for `type: shell`."),
      type: str("The step type: `atmos` (default) or `shell`, or one of the newer Atmos step types (`parallel`, `matrix`, `http`, `script`, …)."),
      stack: str("The stack passed as `-s`; overrides the workflow's `stack`, and is overridden by `-s` on the command line."),
      needs: s.array(s.string({ ref: "step" }), { doc: "Sibling steps that must finish first (inside `parallel`/`matrix` steps)." }),
      steps: depth > 0 ? s.array(stepShape(depth - 1), { doc: "Child steps of a `parallel`, `matrix`, `cast` or `test` step." }) : s.any(),
      env: s.map(s.string(), { doc: "Environment variables for this step." }),
      working_directory: str("Working directory of the step."),
      identity: str("Authentication identity for the step."),
      timeout: str("Maximum run time, e.g. `5m`."),
      retry: s.any({ doc: "Retry policy of the step." }),
      when: s.any({ doc: "Condition for running the step: `always`, `success`, `never`, `ci`, `local`, a CEL expression, a list (all of them) or a map with `all`, `any` or `not`. Infraflow runs a step with `always`/`success` and skips one with `never`; the others are for Atmos to decide." }),
      max_concurrency: s.int({ minimum: 0, doc: "How many child steps run at once." }),
      fail: s.object(
        {
          // Atmos accepts an empty mode as the default, wait_all (pkg/schema/task_validate.go validateControlFail).
          mode: s.string({ enum: ["wait_all", "fail_fast", "best_effort"], emptyOk: true, doc: "When a parallel/matrix step gives up: `wait_all` (default) runs every step that does not need a failed one, `fail_fast` cancels the rest at the first failure (or at `max_failures`), `best_effort` runs what it can and lets the workflow go on." }),
          max_failures: s.int({ minimum: 0, doc: "Give up (cancel the running steps, skip the others) after this many failures; 0: as the mode says." }),
        },
        { noun: "fail" },
      ),
      matrix: s.map(s.array(s.string()), { doc: "Matrix axes of a `matrix` step." }),
      output: s.any(),
      ...Object.fromEntries(OTHER_STEP_KEYS.map((k) => [k, s.any()])),
    },
    { unknown: "warning", noun: "a workflow step", title: "step" },
  );
}

/** Step keys of the newer step types (from the HEAD schema), accepted without further checks. */
const OTHER_STEP_KEYS = [
  "action", "align", "args", "artifacts", "background", "body", "bold", "border", "border_background", "border_foreground", "code", "columns",
  "component", "container", "content", "count", "cursor", "data", "default", "defaults", "destination", "dirs", "duration", "ephemeral", "exclude",
  "expect", "export", "extensions", "faint", "fields", "files", "for", "foreground", "form", "format", "headers", "height", "hint", "include",
  "inputs", "interactive", "interpreter", "interval", "italic", "jitter", "key", "key_interval", "level", "limit", "margin", "markdown", "method",
  "mode", "mtime", "multiple", "options", "outputs", "padding", "password", "path", "placeholder", "preconditions", "print", "prompt", "provider",
  "query", "rate", "regex", "repeat", "reset", "runtime", "runtime_auto_start", "script", "separator", "shell", "show", "source", "strikethrough",
  "subpath", "text", "title", "tools", "tty", "underline", "url", "vars", "viewport", "voice", "width", "with", "write_rate",
];

const workflow = s.object(
  {
    description: s.string({ doc: "What the workflow does (shown by `atmos list workflows`)." }),
    stack: s.string({ doc: "Default stack of every step; a step's `stack` and `-s` on the command line take precedence." }),
    steps: s.array(stepShape(3), { doc: "The steps, run in order; the first failure stops the workflow.", itemSnippet: "name: $1\n  command: $2" }),
    dependencies: dependenciesShape,
    working_directory: s.string(),
    env: s.map(s.string(), { doc: "Environment variables for every step." }),
    container: s.any(),
    output: s.string(),
    viewport: s.any(),
    show: s.any(),
  },
  { required: ["steps"], noun: "a workflow", title: "workflow" },
);

export const workflowShape: ObjectShape = s.object(
  {
    name: s.string({ doc: "Display name of the workflow file." }),
    description: s.string({ doc: "What the workflows of this file are for." }),
    workflows: s.map(workflow, { keyPattern: { re: COMPONENT_NAME.re, message: "Workflow name '{name}' may only contain letters, digits, '/', '-', '_', '.', ' ', '{' and '}'." }, doc: "Workflows by name; run one with `atmos workflow NAME -f FILE`." }),
  },
  { unknown: "warning", required: ["workflows"], noun: "a workflow manifest", title: "Atmos workflow manifest", doc: "An Atmos workflow manifest." },
);
