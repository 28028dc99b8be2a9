// The effective configuration as Atmos computes it, one behaviour per test, each found by the conformance test.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validate } from "../../../server/src/features/validate";
import { describeComponent } from "../../../server/src/formats/atmos/describe";
import { effectiveDependencies } from "../../../server/src/formats/atmos/inherit";
import { engineFor } from "../../../server/src/formats/atmos/stacks";
import { workspace } from "../../support/ws";

const CONFIG = `stacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n`;

describe("atmos effective configuration", () => {
  it("reads a list-form settings.depends_on", () => {
    const ws = workspace({
      "/ws/atmos.yaml": CONFIG,
      "/ws/stacks/deploy/dev.yaml": "vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc: {}\n    db:\n      settings:\n        depends_on:\n          - component: vpc\n",
    });
    const e = engineFor(ws);
    const deps = effectiveDependencies(e.merged("/ws/stacks/deploy/dev.yaml"), "db", "terraform") ?? [];
    assert.deepEqual(deps.map((d) => d.item.component?.name), ["vpc"]);
    assert.deepEqual(validate(ws, "/ws/stacks/deploy/dev.yaml").filter((d) => d.severity === 1), []);
  });

  it("follows an import that names a .tmpl file", () => {
    const ws = workspace({
      "/ws/atmos.yaml": CONFIG,
      "/ws/stacks/catalog/x.defaults.tmpl": "vars:\n  from_tmpl: 1\n",
      "/ws/stacks/deploy/dev.yaml": "import:\n  - catalog/x.defaults.tmpl\nvars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc: {}\n",
    });
    assert.deepEqual(describeComponent(engineFor(ws), "dev", "vpc")?.vars, { from_tmpl: 1, stage: "dev" });
  });

  it("warns, not errs, on a dependency Atmos cannot find (it logs a warning and skips it)", () => {
    const ws = workspace({
      "/ws/atmos.yaml": CONFIG,
      "/ws/stacks/deploy/dev.yaml": "vars:\n  stage: dev\ncomponents:\n  terraform:\n    db:\n      dependencies:\n        components:\n          - name: gone\n",
    });
    const d = validate(ws, "/ws/stacks/deploy/dev.yaml").filter((x) => x.code === "atmos/unknown-dependency");
    assert.deepEqual(d.map((x) => x.severity), [2]);
  });

  it("finds a component in any of the manifests that compute the same stack name", () => {
    const ws = workspace({
      "/ws/atmos.yaml": CONFIG,
      "/ws/stacks/deploy/a.yaml": "vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc: {}\n",
      "/ws/stacks/deploy/b.yaml": "vars:\n  stage: dev\ncomponents:\n  terraform:\n    db:\n      vars:\n        x: 1\n",
    });
    assert.deepEqual(describeComponent(engineFor(ws), "dev", "db")?.vars, { stage: "dev", x: 1 });
  });
});

describe("atmos templates and list values", () => {
  it("renders static Go templates with the component's context and keeps what only Atmos can render", () => {
    const ws = workspace({
      "/ws/atmos.yaml": `${CONFIG}templates:\n  settings:\n    enabled: true\n`,
      "/ws/stacks/deploy/dev.yaml": [
        "vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n      metadata:\n        component: net\n      vars:",
        '        name: "{{ .vars.stage }}-{{ .atmos_component }}"',
        '        folder: "{{ .component }}"',
        '        later: "{{`{{ .atmos_stack }}`}}"',
        '        user: \'{{ env "USER" }}\'',
        "        zones: [a, b]",
        "",
      ].join("\n"),
    });
    const v = describeComponent(engineFor(ws), "dev", "vpc")?.vars as Record<string, unknown>;
    assert.equal(v.name, "dev-vpc");
    assert.equal(v.folder, "net");
    assert.equal(v.later, "{{ .atmos_stack }}");
    assert.equal(v.user, '{{ env "USER" }}');
    assert.deepEqual(v.zones, ["a", "b"]);
  });

  it("leaves templates as written when templating is not enabled in atmos.yaml (Atmos v1.68.0 and later)", () => {
    const stack = 'vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n      vars:\n        name: "{{ .vars.stage }}"\n';
    const off = workspace({ "/ws/atmos.yaml": CONFIG, "/ws/stacks/deploy/dev.yaml": stack });
    assert.equal((describeComponent(engineFor(off), "dev", "vpc")?.vars as Record<string, unknown>).name, "{{ .vars.stage }}");
    const on = workspace({ "/ws/atmos.yaml": `${CONFIG}templates:\n  settings:\n    enabled: true\n`, "/ws/stacks/deploy/dev.yaml": stack });
    assert.equal((describeComponent(engineFor(on), "dev", "vpc")?.vars as Record<string, unknown>).name, "dev");
  });
});

describe("atmos terraform backend", () => {
  // internal/exec/stack_processor_backend.go processTerraformBackend: the component's backend_type wins over the
  // stack's, the backend sections merge, the chosen type's part is the backend, and an s3 backend without a
  // workspace_key_prefix gets the component's (folder's) name with `/` turned into `-`.
  it("takes the type from the component, else the stack, and the merged section of that type", () => {
    const ws = workspace({
      "/ws/atmos.yaml": CONFIG,
      "/ws/stacks/deploy/dev.yaml": [
        "vars:\n  stage: dev",
        "terraform:\n  backend_type: s3\n  backend:\n    s3:\n      bucket: b\n    gcs:\n      bucket: g",
        "components:\n  terraform:\n    net/vpc:\n      backend:\n        s3:\n          key: k",
        "    db:\n      backend_type: gcs",
        "",
      ].join("\n"),
    });
    const e = engineFor(ws);
    const vpc = describeComponent(e, "dev", "net/vpc")!;
    assert.equal(vpc.backend_type, "s3");
    assert.deepEqual(vpc.backend, { bucket: "b", key: "k", workspace_key_prefix: "net-vpc" });
    const db = describeComponent(e, "dev", "db")!;
    assert.equal(db.backend_type, "gcs");
    assert.deepEqual(db.backend, { bucket: "g", prefix: "db" });
  });
});

describe("atmos duplicate components across top-level manifests", () => {
  // Atmos's TestTopLevelStackCompositionRejectsConflictingDuplicates (top-level-stack-composition-conflict):
  // two manifests of one stack that define the same component differently fail; the same catalog in both does not.
  it("is an error when the definitions differ, and nothing when they are the same", () => {
    const files = {
      "/ws/atmos.yaml": CONFIG,
      "/ws/stacks/catalog/shared.yaml": "components:\n  terraform:\n    shared:\n      vars:\n        name: shared\n",
      "/ws/stacks/deploy/a.yaml": "import:\n  - catalog/shared\nvars:\n  stage: dev\ncomponents:\n  terraform:\n    shared:\n      vars:\n        name: shared\n    c:\n      vars:\n        name: a\n",
      "/ws/stacks/deploy/b.yaml": "import:\n  - catalog/shared\nvars:\n  stage: dev\ncomponents:\n  terraform:\n    shared:\n      vars:\n        name: shared\n    c:\n      vars:\n        name: b\n",
    };
    const ws = workspace(files);
    for (const p of ["/ws/stacks/deploy/a.yaml", "/ws/stacks/deploy/b.yaml"]) {
      const d = validate(ws, p).filter((x) => x.code === "atmos/duplicate-component");
      assert.deepEqual(d.map((x) => [x.severity, x.range.start.line]), [[1, 9]], p);
    }
  });
});

describe("atmos self-import", () => {
  it("is an error, as Atmos stops on a manifest that imports itself", () => {
    const ws = workspace({
      "/ws/atmos.yaml": CONFIG,
      "/ws/stacks/deploy/dev.yaml": "import:\n  - deploy/dev\n  - deploy/*\nvars:\n  stage: dev\n",
    });
    const d = validate(ws, "/ws/stacks/deploy/dev.yaml").filter((x) => x.code === "atmos/self-import");
    assert.deepEqual(d.map((x) => [x.severity, x.range.start.line]), [[1, 1]]);
  });
});

describe("atmos metadata inheritance", () => {
  // Atmos's `stacks.inherit.metadata` defaults to true since 2025-12 (pkg/edition journal; TestMetadataInheritance*
  // in internal/exec): a terraform component takes its bases' metadata, except `inherits` (its own stays).
  it("inherits base metadata by default, and not when stacks.inherit.metadata is false", () => {
    const manifest = "vars:\n  stage: dev\ncomponents:\n  terraform:\n    base:\n      metadata:\n        type: abstract\n        name: vpc\n        locked: true\n    app:\n      metadata:\n        inherits: [base]\n";
    const on = describeComponent(engineFor(workspace({ "/ws/atmos.yaml": CONFIG, "/ws/stacks/deploy/dev.yaml": manifest })), "dev", "app")!;
    assert.deepEqual(on.metadata, { name: "vpc", locked: true, inherits: ["base"] });
    const offConfig = CONFIG.replace("stacks:\n", "stacks:\n  inherit:\n    metadata: false\n");
    const off = describeComponent(engineFor(workspace({ "/ws/atmos.yaml": offConfig, "/ws/stacks/deploy/dev.yaml": manifest })), "dev", "app")!;
    assert.deepEqual(off.metadata, { inherits: ["base"] });
  });
});
