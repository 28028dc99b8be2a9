// Cycle rules over many stacks that share one catalog: stacks with the same components are checked once (issue 16),
// and that must not change what is reported: each edge of a cycle gets its message once, a cycle through two stacks
// is still found when other stacks share one side's catalog, and a stack whose own manifest adds a component is
// checked on its own.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dependencyCycleRule, inheritsCycleRule } from "../../../server/src/formats/atmos/rules/cycles";
import { workspace } from "../../support/ws";

const CONFIG = `stacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n`;
const deps = (...names: string[]): string => `      dependencies:\n        components:\n${names.map((n) => `          - component: ${n}\n`).join("")}`;

function stacks(n: number, extra: Record<string, string> = {}): Record<string, string> {
  const files: Record<string, string> = {
    "/ws/atmos.yaml": CONFIG,
    "/ws/stacks/catalog/app.yaml": `components:\n  terraform:\n    a:\n${deps("b")}    b:\n${deps("a")}    c:\n      metadata:\n        inherits: [d]\n    d:\n      metadata:\n        inherits: [c]\n`,
  };
  for (let i = 0; i < n; i++) files[`/ws/stacks/deploy/s${i}.yaml`] = `import:\n  - catalog/app\nvars:\n  stage: s${i}\n`;
  return { ...files, ...extra };
}

const shown = (ps: Array<{ path: string; message: string }>): string[] => ps.map((p) => `${p.path.replace("/ws/stacks/", "")}: ${p.message}`).sort();

describe("atmos cycle rules over many stacks of one catalog", () => {
  it("a cycle in the catalog is reported once per edge, whether 1 or 200 stacks import it", () => {
    for (const n of [1, 200]) {
      const ws = workspace(stacks(n));
      assert.deepEqual(shown(dependencyCycleRule.check(ws)), ["catalog/app.yaml: Dependency cycle: a → b → a.", "catalog/app.yaml: Dependency cycle: a → b → a."], `${n} stacks`);
      assert.deepEqual(shown(inheritsCycleRule.check(ws)), ["catalog/app.yaml: Inheritance cycle: c → d → c.", "catalog/app.yaml: Inheritance cycle: c → d → c."], `${n} stacks`);
    }
  });

  it("a cycle through two stacks is found, with the stacks named, beside stacks that share one side's catalog", () => {
    const ws = workspace(
      stacks(50, {
        "/ws/stacks/deploy/x.yaml": `import:\n  - catalog/app\nvars:\n  stage: x\ncomponents:\n  terraform:\n    p:\n      dependencies:\n        components:\n          - component: q\n            stack: y\n`,
        "/ws/stacks/deploy/y.yaml": `vars:\n  stage: y\ncomponents:\n  terraform:\n    q:\n      dependencies:\n        components:\n          - component: p\n            stack: x\n`,
      }),
    );
    const cross = shown(dependencyCycleRule.check(ws)).filter((m) => m.startsWith("deploy/"));
    assert.deepEqual(cross, ["deploy/x.yaml: Dependency cycle: p (x) → q (y) → p (x).", "deploy/y.yaml: Dependency cycle: p (x) → q (y) → p (x)."]);
  });

  it("a stack whose own manifest closes a cycle with the catalog is checked on its own", () => {
    const ws = workspace(
      stacks(20, {
        "/ws/stacks/catalog/chain.yaml": `components:\n  terraform:\n    e:\n${deps("f")}`,
        "/ws/stacks/deploy/z.yaml": `import:\n  - catalog/app\n  - catalog/chain\nvars:\n  stage: z\ncomponents:\n  terraform:\n    f:\n${deps("e")}`,
      }),
    );
    const own = shown(dependencyCycleRule.check(ws)).filter((m) => !m.includes("a → b"));
    assert.deepEqual(own, ["catalog/chain.yaml: Dependency cycle: e → f → e.", "deploy/z.yaml: Dependency cycle: e → f → e."]);
  });
});
