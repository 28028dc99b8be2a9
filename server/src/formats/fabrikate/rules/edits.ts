// Text edits shared by the quick fixes: removing a `key: value` pair from YAML or JSON without leaving a hole.
import type { Span } from "../../../core/text";

/** The span to delete so that a pair disappears with its line (and, in JSON, its comma). */
export function removalSpan(text: string, pair: Span, json: boolean): Span {
  const lineStart = text.lastIndexOf("\n", pair.start - 1) + 1;
  let lineEnd = text.indexOf("\n", pair.end);
  if (lineEnd === -1) lineEnd = text.length;
  const before = text.slice(lineStart, pair.start);
  let after = text.slice(pair.end, lineEnd);
  if (json) {
    const comma = /^\s*,/.exec(after);
    if (comma) {
      after = after.slice(comma[0].length);
      if (/^\s*$/.test(before) && /^\s*$/.test(after)) return { start: lineStart, end: Math.min(text.length, lineEnd + 1) };
      return { start: pair.start, end: pair.end + comma[0].length + (/^\s*/.exec(after)?.[0].length ?? 0) };
    }
    // The last member: drop the comma before it instead.
    let i = pair.start - 1;
    while (i >= 0 && /\s/.test(text[i]!)) i--;
    if (text[i] === ",") {
      const from = i;
      if (/^\s*$/.test(after)) return { start: from, end: lineEnd };
      return { start: from, end: pair.end };
    }
    return { start: pair.start, end: pair.end };
  }
  if (/^\s*$/.test(before) && /^\s*(#.*)?$/.test(after)) return { start: lineStart, end: Math.min(text.length, lineEnd + 1) };
  // `- generator: static` on a list item's line: the item's next key moves up onto the dash.
  const next = /^\n([ \t]*)/.exec(text.slice(lineEnd));
  if (/^\s*(#.*)?$/.test(after) && next && next[1]!.length > before.length - 1) return { start: pair.start, end: lineEnd + next[0].length };
  return { start: pair.start, end: pair.end };
}
