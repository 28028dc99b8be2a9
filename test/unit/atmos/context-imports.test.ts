// Imports with a `context`: Atmos renders the imported manifest as a Go template with the context (ProcessYAMLConfigFile),
// the importer's context winning and passing down to nested imports; skip_templates_processing reads the file as
// written, and ignore_missing_template_values renders a missing value as `<no value>`.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validate } from "../../../server/src/features/validate";
import { describeComponent } from "../../../server/src/formats/atmos/describe";
import { engineFor } from "../../../server/src/formats/atmos/stacks";
import { workspace } from "../../support/ws";

const CONFIG = `stacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n`;
const CLUSTER = [
  "import:",
  "  - path: catalog/region",
  "    context:",
  '      region: "{{ .region }}"',
  "components:",
  "  terraform:",
  '    "eks-{{ .flavor }}/cluster":',
  "      vars:",
  '        name: "eks-{{ .flavor }}"',
  "        enabled: {{ .enabled }}",
  "        user: '{{ env \"USER\" }}'",
  "",
].join("\n");

function repo(dev: string) {
  return workspace({
    "/ws/atmos.yaml": CONFIG,
    "/ws/stacks/catalog/cluster.yaml": CLUSTER,
    "/ws/stacks/catalog/region.yaml": 'vars:\n  region: "{{ .region }}"\n',
    "/ws/stacks/catalog/owned.yaml": "components:\n  terraform:\n    owned:\n      vars:\n        flavor: '{{ .flavor }}'\n        owner: '{{ .owner }}'\n",
    "/ws/stacks/deploy/dev.yaml": dev,
  });
}

const twoFlavors = [
  "vars:",
  "  stage: dev",
  "import:",
  "  - path: catalog/cluster",
  "    context: {flavor: blue, enabled: true, region: us-east-1}",
  "  - path: catalog/cluster",
  "    context: {flavor: green, enabled: false, region: us-west-2}",
  "",
].join("\n");

describe("atmos imports with a context", () => {
  it("renders the imported manifest once per context: one component per flavor", () => {
    const e = engineFor(repo(twoFlavors));
    const blue = describeComponent(e, "dev", "eks-blue/cluster");
    const green = describeComponent(e, "dev", "eks-green/cluster");
    // The region is a stack var: the later import's wins for both.
    assert.deepEqual(blue?.vars, { stage: "dev", region: "us-west-2", name: "eks-blue", enabled: true, user: '{{ env "USER" }}' });
    assert.equal((green?.vars as Record<string, unknown>).enabled, false);
    assert.equal(describeComponent(e, "dev", "eks-{{ .flavor }}/cluster"), undefined);
  });

  it("passes the context down to nested imports, the importer's values winning over the import's own", () => {
    // catalog/cluster imports catalog/region with region "{{ .region }}", rendered with the context it received.
    const e = engineFor(repo(twoFlavors));
    assert.equal((describeComponent(e, "dev", "eks-green/cluster")?.vars as Record<string, unknown>).region, "us-west-2");
  });

  it("reads the file as written with skip_templates_processing", () => {
    const dev = "vars:\n  stage: dev\nimport:\n  - path: catalog/cluster\n    skip_templates_processing: true\n    context: {flavor: blue}\n";
    const e = engineFor(repo(dev));
    assert.ok(describeComponent(e, "dev", "eks-{{ .flavor }}/cluster"));
  });

  it("renders a missing value as <no value> with ignore_missing_template_values", () => {
    const lenient = "vars:\n  stage: dev\nimport:\n  - path: catalog/owned\n    ignore_missing_template_values: true\n    context: {flavor: blue}\n";
    assert.deepEqual(describeComponent(engineFor(repo(lenient)), "dev", "owned")?.vars, { stage: "dev", flavor: "blue", owner: "<no value>" });
    assert.deepEqual(validate(repo(lenient), "/ws/stacks/catalog/owned.yaml").filter((d) => d.severity === 1), []);
  });

  it("reports a missing value as Atmos does without it (missingkey=error), on the template, naming the key", () => {
    const strict = "vars:\n  stage: dev\nimport:\n  - path: catalog/owned\n    context: {flavor: blue}\n";
    const ws = repo(strict);
    const errors = validate(ws, "/ws/stacks/catalog/owned.yaml").filter((d) => d.severity === 1);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.code, "atmos/template-syntax");
    // On `{{ .owner }}` (line 6), with text/template's own words.
    assert.deepEqual([errors[0]!.range.start.line, errors[0]!.range.start.character, errors[0]!.range.end.character], [5, 16, 28]);
    assert.match(String(errors[0]!.message), /template: catalog\/owned\.yaml:6:19: executing "catalog\/owned\.yaml" at <\.owner>: map has no entry for key "owner"/);
    assert.match(String(errors[0]!.message), /ignore_missing_template_values: true/);
    assert.equal(errors[0]!.relatedInformation?.[0]?.location.uri.endsWith("/ws/stacks/deploy/dev.yaml"), true);
    // Atmos stops there: the file stays as written, so no value is invented for the component.
    assert.equal((describeComponent(engineFor(ws), "dev", "owned")?.vars as Record<string, unknown>).owner, "{{ .owner }}");
    // A nested key missing from a map that is there is named the same way.
    const nested = workspace({
      "/ws/atmos.yaml": CONFIG,
      "/ws/stacks/catalog/n.yaml": "vars:\n  x: '{{ .cfg.size }}'\n",
      "/ws/stacks/deploy/dev.yaml": "vars:\n  stage: dev\nimport:\n  - path: catalog/n\n    context: {cfg: {name: a}}\n",
    });
    assert.match(String(validate(nested, "/ws/stacks/catalog/n.yaml")[0]?.message), /at <\.cfg\.size>: map has no entry for key "size"/);
  });

  it("reports a template Atmos cannot parse in a manifest imported with a context, on the import", () => {
    const ws = workspace({
      "/ws/atmos.yaml": CONFIG,
      "/ws/stacks/catalog/bad.yaml": "components:\n  terraform:\n    mock:\n      vars:\n        foo: '{{ .not-exist }}'\n",
      "/ws/stacks/deploy/dev.yaml": "vars:\n  stage: dev\nimport:\n  - path: catalog/bad\n    context: {a: 1}\n  - catalog/bad\n",
    });
    const errors = validate(ws, "/ws/stacks/deploy/dev.yaml").filter((d) => d.code === "atmos/template-syntax");
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.range.start.line, 3);
    assert.match(String(errors[0]!.message), /renders 'catalog\/bad' as a Go template .*line 5.*skip_templates_processing/);
    // Without a context the file is read as written: no error for the plain import, nor in the file itself.
    assert.equal(validate(ws, "/ws/stacks/catalog/bad.yaml").filter((d) => d.severity === 1).length, 0);
  });

  it("reports an import path that is a broken Go template, and one whose value nothing sets", () => {
    const ws = workspace({ "/ws/atmos.yaml": CONFIG, "/ws/stacks/deploy/dev.yaml": 'vars:\n  stage: dev\nimport:\n  - "{{ unclosed"\n  - "catalog/{{ .ok }}"\n' });
    const errors = validate(ws, "/ws/stacks/deploy/dev.yaml").filter((d) => d.code === "atmos/template-syntax");
    assert.deepEqual(errors.map((d) => d.range.start.line), [3, 4]);
    assert.match(String(errors[0]!.message), /is not a valid Go template/);
    assert.match(String(errors[1]!.message), /map has no entry for key "ok"/);
  });

  it("renders an import path templated from values merged by earlier imports, passed down to nested manifests", () => {
    const files = {
      "/ws/atmos.yaml": CONFIG,
      "/ws/stacks/_defaults.yaml": "settings:\n  context:\n    ref: v1\n",
      "/ws/stacks/catalog/v1/svc.yaml": "components:\n  terraform:\n    svc:\n      vars:\n        version: v1\n",
      "/ws/stacks/catalog/v2/svc.yaml": "components:\n  terraform:\n    svc:\n      vars:\n        version: v2\n",
      "/ws/stacks/prod/svc.yaml": 'import:\n  - "catalog/{{ .settings.context.ref }}/svc"\n',
      "/ws/stacks/deploy/dev.yaml": 'vars:\n  stage: dev\nimport:\n  - _defaults\n  - "catalog/{{ .settings.context.ref }}/svc"\n',
      "/ws/stacks/deploy/nested.yaml": "vars:\n  stage: nested\nimport:\n  - _defaults\n  - prod/svc\n",
      "/ws/stacks/deploy/ctx.yaml": 'vars:\n  stage: ctx\nimport:\n  - path: "catalog/{{ .ref }}/svc"\n    context: {ref: v2}\n',
      "/ws/stacks/deploy/lenient.yaml": 'vars:\n  stage: lenient\nimport:\n  - path: "catalog/{{ .ref }}/svc"\n    ignore_missing_template_values: true\n    skip_if_missing: true\n',
      "/ws/stacks/deploy/missing.yaml": 'vars:\n  stage: missing\nimport:\n  - "catalog/{{ .settings.context.ref }}/svc"\n',
    };
    const ws = workspace(files);
    const e = engineFor(ws);
    const version = (stack: string) => (describeComponent(e, stack, "svc")?.vars as Record<string, unknown> | undefined)?.version;
    assert.equal(version("dev"), "v1");
    assert.equal(version("nested"), "v1");
    assert.equal(version("ctx"), "v2");
    assert.equal(version("lenient"), undefined);
    const errors = (p: string) => validate(ws, p).filter((d) => d.severity === 1);
    for (const f of ["dev", "nested", "ctx", "lenient"]) assert.deepEqual(errors(`/ws/stacks/deploy/${f}.yaml`), [], f);
    // prod/svc on its own lacks the value, but every stack that reaches it merges it before: no error there.
    assert.deepEqual(errors("/ws/stacks/prod/svc.yaml"), []);
    const missing = errors("/ws/stacks/deploy/missing.yaml");
    assert.deepEqual(missing.map((d) => [d.range.start.line, d.code]), [[3, "atmos/template-syntax"]]);
    assert.match(String(missing[0]!.message), /cannot render this import path: .*<\.settings\.context\.ref>: map has no entry for key "settings"/);
  });
});
