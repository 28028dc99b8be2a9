// `infraflow check`: the editor's diagnostics, without the editor.
import * as fs from "node:fs";
import * as path from "node:path";
import { normalizeSettings } from "../../../common/settings";
import { parseSettingsFile } from "../../../common/settings-file";
import type { Problem } from "../core/problem";
import { FORMATS } from "../formats/registry";
import { nodeHost } from "../index/host";
import { WorkspaceIndex } from "../index/workspace-index";

export interface CheckRecord {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Problem["severity"];
  code: string;
  message: string;
}

export interface CheckResult {
  records: CheckRecord[];
  /** Paths given explicitly that no format serves. */
  skipped: string[];
  files: number;
}

/** Reads the `infraflow.*` keys of a workspace's `.vscode/settings.json`; a broken file is a SettingsFileError. */
export function readWorkspaceSettings(root: string): Record<string, unknown> {
  const file = path.join(root, ".vscode", "settings.json");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return {};
  }
  return parseSettingsFile(text, file);
}

/** Finds the folder to index for a path: the nearest ancestor with a workspace marker, else the folder itself. */
/** A workspace index of `root`, read from disk at once, with the folder's `infraflow.*` settings. */
export function indexFor(root: string): WorkspaceIndex {
  const index = new WorkspaceIndex(nodeHost, FORMATS);
  index.settings = normalizeSettings(readWorkspaceSettings(root));
  index.setRoots([root]);
  return index;
}

export function rootFor(target: string, cwd: string): string {
  const start = fs.statSync(target).isDirectory() ? target : path.dirname(target);
  const markers = ["atmos.yaml", "workspace.poly", ".git", ".vscode"];
  let dir = start;
  for (;;) {
    if (markers.some((m) => fs.existsSync(path.join(dir, m)))) return dir;
    // Do not climb above the working directory when the target is inside it: the working directory is the root.
    if (dir === cwd) return cwd;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return start;
}

export function check(targets: string[], cwd: string): CheckResult {
  const abs = (targets.length ? targets : ["."]).map((t) => path.resolve(cwd, t));
  for (const t of abs) if (!fs.existsSync(t)) throw new UsageError(`No such file or directory: ${path.relative(cwd, t) || t}`);
  const roots = [...new Set(abs.map((t) => rootFor(t, cwd)))];
  const records: CheckRecord[] = [];
  const skipped: string[] = [];
  let files = 0;
  const seen = new Set<string>();
  for (const root of roots) {
    const index = indexFor(root);
    const mine = abs.filter((t) => rootFor(t, cwd) === root);
    // Explicitly named files are read even when the scan would not pick them up (content detection).
    for (const t of mine) {
      if (fs.statSync(t).isFile() && !index.detected(t)) {
        const text = nodeHost.readFile(t);
        if (text !== undefined && index.openOrChange(t, text, 0) === null) skipped.push(path.relative(cwd, t) || t);
      }
    }
    const inside = (p: string) => mine.some((t) => p === t || p.startsWith(t.endsWith(path.sep) ? t : t + path.sep));
    for (const p of index.paths().sort()) {
      if (!inside(p) || seen.has(p)) continue;
      seen.add(p);
      files++;
      const f = index.file(p)!;
      for (const pr of index.problems(p)) {
        const s = f.lines.position(pr.span.start);
        const e = f.lines.position(pr.span.end);
        records.push({
          file: path.relative(cwd, p) || p,
          line: s.line + 1,
          column: s.character + 1,
          endLine: e.line + 1,
          endColumn: e.character + 1,
          severity: pr.severity,
          code: pr.code,
          message: pr.message,
        });
      }
    }
  }
  records.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { records, skipped, files };
}

export class UsageError extends Error {}

export function formatText(r: CheckRecord): string {
  return `${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code} ${r.message}`;
}
