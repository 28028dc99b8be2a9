// Fixture repositories under test/fixtures/atmos: each folder has its own atmos.yaml, and every file says the
// diagnostics it expects with `# want CODE "message part"` comments.
import * as path from "node:path";
import { describe, it } from "node:test";
import { checkFixtureFolder, fixtureDirs } from "../../support/fixtures";

describe("atmos fixtures", () => {
  for (const dir of fixtureDirs(path.resolve(__dirname, "../../fixtures/atmos"))) {
    it(path.basename(dir), () => checkFixtureFolder(dir));
  }
});
