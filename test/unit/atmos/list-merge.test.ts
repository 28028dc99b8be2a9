// atmos.yaml `settings.list_merge_strategy`, with expectations taken from Atmos's pkg/merge tests: TestMergeListAppend
// (lists concatenate), TestMergeNative_MatchesMergoBehaviourMergeScalars (under `merge`, scalar items of the
// earlier list stay) and TestMergeListMerge (under `merge`, map items are deep-merged by index).
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeComponent } from "../../../server/src/formats/atmos/describe";
import { engineFor } from "../../../server/src/formats/atmos/stacks";
import { workspace } from "../../support/ws";

function repo(strategy: string) {
  return workspace({
    "/ws/atmos.yaml": `settings:\n  list_merge_strategy: ${strategy}\nstacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n`,
    "/ws/stacks/catalog/base.yaml": "vars:\n  list: ['1', '2', '3']\n  tags: [base-1, base-2]\n  maps:\n    - {a: '1', b: '2'}\n",
    "/ws/stacks/deploy/dev.yaml": "import:\n  - catalog/base\nvars:\n  stage: dev\n  list: ['4', '5', '6']\n  tags: [override-1]\n  maps:\n    - {a: 1b, c: '3'}\ncomponents:\n  terraform:\n    vpc: {}\n",
  });
}

describe("atmos list_merge_strategy", () => {
  it("replace keeps the later list", () => {
    const v = describeComponent(engineFor(repo("replace")), "dev", "vpc")!.vars as Record<string, unknown>;
    assert.deepEqual(v.list, ["4", "5", "6"]);
  });

  it("append concatenates", () => {
    const v = describeComponent(engineFor(repo("append")), "dev", "vpc")!.vars as Record<string, unknown>;
    assert.deepEqual(v.list, ["1", "2", "3", "4", "5", "6"]);
  });

  it("merge keeps earlier scalar items and deep-merges map items by index", () => {
    const v = describeComponent(engineFor(repo("merge")), "dev", "vpc")!.vars as Record<string, unknown>;
    assert.deepEqual(v.tags, ["base-1", "base-2"]);
    assert.deepEqual(v.maps, [{ a: "1b", b: "2", c: "3" }]);
  });
});
