// The `.env` file of `deis config:push` and `config:pull`, read the way deis/workflow-cli `cmd/config.go` reads it:
// the file is split on `\n` (a trailing `\r` is dropped), empty lines are skipped, a line whose first character
// is `#` is a comment, and every other line must match `KEY=value`, the value being everything after the first
// `=`, verbatim (quotes included). There is no `export` prefix and no leading whitespace: the client rejects
// the whole push on such a line, so they are errors here.
import { Document, Pair, Scalar, YAMLMap } from "yaml";
import { dotEnvLines } from "../../../../common/dotenv";
import type { Span } from "../../core/text";
import type { ParsedYaml } from "../../core/yaml";

export interface ConfigEntry {
  key: string;
  keySpan: Span;
  /** The value exactly as pushed (everything after the first `=`). */
  value: string;
  valueSpan: Span;
  /** The whole line, without its line break. */
  lineSpan: Span;
  line: number;
  /** The key names a secret: its value is never shown. */
  secret: boolean;
}

export type InvalidReason = "no-equals" | "export" | "blank-with-spaces" | "indented-comment";

export interface InvalidLine {
  reason: InvalidReason;
  text: string;
  lineSpan: Span;
  line: number;
}

export interface EnvFileModel {
  kind: "env";
  path: string;
  dir: string;
  entries: ConfigEntry[];
  invalid: InvalidLine[];
}

const SECRET = /PASSWORD|PASSWD|SECRET|TOKEN|KEY|PRIVATE|CREDENTIAL|PASSPHRASE|AUTH/i;

export function isSecretKey(key: string): boolean {
  return SECRET.test(key);
}

export function readEnv(text: string): { entries: ConfigEntry[]; invalid: InvalidLine[] } {
  const entries: ConfigEntry[] = [];
  const invalid: InvalidLine[] = [];
  // The lines as every `.env` reader splits them; the rules below are Deis's.
  for (const { text: raw, start, end: lineEnd, line } of dotEnvLines(text)) {
    const lineSpan = { start, end: lineEnd };
    if (raw.length > 0 && raw[0] !== "#") {
      const eq = raw.indexOf("=");
      if (eq === -1) {
        const reason: InvalidReason = raw.trim() === "" ? "blank-with-spaces" : raw.trimStart().startsWith("#") ? "indented-comment" : "no-equals";
        invalid.push({ reason, text: raw, lineSpan, line });
      } else if (/^\s*export\s+/.test(raw.slice(0, eq))) {
        invalid.push({ reason: "export", text: raw, lineSpan, line });
      } else {
        const key = raw.slice(0, eq);
        entries.push({
          key,
          keySpan: { start, end: start + eq },
          value: raw.slice(eq + 1),
          valueSpan: { start: start + eq + 1, end: lineEnd },
          lineSpan,
          line,
          secret: isSecretKey(key),
        });
      }
    }
  }
  return { entries, invalid };
}

function scalar(value: string, span: Span): Scalar {
  const s = new Scalar(value);
  s.range = [span.start, span.end, span.end];
  return s;
}

/**
 * A `.env` file as a YAML tree: a mapping of key scalars to value scalars whose ranges are the exact source
 * offsets, so generic helpers (entries, spans) work on it. Problems are reported by the analysis, with codes.
 */
export function parseEnv(text: string): ParsedYaml {
  const { entries } = readEnv(text);
  const map = new YAMLMap<Scalar, Scalar>();
  for (const e of entries) map.items.push(new Pair(scalar(e.key, e.keySpan), scalar(e.value, e.valueSpan)));
  map.range = [entries[0]?.lineSpan.start ?? 0, entries[entries.length - 1]?.lineSpan.end ?? 0, text.length];
  const doc = new Document() as unknown as Document.Parsed;
  doc.contents = map as unknown as Document.Parsed["contents"];
  return { root: map, doc, problems: [] };
}
