// Text changes shared by the `needs` rules.
import type { Span } from "../../../core/text";
import type { NeedModel } from "../model";

function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl === -1 ? text.length : nl + 1;
}

/**
 * What to delete to drop one `needs` entry: its whole `- name` line in a block list, or `, name` in a flow list.
 * Undefined when the entry is written some other way (then no fix is offered rather than a wrong one).
 */
export function needRemovalSpan(text: string, need: NeedModel): Span | undefined {
  const { start, end } = need.nodeSpan;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  if (/^\s*-\s+$/.test(text.slice(lineStart, start))) {
    const next = nextLineStart(text, end);
    return /^\s*(#.*)?\r?\n?$/.test(text.slice(end, next)) ? { start: lineStart, end: next } : undefined;
  }
  let at = start - 1;
  while (at >= 0 && (text[at] === " " || text[at] === "\t")) at--;
  if (text[at] === ",") return { start: at, end };
  // The first entry of a flow list: take the comma after it instead.
  if (text[at] === "[") {
    const after = /^\s*,\s*/.exec(text.slice(end));
    if (after) return { start, end: end + after[0].length };
  }
  return undefined;
}
