// The `overrides` sections, as Atmos's ProcessYAMLConfigFile (internal/exec/stack_processor_utils.go) passes them
// down and up the import tree and mergeComponentConfigurations (internal/exec/stack_processor_merge.go) merges
// them last. The layout mirrors the `teams/testing` manifests of Atmos's `complete` scenario, cut to the lines
// that matter; the expected values follow from that code (no Atmos test states them).
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeComponent } from "../../../server/src/formats/atmos/describe";
import { engineFor } from "../../../server/src/formats/atmos/stacks";
import { workspace } from "../../support/ws";

const CONFIG = `stacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n`;

function repo() {
  return workspace({
    "/ws/atmos.yaml": CONFIG,
    "/ws/stacks/catalog/before.yaml": "components:\n  terraform:\n    before:\n      vars:\n        test_1: 0\n",
    "/ws/stacks/catalog/after.yaml": "components:\n  terraform:\n    after:\n      vars:\n        test_1: 0\n    chart:\n      vars: {}\n",
    "/ws/stacks/catalog/helm.yaml": "components:\n  helmfile:\n    chart:\n      vars: {}\n",
    "/ws/stacks/teams/overrides.yaml":
      "overrides:\n  env:\n    TEAM: team\nterraform:\n  overrides:\n    vars:\n      test_1: 1\n      from_team: true\n    settings:\n      autodeploy: true\n",
    "/ws/stacks/teams/testing.yaml": [
      "import:",
      "  - catalog/before",
      "  - teams/overrides",
      "  - catalog/after",
      "  - catalog/helm",
      "overrides:",
      "  env:",
      "    TEAM: testing",
      "terraform:",
      "  overrides:",
      "    vars:",
      "      test_1: 2",
      "",
    ].join("\n"),
    "/ws/stacks/deploy/dev.yaml":
      "import:\n  - teams/testing\nvars:\n  stage: dev\ncomponents:\n  terraform:\n    own:\n      vars:\n        test_1: 0\n    untouched:\n      overrides:\n        vars:\n          mine: 1\n",
    "/ws/stacks/deploy/prod.yaml":
      "import:\n  - catalog/before\nvars:\n  stage: prod\ncomponents:\n  terraform:\n    solo:\n      overrides:\n        vars:\n          mine: 1\n",
  });
}

describe("atmos overrides", () => {
  it("reach the components of the manifest and its imports, the importer's winning", () => {
    const e = engineFor(repo());
    const before = describeComponent(e, "dev", "before")!;
    // Imported before teams/overrides: only teams/testing's own overrides reach it.
    assert.deepEqual(before.vars, { stage: "dev", test_1: 2 });
    assert.deepEqual(before.env, { TEAM: "testing" });
    assert.deepEqual(before.settings, {});
  });

  it("from an imported manifest, reach the manifests imported after it and the importer", () => {
    const e = engineFor(repo());
    const after = describeComponent(e, "dev", "after")!;
    assert.deepEqual(after.vars, { stage: "dev", test_1: 2, from_team: true });
    assert.deepEqual(after.settings, { autodeploy: true });
    assert.deepEqual(after.env, { TEAM: "testing" });
    // The root imports teams/testing, whose overrides (and those it imported) come up to the root's components.
    const own = describeComponent(e, "dev", "own")!;
    assert.deepEqual(own.vars, { stage: "dev", test_1: 2, from_team: true });
  });

  it("keep terraform.overrides to terraform components; global overrides reach every type", () => {
    const e = engineFor(repo());
    const chart = describeComponent(e, "dev", "chart", "helmfile")!;
    assert.deepEqual(chart.vars, { stage: "dev" });
    assert.deepEqual(chart.env, { TEAM: "testing" });
  });

  it("replace a component's own overrides when the manifests around it have some, else keep them", () => {
    const e = engineFor(repo());
    assert.deepEqual(describeComponent(e, "dev", "untouched")!.vars, { stage: "dev", test_1: 2, from_team: true });
    assert.deepEqual(describeComponent(e, "prod", "solo")!.vars, { stage: "prod", mine: 1 });
  });
});
