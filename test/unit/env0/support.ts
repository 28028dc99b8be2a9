// Helpers for the env0 tests, on top of the shared ones in test/support.
import { validate } from "../../../server/src/features/validate";
import { FORMATS } from "../../../server/src/formats/registry";
import type { FormatModule } from "../../../server/src/formats/types";
import type { FileSystemHost } from "../../../server/src/index/host";
import type { WorkspaceIndex } from "../../../server/src/index/workspace-index";
import { checkFixtureFolder } from "../../support/fixtures";
import { newIndex, workspace } from "../../support/ws";

export { applyChanges } from "../../support/ws";

export const WITH_ENV0: readonly FormatModule[] = FORMATS;

export function indexOver(host: FileSystemHost, root: string): WorkspaceIndex {
  const index = newIndex(host, FORMATS);
  index.setRoots([root]);
  return index;
}

/** An index over in-memory files rooted at `/ws`. */
export const env0Workspace = (files: Record<string, string>, root = "/ws"): WorkspaceIndex => workspace(files, root);

/** Errors and warnings of a file as `line: code message` (1-based lines), in line order. */
export function problemLines(index: WorkspaceIndex, p: string): string[] {
  return validate(index, p)
    .filter((d) => d.severity! <= 2)
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`);
}

export const checkEnv0FixtureFolder = (dir: string): void => void checkFixtureFolder(dir);
