// Sections Atmos reads and the shapes it rejects (ProcessYAMLConfigFile, ProcessStackConfig and the manifest schema):
// a section written without a value, `overrides` that are not a mapping, and the `auth`/`ansible` sections it knows.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validate } from "../../../server/src/features/validate";
import { workspace } from "../../support/ws";

const CONFIG = `stacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n`;
const STACK = "/ws/stacks/deploy/dev.yaml";

function problems(text: string): Array<{ line: number; code: string; message: string; severity: number | undefined }> {
  const ws = workspace({ "/ws/atmos.yaml": CONFIG, [STACK]: text });
  return validate(ws, STACK).map((d) => ({ line: d.range.start.line + 1, code: String(d.code), message: String(d.message), severity: d.severity }));
}

describe("atmos scalar keys written without a value", () => {
  // Read with a Go type assertion by stack processing (extractComponentSections, ProcessStackConfig,
  // processMetadataInheritance): a null is not a string, and Atmos stops with "invalid '<key>'".
  const rejected: Array<[string, number, string]> = [
    ["vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n      backend_type:\n", 6, "backend_type"],
    ["vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n      remote_state_backend_type: ~\n", 6, "remote_state_backend_type"],
    ["vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n      command:\n", 6, "command"],
    ["vars:\n  stage: dev\ncomponents:\n  helmfile:\n    chart:\n      command: null\n", 6, "command"],
    ["vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n      component:\n", 6, "component"],
    ["vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n      metadata:\n        component:\n", 7, "component"],
    ["vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n      metadata:\n        inherits:\n", 7, "inherits"],
    ["vars:\n  stage: dev\nterraform:\n  backend_type:\n", 4, "backend_type"],
    ["vars:\n  stage: dev\nterraform:\n  command:\n", 4, "command"],
  ];
  for (const [text, line, key] of rejected) {
    it(`rejects '${key}:' without a value (line ${line})`, () => {
      const p = problems(text).filter((x) => x.severity === 1);
      assert.deepEqual(p.map((x) => [x.line, x.code]), [[line, "atmos/null-section"]]);
      assert.ok(p[0]!.message.startsWith(`'${key}' has no value: Atmos stops on it`), p[0]!.message);
    });
  }

  it("accepts those Atmos reads with the comma-ok form, as if they were not written", () => {
    const text = "vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n      metadata:\n        type:\n        enabled:\n        terraform_workspace:\n        terraform_workspace_pattern:\n      vars:\n        cidr:\n";
    assert.deepEqual(problems(text).filter((x) => x.severity === 1), []);
  });
});

describe("atmos sections written without a value", () => {
  // The invalid-yaml-and-schema files of Atmos's `complete` scenario: each of these is rejected.
  const cases: Array<[string, number, string]> = [
    ["vars:\nterraform:\n  vars: {}\n", 1, "vars"],
    ["vars:\n  stage: dev\nterraform:\n  vars:\n", 4, "vars"],
    ["vars:\n  stage: dev\nsettings:\n", 3, "settings"],
    ["vars:\n  stage: dev\nimport:\n", 3, "import"],
    ["vars:\n  stage: dev\ncomponents:\n", 3, "components"],
    ["vars:\n  stage: dev\ncomponents:\n  terraform:\n", 4, "terraform"],
    ["vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n", 5, "vpc"],
    ["vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n      metadata:\n      vars: {}\n", 6, "metadata"],
    ["vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n      settings: ~\n", 6, "settings"],
  ];
  for (const [text, line, key] of cases) {
    it(`rejects '${key}:' without a value (line ${line})`, () => {
      const p = problems(text).filter((x) => x.code === "atmos/null-section");
      assert.deepEqual(p.map((x) => x.line), [line]);
      assert.equal(p[0]!.severity, 1);
      assert.ok(p[0]!.message.startsWith(`'${key}' has no value`), p[0]!.message);
      assert.match(p[0]!.message, new RegExp(`Write \`${key}: (\\{\\}|\\[\\])\` or remove the key`));
    });
  }

  it("accepts empty mappings and lists, and free-form values without a value", () => {
    assert.deepEqual(problems("vars:\n  stage: dev\n  empty:\nsettings: {}\nimport: []\ncomponents:\n  terraform:\n    vpc: {}\n").filter((x) => x.severity === 1), []);
  });
});

describe("atmos overrides must be a mapping", () => {
  // invalid-stacks/invalid-global-overrides.yaml and invalid-helmfile-overrides.yaml.
  for (const [text, line] of [["vars:\n  stage: dev\noverrides: []\n", 3], ["vars:\n  stage: dev\nhelmfile:\n  overrides: []\n", 4], ["vars:\n  stage: dev\nterraform:\n  overrides: x\n", 4]] as const) {
    it(`rejects ${text.split("\n").slice(2).join(" ").trim()}`, () => {
      assert.deepEqual(problems(text).filter((x) => x.code === "atmos/wrong-type").map((x) => x.line), [line]);
    });
  }
  it("accepts the keys Atmos reads there", () => {
    assert.deepEqual(problems("vars:\n  stage: dev\noverrides:\n  vars: {a: 1}\n  env: {}\n  settings: {}\n  command: tofu\n").filter((x) => x.severity === 1), []);
  });
});

describe("atmos sections the engine reads", () => {
  it("knows auth at the root and in component type sections", () => {
    const p = problems("vars:\n  stage: dev\nauth:\n  identities:\n    dev: {default: true}\nterraform:\n  auth: {}\n");
    assert.deepEqual(p, []);
  });

  it("knows the ansible section and components.ansible", () => {
    const p = problems("vars:\n  stage: dev\nansible:\n  vars: {a: 1}\ncomponents:\n  ansible:\n    site:\n      vars: {b: 2}\n");
    assert.deepEqual(p, []);
  });

  it("still warns about a root key Atmos does not read", () => {
    assert.deepEqual(problems("vars:\n  stage: dev\nauthh: {}\n").map((x) => x.code), ["atmos/unknown-key"]);
  });
});
