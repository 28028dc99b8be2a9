// `.env` files: one line reader for every reader of them, and the rules of runs on top of it. The `.env` beside a
// workflow file adds variables to every step of a run (the Deis `config:set` idea); the Deis format applies its
// own, stricter rules (deis/workflow-cli's) to the same lines. Pure text parsing, shared by the CLI, the extension
// and the language server; each side reads the file itself.

/** One line of a `.env` file, where it stands in the text. */
export interface DotEnvLine {
  /** The line without its line break (a `\r` before the `\n` is dropped). */
  text: string;
  /** Offsets of the line in the file (without the line break). */
  start: number;
  end: number;
  /** 0-based line number. */
  line: number;
}

/** Splits a `.env` text into lines on `\n`, each without a trailing `\r`, with their offsets. */
export function dotEnvLines(text: string): DotEnvLine[] {
  const out: DotEnvLine[] = [];
  let start = 0;
  for (let line = 0; ; line++) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const lineEnd = end > start && text[end - 1] === "\r" ? end - 1 : end;
    out.push({ text: text.slice(start, lineEnd), start, end: lineEnd, line });
    if (end === text.length) break;
    start = end + 1;
  }
  return out;
}

/** Reads `KEY=value` lines for a run (an optional `export ` prefix; comments and blank lines skipped; quotes removed). */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { text: line } of dotEnvLines(text)) {
    if (line.trimStart().startsWith("#")) continue;
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2]!.trim();
    if (v.length > 1 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) v = v.slice(1, -1);
    out[m[1]!] = v;
  }
  return out;
}
