import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { s, shapeAt, toJsonSchema, validateShape } from "../../../server/src/core/shape";
import { parseYaml } from "../../../server/src/core/yaml";

const shape = s.object(
  {
    name: s.string({ pattern: { re: /^[a-z]+$/, message: "Bad name '{name}'." } }),
    kind: s.string({ enum: ["a", "b"] }),
    count: s.int({ minimum: 1 }),
    old: s.string({ deprecated: "use name" }),
    items: s.array(s.object({ id: s.string() }, { required: ["id"], unknown: "warning", noun: "item" })),
    flag: s.bool({ interpolation: true }),
  },
  { required: ["name"], noun: "thing" },
);

function problems(yaml: string) {
  const p = parseYaml(yaml);
  return validateShape(p.root, shape, { prefix: "t", path: "/f" }).map((x) => `${x.severity} ${x.code} ${yaml.slice(x.span.start, x.span.end)}: ${x.message}`);
}

describe("shape validation", () => {
  it("reports unknown keys with a suggestion, at the key", () => {
    assert.deepEqual(problems("kind: a\nnmae: x\n"), ["error t/unknown-key nmae: Unknown key 'nmae' in thing. Did you mean 'name'?", "error t/missing-required kind: Missing required key 'name' in thing."]);
    assert.deepEqual(problems("name: ok\ncont: 1\n"), ["error t/unknown-key cont: Unknown key 'cont' in thing. Did you mean 'count'?"]);
  });
  it("reports wrong types, enums, patterns, ranges, required keys and deprecations", () => {
    const out = problems("name: Bad1\nkind: c\ncount: 0\nold: x\nitems:\n  - nope: 1\nflag: maybe\n");
    assert.deepEqual(out, [
      "error t/invalid-name Bad1: Bad name 'Bad1'.",
      "error t/invalid-value c: Invalid value 'c'. Expected one of: a, b.",
      "error t/out-of-range 0: 0 is below the minimum 1.",
      "warning t/deprecated old: 'old' is deprecated: use name",
      "warning t/unknown-key nope: Unknown key 'nope' in item. It is ignored.",
      "error t/missing-required nope: Missing required key 'id' in item.",
      "error t/wrong-type maybe: Expected true or false, got 'maybe'.",
    ]);
  });
  it("accepts ${VAR} interpolation where allowed, and custom tags anywhere", () => {
    assert.deepEqual(problems("name: ok\nflag: ${ENABLED}\nitems: !include other.yaml\n"), []);
  });
  it("finds the shape along a path", () => {
    assert.equal(shapeAt(shape, ["items", "[]", "id"])?.type, "string");
    assert.equal(shapeAt(shape, ["items", "id"]), undefined);
  });
  it("exports a JSON Schema", () => {
    const js = toJsonSchema(shape, { id: "x", title: "T", description: "D" }) as any;
    assert.equal(js.additionalProperties, false);
    assert.deepEqual(js.required, ["name"]);
    assert.deepEqual(js.properties.kind.enum, ["a", "b"]);
    assert.equal(js.properties.old.deprecated, true);
    assert.ok(js.properties.flag.anyOf);
  });
});

describe("parsing never throws", () => {
  it("turns syntax errors and hostile nesting into problems", () => {
    const open = parseYaml("a: [\n").problems;
    assert.deepEqual(open.map((p) => [p.severity, p.message]), [["error", "Flow sequence in block collection must be sufficiently indented and end with a ]"]]);
    // Too deep for the parser's stack: an error, not an exception.
    const deep = parseYaml("[".repeat(100000)).problems;
    assert.ok(deep.length > 0 && deep.every((p) => p.severity === "error"), JSON.stringify(deep.slice(0, 3)));
    assert.deepEqual(parseYaml("").problems, []);
  });
  it("refuses flow nesting deeper than 256 before the parser sees it (the parser can abort the process there)", () => {
    // 1,000 then 3,000 nested `[` once killed node 20 with a fatal out-of-memory inside the parser.
    for (const n of [1000, 3000, 20000]) {
      const problems = parseYaml(`key: ${"[".repeat(n)}`).problems;
      assert.deepEqual(problems.map((p) => [p.severity, p.message, p.span.start]), [["error", "The document nests [ ] or { } more than 256 deep here; it is not read.", 5 + 256]]);
    }
    // 256 deep is still read, as YAML.
    const ok = parseYaml(`${"[".repeat(256)}${"]".repeat(256)}\n`);
    assert.deepEqual(ok.problems, []);
  });
});
