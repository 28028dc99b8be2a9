// Fixture folders (each loaded as a workspace from disk, with `# want` comments) and the example app.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { validate } from "../../../server/src/features/validate";
import { checkFolder, repoRoot, subdirs } from "../fabrikate/support";

const BASE = path.join(repoRoot, "test/fixtures/deis");

describe("deis fixtures", () => {
  for (const dir of subdirs(BASE)) it(path.basename(dir), () => void checkFolder(dir));

  it("leaves a .env without a Procfile alone", () => {
    assert.deepEqual(checkFolder(path.join(BASE, "lone-env")).paths(), []);
  });
});

describe("deis example", () => {
  it("has no errors or warnings", () => {
    const dir = path.join(repoRoot, "examples/deis");
    const index = checkFolder(dir);
    assert.deepEqual(index.paths().map((p) => `${path.basename(p)}:${index.detected(p)!.kind}`).sort(), [".env:env", "Procfile:procfile"]);
    for (const p of index.paths()) assert.deepEqual(validate(index, p).filter((d) => d.severity! <= 2), [], p);
  });
});
