// The keys of `atmos describe component` beyond vars/settings/env/backend/metadata: providers, hooks, the Terraform
// workspace, the inheritance chain, the command and the remote state backend, plus the ansible type section. The
// expected values follow the Atmos Go code named in each test (internal/exec/stack_processor_merge.go
// mergeComponentConfigurations, stack_processor_utils.go ProcessBaseComponentConfig, stack_utils.go
// BuildTerraformWorkspace); Atmos's golden outputs only hold empty ones, which the conformance test compares.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeComponent } from "../../../server/src/formats/atmos/describe";
import { describe as describeText, render } from "../../../server/src/formats/atmos/describe-output";
import { engineFor } from "../../../server/src/formats/atmos/stacks";
import { workspace } from "../../support/ws";

const CONFIG = `stacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\ntemplates:\n  settings:\n    enabled: true\n`;

function repo(files: Record<string, string>, config = CONFIG) {
  return engineFor(workspace({ "/ws/atmos.yaml": config, ...files }));
}

describe("atmos describe: providers and hooks", () => {
  const e = repo({
    "/ws/stacks/catalog/base.yaml": [
      "providers:",
      "  ignored: {}",
      "hooks:",
      "  global:",
      "    events: [after-terraform-apply]",
      "terraform:",
      "  providers:",
      "    aws:",
      "      region: us-east-1",
      "      assume_role: type-level",
      "  hooks:",
      "    typed:",
      "      events: [before-terraform-plan]",
      "components:",
      "  terraform:",
      "    base:",
      "      metadata:",
      "        type: abstract",
      "      providers:",
      "        aws:",
      "          assume_role: from-base",
      "      hooks:",
      "        store:",
      "          name: base-store",
      "  helmfile:",
      "    chart:",
      "      vars: {}",
      "",
    ].join("\n"),
    "/ws/stacks/deploy/dev.yaml": [
      "import:",
      "  - catalog/base",
      "vars:",
      "  stage: dev",
      "terraform:",
      "  overrides:",
      "    providers:",
      "      aws:",
      "        profile: overridden",
      "components:",
      "  terraform:",
      "    vpc:",
      "      metadata:",
      "        inherits: [base]",
      "      vars:",
      "        name: net",
      "      providers:",
      "        aws:",
      "          default_tags:",
      "            Name: '{{ .vars.name }}-{{ .atmos_stack }}'",
      "      hooks:",
      "        store:",
      "          name: own-store",
      "",
    ].join("\n"),
  });

  it("merge providers from terraform.providers, the bases, the component and overrides.providers (no root-level providers)", () => {
    const d = describeComponent(e, "dev", "vpc")!;
    assert.deepEqual(d.providers, {
      aws: { region: "us-east-1", assume_role: "from-base", default_tags: { Name: "net-dev" }, profile: "overridden" },
    });
  });

  it("merge hooks from the stack's hooks and terraform.hooks, the bases and the component", () => {
    const d = describeComponent(e, "dev", "vpc")!;
    assert.deepEqual(d.hooks, {
      global: { events: ["after-terraform-apply"] },
      typed: { events: ["before-terraform-plan"] },
      store: { name: "own-store" },
    });
  });

  it("give a Helmfile component neither (the stack processor merges them for Terraform)", () => {
    const d = describeComponent(e, "dev", "chart")!;
    assert.equal(d.providers, undefined);
    assert.equal(d.hooks, undefined);
    assert.equal(d.workspace, undefined);
    assert.equal(d.command, "helmfile");
  });

  it("are printed by infraflow describe, and no longer listed as left out", () => {
    const r = describeText(e, "dev", "vpc");
    assert.ok(r.ok);
    const text = render(r.description, { format: "yaml" }).text;
    assert.match(text, /^providers:\n {2}aws:\n/m);
    assert.match(text, /^hooks:\n/m);
    assert.match(text, /^workspace: dev$/m);
    assert.match(text, /^inheritance:\n {2}- base$/m);
    assert.doesNotMatch(text.split("\n")[1]!, /\b(?:providers|hooks|workspace|inheritance)\b/);
  });
});

describe("atmos describe: the inheritance chain", () => {
  it("lists the bases the last processed first, each once (ProcessBaseComponentConfig prepends)", () => {
    const e = repo({
      "/ws/stacks/deploy/dev.yaml": [
        "vars:",
        "  stage: dev",
        "components:",
        "  terraform:",
        "    root: {}",
        "    a:",
        "      metadata:",
        "        inherits: [root]",
        "    b:",
        "      metadata:",
        "        inherits: [root]",
        "    app:",
        "      metadata:",
        "        inherits: [a, b]",
        "",
      ].join("\n"),
    });
    assert.deepEqual(describeComponent(e, "dev", "app")!.inheritance, ["b", "root", "a"]);
    assert.deepEqual(describeComponent(e, "dev", "a")!.inheritance, ["root"]);
    assert.deepEqual(describeComponent(e, "dev", "root")!.inheritance, []);
  });

  it("starts with the component the top-level `component:` attribute names, which is a base and the folder", () => {
    const e = repo({
      "/ws/stacks/deploy/dev.yaml": [
        "vars:",
        "  stage: dev",
        "components:",
        "  terraform:",
        "    test/test-component:",
        "      vars:",
        "        from_base: true",
        "    test/override:",
        "      component: test/test-component",
        "    folder-only:",
        "      component: mock",
        "",
      ].join("\n"),
    });
    const d = describeComponent(e, "dev", "test/override")!;
    assert.deepEqual(d.inheritance, ["test/test-component"]);
    assert.equal((d.vars as Record<string, unknown>).from_base, true);
    assert.equal(d.component, "test/test-component");
    assert.equal(d.workspace, "dev-test-override");
    // `component: mock` names no component of the stack: no base, and the stack is the workspace (as Atmos's
    // stack-manifest-name golden shows).
    const f = describeComponent(e, "dev", "folder-only")!;
    assert.deepEqual(f.inheritance, []);
    assert.equal(f.component, "folder-only");
    assert.equal(f.workspace, "dev");
  });
});

describe("atmos describe: the Terraform workspace (BuildTerraformWorkspace)", () => {
  const component = (name: string, lines: string[]) => [`    ${name}:`, ...lines.map((l) => `      ${l}`)];
  const e = repo({
    "/ws/stacks/deploy/dev.yaml": [
      "vars:",
      "  stage: dev",
      "  tenant: acme",
      "components:",
      "  terraform:",
      ...component("plain", ["vars: {}"]),
      ...component("same-folder", ["metadata:", "  component: same-folder"]),
      ...component("eks/blue", ["metadata:", "  component: eks"]),
      ...component("explicit", ["metadata:", "  component: eks", "  terraform_workspace: my/ws"]),
      ...component("patterned", ["metadata:", "  terraform_workspace_pattern: '{tenant}-{stage}-{component}'"]),
      ...component("templated", ["metadata:", "  terraform_workspace_template: '{{ .vars.tenant }}-{{ .vars.stage }}-x'"]),
      ...component("pattern-base", ["metadata:", "  type: abstract", "  terraform_workspace_pattern: '{stage}-from-base'"]),
      ...component("inherits-pattern", ["metadata:", "  inherits: [pattern-base]"]),
      ...component("explicit-over-pattern", ["metadata:", "  inherits: [pattern-base]", "  terraform_workspace: mine"]),
      ...component("over-http", ["backend_type: http"]),
      "",
    ].join("\n"),
    "/ws/stacks/deploy/named.yaml": ["name: legacy-prod", "vars:", "  stage: prod", "components:", "  terraform:", ...component("net/vpc", ["metadata:", "  component: vpc"]), ""].join("\n"),
  });
  const ws = (stack: string, name: string) => describeComponent(e, stack, name)!.workspace;

  it("is the stack name when the component has no base component, else `<stack>-<component>`", () => {
    assert.equal(ws("dev", "plain"), "dev");
    assert.equal(ws("dev", "same-folder"), "dev");
    assert.equal(ws("dev", "eks/blue"), "dev-eks-blue");
    // The manifest's `name` wins over the name pattern.
    assert.equal(ws("legacy-prod", "net/vpc"), "legacy-prod-net-vpc");
  });

  it("follows metadata.terraform_workspace, _pattern and _template, `/` turned into `-`", () => {
    assert.equal(ws("dev", "explicit"), "my-ws");
    assert.equal(ws("dev", "patterned"), "acme-dev-patterned");
    assert.equal(ws("dev", "templated"), "acme-dev-x");
    // An inherited pattern counts; an explicit terraform_workspace removes it (applyTerraformMetadataInheritance).
    assert.equal(ws("dev", "inherits-pattern"), "dev-from-base");
    assert.equal(ws("dev", "explicit-over-pattern"), "mine");
    assert.equal((describeComponent(e, "dev", "explicit-over-pattern")!.metadata as Record<string, unknown>).terraform_workspace_pattern, undefined);
  });

  it("is `default` for an http backend or with workspaces disabled in atmos.yaml", () => {
    assert.equal(ws("dev", "over-http"), "default");
    const off = repo({ "/ws/stacks/deploy/dev.yaml": "vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc: {}\n" }, `${CONFIG}components:\n  terraform:\n    workspaces_enabled: false\n`);
    assert.equal(describeComponent(off, "dev", "vpc")!.workspace, "default");
  });

  it("is what `{{ .workspace }}` renders to in the component's templates", () => {
    const t = repo({ "/ws/stacks/deploy/dev.yaml": "vars:\n  stage: dev\ncomponents:\n  terraform:\n    eks/blue:\n      metadata:\n        component: eks\n      vars:\n        ws: '{{ .workspace }}'\n" });
    assert.equal((describeComponent(t, "dev", "eks/blue")!.vars as Record<string, unknown>).ws, "dev-eks-blue");
  });
});

describe("atmos describe: scalar keys without a value", () => {
  it("are computed as not set (the checker reports those Atmos stops on)", () => {
    const e = repo({
      "/ws/stacks/deploy/dev.yaml": [
        "vars:",
        "  stage: dev",
        "terraform:",
        "  backend_type: s3",
        "components:",
        "  terraform:",
        "    vpc:",
        "      backend_type:",
        "      command:",
        "      metadata:",
        "        component: eks",
        "        terraform_workspace:",
        "        terraform_workspace_pattern:",
        "",
      ].join("\n"),
    });
    const d = describeComponent(e, "dev", "vpc")!;
    assert.equal(d.backend_type, "s3");
    assert.equal(d.command, "terraform");
    assert.equal(d.workspace, "dev-vpc");
  });
});

describe("atmos describe: command and remote state backend", () => {
  it("takes the command from atmos.yaml, terraform.command, the bases, the component, then overrides.command", () => {
    const files = {
      "/ws/stacks/catalog/base.yaml": "components:\n  terraform:\n    base:\n      command: from-base\n",
      "/ws/stacks/deploy/dev.yaml": [
        "import: [catalog/base]",
        "vars:",
        "  stage: dev",
        "components:",
        "  terraform:",
        "    plain: {}",
        "    derived:",
        "      metadata:",
        "        inherits: [base]",
        "    own:",
        "      metadata:",
        "        inherits: [base]",
        "      command: own",
        "    overridden:",
        "      command: own",
        "      overrides:",
        "        command: last",
        "",
      ].join("\n"),
    };
    const e = repo(files);
    assert.equal(describeComponent(e, "dev", "plain")!.command, "terraform");
    assert.equal(describeComponent(e, "dev", "derived")!.command, "from-base");
    assert.equal(describeComponent(e, "dev", "own")!.command, "own");
    assert.equal(describeComponent(e, "dev", "overridden")!.command, "last");
    const tofu = repo(files, `${CONFIG}components:\n  terraform:\n    command: tofu\n`);
    assert.equal(describeComponent(tofu, "dev", "plain")!.command, "tofu");
    const typed = repo({ ...files, "/ws/stacks/deploy/dev.yaml": `terraform:\n  command: typed\n${files["/ws/stacks/deploy/dev.yaml"]}` });
    assert.equal(describeComponent(typed, "dev", "plain")!.command, "typed");
  });

  it("gives the remote state backend the backend's type and values, with remote_state_backend merged over them", () => {
    const e = repo({
      "/ws/stacks/deploy/dev.yaml": [
        "vars:",
        "  stage: dev",
        "terraform:",
        "  backend_type: s3",
        "  backend:",
        "    s3:",
        "      bucket: state",
        "      encrypt: true",
        "  remote_state_backend:",
        "    s3:",
        "      role_arn: reader",
        "components:",
        "  terraform:",
        "    vpc: {}",
        "    other:",
        "      remote_state_backend_type: static",
        "      remote_state_backend:",
        "        static:",
        "          vpc_id: vpc-1",
        "",
      ].join("\n"),
    });
    const d = describeComponent(e, "dev", "vpc")!;
    assert.equal(d.remote_state_backend_type, "s3");
    assert.deepEqual(d.remote_state_backend, { bucket: "state", encrypt: true, role_arn: "reader", workspace_key_prefix: "vpc" });
    const o = describeComponent(e, "dev", "other")!;
    assert.equal(o.remote_state_backend_type, "static");
    assert.deepEqual(o.remote_state_backend, { vpc_id: "vpc-1" });
  });
});

describe("atmos ansible components", () => {
  it("take the stack's `ansible:` section as their component-type defaults, like terraform/helmfile/packer", () => {
    const e = repo({
      "/ws/stacks/deploy/dev.yaml": [
        "vars:",
        "  stage: dev",
        "ansible:",
        "  vars:",
        "    managed_by: Atmos",
        "  env:",
        "    ANSIBLE_FORCE_COLOR: 'true'",
        "  settings:",
        "    ansible:",
        "      inventory: inventory.ini",
        "components:",
        "  ansible:",
        "    base:",
        "      metadata:",
        "        type: abstract",
        "      vars:",
        "        app_port: 80",
        "    webserver:",
        "      metadata:",
        "        inherits: [base]",
        "      vars:",
        "        app_name: web",
        "      settings:",
        "        ansible:",
        "          playbook: site.yml",
        "",
      ].join("\n"),
    });
    const d = describeComponent(e, "dev", "webserver", "ansible")!;
    assert.equal(d.component_type, "ansible");
    assert.deepEqual(d.vars, { stage: "dev", managed_by: "Atmos", app_port: 80, app_name: "web" });
    assert.deepEqual(d.env, { ANSIBLE_FORCE_COLOR: "true" });
    assert.deepEqual(d.settings, { ansible: { inventory: "inventory.ini", playbook: "site.yml" } });
    assert.equal(d.command, "ansible");
    assert.deepEqual(d.inheritance, ["base"]);
  });
});
