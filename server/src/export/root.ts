// The root exported paths are relative to: the Git repository a CI checkout reproduces, else the workspace.
import * as fs from "node:fs";
import * as path from "node:path";

export function repositoryRoot(file: string, fallback: string): string {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    if (fs.existsSync(path.join(dir, ".git"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return fallback;
    dir = up;
  }
}
