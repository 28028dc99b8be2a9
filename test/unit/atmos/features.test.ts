// The generic features driven by the Atmos format: hover, completion, navigation, rename and quick fixes.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TextEdit } from "vscode-languageserver-types";
import { toJsonSchema } from "../../../server/src/core/shape";
import { LineIndex } from "../../../server/src/core/text";
import { codeActions } from "../../../server/src/features/code-actions";
import { complete } from "../../../server/src/features/complete";
import { toUri } from "../../../server/src/features/convert";
import { definition, references } from "../../../server/src/features/definition";
import { hover } from "../../../server/src/features/hover";
import { rename } from "../../../server/src/features/rename";
import { validate } from "../../../server/src/features/validate";
import { atmosFormat } from "../../../server/src/formats/atmos";
import { openAt, workspace } from "../../support/ws";

const CONFIG = `stacks:
  base_path: stacks
  included_paths: ["orgs/**/*"]
  excluded_paths: ["**/_defaults.yaml"]
  name_pattern: "{tenant}-{environment}-{stage}"
workflows:
  base_path: stacks/workflows
`;
const CATALOG = "/ws/stacks/catalog/vpc.yaml";
const DEFAULTS = "/ws/stacks/orgs/acme/_defaults.yaml";
const DEV = "/ws/stacks/orgs/acme/dev.yaml";
const PROD = "/ws/stacks/orgs/acme/prod.yaml";
const FLOW = "/ws/stacks/workflows/net.yaml";

const FILES: Record<string, string> = {
  "/ws/atmos.yaml": CONFIG,
  [CATALOG]: `components:
  terraform:
    vpc/defaults:
      metadata:
        type: abstract
      vars:
        cidr: 10.0.0.0/16
        nat: true
    vpc:
      metadata:
        component: vpc
        inherits:
          - vpc/defaults
      vars:
        name: vpc
`,
  [DEFAULTS]: "vars:\n  tenant: acme\n  environment: ue2\n",
  [DEV]: `import:
  - orgs/acme/_defaults
  - catalog/vpc
vars:
  stage: dev
components:
  terraform:
    vpc:
      vars:
        nat: false
    eks:
      dependencies:
        components:
          - name: vpc
`,
  [PROD]: `import:
  - orgs/acme/_defaults
  - catalog/vpc
vars:
  stage: prod
`,
  [FLOW]: `workflows:
  plan:
    stack: acme-ue2-dev
    steps:
      - name: vpc
        command: terraform plan vpc
`,
};

const files = (extra: Record<string, string> = {}) => workspace({ ...FILES, ...extra });

function at(text: string, needle: string, delta = 0): number {
  const i = text.indexOf(needle);
  assert.notEqual(i, -1, `'${needle}' not found`);
  return i + delta;
}

function apply(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const spans = edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

const labels = (index: ReturnType<typeof files>, p: string, offset: number) => complete(index, p, offset)!.items.map((i) => i.label);

describe("atmos features", () => {
  it("has no problems in the shared test repository", () => {
    const index = files();
    for (const p of [CATALOG, DEFAULTS, DEV, PROD, FLOW]) assert.deepEqual(validate(index, p), [], p);
  });

  it("hovers a component with its effective vars, each with the file and line it came from", () => {
    const index = files();
    const md = String((hover(index, DEV, at(FILES[DEV]!, "    vpc:", 5))!.contents as { value: string }).value);
    assert.match(md, /terraform component `vpc`\*\* in stack `acme-ue2-dev`/);
    assert.match(md, /Inherits \(in merge order\): `vpc\/defaults`/);
    assert.match(md, /\| `cidr` \| `10.0.0.0\/16` \| stacks\/catalog\/vpc.yaml:7 \|/);
    assert.match(md, /\| `nat` \| `false` \| stacks\/orgs\/acme\/dev.yaml:10 \|/);
    assert.match(md, /\| `tenant` \| `acme` \| stacks\/orgs\/acme\/_defaults.yaml:2 \|/);
    // In the catalog, the component is shown in the first stack that imports it, and the others are listed.
    const inCatalog = String((hover(index, CATALOG, at(FILES[CATALOG]!, "    vpc:", 5))!.contents as { value: string }).value);
    assert.match(inCatalog, /in stack `acme-ue2-dev`/);
    assert.match(inCatalog, /Describe in another stack \(1\): \[acme-ue2-prod\]\(command:infraflow\.describeComponent\?/);
    assert.match(inCatalog, /\| `cidr` \| `10.0.0.0\/16` \| stacks\/catalog\/vpc.yaml:7 \|/);
  });

  it("hovers an import with its files and a dependency with its target", () => {
    const index = files();
    const imp = String((hover(index, DEV, at(FILES[DEV]!, "catalog/vpc", 2))!.contents as { value: string }).value);
    assert.match(imp, /Imports 1 manifest:\n\n- `stacks\/catalog\/vpc.yaml`/);
    const dep = String((hover(index, DEV, at(FILES[DEV]!, "name: vpc", 7))!.contents as { value: string }).value);
    assert.match(dep, /Depends on component `vpc` in stack `acme-ue2-dev`\./);
  });

  it("completes component names in inherits, and import paths", () => {
    const index = files();
    const inh = openAt(index, "/ws/stacks/orgs/acme/stage.yaml", "import:\n  - catalog/vpc\ncomponents:\n  terraform:\n    app:\n      metadata:\n        inherits:\n          - |\n");
    assert.ok(labels(index, "/ws/stacks/orgs/acme/stage.yaml", inh).includes("vpc/defaults"));
    const imp = openAt(index, "/ws/stacks/orgs/acme/qa.yaml", "import:\n  - cat|\n");
    const got = labels(index, "/ws/stacks/orgs/acme/qa.yaml", imp);
    assert.ok(got.includes("catalog/vpc") && got.includes("orgs/acme/_defaults") && got.includes("orgs/acme/dev"), JSON.stringify(got));
    const dep = openAt(index, "/ws/stacks/orgs/acme/qa2.yaml", "components:\n  terraform:\n    app:\n      dependencies:\n        components:\n          - name: v|\n");
    assert.ok(labels(index, "/ws/stacks/orgs/acme/qa2.yaml", dep).includes("vpc"));
  });

  it("completes keys while a line is half typed, stack names and step types", () => {
    const index = files();
    const keys = openAt(index, "/ws/stacks/orgs/acme/k.yaml", "components:\n  terraform:\n    app:\n      metadata:\n        inh|\n");
    assert.ok(labels(index, "/ws/stacks/orgs/acme/k.yaml", keys).includes("inherits"));
    const comp = openAt(index, "/ws/stacks/orgs/acme/k2.yaml", "components:\n  terraform:\n    app:\n      va|\n");
    const compKeys = labels(index, "/ws/stacks/orgs/acme/k2.yaml", comp);
    assert.ok(compKeys.includes("vars") && compKeys.includes("metadata") && compKeys.includes("dependencies"));
    const stack = openAt(index, "/ws/stacks/workflows/w.yaml", "workflows:\n  w:\n    stack: |\n    steps:\n      - command: version\n");
    assert.deepEqual(labels(index, "/ws/stacks/workflows/w.yaml", stack), ["acme-ue2-dev", "acme-ue2-prod"]);
    const type = openAt(index, "/ws/stacks/workflows/t.yaml", "workflows:\n  w:\n    steps:\n      - command: echo hi\n        type: sh|\n");
    const types = labels(index, "/ws/stacks/workflows/t.yaml", type);
    assert.ok(types.includes("shell") && types.includes("atmos") && types.includes("parallel"));
    const backend = openAt(index, "/ws/stacks/orgs/acme/b.yaml", "terraform:\n  backend_type: |\n");
    assert.ok(labels(index, "/ws/stacks/orgs/acme/b.yaml", backend).includes("s3"));
  });

  it("goes from inherits and dependencies to the catalog, and from a stack field to the stack", () => {
    const index = files();
    const inh = definition(index, CATALOG, at(FILES[CATALOG]!, "- vpc/defaults", 4))!;
    assert.equal(inh.length, 1);
    assert.equal(inh[0]!.targetUri, toUri(CATALOG));
    assert.equal(inh[0]!.targetSelectionRange.start.line, 2);
    const dep = definition(index, DEV, at(FILES[DEV]!, "name: vpc", 7))!;
    assert.deepEqual(dep.map((d) => [d.targetUri, d.targetSelectionRange.start.line]).sort(), [[toUri(CATALOG), 8], [toUri(DEV), 7]]);
    const imp = definition(index, DEV, at(FILES[DEV]!, "catalog/vpc", 3))!;
    assert.deepEqual(imp.map((d) => d.targetUri), [toUri(CATALOG)]);
    const stack = definition(index, FLOW, at(FILES[FLOW]!, "acme-ue2-dev", 3))!;
    assert.deepEqual(stack.map((d) => d.targetUri), [toUri(DEV)]);
  });

  it("finds the references of a component across files", () => {
    const index = files();
    const refs = references(index, CATALOG, at(FILES[CATALOG]!, "    vpc:", 5), true)!;
    assert.deepEqual(refs.map((r) => `${r.uri.split("/stacks/")[1]}:${r.range.start.line}`).sort(), ["catalog/vpc.yaml:8", "orgs/acme/dev.yaml:13"]);
  });

  it("renames a component in the catalog, the stacks and its references, and refuses clashes and bad names", () => {
    const index = files();
    const result = rename(index, CATALOG, at(FILES[CATALOG]!, "    vpc:", 5), "network");
    assert.ok(result && "edit" in result);
    const changes = result.edit.changes!;
    assert.equal(apply(FILES[CATALOG]!, changes[toUri(CATALOG)]!), FILES[CATALOG]!.replace("    vpc:\n", "    network:\n"));
    assert.equal(apply(FILES[DEV]!, changes[toUri(DEV)]!), FILES[DEV]!.replace("    vpc:\n", "    network:\n").replace("name: vpc", "name: network"));
    const parent = rename(index, DEV, at(FILES[DEV]!, "name: vpc", 7), "vpc/defaults");
    assert.deepEqual(parent, { error: "A component named 'vpc/defaults' already exists." });
    const bad = rename(index, CATALOG, at(FILES[CATALOG]!, "    vpc:", 5), "a:b");
    assert.ok(bad && "error" in bad && /not a valid component name/.test(bad.error));
    const file = rename(index, DEV, at(FILES[DEV]!, "catalog/vpc", 3), "catalog/network");
    // An import renames the manifest itself (see rename-file.test.ts): the file moves, the imports follow.
    assert.ok(file && "edit" in file);
    assert.deepEqual(file.edit.documentChanges?.at(-1), { kind: "rename", oldUri: "file:///ws/stacks/catalog/vpc.yaml", newUri: "file:///ws/stacks/catalog/network.yaml", options: { overwrite: false, ignoreIfExists: false } });
  });

  it("publishes two schemas generated from the shapes", () => {
    assert.deepEqual(atmosFormat.schemas!.map((s) => [s.fileName, s.kind]), [["atmos-stack.schema.json", "stack"], ["atmos-workflow.schema.json", "workflow"]]);
    for (const s of atmosFormat.schemas!) {
      const json = toJsonSchema(atmosFormat.shape(s.kind)!, { id: s.fileName, title: s.title, description: s.description });
      assert.ok(JSON.stringify(json).length > 1000);
    }
  });
});

describe("atmos quick fix for settings.depends_on", () => {
  const fix = (text: string, extra: Record<string, string> = {}) => {
    const p = "/ws/stacks/orgs/acme/dev.yaml";
    const index = workspace({ "/ws/atmos.yaml": CONFIG, [p]: text, ...extra });
    const d = validate(index, p).find((x) => x.code === "atmos/deprecated-depends-on");
    assert.ok(d, "no deprecation warning");
    assert.equal(d.severity, 2);
    const action = codeActions(index, p, d.range).find((a) => a.diagnostics?.[0]?.code === "atmos/deprecated-depends-on");
    assert.ok(action, "no quick fix");
    return { text: apply(text, action.edit!.changes![toUri(p)]!), action };
  };

  it("replaces a settings block that holds only depends_on", () => {
    const before = `components:
  terraform:
    eks:
      metadata:
        component: eks
      settings:
        depends_on:
          1:
            component: vpc
          2:
            component: "dns/zone"
      vars:
        name: eks
`;
    const { text, action } = fix(before);
    assert.equal(action.title, "Rewrite as 'dependencies.components'");
    assert.equal(action.isPreferred, true);
    assert.equal(
      text,
      `components:
  terraform:
    eks:
      metadata:
        component: eks
      dependencies:
        components:
          - name: vpc
          - name: dns/zone
      vars:
        name: eks
`,
    );
  });

  it("keeps the other settings, and turns context fields into a stack from the name pattern", () => {
    const before = `components:
  terraform:
    tgw/attachment:
      settings:
        # The hub lives in the network account.
        depends_on:
          1:
            component: vpc
          2:
            component: tgw/hub
            stage: network
          3:
            file: configs/routes.json
        validation:
          check: {schema_type: opa}
`;
    assert.equal(
      fix(before).text,
      `components:
  terraform:
    tgw/attachment:
      settings:
        # The hub lives in the network account.
        validation:
          check: {schema_type: opa}
      dependencies:
        components:
          - name: vpc
          - name: tgw/hub
            stack: "{{ .vars.tenant }}-{{ .vars.environment }}-network"
        files:
          - configs/routes.json
`,
    );
  });

  it("appends to an existing dependencies.components list", () => {
    const before = `components:
  terraform:
    app:
      dependencies:
        components:
          - name: vpc
      settings:
        depends_on:
          1:
            component: rds
`;
    assert.equal(
      fix(before).text,
      `components:
  terraform:
    app:
      dependencies:
        components:
          - name: vpc
          - name: rds
`,
    );
  });

  it("keeps the context as comments when no stack name can be written", () => {
    const p = "/ws/stacks/orgs/acme/dev.yaml";
    const before = "components:\n  terraform:\n    app:\n      settings:\n        depends_on:\n          1:\n            component: hub\n            tenant: core\n";
    const index = workspace({ "/ws/atmos.yaml": "stacks:\n  base_path: stacks\n  included_paths: ['orgs/**/*']\n", [p]: before });
    const d = validate(index, p).find((x) => x.code === "atmos/deprecated-depends-on")!;
    const action = codeActions(index, p, d.range)[0]!;
    assert.equal(action.isPreferred, false);
    assert.equal(
      apply(before, action.edit!.changes![toUri(p)]!),
      "components:\n  terraform:\n    app:\n      dependencies:\n        components:\n          - name: hub\n            # tenant: core (from depends_on; set 'stack' to the stack it names)\n",
    );
  });
});

describe("atmos tags and steps", () => {
  it("accepts Atmos YAML functions and !include anywhere", () => {
    const p = "/ws/stacks/orgs/acme/tags.yaml";
    const index = files({
      [p]: "import:\n  - catalog/vpc\nvars: !include ../common/vars.yaml\ncomponents:\n  terraform:\n    app:\n      settings: !include settings.yaml\n      vars:\n        vpc_id: !terraform.output vpc .vpc_id\n        secret: !secret API_KEY\n",
    });
    assert.deepEqual(validate(index, p).map((d) => d.code), []);
  });

  it("hovers a step with the command line Atmos runs", () => {
    const index = files();
    const md = String((hover(index, FLOW, at(FILES[FLOW]!, "name: vpc", 7))!.contents as { value: string }).value);
    assert.match(md, /atmos terraform plan vpc -s acme-ue2-dev/);
  });
});
