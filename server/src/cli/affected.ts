// `infraflow affected --base REF`: what the files changed since a git ref affect, in every format, like
// `atmos describe affected` (a JSON array of affected items with Atmos's field names where they apply).
import * as fs from "node:fs";
import * as path from "node:path";
import type { AffectedItem, AffectedResult } from "../../../common/lsp-ext";
import { affected } from "../affected";
import { changedSince, GitError } from "../affected/git";
import { parseFlags, text } from "./args";
import { indexFor, rootFor, UsageError } from "./check";

export async function affectedCommand(args: string[], cwd: string, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  // `--ref` is another name for `--base`.
  const { values: v, positionals: targets } = parseFlags(args, { format: text("f"), base: text(), ref: text() }, "affected", ["base", "ref"]);
  const { format = "text" } = v;
  const base = v.base ?? v.ref;
  if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not '${format}'.`);
  if (!base) throw new UsageError("affected needs --base REF (a branch, tag or commit to compare with).");
  if (targets.length > 1) throw new UsageError("affected takes one DIR.");
  const abs = path.resolve(cwd, targets[0] ?? ".");
  if (!fs.existsSync(abs)) throw new UsageError(`No such directory: ${targets[0]}`);
  let changed: string[];
  try {
    changed = await changedSince(abs, base);
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    err(`infraflow: ${e.message}`);
    return 1;
  }
  const root = fs.statSync(abs).isDirectory() ? abs : rootFor(abs, cwd);
  const r = affected(indexFor(root), root, changed, base);
  if (format === "json") out(JSON.stringify(r.affected, null, 2));
  else out(toText(r));
  err(`${r.files.length} file(s) changed since ${base}: ${r.affected.length} node(s) affected.`);
  return 0;
}

function describeItem(a: AffectedItem, byNode: Map<string, AffectedItem>): string {
  const what = a.component ? `${a.component} in ${a.stack}` : `${a.kind} ${a.label}${a.group ? ` (${a.group})` : ""}`;
  const why = a.affected === "dependency" && a.via ? `needs ${byNode.get(a.via)?.label ?? a.via}` : `${a.affected_all.join(", ")}${a.changed_files.length ? `: ${a.changed_files.join(", ")}` : ""}`;
  return `  ${what}  ${why}`;
}

export function toText(r: AffectedResult): string {
  const lines = [`Changed since ${r.base} (${r.files.length}):`, ...r.files.map((f) => `  ${f}`)];
  const byNode = new Map(r.affected.map((a) => [a.node, a]));
  lines.push(`Affected (${r.affected.length}):`, ...r.affected.map((a) => describeItem(a, byNode)));
  return lines.join("\n");
}
