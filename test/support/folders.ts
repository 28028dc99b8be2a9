// Tests built by a loop over a folder: a folder that is missing or empty must fail the run, naming the folder,
// instead of quietly producing no test at all (a renamed fixture folder would otherwise pass as "0 tests").
import * as fs from "node:fs";
import * as path from "node:path";

const repo = path.resolve(__dirname, "../..");
const shown = (dir: string): string => {
  const rel = path.relative(repo, dir);
  return rel.startsWith("..") && !rel.startsWith("../shared") ? dir : rel;
};

/** The names in `dir` that `keep` accepts, sorted. Throws, naming the folder, when it is missing or none is kept. */
export function entriesOf(dir: string, keep: (name: string, full: string) => boolean = () => true, what = "entry"): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${shown(dir)} is missing: the tests built from it would silently be none`);
  const names = fs
    .readdirSync(dir)
    .filter((n) => keep(n, path.join(dir, n)))
    .sort();
  if (!names.length) throw new Error(`${shown(dir)} holds no ${what}: the tests built from it would silently be none`);
  return names;
}

/** The subfolders of `dir` (full paths), sorted. Throws, naming the folder, when it is missing or has none. */
export function subfoldersOf(dir: string): string[] {
  return entriesOf(dir, (_n, full) => fs.statSync(full).isDirectory(), "subfolder").map((n) => path.join(dir, n));
}
