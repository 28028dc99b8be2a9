// The `.env` beside a workflow file adds variables to every step of a run (the Deis `config:set` idea).
// Pure text parsing, shared by the CLI and the extension; each side reads the file itself.

/** Reads `KEY=value` lines (an optional `export ` prefix; comments and blank lines skipped; quotes removed). */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line.trimStart().startsWith("#")) continue;
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2]!.trim();
    if (v.length > 1 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) v = v.slice(1, -1);
    out[m[1]!] = v;
  }
  return out;
}
