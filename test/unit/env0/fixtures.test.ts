// Fixture workspaces under test/fixtures/env0: every diagnostic is written beside its line as `# want`.
import * as path from "node:path";
import { describe, it } from "node:test";
import { fixtureDirs } from "../../support/fixtures";
import { checkEnv0FixtureFolder } from "./support";

const BASE = path.resolve(__dirname, "../../fixtures/env0");

describe("env0 fixtures", () => {
  for (const dir of fixtureDirs(BASE)) {
    it(path.basename(dir), () => checkEnv0FixtureFolder(dir));
  }
});
