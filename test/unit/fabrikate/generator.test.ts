// `generator` and `type` together: Fabrikate (internal/core/component.go, applyDefaultsAndMigrations) copies a
// non-empty `generator` over `type`, so the component is what `generator` says. The message, the fixes and
// everything built on the effective type (graph, hover, config checks) follow that.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildGraph } from "../../../server/src/features/graph";
import { hover } from "../../../server/src/features/hover";
import { validate } from "../../../server/src/features/validate";
import type { WorkspaceIndex } from "../../../server/src/index/workspace-index";
import { applyChanges, ws } from "./support";

const CC = "/ws/c/component.yaml";

function fix(index: WorkspaceIndex, p: string, code: string, title?: string): string {
  const pr = index.problems(p).find((x) => x.code === code);
  assert.ok(pr, `no ${code} in ${JSON.stringify(index.problems(p).map((x) => x.code))}`);
  const f = title ? pr.fixes?.find((x) => x.title === title) : pr.fixes?.find((x) => x.preferred);
  assert.ok(f, `no fix on ${code}: ${JSON.stringify(pr.fixes?.map((x) => x.title))}`);
  return applyChanges(index.readText(p)!, f.changes);
}

describe("fabrikate generator and type", () => {
  const BOTH = "name: c\ntype: helm\ngenerator: static\npath: ./manifests\n";

  it("says that generator wins over type", () => {
    const d = validate(ws({ [CC]: BOTH }), CC).find((x) => x.code === "fab/deprecated-generator")!;
    assert.equal(d.severity, 2);
    assert.equal(d.message, "'generator' is deprecated, and Fabrikate uses it over 'type': this component is 'static', not 'helm'. Write 'type: static' and remove 'generator'.");
  });

  it("fixes it by writing generator's value into type (what Fabrikate does), or by dropping generator on request", () => {
    const index = ws({ [CC]: BOTH });
    assert.equal(fix(index, CC, "fab/deprecated-generator"), "name: c\ntype: static\npath: ./manifests\n");
    assert.equal(fix(index, CC, "fab/deprecated-generator", "Remove 'generator' (the component becomes 'helm')"), "name: c\ntype: helm\npath: ./manifests\n");
  });

  it("removes a generator that repeats type", () => {
    const index = ws({ [CC]: "name: c\ntype: static\ngenerator: static\n" });
    const d = validate(index, CC).find((x) => x.code === "fab/deprecated-generator")!;
    assert.equal(d.message, "'generator' is deprecated, and here it says what 'type' says (static).");
    assert.equal(fix(index, CC, "fab/deprecated-generator"), "name: c\ntype: static\n");
  });

  it("fixes both keys in component.json and keeps it valid JSON", () => {
    const p = "/ws/j/component.json";
    const index = ws({ [p]: '{\n  "name": "j",\n  "type": "component",\n  "generator": "helm"\n}\n' });
    const text = fix(index, p, "fab/deprecated-generator");
    assert.deepEqual(JSON.parse(text), { name: "j", type: "helm" });
  });

  it("ignores an empty generator, as Fabrikate does", () => {
    const index = ws({ [CC]: "name: c\ntype: static\ngenerator: ''\n" });
    assert.equal(validate(index, CC).filter((x) => x.code === "fab/deprecated-generator").length, 0);
    const g = buildGraph(index, [CC])!;
    assert.equal(g.nodes.find((n) => n.kind === "component")!.detail, "static");
  });

  it("draws and describes the component with generator's type", () => {
    const index = ws({ [CC]: "name: c\nsubcomponents:\n  - name: chart\n    type: component\n    generator: helm\n    method: helm\n    source: https://charts.example.com\n    path: web\n" });
    const g = buildGraph(index, [CC])!;
    assert.equal(g.nodes.find((n) => n.label === "chart")!.detail, "helm · helm");
    const text = index.readText(CC)!;
    const h = hover(index, CC, text.indexOf("chart") + 1);
    assert.match(JSON.stringify(h), /— helm/);
  });

  it("asks to change generator, not type, for method http", () => {
    const index = ws({ [CC]: "name: c\nsubcomponents:\n  - name: x\n    type: static\n    generator: helm\n    method: http\n    source: https://e.com/x.yaml\n" });
    const d = validate(index, CC).find((x) => x.code === "fab/http-needs-static")!;
    assert.match(String(d.message), /\(it is 'helm'\)/);
    assert.equal(fix(index, CC, "fab/http-needs-static"), "name: c\nsubcomponents:\n  - name: x\n    type: static\n    generator: static\n    method: http\n    source: https://e.com/x.yaml\n");
  });

  it("follows a local source for config names only when the effective type is component", () => {
    const files = {
      "/ws/app/component.yaml": "name: app\nsubcomponents:\n  - name: lib\n    type: component\n    generator: static\n    source: ../lib\n",
      "/ws/app/config/common.yaml": "subcomponents:\n  lib:\n    subcomponents:\n      redis:\n        config: {}\n",
      "/ws/lib/component.yaml": "name: lib\nsubcomponents:\n  - name: redis\n    type: helm\n    method: helm\n    source: https://charts.example.com\n    path: redis\n",
    };
    const codes = validate(ws(files), "/ws/app/config/common.yaml").map((d) => d.code);
    // A static component is generated from its manifests: Fabrikate never loads ../lib/component.yaml for it.
    assert.ok(codes.includes("fab/unknown-subcomponent"), JSON.stringify(codes));
  });
});
