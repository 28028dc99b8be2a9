// Renaming an import: the manifest moves and every import of it follows, in its own style.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { prepareRename, rename } from "../../../server/src/features/rename";
import { cursor, workspace } from "../../support/ws";

const ATMOS = "stacks:\n  base_path: stacks\n  included_paths: ['orgs/**/*']\n  name_pattern: '{stage}'\n";
const files = (dev: string) => ({
  "/r/atmos.yaml": ATMOS,
  "/r/stacks/catalog/vpc.yaml": "components:\n  terraform:\n    vpc:\n      vars: {cidr: 10.0.0.0/16}\n",
  "/r/stacks/orgs/dev.yaml": dev,
  "/r/stacks/orgs/prod.yaml": "import:\n  - catalog/vpc.yaml\nvars: {stage: prod}\n",
  "/r/stacks/orgs/sub/qa.yaml": "import:\n  - ../../catalog/vpc\nvars: {stage: qa}\n",
});

describe("atmos: renaming an import", () => {
  it("moves the file and rewrites every import of it, each in its own style", () => {
    const [dev, at] = cursor("import:\n  - catalog/v|pc\nvars: {stage: dev}\n");
    const index = workspace(files(dev), "/r");
    assert.deepEqual(prepareRename(index, "/r/stacks/orgs/dev.yaml", at), { range: { start: { line: 1, character: 4 }, end: { line: 1, character: 15 } }, placeholder: "catalog/vpc" });
    const r = rename(index, "/r/stacks/orgs/dev.yaml", at, "catalog/network/vpc");
    assert.ok(r && "edit" in r, JSON.stringify(r));
    const changes = r.edit.documentChanges!;
    const edits = Object.fromEntries(changes.filter((c): c is any => "textDocument" in c).map((c: any) => [c.textDocument.uri, c.edits.map((e: any) => e.newText)]));
    assert.deepEqual(edits, {
      "file:///r/stacks/orgs/dev.yaml": ["catalog/network/vpc"],
      "file:///r/stacks/orgs/prod.yaml": ["catalog/network/vpc.yaml"],
      "file:///r/stacks/orgs/sub/qa.yaml": ["../../catalog/network/vpc"],
    });
    assert.deepEqual(changes[changes.length - 1], { kind: "rename", oldUri: "file:///r/stacks/catalog/vpc.yaml", newUri: "file:///r/stacks/catalog/network/vpc.yaml", options: { overwrite: false, ignoreIfExists: false } });
  });

  it("refuses a name that exists, a pattern, and a glob import that would stop matching", () => {
    const [dev, at] = cursor("import:\n  - catalog/v|pc\nvars: {stage: dev}\n");
    const index = workspace({ ...files(dev), "/r/stacks/catalog/eks.yaml": "components: {}\n" }, "/r");
    assert.deepEqual(rename(index, "/r/stacks/orgs/dev.yaml", at, "catalog/eks"), { error: "'catalog/eks' already exists." });
    assert.deepEqual(rename(index, "/r/stacks/orgs/dev.yaml", at, "catalog/*"), { error: "'catalog/*' is a pattern; give the new path of the manifest." });
    assert.match((rename(index, "/r/stacks/orgs/dev.yaml", at, "../outside") as { error: string }).error, /Give the new path below 'stacks'/);
    const [dev2, at2] = cursor("import:\n  - catalog/v|pc\n  - catalog/*\nvars: {stage: dev}\n");
    const globbed = workspace(files(dev2), "/r");
    assert.match((rename(globbed, "/r/stacks/orgs/dev.yaml", at2, "mixins/vpc") as { error: string }).error, /'catalog\/\*' in dev\.yaml imports this file through a pattern that would not match 'mixins\/vpc'/);
    const ok = rename(globbed, "/r/stacks/orgs/dev.yaml", at2, "catalog/net");
    assert.ok(ok && "edit" in ok, "a glob that still matches is left as it is");
  });
});
