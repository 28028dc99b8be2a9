// Fixture files write the diagnostics they expect beside the lines:
//   block: nope   # want poly/unknown-block "Block 'nope'"
// Each `# want CODE ["message part"]` must match a diagnostic that starts on that line, and every error or
// warning must be wanted. A full-line `# want-next CODE ["message part"]` wants it on the next line instead
// (a `.env` value runs to the end of its line and cannot carry a comment). A fixture folder is loaded as a
// whole workspace rooted at the folder.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { FORMATS } from "../../server/src/formats/registry";
import { nodeHost } from "../../server/src/index/host";
import type { WorkspaceIndex } from "../../server/src/index/workspace-index";
import { validate } from "../../server/src/features/validate";
import { subfoldersOf } from "./folders";
import { newIndex } from "./ws";

const WANT = /#\s*want\s+([a-z0-9-]+\/[a-z0-9-]+)(?:\s+"([^"]*)")?/g;

export interface Want {
  line: number;
  code: string;
  message?: string;
}

const WANT_NEXT = /^#\s*want-next\s+([a-z0-9-]+\/[a-z0-9-]+)(?:\s+"([^"]*)")?/;

export function wantsOf(text: string): Want[] {
  const out: Want[] = [];
  text.split("\n").forEach((l, i) => {
    const next = WANT_NEXT.exec(l);
    if (next) out.push({ line: i + 1, code: next[1]!, message: next[2] });
    else for (const m of l.matchAll(WANT)) out.push({ line: i, code: m[1]!, message: m[2] });
  });
  return out;
}

/** Loads a folder as a workspace and checks every file's diagnostics against its `# want` comments. */
export function checkFixtureFolder(dir: string, opts: { expectFiles?: boolean } = {}): void {
  fixtureIndex(dir, opts);
}

/** Checks a fixture folder (see above) and returns its index; `expectFiles: false` allows a folder we claim nothing in. */
export function fixtureIndex(dir: string, opts: { expectFiles?: boolean } = {}): WorkspaceIndex {
  const index = newIndex(nodeHost, FORMATS);
  index.setRoots([dir]);
  const problems: string[] = [];
  if (opts.expectFiles !== false) assert.ok(index.paths().length > 0, `no files detected in ${dir}`);
  for (const p of index.paths()) {
    const text = index.readText(p)!;
    const wants = wantsOf(text);
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
  return index;
}

/** The fixture folders below `base`; a missing or empty `base` throws (it is in the repository: a test per folder). */
export function fixtureDirs(base: string): string[] {
  return subfoldersOf(base);
}
