// Fixture folders (each loaded as a workspace from disk, with `# want` comments) and the example workspace.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { validate } from "../../../server/src/features/validate";
import { checkFolder, repoRoot, subdirs } from "./support";

const BASE = path.join(repoRoot, "test/fixtures/fabrikate");

describe("fabrikate fixtures", () => {
  for (const dir of subdirs(BASE)) it(path.basename(dir), () => void checkFolder(dir));

  it("claims nothing in the foreign folder", () => {
    const index = checkFolder(path.join(BASE, "foreign"));
    assert.deepEqual(index.paths(), []);
  });

  it("detects the JSON files", () => {
    const index = checkFolder(path.join(BASE, "json"));
    assert.deepEqual(index.paths().map((p) => `${path.relative(BASE, p)}:${index.detected(p)!.kind}`).sort(), ["json/component.json:component", "json/config/prod.json:config"]);
  });
});

describe("fabrikate example", () => {
  it("has no errors or warnings", () => {
    const dir = path.join(repoRoot, "examples/fabrikate");
    const index = checkFolder(dir);
    const kinds = index.paths().map((p) => `${path.relative(dir, p)}:${index.detected(p)!.kind}`).sort();
    assert.deepEqual(kinds, ["component.yaml:component", "config/common.yaml:config", "config/prod.yaml:config"]);
    for (const p of index.paths()) assert.deepEqual(validate(index, p).filter((d) => d.severity! <= 2), [], p);
  });
});
