// Odd and hostile input, and the published JSON Schema. Surviving an odd file means: validation reports what is
// wrong with it (the problem each case names below), completion and hover answer without an exception (the index
// rethrows what it would contain, see test/support/ws.ts), and all of it in bounded time (the per-test timeout).
// The published JSON Schema comes out of the shape as editors expect it.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toJsonSchema } from "../../../server/src/core/shape";
import { complete } from "../../../server/src/features/complete";
import { hover } from "../../../server/src/features/hover";
import { validate } from "../../../server/src/features/validate";
import { env0Format } from "../../../server/src/formats/env0";
import { env0Workspace } from "./support";

const P = "/ws/env0.workflow.yaml";

/** Each text with the problems it must get ("code: part of the message"); an empty list means no problem at all. */
const ODD: Array<{ text: string; want: string[]; absent?: string[] }> = [
  // Nothing typed yet: nothing to report.
  { text: "", want: [] },
  { text: "---\n", want: [] },
  { text: "- a\n- b\n", want: ["env0/wrong-type: Expected a mapping, got a list."] },
  { text: "environments: [a, b]\n", want: ["env0/wrong-type: Expected a mapping, got a list."] },
  { text: "environments:\n  a: 3\n  b: [1]\n  c: ~\n", want: ["env0/wrong-type: Expected a mapping, got '3'.", "env0/wrong-type: Expected a mapping, got a list."] },
  { text: "environments:\n  a:\n    name: A\n    templateName: t\n    needs: {b: 1}\n", want: ["env0/wrong-type: Expected a list, got a mapping."] },
  {
    text: "environments:\n  a:\n    needs: network\n    name: [x]\n    vcs: text\n",
    want: ["env0/wrong-type: Expected a list, got 'network'.", "env0/wrong-type: Expected a string, got a list.", "env0/wrong-type: Expected a mapping, got 'text'."],
  },
  { text: "base: &b\n  name: A\n  templateName: t\nenvironments:\n  a: *b\n  b:\n    <<: *b\n    needs: [*b, a]\n", want: ["env0/unknown-key: Unknown key 'base' in an env0 workflow."] },
  // Scalar keys that YAML reads as a number and a boolean are aliases like any other: `needs: [1]` finds `1`.
  // (The entry under the complex key gets no problem today; that is not asserted either way.)
  { text: "environments:\n  ? [complex, key]\n  : {name: X}\n  1: {name: One, templateName: t}\n  true: {name: T, templateName: t, needs: [1]}\n", want: [], absent: ["env0/unknown-alias"] },
  {
    text: "environments:\n  a: {name: A, templateName: t, needs: [a, a, a]}\nsettings: [remove]\n",
    want: ["env0/wrong-type: Expected a mapping, got a list.", "env0/self-need: Sub-environment 'a' needs itself", "env0/duplicate-need: 'a' is already listed in the 'needs' of 'a'."],
  },
  { text: "environments:\n  a:\n    name: A\n    needs: [b\n", want: ["env0/syntax: Flow sequence in block collection must be sufficiently indented and end with a ]"] },
  { text: "environments:\n  a: !custom {name: A}\n  b: {name: B, templateName: !ref x, needs: [!tag a]}\n", want: ["env0/template-or-vcs: Sub-environment 'a' has neither 'templateName' nor 'vcs'"] },
  { text: "environments:\n" + "  x:\n".repeat(3) + "    name: dup\n", want: ["env0/syntax: Map keys must be unique"] },
  // Deeper than any real file: refused before the parser, which can abort the process on such input.
  { text: "[".repeat(500) + "]".repeat(500), want: ["env0/syntax: The document nests [ ] or { } more than 256 deep here; it is not read."] },
];

describe("env0 robustness", () => {
  ODD.forEach((c, i) => {
    it(`survives odd input #${i}`, { timeout: 20_000 }, () => {
      const index = env0Workspace({ [P]: c.text });
      const got = validate(index, P).map((d) => `${d.code}: ${d.message}`);
      if (!c.want.length && !c.absent) assert.deepEqual(got, []);
      for (const w of c.want) assert.ok(got.some((g) => g.startsWith(w)), `no '${w}' in\n${got.join("\n")}`);
      for (const a of c.absent ?? []) assert.ok(!got.some((g) => g.startsWith(a)), `unexpected '${a}' in\n${got.join("\n")}`);
      for (let at = 0; at <= c.text.length; at += Math.max(1, Math.floor(c.text.length / 40))) {
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
    // env0 puts no rule on alias names, so neither does the published schema.
    assert.equal(js.properties.environments.propertyNames, undefined);
  });
});
