// Real env0 workflow files from ../shared/corpus/env0 (never copied here), each loaded as `env0.workflow.yaml`
// in a folder of its own. The file SOURCES.md marks NEGATIVE must get an error; the others must get none. The
// vendor's JSON Schema there is checked against our shape: the same fields, the same enums.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { fieldOf, shapeAt, type ObjectShape, type Shape } from "../../../server/src/core/shape";
import { validate } from "../../../server/src/features/validate";
import { IAC_TYPES, REMOVAL_STRATEGIES, WORKFLOW_SHAPE } from "../../../server/src/formats/env0/shapes";
import { entriesOf } from "../../support/folders";
import { env0Workspace } from "./support";

const CORPUS = path.resolve(__dirname, "../../..", "../shared/corpus/env0");
const present = fs.existsSync(CORPUS);
const SCHEMA = path.join(CORPUS, "workflow-file.schema.json");

function asObject(shape: Shape | undefined): ObjectShape {
  assert.equal(shape?.type, "object");
  return shape as ObjectShape;
}

describe("env0 corpus", { skip: present ? false : "../shared/corpus/env0 is not present" }, () => {
  const files = present ? entriesOf(CORPUS, (f) => /\.ya?ml$/.test(f), "workflow file") : [];
  it("has the example files", () => assert.ok(files.length >= 5, `found ${files.length}`));
  for (const file of files) {
    it(file, () => {
      const p = `/corpus/${file}/env0.workflow.yaml`;
      const index = env0Workspace({ [p]: fs.readFileSync(path.join(CORPUS, file), "utf8") }, "/corpus");
      assert.deepEqual(index.detected(p), { format: "env0", kind: "workflow" });
      const errors = validate(index, p).filter((d) => d.severity === 1);
      if (file.startsWith("NEGATIVE.")) {
        assert.ok(errors.length >= 1, "a negative example must get an error");
        if (file.includes("mixed-settings")) assert.deepEqual(errors.map((d) => d.code), ["env0/removal-strategy"]);
      }
      else assert.deepEqual(errors.map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`), []);
    });
  }
});

describe("env0 shape against the vendor schema", { skip: fs.existsSync(SCHEMA) ? false : "workflow-file.schema.json is not in the corpus" }, () => {
  const schema = fs.existsSync(SCHEMA) ? JSON.parse(fs.readFileSync(SCHEMA, "utf8")) : {};
  const defs = schema.definitions ?? {};
  const root = asObject(WORKFLOW_SHAPE);
  const sub = asObject(shapeAt(root, ["environments", "alias"]));
  const vcs = asObject(fieldOf(sub, "vcs"));
  const sshKey = asObject(shapeAt(vcs, ["sshKeys", "[]"]));
  const settings = asObject(fieldOf(root, "settings"));

  const cases: Array<[string, ObjectShape, Record<string, unknown>, string[] | undefined]> = [
    ["root", root, schema.properties, schema.required],
    ["settings", settings, schema.properties?.settings?.properties, schema.properties?.settings?.required],
    ["SubEnvironment", sub, defs.SubEnvironment?.properties, defs.SubEnvironment?.required],
    ["VcsConfiguration", vcs, defs.VcsConfiguration?.properties, defs.VcsConfiguration?.required],
    ["SshKey", sshKey, defs.SshKey?.properties, defs.SshKey?.required],
  ];
  for (const [name, shape, props, required] of cases) {
    it(`${name}: every vendor field is known to our shape, and no other`, () => {
      assert.ok(props, `${name} has no properties in the schema`);
      const vendor = Object.keys(props).sort();
      assert.deepEqual(vendor.filter((k) => !fieldOf(shape, k)), [], `fields missing from our ${name} shape`);
      assert.deepEqual(Object.keys(shape.fields).sort(), vendor);
      assert.deepEqual([...(shape.required ?? [])].sort(), [...(required ?? [])].sort());
      // The vendor closes every object (additionalProperties: false): unknown keys are errors for us too.
      assert.equal(shape.unknown, "error");
    });
  }

  it("has the vendor's enums", () => {
    assert.deepEqual(IAC_TYPES, defs.IacType.enum);
    assert.deepEqual(REMOVAL_STRATEGIES, schema.properties.settings.properties.environmentRemovalStrategy.enum);
    const binary = fieldOf(vcs, "terragruntTfBinary");
    assert.ok(binary?.type === "string");
    assert.deepEqual(binary.enum, defs.VcsConfiguration.properties.terragruntTfBinary.enum);
  });
});
