// Helpers for the env0 tests until the registry lists env0: an index with env0 added to the registered formats,
// and the fixture-folder check of test/support/fixtures.ts over such an index.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { validate } from "../../../server/src/features/validate";
import { env0Format } from "../../../server/src/formats/env0";
import { FORMATS } from "../../../server/src/formats/registry";
import type { FormatModule } from "../../../server/src/formats/types";
import type { TextChange } from "../../../server/src/core/problem";
import { memoryHost, nodeHost, type FileSystemHost } from "../../../server/src/index/host";
import { WorkspaceIndex } from "../../../server/src/index/workspace-index";
import { wantsOf } from "../../support/fixtures";

/** The registered formats, plus env0 when the registry does not list it yet. */
export const WITH_ENV0: readonly FormatModule[] = FORMATS.some((f) => f.id === "env0") ? FORMATS : [...FORMATS, env0Format];

export function indexOver(host: FileSystemHost, root: string): WorkspaceIndex {
  const index = new WorkspaceIndex(host, WITH_ENV0);
  index.setRoots([root]);
  return index;
}

/** An index over in-memory files rooted at `/ws`. */
export function env0Workspace(files: Record<string, string>, root = "/ws"): WorkspaceIndex {
  return indexOver(memoryHost(files), root);
}

/** Errors and warnings of a file as `line: code message` (1-based lines), in line order. */
export function problemLines(index: WorkspaceIndex, p: string): string[] {
  return validate(index, p)
    .filter((d) => d.severity! <= 2)
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`);
}

/** Applies text changes of one file (non-overlapping), as an editor would. */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  let out = text;
  for (const c of [...changes].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, c.span.start) + c.newText + out.slice(c.span.end);
  return out;
}

/** Mirrors checkFixtureFolder (test/support/fixtures.ts) with env0 registered. */
export function checkEnv0FixtureFolder(dir: string): void {
  const index = indexOver(nodeHost, dir);
  const problems: string[] = [];
  const paths = index.paths();
  assert.ok(paths.length > 0, `no files detected in ${dir}`);
  for (const p of paths) {
    const wants = wantsOf(index.readText(p)!);
    const diags = validate(index, p).filter((d) => d.severity !== undefined && d.severity <= 2);
    const rel = path.relative(dir, p);
    const used = new Set<number>();
    for (const w of wants) {
      const i = diags.findIndex((d, k) => !used.has(k) && d.range.start.line === w.line && d.code === w.code && (!w.message || String(d.message).includes(w.message)));
      if (i === -1) problems.push(`${rel}:${w.line + 1}: wanted ${w.code}${w.message ? ` "${w.message}"` : ""}, got ${JSON.stringify(diags.filter((d) => d.range.start.line === w.line).map((d) => `${d.code}: ${d.message}`))}`);
      else used.add(i);
    }
    diags.forEach((d, k) => {
      if (!used.has(k)) problems.push(`${rel}:${d.range.start.line + 1}: unexpected ${d.code}: ${d.message}`);
    });
  }
  assert.deepEqual(problems, [], problems.join("\n"));
}
