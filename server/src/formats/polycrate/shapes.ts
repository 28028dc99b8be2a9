// The shapes of `workspace.poly` and `block.poly`, after the CLI's Go structs (FORMATS.md, section 1). One shape
// drives validation, completion, key hover and the published JSON Schemas. Two decoders differ in strictness:
// `block.poly` is read with yaml KnownFields(true), so unknown keys are errors; `workspace.poly` goes through
// viper, which ignores unknown keys and compares keys case-insensitively, so there they are warnings.
import { s, type ObjectShape, type Shape } from "../../core/shape";
import { BLOCK_NAME, BLOCK_NAME_MESSAGE, METADATA_NAME, METADATA_NAME_MESSAGE } from "./names";

/** Block kinds named in the CLI's comments: offered in completion, never enforced. */
export const BLOCK_KINDS = ["k8sapp", "k8scluster", "k8sappinstance", "linuxapp", "dockerapp", "library", "generic"];

const metadataName = (doc: string) => s.string({ doc, pattern: { re: METADATA_NAME, message: METADATA_NAME_MESSAGE } });
const blockName = (doc: string) => s.string({ doc, pattern: { re: BLOCK_NAME, message: BLOCK_NAME_MESSAGE } });

const labels = s.map(s.string(), { doc: "Free-form `key: value` labels. Polycrate keeps them as strings." });
const alias = s.array(s.string(), { doc: "Other names for this object on the command line." });

/**
 * `localpath` and `containerpath` of the Go structs BlockWorkdir, BlockInventory, BlockKubeconfig, BlockArtifacts
 * (cmd/blocks.go) and WorkspaceInventory, WorkspaceKubeconfig (cmd/workspace.go): real fields, which Polycrate fills
 * in itself when it loads blocks (LoadBlock, LoadArtifacts, LoadInventory, LoadKubeconfig), so a value written
 * here may be replaced. They are accepted (block.poly rejects unknown keys) and not offered in completion.
 */
function localAndContainer(what: string): Record<string, Shape> {
  return {
    localpath: s.string({ noCompletion: true, doc: `The path of ${what} on this machine, which Polycrate sets itself while it loads the workspace.` }),
    containerpath: s.string({ noCompletion: true, doc: `The path of ${what} in the Polycrate container, which Polycrate sets itself while it loads the workspace.` }),
  };
}

interface Strictness {
  unknown: "error" | "warning";
  caseInsensitive: boolean;
}

function obj(fields: Record<string, Shape>, st: Strictness, opts: Partial<Omit<ObjectShape, "type" | "fields">> = {}): ObjectShape {
  return s.object(fields, { unknown: st.unknown, caseInsensitive: st.caseInsensitive || undefined, ...opts });
}

function promptShape(st: Strictness): ObjectShape {
  return obj(
    { message: s.string({ doc: "The question shown before running. It is a yes/no confirmation: declining fails the run. `--force` answers yes." }) },
    st,
    { noun: "prompt", doc: "Asks for confirmation before this runs. Prompts nest: workflow, then step, then action." },
  );
}

export const STEP_SNIPPET = "name: $1\n  block: $2\n  action: $3";
export const ACTION_SNIPPET = "name: $1\n  script:\n    - $2";
export const BLOCK_SNIPPET = "name: $1\n  actions:\n    - name: $2\n      script:\n        - $3";
export const WORKFLOW_SNIPPET = "name: $1\n  steps:\n    - name: $2\n      block: $3\n      action: $4";

function actionShape(st: Strictness): ObjectShape {
  return obj(
    {
      name: metadataName("The action's name, unique within its block: `polycrate run BLOCK ACTION`."),
      description: s.string({ doc: "What the action does." }),
      labels,
      alias,
      script: s.array(s.string(), {
        doc: "Shell lines, run with bash (`set -euo pipefail`) in the block's folder. Lines are Go templates over the snapshot, e.g. `{{ .Block.Config.foo }}`. Excludes `playbook`.",
      }),
      playbook: s.string({ doc: "An Ansible playbook in the block's folder, run as `ansible-playbook -e @snapshot PLAYBOOK`. Excludes `script`." }),
      interactive: s.bool({ doc: "Attach a terminal to the action's container (`-it`)." }),
      prompt: promptShape(st),
      config: s.any({ doc: "Free-form configuration of this action." }),
      // cmd/actions.go Action.Block; cmd/workspace.go ResolveBlock overwrites it with the owning block's name.
      block: s.string({ noCompletion: true, doc: "The block this action belongs to. Polycrate sets it to the name of the block the action is written under when it loads the workspace, so a value written here is replaced." }),
    },
    st,
    { required: ["name"], noun: "action", title: "action", doc: "A named command of a block: `script` lines or a `playbook`." },
  );
}

function blockShape(st: Strictness): ObjectShape {
  const fromDoc = (what: string) => s.string({ ref: "block", doc: `The block whose ${what} this block uses.` });
  return obj(
    {
      name: blockName("The block's name, unique in the workspace. Registry references such as `ayedo/k8s/harbor` are allowed."),
      description: s.string({ doc: "What the block provides." }),
      kind: s.string({ doc: `A hint for tools, e.g. ${BLOCK_KINDS.map((k) => `\`${k}\``).join(", ")}.` }),
      type: s.string({ doc: "A free-form type hint (e.g. `db`, `app`)." }),
      flavor: s.string({ doc: "A free-form flavor hint (e.g. `postgresql`)." }),
      labels,
      alias,
      version: s.string({ doc: "The block's version (semantic version for registry blocks)." }),
      from: s.string({ ref: "block", doc: "The parent block: its config, actions and files are inherited; values set here win." }),
      template: s.bool({ doc: "A template block is only a parent for others (`from`)." }),
      config: s.any({ doc: "Free-form configuration, available to scripts as `{{ .Block.Config.KEY }}` and as `BLOCK_CONFIG_*` variables." }),
      actions: s.array(actionShape(st), { doc: "The block's actions, as a list of `- name: …` items.", itemSnippet: ACTION_SNIPPET }),
      workdir: obj({ path: s.string({ doc: "The block's folder." }), ...localAndContainer("the block's folder") }, st, { noun: "workdir", doc: "Where the block's files are." }),
      inventory: obj(
        { from: fromDoc("Ansible inventory"), filename: s.string({ doc: "File name of the inventory." }), path: s.string({ doc: "Path of the inventory." }), ...localAndContainer("the inventory") },
        st,
        { noun: "inventory", doc: "The Ansible inventory this block uses, possibly another block's (`from`)." },
      ),
      kubeconfig: obj(
        { from: fromDoc("kubeconfig"), filename: s.string({ doc: "File name of the kubeconfig." }), path: s.string({ doc: "Path of the kubeconfig." }), ...localAndContainer("the kubeconfig") },
        st,
        { noun: "kubeconfig", doc: "The kubeconfig this block uses, possibly another block's (`from`)." },
      ),
      artifacts: obj({ path: s.string({ doc: "Folder of the block's artifacts." }), ...localAndContainer("the block's artifacts folder") }, st, {
        noun: "artifacts",
        doc: "Where the block writes its artifacts.",
      }),
      checksum: s.string({ doc: "Checksum of a pulled block." }),
      changelog: s.any({ doc: "Release notes of the block." }),
    },
    st,
    { required: ["name"], noun: "block", title: "block", doc: "A reusable unit with configuration and actions." },
  );
}

function stepShape(st: Strictness): ObjectShape {
  return obj(
    {
      name: metadataName("The step's name, unique within its workflow (`--step NAME`)."),
      description: s.string({ doc: "What the step does." }),
      labels,
      alias,
      block: s.string({ ref: "block", doc: "The block whose action this step runs." }),
      action: s.string({ ref: "action", doc: "The action of `block` this step runs: `polycrate run BLOCK ACTION`." }),
      prompt: promptShape(st),
      // cmd/workflows.go Step.Workflow; cmd/workspace.go ResolveWorkflows overwrites it with the workflow's name.
      workflow: s.string({ noCompletion: true, doc: "The workflow this step belongs to. Polycrate sets it to the name of the workflow the step is written under when it loads the workspace, so a value written here is replaced." }),
      allow_failure: s.bool({ noCompletion: true, doc: "Not a step field: Polycrate ignores it here. Set `allow_failure` on the workflow instead." }),
    },
    st,
    { required: ["name", "block", "action"], noun: "step", title: "step", doc: "Runs one action of one block. Steps run one at a time, in list order." },
  );
}

function workflowShape(st: Strictness): ObjectShape {
  return obj(
    {
      name: metadataName("The workflow's name: `polycrate run WORKFLOW`."),
      description: s.string({ doc: "What the workflow does." }),
      labels,
      alias,
      steps: s.array(stepShape(st), { doc: "The steps, run strictly in list order; the first failure stops the workflow.", itemSnippet: STEP_SNIPPET }),
      prompt: promptShape(st),
      allow_failure: s.bool({ doc: "Keep going when a step fails (a warning is logged). Without it, the first failing step stops the workflow." }),
    },
    st,
    { required: ["name"], noun: "workflow", title: "workflow", doc: "A list of steps, each running one block action." },
  );
}

const WS: Strictness = { unknown: "warning", caseInsensitive: true };
const BLOCK_FILE: Strictness = { unknown: "error", caseInsensitive: false };

const configShape = obj(
  {
    image: obj(
      { reference: s.string({ doc: "Image of the Polycrate container." }), version: s.string({ doc: "Tag of the Polycrate container image." }) },
      WS,
      { noun: "image", doc: "The container image actions run in." },
    ),
    blocksroot: s.string({ doc: "Folder of the installed blocks (default `blocks`)." }),
    logsroot: s.string({ doc: "Folder of the run logs (default `.logs`)." }),
    blocksconfig: s.string({ doc: "File name of block configurations (default `block.poly`)." }),
    workspaceconfig: s.string({ doc: "File name of the workspace configuration (default `workspace.poly`)." }),
    workflowsroot: s.string({ doc: "Folder of workflows (default `workflows`)." }),
    artifactsroot: s.string({ doc: "Folder of artifacts (default `artifacts`)." }),
    containerroot: s.string({ doc: "Where the workspace is mounted in the container (default `/workspace`)." }),
    sshprivatekey: s.string({ doc: "File name of the SSH private key (default `id_rsa`)." }),
    sshpublickey: s.string({ doc: "File name of the SSH public key (default `id_rsa.pub`)." }),
    remoteroot: s.string({ doc: "Root folder on remote machines." }),
    dockerfile: s.string({ doc: "Dockerfile that extends the Polycrate image (default `Dockerfile.poly`)." }),
    globals: s.any({ doc: "Free-form values for every block: `{{ .Workspace.Config.Globals.KEY }}`." }),
  },
  WS,
  { noun: "config", doc: "Workspace settings; defaults come from the CLI's flags." },
);

export const WORKSPACE_BLOCK_SHAPE = blockShape(WS);
export const FILE_BLOCK_SHAPE = blockShape(BLOCK_FILE);

export const WORKSPACE_SHAPE: ObjectShape = obj(
  {
    name: metadataName("The workspace's name."),
    organization: metadataName("The organization the workspace belongs to."),
    description: s.string({ doc: "What the workspace is for." }),
    labels,
    alias,
    events: obj(
      {
        handler: s.string({ doc: "Where events go: `workspace` (default) or `webhook`." }),
        endpoint: s.string({ doc: "URL of the webhook." }),
        commit: s.bool({ doc: "Commit the workspace after each action." }),
      },
      WS,
      { noun: "events", doc: "Where Polycrate reports run events." },
    ),
    dependencies: s.array(s.string({ doc: "A registry block reference `registry/namespace/block:version`." }), {
      doc: "Blocks to pull from a registry, e.g. `cargo.ayedo.cloud/ayedo/k8s/harbor:0.0.1`.",
    }),
    config: configShape,
    blocks: s.array(WORKSPACE_BLOCK_SHAPE, {
      doc: "Blocks of the workspace. An entry with the name of an installed block (`blocks/**/block.poly`) configures it.",
      itemSnippet: BLOCK_SNIPPET,
    }),
    workflows: s.array(workflowShape(WS), { doc: "Named lists of steps: `polycrate run WORKFLOW`.", itemSnippet: WORKFLOW_SNIPPET }),
    extraenv: s.array(s.string(), { doc: "Extra environment variables for actions, as `KEY=value`." }),
    extramounts: s.array(s.string(), { doc: "Extra container mounts, as `/host/path:/container/path`." }),
    inventory: obj({ path: s.string({ doc: "Path of the inventory." }), filename: s.string({ doc: "File name of the inventory." }), ...localAndContainer("the inventory") }, WS, {
      noun: "inventory",
      doc: "The workspace's default Ansible inventory.",
    }),
    kubeconfig: obj({ path: s.string({ doc: "Path of the kubeconfig." }), filename: s.string({ doc: "File name of the kubeconfig." }), ...localAndContainer("the kubeconfig") }, WS, {
      noun: "kubeconfig",
      doc: "The workspace's default kubeconfig.",
    }),
    // cmd/workspace.go Workspace.Path, LocalPath, ContainerPath: Polycrate sets them when it loads the workspace.
    path: s.string({ noCompletion: true, doc: "The workspace's folder as actions see it. Polycrate sets it when it loads the workspace (`localpath` with `--local`, else `containerpath`)." }),
    localpath: s.string({ noCompletion: true, doc: "The workspace's folder on this machine. Polycrate sets it when it loads the workspace." }),
    containerpath: s.string({ noCompletion: true, doc: "The workspace's folder in the Polycrate container (`config.containerroot`). Polycrate sets it when it loads the workspace." }),
    registry: obj(
      { endpoint: s.string({ doc: "Registry host." }), username: s.string({ doc: "Registry user." }), password: s.string({ doc: "Registry password." }) },
      WS,
      { noun: "registry", doc: "The block registry to pull from and push to." },
    ),
    sync: s.any({ doc: "Git synchronisation settings." }),
    meta: s.any({ doc: "Free-form metadata." }),
    version: s.string({ doc: "Version of the workspace." }),
    identifier: s.string({ doc: "A unique identifier of the workspace." }),
  },
  WS,
  { required: ["name"], noun: "workspace", title: "Polycrate workspace", doc: "A Polycrate workspace: blocks, workflows and settings." },
);

export const BLOCK_FILE_SHAPE: ObjectShape = { ...FILE_BLOCK_SHAPE, title: "Polycrate block" };
