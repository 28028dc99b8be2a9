// Helpers for the graph-edit tests: loading a folder as an in-memory workspace, applying the changes an intent
// gives, and checking that nothing outside the changed spans moved.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { GraphEdit } from "../../../common/graph-edit";
import type { TextChange } from "../../../server/src/core/problem";
import { computeEdit } from "../../../server/src/features/graph-edit";
import { applyChanges } from "../../../server/src/formats/yaml-text";
import type { WorkspaceIndex } from "../../../server/src/index/workspace-index";
import { workspace } from "../../support/ws";

/** Every file below `dir`, by path relative to it (POSIX separators). */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p).split(path.sep).join("/")] = fs.readFileSync(p, "utf8");
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

/** A workspace rooted at /ws holding `files` (relative paths). */
export function load(files: Record<string, string>): WorkspaceIndex {
  const abs: Record<string, string> = {};
  for (const [k, v] of Object.entries(files)) abs[`/ws/${k}`] = v;
  return workspace(abs);
}

/** The texts of the files an intent changes, after the change; throws with the refusal when it is refused. */
export function run(index: WorkspaceIndex, file: string, edit: GraphEdit): { texts: Map<string, string>; changes: TextChange[] } {
  const r = computeEdit(index, file, edit);
  if ("error" in r) throw new Error(`refused: ${r.error}`);
  const texts = new Map<string, string>();
  const byPath = new Map<string, TextChange[]>();
  for (const c of r.changes) byPath.set(c.path, [...(byPath.get(c.path) ?? []), c]);
  for (const [p, list] of byPath) {
    const before = index.file(p)!.text;
    const after = applyChanges(before, list);
    assertOutsideUnchanged(before, after, list, p);
    texts.set(p, after);
  }
  return { texts, changes: r.changes };
}

/** The bytes before the first change and after the last one are the same, and so is every gap between changes. */
export function assertOutsideUnchanged(before: string, after: string, changes: TextChange[], label: string): void {
  const sorted = [...changes].sort((a, b) => a.span.start - b.span.start);
  let shift = 0;
  let prevEnd = 0;
  for (const c of sorted) {
    assert.equal(after.slice(prevEnd + shift, c.span.start + shift), before.slice(prevEnd, c.span.start), `${label}: bytes between edits moved`);
    shift += c.newText.length - (c.span.end - c.span.start);
    prevEnd = c.span.end;
  }
  assert.equal(after.slice(prevEnd + shift), before.slice(prevEnd), `${label}: bytes after the last edit moved`);
  // A change never rewrites what it keeps: its replaced text and new text differ where they overlap.
  for (const c of sorted) assert.notEqual(c.newText, before.slice(c.span.start, c.span.end), `${label}: a change that changes nothing`);
}

/** Opens each changed file's new text in the index (as an editor would after applying the edit). */
export function commit(index: WorkspaceIndex, texts: Map<string, string>): void {
  for (const [p, t] of texts) index.openOrChange(p, t, (index.file(p)?.version ?? 0) + 1);
}
