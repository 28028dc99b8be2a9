// Fixture workspaces under test/fixtures/polycrate: every diagnostic is written beside its line as `# want`.
import { describe, it } from "node:test";
import * as path from "node:path";
import { checkFixtureFolder, fixtureDirs } from "../../support/fixtures";

const BASE = path.resolve(__dirname, "../../fixtures/polycrate");

describe("polycrate fixtures", () => {
  for (const dir of fixtureDirs(BASE)) {
    it(path.basename(dir), () => checkFixtureFolder(dir));
  }
});
