// Cross-file resolution: imports (globs, no extension, relative, cycles), inheritance order and stack names.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { effective, leaves } from "../../../server/src/formats/atmos/inherit";
import type { WorkflowModel } from "../../../server/src/formats/atmos/model";
import { engineFor } from "../../../server/src/formats/atmos/stacks";
import { workspace } from "../../support/ws";

const CONFIG = `stacks:
  base_path: stacks
  included_paths: ["orgs/**/*"]
  excluded_paths: ["**/_defaults.yaml"]
  name_pattern: "{tenant}-{environment}-{stage}"
`;

function vars(v: ReturnType<typeof effective>): Record<string, string> {
  return Object.fromEntries(leaves(v!.vars).map((l) => [l.key, String(l.leaf.value)]));
}

describe("atmos imports", () => {
  const index = workspace({
    "/ws/atmos.yaml": CONFIG,
    "/ws/stacks/catalog/a.yaml": "vars:\n  from_a: 1\n",
    "/ws/stacks/catalog/b.yml": "import:\n  - ./nested/c\nvars:\n  from_b: 1\n",
    "/ws/stacks/catalog/nested/c.yaml": "import:\n  - catalog/b\nvars:\n  from_c: 1\n",
    "/ws/stacks/catalog/self.yaml": "import:\n  - catalog/self\n",
    "/ws/stacks/orgs/dev.yaml": "import:\n  - catalog/*\n  - catalog/a.yaml\n  - catalog/**\n",
  });
  const engine = () => engineFor(index);

  it("resolves globs, extension-less and relative paths", () => {
    const e = engine();
    const imp = (path: string, from = "/ws/stacks/orgs/dev.yaml") => e.resolveImport({ path, span: { start: 0, end: 0 }, skipIfMissing: false, dynamic: false }, from);
    assert.deepEqual(imp("catalog/*"), ["/ws/stacks/catalog/a.yaml", "/ws/stacks/catalog/b.yml", "/ws/stacks/catalog/self.yaml"]);
    assert.deepEqual(imp("catalog/**"), ["/ws/stacks/catalog/a.yaml", "/ws/stacks/catalog/b.yml", "/ws/stacks/catalog/nested/c.yaml", "/ws/stacks/catalog/self.yaml"]);
    assert.deepEqual(imp("catalog/b"), ["/ws/stacks/catalog/b.yml"]);
    assert.deepEqual(imp("catalog/a.yaml"), ["/ws/stacks/catalog/a.yaml"]);
    assert.deepEqual(imp("./nested/c", "/ws/stacks/catalog/b.yml"), ["/ws/stacks/catalog/nested/c.yaml"]);
    assert.deepEqual(imp("../a", "/ws/stacks/catalog/nested/c.yaml"), ["/ws/stacks/catalog/a.yaml"]);
    assert.deepEqual(imp("catalog/none"), []);
  });

  it("builds the import closure in merge order and terminates on cycles and self-imports", () => {
    const e = engine();
    assert.deepEqual(e.closure("/ws/stacks/catalog/self.yaml"), { files: ["/ws/stacks/catalog/self.yaml"], keys: ["/ws/stacks/catalog/self.yaml"], missing: false });
    assert.deepEqual(e.closure("/ws/stacks/catalog/b.yml").files, ["/ws/stacks/catalog/nested/c.yaml", "/ws/stacks/catalog/b.yml"]);
    assert.deepEqual(e.closure("/ws/stacks/orgs/dev.yaml").files, [
      "/ws/stacks/catalog/a.yaml",
      "/ws/stacks/catalog/nested/c.yaml",
      "/ws/stacks/catalog/b.yml",
      "/ws/stacks/catalog/self.yaml",
      "/ws/stacks/orgs/dev.yaml",
    ]);
    assert.deepEqual(Object.keys(Object.fromEntries(leaves(e.merged("/ws/stacks/orgs/dev.yaml").vars).map((l) => [l.key, 1]))), ["from_a", "from_c", "from_b"]);
  });

  it("notes a missing import in the closure", () => {
    const ws = workspace({ "/ws/atmos.yaml": CONFIG, "/ws/stacks/orgs/dev.yaml": "import:\n  - catalog/gone\n  - path: catalog/optional\n    skip_if_missing: true\n" });
    assert.equal(engineFor(ws).closure("/ws/stacks/orgs/dev.yaml").missing, true);
    const ok = workspace({ "/ws/atmos.yaml": CONFIG, "/ws/stacks/orgs/dev.yaml": "import:\n  - path: catalog/optional\n    skip_if_missing: true\n" });
    assert.equal(engineFor(ok).closure("/ws/stacks/orgs/dev.yaml").missing, false);
  });
});

describe("atmos inheritance", () => {
  const index = workspace({
    "/ws/atmos.yaml": CONFIG,
    "/ws/stacks/catalog/bases.yaml": `components:
  terraform:
    base1:
      metadata:
        type: abstract
      vars:
        a: base1
        b: base1
        nested: {x: base1, y: base1}
    base2:
      metadata:
        type: abstract
        inherits: [base0]
      vars:
        b: base2
        c: base2
        nested: {y: base2}
    base0:
      metadata:
        type: abstract
      vars:
        zero: base0
        c: base0
`,
    "/ws/stacks/orgs/dev.yaml": `import:
  - catalog/bases
vars:
  tenant: acme
  environment: ue2
  stage: dev
  a: global
terraform:
  vars:
    tf: section
components:
  terraform:
    app:
      metadata:
        inherits: [base1, base2]
      vars:
        c: own
`,
  });

  it("merges globals, the type section, bases in order (each with its own bases), then the component", () => {
    const e = engineFor(index);
    const eff = effective(e.merged("/ws/stacks/orgs/dev.yaml"), "app", "terraform");
    assert.deepEqual(eff!.chain, ["base1", "base0", "base2"]);
    assert.deepEqual(vars(eff), {
      tenant: "acme",
      environment: "ue2",
      stage: "dev",
      a: "base1",
      tf: "section",
      b: "base2",
      "nested.x": "base1",
      "nested.y": "base2",
      zero: "base0",
      c: "own",
    });
    // Each value knows where it was set.
    const c = leaves(eff!.vars).find((l) => l.key === "c")!.leaf;
    assert.equal(c.path, "/ws/stacks/orgs/dev.yaml");
    assert.equal(e.merged("/ws/stacks/orgs/dev.yaml").components.get("terraform\u0000base1")?.abstract, true);
  });

  it("survives inheritance cycles", () => {
    const ws = workspace({
      "/ws/atmos.yaml": CONFIG,
      "/ws/stacks/orgs/dev.yaml": "components:\n  terraform:\n    a:\n      metadata: {inherits: [b]}\n      vars: {x: a}\n    b:\n      metadata: {inherits: [a]}\n      vars: {y: b}\n",
    });
    const eff = effective(engineFor(ws).merged("/ws/stacks/orgs/dev.yaml"), "a");
    assert.equal(eff!.cycle, true);
    assert.deepEqual(vars(eff), { y: "b", x: "a" });
  });
});

describe("atmos stack names", () => {
  const files = (config: string, stack: string) =>
    workspace({ "/ws/atmos.yaml": config, "/ws/stacks/orgs/_defaults.yaml": "vars:\n  tenant: acme\n", "/ws/stacks/orgs/acme/dev.yaml": `import: [orgs/_defaults]\n${stack}` });
  const nameOf = (config: string, stack: string) => engineFor(files(config, stack)).stackName("/ws/stacks/orgs/acme/dev.yaml");

  it("uses name_pattern with the merged vars", () => {
    assert.equal(nameOf(CONFIG, "vars:\n  environment: ue2\n  stage: dev\n"), "acme-ue2-dev");
    assert.equal(nameOf(CONFIG, "vars:\n  stage: dev\n"), undefined);
  });

  it("prefers the stack's own name, then name_template, and falls back to the file path", () => {
    assert.equal(nameOf(CONFIG, "name: platform-dev\nvars:\n  stage: dev\n"), "platform-dev");
    assert.equal(nameOf("stacks:\n  base_path: stacks\n  included_paths: ['orgs/**/*']\n  name_template: '{{ .vars.tenant }}-{{ .vars.stage }}'\n", "vars:\n  stage: dev\n"), "acme-dev");
    assert.equal(nameOf("stacks:\n  base_path: stacks\n  included_paths: ['orgs/**/*']\n", "vars:\n  stage: dev\n"), "orgs/acme/dev");
  });

  it("lists the deployable stacks only", () => {
    const ws = files(CONFIG, "vars:\n  environment: ue2\n  stage: dev\n");
    assert.deepEqual([...engineFor(ws).stackNames().entries()], [["acme-ue2-dev", "/ws/stacks/orgs/acme/dev.yaml"]]);
  });
});

describe("atmos workflow model", () => {
  it("names unnamed steps step1..N by position, as Atmos does", () => {
    const ws = workspace({ "/ws/atmos.yaml": CONFIG, "/ws/stacks/workflows/w.yaml": "workflows:\n  w:\n    steps:\n      - command: a\n      - name: second\n        command: b\n      - command: c\n        type: shell\n" });
    const model = ws.file("/ws/stacks/workflows/w.yaml")!.facts.model as WorkflowModel;
    assert.deepEqual(model.workflows[0]!.steps.map((s) => [s.name, s.type]), [["step1", "atmos"], ["second", "atmos"], ["step3", "shell"]]);
  });
});
