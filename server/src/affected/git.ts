// The files changed since a git ref: `git diff --name-only REF` (the working tree against REF, so uncommitted
// changes count) plus untracked files. git runs with execFile and an argument array, never through a shell.
import { execFile } from "node:child_process";
import * as path from "node:path";

export class GitError extends Error {}

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd, maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        reject(new GitError(code === "ENOENT" ? "git is not installed (or not on PATH)." : (String(stderr).trim().split("\n")[0] ?? "") || err.message));
      } else resolve(String(stdout));
    });
  });
}

/** A ref as the user typed it; anything git could read as an option is refused. */
export function checkRef(ref: string): string | undefined {
  if (!ref.trim()) return "The git ref is empty.";
  if (ref.startsWith("-")) return `'${ref}' is not a git ref.`;
  if (/[\0\n\r]/.test(ref)) return "The git ref holds a control character.";
  return undefined;
}

/** Absolute paths of the files changed since `ref` in the repository holding `cwd` (deleted files included). */
export async function changedSince(cwd: string, ref: string): Promise<string[]> {
  const bad = checkRef(ref);
  if (bad) throw new GitError(bad);
  const top = (await git(cwd, ["rev-parse", "--show-toplevel"])).trim();
  // `--verify` names a ref that does not exist plainly, before `git diff` says it in its own words.
  await git(top, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).catch(() => {
    throw new GitError(`'${ref}' is not a commit, branch or tag of this repository.`);
  });
  const [diff, untracked] = await Promise.all([git(top, ["diff", "--name-only", "-z", ref, "--"]), git(top, ["ls-files", "--others", "--exclude-standard", "-z"])]);
  const names = new Set([...diff.split("\0"), ...untracked.split("\0")].filter(Boolean));
  return [...names].map((n) => path.resolve(top, n)).sort();
}
