// In-process compute time, without debounce or protocol: the feature functions called directly on a
// WorkspaceIndex over a generated workspace. This is what the server spends per request.
// Usage: node compute.cjs <workspaces.json> <out.json>
import * as fs from "node:fs";
import { complete } from "../../server/src/features/complete";
import { definition } from "../../server/src/features/definition";
import { hover } from "../../server/src/features/hover";
import { rename } from "../../server/src/features/rename";
import { validate } from "../../server/src/features/validate";
import { FORMATS } from "../../server/src/formats/registry";
import { nodeHost } from "../../server/src/index/host";
import { WorkspaceIndex } from "../../server/src/index/workspace-index";
import { normalizeSettings } from "../../common/settings";
import type { Workspace } from "./gen";
import { BENCH_SETTINGS, measure, stat, type Stat } from "./stats";

export interface ComputeRow {
  format: string;
  size: number;
  lines: number;
  open: Stat;
  /** One-character edit: re-analysis and diagnostics of the edited file. */
  edit: Stat;
  /** The same edit, plus diagnostics of every other indexed file (what one publish costs). */
  editAll: Stat;
  completion: Stat;
  completionAfterEdit: Stat;
  hover: Stat;
  definition: Stat;
  rename: Stat;
  files: number;
  /** Parses of the edited document during the run: incremental and whole. */
  parses: { incremental: number; whole: number };
}

function iterations(size: number): number {
  return size >= 50000 ? 10 : size >= 10000 ? 20 : 30;
}

async function run(ws: Workspace): Promise<ComputeRow> {
  const p = ws.probe;
  const text = fs.readFileSync(p.main, "utf8");
  const n = iterations(ws.size);
  const fresh = () => {
    const index = new WorkspaceIndex(nodeHost, FORMATS);
    index.settings = normalizeSettings(BENCH_SETTINGS);
    index.setRoots([ws.root]);
    return index;
  };
  // Open: a fresh index with the workspace scanned; the file is opened and its diagnostics computed.
  const openSamples: number[] = [];
  for (let i = 0; i < Math.min(n, 10) + 2; i++) {
    const index = fresh();
    const t = performance.now();
    index.openOrChange(p.main, text, 1);
    validate(index, p.main);
    if (i >= 2) openSamples.push(performance.now() - t);
  }
  const index = fresh();
  index.openOrChange(p.main, text, 1);
  for (const q of index.paths()) validate(index, q);
  let version = 1;
  // Typing: every keystroke adds one more character at the same place, so no two texts repeat (a repeated text
  // would be answered from the parse cache, which typing never hits). Every ninth keystroke starts over.
  let typed = 0;
  const edited = () => {
    typed = (typed + 1) % 9;
    return text.slice(0, p.edit) + "X".repeat(typed) + text.slice(p.edit);
  };
  const edit = await measure(n, 3, () => {
    index.openOrChange(p.main, edited(), ++version);
    validate(index, p.main);
  });
  const editAll = await measure(n, 3, () => {
    index.openOrChange(p.main, edited(), ++version);
    validate(index, p.main);
    for (const q of index.paths()) if (q !== p.main) validate(index, q);
  });
  typed = 0;
  index.openOrChange(p.main, text, ++version);
  for (const q of index.paths()) validate(index, q);
  const completion = await measure(n, 3, () => complete(index, p.main, p.complete));
  const completionAfterEdit = await measure(n, 3, () => {
    const t = edited();
    index.openOrChange(p.main, t, ++version);
    complete(index, p.main, p.complete + (p.edit < p.complete ? typed : 0));
  });
  typed = 0;
  index.openOrChange(p.main, text, ++version);
  for (const q of index.paths()) validate(index, q);
  const hov = await measure(n, 3, () => hover(index, p.main, p.hover));
  const def = await measure(n, 3, () => definition(index, p.main, p.definition));
  const ren = await measure(n, 3, () => rename(index, p.main, p.definition, p.renameTo));
  return { format: ws.format, size: ws.size, lines: p.lines, open: stat(openSamples), edit, editAll, completion, completionAfterEdit, hover: hov, definition: def, rename: ren, files: index.paths().length, parses: index.parseStats() };
}

async function main(): Promise<void> {
  const [wsFile, outFile] = process.argv.slice(2);
  const list = JSON.parse(fs.readFileSync(wsFile!, "utf8")) as Workspace[];
  const rows: ComputeRow[] = [];
  for (const ws of list) {
    const row = await run(ws);
    rows.push(row);
    process.stderr.write(`  compute ${ws.format}-${ws.size}: edit ${row.edit.median} ms, all files ${row.editAll.median} ms, completion ${row.completion.median} ms, hover ${row.hover.median} ms; parses ${row.parses.incremental} incremental, ${row.parses.whole} whole\n`);
  }
  fs.writeFileSync(outFile!, JSON.stringify(rows, null, 2));
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
