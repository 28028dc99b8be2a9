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
  "        owner: '{{ .owner }}'",
  "",
].join("\n");

function repo(dev: string) {
  return workspace({
    "/ws/atmos.yaml": CONFIG,
    "/ws/stacks/catalog/cluster.yaml": CLUSTER,
    "/ws/stacks/catalog/region.yaml": 'vars:\n  region: "{{ .region }}"\n',
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
    assert.deepEqual(blue?.vars, { stage: "dev", region: "us-west-2", name: "eks-blue", enabled: true, user: '{{ env "USER" }}', owner: "{{ .owner }}" });
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

  it("renders a missing value as <no value> with ignore_missing_template_values, and leaves it otherwise", () => {
    const lenient = "vars:\n  stage: dev\nimport:\n  - path: catalog/cluster\n    ignore_missing_template_values: true\n    context: {flavor: blue, enabled: true, region: x}\n";
    assert.equal((describeComponent(engineFor(repo(lenient)), "dev", "eks-blue/cluster")?.vars as Record<string, unknown>).owner, "<no value>");
    const strict = "vars:\n  stage: dev\nimport:\n  - path: catalog/cluster\n    context: {flavor: blue, enabled: true, region: x}\n";
    assert.equal((describeComponent(engineFor(repo(strict)), "dev", "eks-blue/cluster")?.vars as Record<string, unknown>).owner, "{{ .owner }}");
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

  it("reports an import path that is a broken Go template", () => {
    const ws = workspace({ "/ws/atmos.yaml": CONFIG, "/ws/stacks/deploy/dev.yaml": 'vars:\n  stage: dev\nimport:\n  - "{{ unclosed"\n  - "catalog/{{ .ok }}"\n' });
    const errors = validate(ws, "/ws/stacks/deploy/dev.yaml").filter((d) => d.code === "atmos/template-syntax");
    assert.deepEqual(errors.map((d) => d.range.start.line), [3]);
  });
});
