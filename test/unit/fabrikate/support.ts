// Helpers for the Fabrikate and Deis tests, until the lead adds both formats to the registry: an index over
// every registered format plus ours, and a fixture-folder check mirroring test/support/fixtures.ts.
// Beyond `# want CODE "message part"` on the line itself, a full-line `# want-next CODE "message part"` wants a
// diagnostic on the next line: a `.env` value runs to the end of its line, so it cannot carry a comment.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { validate } from "../../../server/src/features/validate";
import { deisFormat } from "../../../server/src/formats/deis";
import { fabrikateFormat } from "../../../server/src/formats/fabrikate";
import { FORMATS } from "../../../server/src/formats/registry";
import type { FormatModule } from "../../../server/src/formats/types";
import { memoryHost, nodeHost } from "../../../server/src/index/host";
import { WorkspaceIndex } from "../../../server/src/index/workspace-index";
import { wantsOf, type Want } from "../../support/fixtures";

const OURS = new Set(["fabrikate", "deis"]);
export const ALL_FORMATS: FormatModule[] = [...FORMATS.filter((f) => !OURS.has(f.id)), fabrikateFormat, deisFormat];

export const repoRoot = path.resolve(__dirname, "../../..");

/** An index over in-memory files keyed by absolute POSIX paths, rooted at `root`. */
export function ws(files: Record<string, string>, root = "/ws"): WorkspaceIndex {
  const index = new WorkspaceIndex(memoryHost(files), ALL_FORMATS);
  index.setRoots([root]);
  return index;
}

/** Splits `text` at the `|` marker. */
export function cursor(text: string): [string, number] {
  const at = text.indexOf("|");
  if (at === -1) throw new Error("no | cursor marker in the text");
  return [text.slice(0, at) + text.slice(at + 1), at];
}

const WANT_NEXT = /^#\s*want-next\s+([a-z0-9-]+\/[a-z0-9-]+)(?:\s+"([^"]*)")?/;

function allWants(text: string): Want[] {
  const out = wantsOf(text).filter((w) => !/^#\s*want-next/.test(text.split("\n")[w.line] ?? ""));
  text.split("\n").forEach((l, i) => {
    const m = WANT_NEXT.exec(l);
    if (m) out.push({ line: i + 1, code: m[1]!, message: m[2] });
  });
  return out;
}

/** Loads a folder from disk as a workspace; every error and warning must be wanted, every want met. */
export function checkFolder(dir: string): WorkspaceIndex {
  const index = new WorkspaceIndex(nodeHost, ALL_FORMATS);
  index.setRoots([dir]);
  const problems: string[] = [];
  for (const p of index.paths()) {
    const text = index.readText(p)!;
    const diags = validate(index, p).filter((d) => d.severity !== undefined && d.severity <= 2);
    const rel = path.relative(dir, p);
    const used = new Set<number>();
    for (const w of allWants(text)) {
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

export function subdirs(base: string): string[] {
  if (!fs.existsSync(base)) return [];
  return fs.readdirSync(base, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(base, d.name));
}

/** Applies text changes (offsets into `text`) from the end backwards. */
export function applyChanges(text: string, changes: Array<{ span: { start: number; end: number }; newText: string }>): string {
  let out = text;
  for (const c of [...changes].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, c.span.start) + c.newText + out.slice(c.span.end);
  return out;
}
