// Where the cursor is in YAML terms, computed from the lines alone so it works in half-typed text that does
// not parse: the key path to the current mapping, whether a key or a value is being typed, and the sibling keys.
import type { PathSegment } from "./shape";

export interface CursorContext {
  /** Path of the mapping (or list) that contains the cursor, e.g. ["workflows", "[]", "steps", "[]"]. */
  path: PathSegment[];
  /** `key`: typing a key (or a bare list item); `value`: typing the value of `key`. */
  position: "key" | "value";
  /** The key whose value is being typed (position `value`), or the key under the cursor (position `key`). */
  key?: string;
  /** Text typed so far for the word at the cursor (key or value, without quotes). */
  prefix: string;
  /** Offsets of the word to replace. */
  replaceStart: number;
  replaceEnd: number;
  /** Inside a flow list `[a, b|]` on the key's line. */
  inFlowList: boolean;
  /** The current line starts a list item (`- `) at the cursor's level. */
  inListItem: boolean;
  /** Scalar values of the other keys in the same mapping, and the keys present. */
  siblings: Map<string, string>;
  /** Column where keys of the current mapping start. */
  indent: number;
  /** The cursor is inside a comment: nothing to complete. */
  inComment: boolean;
}

interface LineShape {
  /** Columns of the `- ` markers. */
  dashes: number[];
  /** Column of the key or scalar text after the markers, or -1 when the line is only markers. */
  col: number;
  key?: string;
  value?: string;
  blank: boolean;
}

const KEY_RE = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"][^#]*?)\s*:(?:\s+|$)(.*)$/;

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))) return t.slice(1, -1);
  return t;
}

function stripComment(v: string): string {
  const i = v.search(/\s#/);
  return (i === -1 ? v : v.slice(0, i)).trim();
}

export function shapeOfLine(line: string): LineShape {
  let i = 0;
  while (i < line.length && line[i] === " ") i++;
  if (i >= line.length || line[i] === "#") return { dashes: [], col: i, blank: true };
  const dashes: number[] = [];
  while (line[i] === "-" && (i + 1 === line.length || line[i + 1] === " ")) {
    dashes.push(i);
    i++;
    while (i < line.length && line[i] === " ") i++;
  }
  if (i >= line.length) return { dashes, col: -1, blank: false };
  const rest = line.slice(i);
  const m = KEY_RE.exec(rest);
  if (m && !rest.startsWith("{") && !rest.startsWith("[")) {
    return { dashes, col: i, key: unquote(m[1]!), value: stripComment(m[2] ?? ""), blank: false };
  }
  return { dashes, col: i, value: stripComment(rest), blank: false };
}

/** Column of a line's first non-space character, or -1 for a blank or comment line. */
function indentOf(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && text.charCodeAt(i) === 32) i++;
  if (i >= end) return -1;
  const c = text.charCodeAt(i);
  // A comment, or a line of spaces ended by a CR (CRLF text); a CR followed by more is content, as shapeOfLine reads it.
  if (c === 35 /* # */ || (c === 13 /* \r */ && i === end - 1)) return -1;
  return i - start;
}

/** Computes the cursor context at `offset` in `text`. */
export function cursorContext(text: string, offset: number): CursorContext {
  const lineStart = offset <= 0 ? 0 : text.lastIndexOf("\n", offset - 1) + 1;
  let lineEnd = text.indexOf("\n", offset);
  if (lineEnd === -1) lineEnd = text.length;
  const fullLine = text.slice(lineStart, lineEnd).replace(/\r$/, "");
  const before = text.slice(lineStart, offset);
  const cur = shapeOfLine(fullLine);
  const inComment = /(^|\s)#/.test(before.replace(/"[^"]*("|$)|'[^']*('|$)/g, '""'));

  // The column where keys of the current mapping start, and the structural column (first dash, else the key).
  const inListItem = cur.dashes.length > 0 && cur.dashes[0]! < before.length;
  let keyCol: number;
  if (cur.blank) keyCol = before.length;
  else if (cur.col === -1) keyCol = cur.dashes[cur.dashes.length - 1]! + 2;
  else keyCol = cur.col;
  const path: PathSegment[] = [];
  for (let d = 0; d < cur.dashes.length; d++) path.push("[]");
  let structural = cur.dashes.length ? cur.dashes[0]! : keyCol;

  // Key or value position, the typed prefix and the word to replace.
  let position: "key" | "value" = "key";
  let key: string | undefined;
  let prefix = "";
  let inFlowList = false;
  const keyText = cur.col >= 0 && before.length > cur.col ? before.slice(cur.col) : "";
  const colon = keyText ? KEY_RE.exec(keyText) : null;
  if (colon && /:(\s|$)/.test(keyText)) {
    position = "value";
    key = unquote(colon[1]!);
    const valueText = colon[2] ?? "";
    const flow = valueText.lastIndexOf("[");
    if (flow !== -1 && valueText.indexOf("]", flow) === -1) {
      inFlowList = true;
      const afterBracket = valueText.slice(flow + 1);
      prefix = afterBracket.slice(afterBracket.lastIndexOf(",") + 1).trimStart();
    } else {
      prefix = valueText;
    }
  } else {
    prefix = keyText;
    key = cur.key;
  }
  prefix = prefix.replace(/^["']/, "");
  const replaceStart = offset - prefix.length;
  const after = text.slice(offset, lineEnd).replace(/\r$/, "");
  let replaceEnd = offset + (/^[^\s:,\]\}#'"]*/.exec(after)?.[0].length ?? 0);
  if (position === "value" && !inFlowList) replaceEnd = offset + after.replace(/\s+#.*$/, "").replace(/\s+$/, "").replace(/["']$/, "").length;

  // Walk upwards for the path: each line less indented than the current structure is a parent. Lines are read in
  // place (no split of the whole text), and deeper lines are skipped on their indentation alone: at 50k lines
  // this walk can cross most of the file.
  const firstStructural = structural;
  for (let end = lineStart - 1; end >= 0 && structural > 0; ) {
    const start = end === 0 ? 0 : text.lastIndexOf("\n", end - 1) + 1;
    const lineEndAt = end;
    end = start - 1;
    const ind = indentOf(text, start, lineEndAt);
    if (ind < 0 || ind >= structural) continue;
    const l = shapeOfLine(text.slice(start, lineEndAt).replace(/\r$/, ""));
    if (l.dashes.length && (l.col === structural || l.col === -1)) {
      // A list item whose content starts at our column: we are inside that item's mapping.
      for (let d = 0; d < l.dashes.length; d++) path.unshift("[]");
      structural = ind;
      continue;
    }
    if (l.key !== undefined && l.col < structural) {
      path.unshift(l.key);
      for (let d = 0; d < l.dashes.length; d++) path.unshift("[]");
      structural = ind;
      continue;
    }
    break;
  }
  // The other keys of the same mapping: only completion needs them, and in a long flat mapping (a Procfile) they
  // are every line of the file, so they are read when first asked for.
  let siblings: Map<string, string> | undefined;
  const readSiblings = (): Map<string, string> => {
    siblings = mappingSiblings(text, lineStart, lineEnd, firstStructural, keyCol, !inListItem);
    // On a dash line, keys written earlier on the same line belong to the item too.
    if (cur.key !== undefined && cur.key !== key) siblings.set(cur.key, cur.value ?? "");
    if (key !== undefined) siblings.delete(key);
    return siblings;
  };
  const out = { path, position, key, prefix, replaceStart, replaceEnd, inFlowList, inListItem, inComment, indent: keyCol } as CursorContext;
  Object.defineProperty(out, "siblings", { enumerable: true, get: () => siblings ?? readSiblings() });
  return out;
}

/** Same-level keys before the cursor's line (up to the mapping's parent) and after it (to the mapping's end). */
function mappingSiblings(text: string, lineStart: number, lineEnd: number, structural: number, keyCol: number, sameMapping: boolean): Map<string, string> {
  const siblings = new Map<string, string>();
  for (let end = lineStart - 1; end >= 0 && sameMapping; ) {
    const start = end === 0 ? 0 : text.lastIndexOf("\n", end - 1) + 1;
    const lineEndAt = end;
    end = start - 1;
    const ind = indentOf(text, start, lineEndAt);
    if (ind < 0) continue;
    if (ind > structural && ind !== keyCol) continue;
    const l = shapeOfLine(text.slice(start, lineEndAt).replace(/\r$/, ""));
    if (ind >= structural) {
      if (l.dashes.length === 0 && l.col === keyCol && l.key !== undefined) siblings.set(l.key, l.value ?? "");
      if (l.dashes.length && ind === structural && structural === keyCol) sameMapping = false;
      continue;
    }
    // The mapping's parent: a list item holding it may carry one of its keys on the dash line.
    if (l.dashes.length && (l.col === structural || l.col === -1) && l.key !== undefined) siblings.set(l.key, l.value ?? "");
    break;
  }
  for (let start = lineEnd + 1; start <= text.length; ) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const lineStartAt = start;
    start = end + 1;
    const ind = indentOf(text, lineStartAt, end);
    if (ind < 0) continue;
    if (ind < keyCol) break;
    if (ind !== keyCol) continue;
    const l = shapeOfLine(text.slice(lineStartAt, end).replace(/\r$/, ""));
    if (l.col === keyCol && l.dashes.length === 0 && l.key !== undefined) siblings.set(l.key, l.value ?? "");
  }
  return siblings;
}
