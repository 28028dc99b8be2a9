// Helpers for the Fabrikate and Deis tests, on top of the shared ones in test/support.
import * as path from "node:path";
import { FORMATS } from "../../../server/src/formats/registry";
import type { FormatModule } from "../../../server/src/formats/types";

export { applyChanges, cursor, workspace as ws } from "../../support/ws";
import { fixtureIndex } from "../../support/fixtures";
import type { WorkspaceIndex } from "../../../server/src/index/workspace-index";

export { fixtureDirs as subdirs } from "../../support/fixtures";

/** Loads a fixture folder, checks its `# want` comments and returns the index (folders may claim nothing). */
export const checkFolder = (dir: string): WorkspaceIndex => fixtureIndex(dir, { expectFiles: false });

export const ALL_FORMATS: readonly FormatModule[] = FORMATS;

export const repoRoot = path.resolve(__dirname, "../../..");
