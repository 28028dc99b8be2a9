// Go templates as Atmos renders them: pipelines and the Sprig/Gomplate functions whose inputs are static, what only
// Atmos knows at run time kept as written, syntax errors reported, and the values Atmos puts in the template context.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validate } from "../../../server/src/features/validate";
import { describeComponent } from "../../../server/src/formats/atmos/describe";
import { engineFor } from "../../../server/src/formats/atmos/stacks";
import { evalTemplate, renderTemplate, templateSyntaxError } from "../../../server/src/formats/atmos/template";
import { workspace } from "../../support/ws";

const CTX = { atmos_component: "top-level-component1", atmos_stack: "tenant1-ue2-dev", vars: { region: "us-east-2", n: 3, zones: ["a", "b"], empty: "" } };

describe("atmos Go templates: static functions", () => {
  const cases: Array<[string, string]> = [
    // The golden output of `atmos describe component top-level-component1 -s tenant1-ue2-dev` (scenario complete).
    ['{{ strings.Title .atmos_component }} in {{ .atmos_stack | strings.Quote }}', 'Top-Level-Component1 in "tenant1-ue2-dev"'],
    ["{{ .vars.region | upper }}", "US-EAST-2"],
    ['{{ .vars.region | trimPrefix "us-" | title }}', "East-2"],
    ['{{ replace "-" "_" .atmos_stack }}', "tenant1_ue2_dev"],
    ['{{ printf "%s/%d" .vars.region .vars.n }}', "us-east-2/3"],
    ['{{ join "," .vars.zones }}', "a,b"],
    ['{{ .vars.empty | default "none" }}', "none"],
    ["{{ .vars.zones }}", "[a b]"],
    ["{{ toJson .vars.zones }}", '["a","b"]'],
    ['{{ quote "a\\"b" }}', '"a\\"b"'],
    ['{{ (upper "a") | printf "%q" }}', '"A"'],
    ["a  {{- .vars.region -}}  b", "aus-east-2b"],
    ["{{/* a comment, don't render */}}x", "x"],
    ["{{`{{ .atmos_stack }}`}}", "{{ .atmos_stack }}"],
  ];
  for (const [tmpl, want] of cases) it(`renders ${tmpl}`, () => assert.equal(renderTemplate(tmpl, CTX), want));

  it("keeps what only Atmos knows at run time, and says which function", () => {
    assert.deepEqual(evalTemplate('{{ env "USER" | default (env "USERNAME") }}', CTX), { kind: "runtime", fn: "env" });
    assert.deepEqual(evalTemplate('{{ (atmos.Component "vpc" .atmos_stack).outputs.id }}', CTX), { kind: "runtime", fn: "atmos.Component" });
    assert.equal(renderTemplate('{{ exec "date" }}', CTX), undefined);
  });

  it("does not guess: control structures, missing keys and unknown functions stay as written", () => {
    for (const t of ["{{ if .vars.region }}x{{ end }}", "{{ .vars.nope }}", "{{ frobnicate .vars.region }}", "{{ upper .vars.n }}", "{{ constructor }}", '{{ repeat 1000000000 "ab" }}', `{{ ${"(".repeat(50000)}1${")".repeat(50000)} }}`]) {
      assert.deepEqual(evalTemplate(t, CTX), { kind: "unsupported" }, t);
    }
  });

  it("reports what Go's template parser rejects, with where", () => {
    assert.equal(templateSyntaxError("{{ unclosed")?.offset, 0);
    assert.match(templateSyntaxError('x: "{{ "abc }}"')?.message ?? "", /unclosed action|unterminated/);
    assert.match(templateSyntaxError("{{ .a ) }}")?.message ?? "", /unexpected right paren/);
    assert.match(templateSyntaxError("{{ .a | }}")?.message ?? "", /missing command/);
    assert.equal(templateSyntaxError("{{ .a | upper }} and {{ if .b }}{{ end }}"), undefined);
  });
});

describe("atmos template context and settings", () => {
  const CONFIG = [
    "stacks:",
    "  base_path: stacks",
    '  included_paths: ["deploy/**/*"]',
    '  name_template: "{{ .vars.tenant | lower }}-{{ .vars.stage }}"',
    "templates:",
    "  settings:",
    "    enabled: true",
    "integrations:",
    "  github:",
    "    gitops:",
    "      terraform-version: 1.9.8",
    "  atlantis:",
    "    project_templates:",
    "      project-1:",
    '        name: "{tenant}-{stage}-{component}"',
    "",
  ].join("\n");
  const STACK = [
    "vars:",
    "  tenant: ACME",
    "  stage: dev",
    "settings:",
    "  atlantis:",
    "    project_template_name: project-1",
    "components:",
    "  terraform:",
    "    infra/vpc:",
    "      settings:",
    "        spacelift:",
    "          workspace_enabled: true",
    "        integrations:",
    "          github:",
    "            gitops:",
    "              infracost-enabled: false",
    "      vars:",
    "        tags:",
    '          spacelift_stack: "{{ .spacelift_stack }}"',
    '          atlantis_project: "{{ .atlantis_project }}"',
    "",
  ].join("\n");

  it("names stacks with name_template functions", () => {
    const e = engineFor(workspace({ "/ws/atmos.yaml": CONFIG, "/ws/stacks/deploy/dev.yaml": STACK }));
    assert.deepEqual([...e.stackNames().keys()], ["acme-dev"]);
  });

  it("computes spacelift_stack and atlantis_project before rendering, and merges atmos.yaml's integrations.github", () => {
    const d = describeComponent(engineFor(workspace({ "/ws/atmos.yaml": CONFIG, "/ws/stacks/deploy/dev.yaml": STACK })), "acme-dev", "infra/vpc");
    assert.deepEqual((d?.vars as { tags: unknown }).tags, { spacelift_stack: "acme-dev-infra-vpc", atlantis_project: "ACME-dev-infra-vpc" });
    assert.deepEqual((d?.settings as { integrations: unknown }).integrations, { github: { gitops: { "terraform-version": "1.9.8", "infracost-enabled": false } } });
  });

  it("leaves spacelift_stack unset (and the template unrendered) when the Spacelift workspace is not enabled", () => {
    const d = describeComponent(engineFor(workspace({ "/ws/atmos.yaml": CONFIG, "/ws/stacks/deploy/dev.yaml": STACK.replace("workspace_enabled: true", "workspace_enabled: false") })), "acme-dev", "infra/vpc");
    assert.equal((d?.vars as { tags: Record<string, unknown> }).tags.spacelift_stack, "{{ .spacelift_stack }}");
  });
});

describe("atmos top-level stack composition", () => {
  // internal/exec TestTopLevelStackCompositionRejectsCrossLogicalStackInheritance: two top-level manifests of one
  // stack; a component of one cannot inherit from a component only the other defines.
  it("says a base defined only by a peer top-level manifest must be imported", () => {
    const ws = workspace({
      "/ws/atmos.yaml": "stacks:\n  base_path: stacks\n  included_paths: ['parents/**/*']\n",
      "/ws/stacks/parents/01-network.yaml": "name: shared\ncomponents:\n  terraform:\n    dns: {}\n",
      "/ws/stacks/parents/02-platform.yaml": "name: shared\ncomponents:\n  terraform:\n    chatops:\n      metadata:\n        inherits: [dns]\n",
    });
    const errors = validate(ws, "/ws/stacks/parents/02-platform.yaml").filter((d) => d.code === "atmos/unknown-component");
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]!.message), /top-level manifest 'parents\/01-network' of the same stack 'shared' defines it.*import it/);
  });
});

describe("atmos template values Atmos cannot parse", () => {
  const CONFIG = `stacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n`;
  const STACK = 'vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n      vars:\n        ok: "{{ .vars.stage }}"\n        bad: "{{ .vars.stage "\n';
  const errors = (config: string) =>
    validate(workspace({ "/ws/atmos.yaml": config, "/ws/stacks/deploy/dev.yaml": STACK }), "/ws/stacks/deploy/dev.yaml").filter((d) => d.code === "atmos/template-syntax");

  it("reports them when templating is enabled in atmos.yaml, on the value", () => {
    const e = errors(`${CONFIG}templates:\n  settings:\n    enabled: true\n`);
    assert.deepEqual(e.map((d) => d.range.start.line + 1), [8]);
    assert.match(String(e[0]!.message), /templates\.settings\.enabled.*cannot parse it: unclosed action/);
  });

  it("says nothing when templating is off or uses other delimiters (Atmos reads the braces as text then)", () => {
    assert.deepEqual(errors(CONFIG), []);
    assert.deepEqual(errors(`${CONFIG}templates:\n  settings:\n    enabled: true\n    delimiters: ["'{{", "}}'"]\n`), []);
  });
});
