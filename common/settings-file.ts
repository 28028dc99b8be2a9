// The `infraflow.*` keys of a VS Code settings.json, for the CLI (the extension gets its settings from VS Code).
// The ESM build of jsonc-parser: its UMD main requires its parts by computed paths, which a bundle cannot follow.
import { parse as parseJsonc, printParseErrorCode, type ParseError } from "jsonc-parser/lib/esm/main.js";

/** A settings.json that cannot be read: the message names the file, the line and column, and what is wrong. */
export class SettingsFileError extends Error {}

const PARSE_ERRORS: Partial<Record<ReturnType<typeof printParseErrorCode>, string>> = {
  InvalidSymbol: "unexpected character",
  PropertyNameExpected: "a property name in double quotes was expected",
  ValueExpected: "a value was expected",
  ColonExpected: "a colon was expected",
  CommaExpected: "a comma was expected",
  CloseBraceExpected: "a closing } was expected",
  CloseBracketExpected: "a closing ] was expected",
  EndOfFileExpected: "the end of the file was expected",
  UnexpectedEndOfComment: "a /* comment is not closed",
  UnexpectedEndOfString: "a string is not closed",
};

/**
 * The `infraflow.*` keys of a VS Code settings.json, without the prefix. The file is read as VS Code reads it, JSON
 * with comments and trailing commas (jsonc-parser, VS Code's own reader); anything else is a SettingsFileError
 * naming `file` and where it went wrong, so that a run never goes on with settings other than the ones written.
 */
export function parseSettingsFile(text: string, file: string): Record<string, unknown> {
  const errors: ParseError[] = [];
  const json: unknown = parseJsonc(text, errors, { allowTrailingComma: true, allowEmptyContent: true });
  const first = errors[0];
  if (first) {
    const before = text.slice(0, first.offset).split("\n");
    const where = `${before.length}:${before[before.length - 1]!.length + 1}`;
    throw new SettingsFileError(`${file}:${where}: ${PARSE_ERRORS[printParseErrorCode(first.error)] ?? printParseErrorCode(first.error)}; the file is not read.`);
  }
  if (json === undefined) return {};
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new SettingsFileError(`${file}: settings must be one JSON object { … }; the file is not read.`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) if (k.startsWith("infraflow.")) out[k.slice("infraflow.".length)] = v;
  return out;
}
