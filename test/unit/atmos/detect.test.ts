// Detection: atmos.yaml decides where manifests live; without it, only content made of Atmos root keys is claimed.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { atmosFormat } from "../../../server/src/formats/atmos";
import { parseConfig, isDeployable } from "../../../server/src/formats/atmos/config";
import { memoryHost } from "../../../server/src/index/host";
import { workspace } from "../../support/ws";

const ATMOS_YAML = `base_path: "."
stacks:
  base_path: stacks
  included_paths: ["orgs/**/*"]
  excluded_paths: ["**/_defaults.yaml"]
  name_pattern: "{tenant}-{environment}-{stage}"
workflows:
  base_path: stacks/workflows
`;
const GITHUB = "on:\n  push: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";
const K8S = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n";
const COMPOSE = "services:\n  web:\n    image: nginx\n";
const STACK = "import:\n  - catalog/vpc\nvars:\n  stage: dev\n";
const CATALOG = "components:\n  terraform:\n    vpc:\n      vars: {}\n";
const WORKFLOW = "workflows:\n  plan:\n    steps:\n      - command: terraform plan vpc\n";

describe("atmos config", () => {
  it("reads base paths, included and excluded paths and the name pattern", () => {
    const c = parseConfig("/repo/atmos.yaml", ATMOS_YAML);
    assert.equal(c.root, "/repo");
    assert.equal(c.stacksBase, "/repo/stacks");
    assert.equal(c.workflowsBase, "/repo/stacks/workflows");
    assert.deepEqual([c.included, c.excluded, c.namePattern], [["orgs/**/*"], ["**/_defaults.yaml"], "{tenant}-{environment}-{stage}"]);
    assert.equal(isDeployable(c, "/repo/stacks/orgs/acme/dev.yaml"), true);
    assert.equal(isDeployable(c, "/repo/stacks/orgs/acme/_defaults.yaml"), false);
    assert.equal(isDeployable(c, "/repo/stacks/catalog/vpc.yaml"), false);
    assert.equal(isDeployable(c, "/repo/stacks/workflows/net.yaml"), false);
  });

  it("makes the other paths relative to base_path, and takes the Atmos defaults", () => {
    const c = parseConfig("/repo/atmos.yaml", "base_path: infra\nstacks:\n  name_template: '{{ .vars.stage }}'\n");
    assert.equal(c.stacksBase, "/repo/infra/stacks");
    assert.equal(c.workflowsBase, "/repo/infra/stacks/workflows");
    assert.equal(c.nameTemplate, "{{ .vars.stage }}");
  });
});

describe("atmos detection", () => {
  it("serves manifests below the base paths of atmos.yaml, deployable or not", () => {
    const index = workspace({
      "/ws/atmos.yaml": ATMOS_YAML,
      "/ws/stacks/orgs/acme/dev.yaml": STACK,
      "/ws/stacks/orgs/acme/_defaults.yaml": "vars:\n  namespace: acme\n",
      "/ws/stacks/catalog/vpc.yaml": CATALOG,
      "/ws/stacks/workflows/net.yaml": WORKFLOW,
      "/ws/stacks/catalog/more-workflows.yaml": WORKFLOW,
      "/ws/stacks/schemas/k8s.yaml": K8S,
      "/ws/.github/workflows/ci.yaml": GITHUB,
      "/ws/docker-compose.yaml": COMPOSE,
      "/ws/vendor.yaml": CATALOG,
    });
    assert.deepEqual(index.paths().sort(), ["/ws/stacks/catalog/more-workflows.yaml", "/ws/stacks/catalog/vpc.yaml", "/ws/stacks/orgs/acme/_defaults.yaml", "/ws/stacks/orgs/acme/dev.yaml", "/ws/stacks/workflows/net.yaml"]);
    assert.equal(index.detected("/ws/stacks/orgs/acme/_defaults.yaml")?.kind, "stack");
    assert.equal(index.detected("/ws/stacks/workflows/net.yaml")?.kind, "workflow");
    assert.equal(index.detected("/ws/stacks/catalog/more-workflows.yaml")?.kind, "workflow");
    assert.equal(index.detected("/ws/atmos.yaml"), undefined);
  });

  it("detects by content without atmos.yaml, and leaves foreign YAML alone", () => {
    const index = workspace({
      "/ws/stacks/dev.yaml": STACK,
      "/ws/stacks/catalog/vpc.yaml": CATALOG,
      "/ws/stacks/workflows/net.yaml": WORKFLOW,
      "/ws/stacks/.github/workflows/ci.yaml": GITHUB,
      "/ws/stacks/deploy/web.yaml": K8S,
      "/ws/stacks/docker-compose.yaml": COMPOSE,
      "/ws/stacks/notes.yaml": "title: hello\nitems: [1, 2]\n",
      "/ws/stacks/defaults.yaml": "vars:\n  stage: dev\n",
    });
    assert.deepEqual(
      Object.fromEntries(index.paths().sort().map((p) => [p, index.detected(p)?.kind])),
      { "/ws/stacks/catalog/vpc.yaml": "stack", "/ws/stacks/dev.yaml": "stack", "/ws/stacks/workflows/net.yaml": "workflow" },
    );
  });

  it("detects an open document by content wherever it is", () => {
    const index = workspace({});
    assert.equal(index.openOrChange("/ws/anywhere/vpc.yaml", CATALOG, 1), "atmos");
    assert.equal(index.openOrChange("/ws/anywhere/ci.yaml", GITHUB, 1), null);
    assert.equal(index.openOrChange("/ws/anywhere/k8s.yaml", K8S, 1), null);
    assert.equal(index.openOrChange("/ws/anywhere/compose.yaml", COMPOSE, 1), null);
  });

  it("is told which files are config files and which to read", () => {
    const ws = workspace({ "/ws/atmos.yaml": ATMOS_YAML });
    assert.equal(atmosFormat.isConfigFile?.("/ws/atmos.yaml"), true);
    assert.equal(atmosFormat.isConfigFile?.("/ws/stacks/atmos-notes.yaml"), false);
    assert.equal(atmosFormat.candidate("/ws/stacks/catalog/vpc.yaml", ws), true);
    assert.equal(atmosFormat.candidate("/ws/stacks/catalog/readme.md", ws), false);
    assert.equal(atmosFormat.candidate("/ws/vendor.yaml", ws), false);
  });

  it("re-detects when atmos.yaml changes on disk", () => {
    const index = workspace({ "/ws/atmos.yaml": ATMOS_YAML, "/ws/stacks/catalog/vpc.yaml": CATALOG, "/ws/infra/catalog/vpc.yaml": CATALOG });
    assert.deepEqual(index.paths(), ["/ws/stacks/catalog/vpc.yaml"]);
    (index.host as ReturnType<typeof memoryHost>).files.set("/ws/atmos.yaml", ATMOS_YAML.replace("base_path: stacks", "base_path: infra"));
    index.diskChanged("/ws/atmos.yaml", "changed");
    assert.deepEqual(index.paths(), ["/ws/infra/catalog/vpc.yaml"]);
  });
});
