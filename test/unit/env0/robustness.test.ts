// Odd and hostile input never throws (the test index rethrows what it would contain, so it fails here), and the
// published JSON Schema comes out of the shape as editors expect it.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toJsonSchema } from "../../../server/src/core/shape";
import { complete } from "../../../server/src/features/complete";
import { hover } from "../../../server/src/features/hover";
import { validate } from "../../../server/src/features/validate";
import { env0Format } from "../../../server/src/formats/env0";
import { ALIAS } from "../../../server/src/formats/env0/names";
import { env0Workspace } from "./support";

const P = "/ws/env0.workflow.yaml";

const ODD = [
  "",
  "---\n",
  "- a\n- b\n",
  "environments: [a, b]\n",
  "environments:\n  a: 3\n  b: [1]\n  c: ~\n",
  "environments:\n  a:\n    name: A\n    templateName: t\n    needs: {b: 1}\n",
  "environments:\n  a:\n    needs: network\n    name: [x]\n    vcs: text\n",
  "base: &b\n  name: A\n  templateName: t\nenvironments:\n  a: *b\n  b:\n    <<: *b\n    needs: [*b, a]\n",
  "environments:\n  ? [complex, key]\n  : {name: X}\n  1: {name: One, templateName: t}\n  true: {name: T, templateName: t, needs: [1]}\n",
  "environments:\n  a: {name: A, templateName: t, needs: [a, a, a]}\nsettings: [remove]\n",
  "environments:\n  a:\n    name: A\n    needs: [b\n",
  "environments:\n  a: !custom {name: A}\n  b: {name: B, templateName: !ref x, needs: [!tag a]}\n",
  "environments:\n" + "  x:\n".repeat(3) + "    name: dup\n",
  "[".repeat(500) + "]".repeat(500),
];

describe("env0 robustness", () => {
  ODD.forEach((text, i) => {
    it(`survives odd input #${i}`, () => {
      const index = env0Workspace({ [P]: text });
      validate(index, P);
      for (let at = 0; at <= text.length; at += Math.max(1, Math.floor(text.length / 40))) {
        complete(index, P, at);
        hover(index, P, at);
      }
    });
  });
});

describe("env0 JSON Schema", () => {
  it("comes from the shape, with interpolation allowed on typed fields", () => {
    const sc = env0Format.schemas![0]!;
    const js = toJsonSchema(env0Format.shape(sc.kind)!, { id: `https://infraflow.dev/schemas/${sc.fileName}`, title: sc.title, description: sc.description }) as any;
    assert.deepEqual(js.required, ["environments"]);
    assert.equal(js.additionalProperties, false);
    const sub = js.properties.environments.additionalProperties;
    assert.deepEqual(sub.required, ["name"]);
    assert.equal(sub.properties.needs.type[0], "array");
    assert.ok(sub.properties.requiresApproval.anyOf.some((o: any) => o.type === "string" && o.pattern), "requiresApproval accepts ${VAR}");
    assert.deepEqual(sub.properties.vcs.properties.type.enum, ["terraform", "opentofu", "terragrunt", "pulumi", "k8s", "cloudformation", "helm", "ansible"]);
    assert.equal(js.properties.environments.propertyNames.pattern, ALIAS.source);
  });
});
