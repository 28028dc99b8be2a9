// Hover: documentation of the key under the cursor, what a reference points at, and the format's extras.
import type { Hover } from "vscode-languageserver-types";
import { cursorContext } from "../core/cursor";
import { describeType, shapeAt } from "../core/shape";
import type { WorkspaceIndex } from "../index/workspace-index";
import { symbolAt } from "./at";
import * as path from "node:path";

export function hover(index: WorkspaceIndex, file: string, offset: number): Hover | null {
  const f = index.file(file);
  if (!f) return null;
  const fmt = index.format(f.format);
  if (!fmt) return null;
  const cursor = cursorContext(f.text, offset);
  if (cursor.inComment) return null;
  const parts: string[] = [];
  let span: { start: number; end: number } | undefined;

  const extra = fmt.hover?.({ file: f, offset, cursor, ws: index });
  const t = symbolAt(index, file, offset);
  if (t) {
    const defs = t.type === "def" ? [t.def] : t.defs;
    span = t.type === "def" ? t.def.nameSpan : t.ref.span;
    if (t.type === "ref" && !defs.length) parts.push(`${t.ref.kind} \`${t.ref.name}\` is not defined.`);
    for (const d of defs.slice(0, 3)) {
      const where = `${path.basename(d.path)}:${(index.file(d.path)?.lines.position(d.nameSpan.start).line ?? 0) + 1}`;
      parts.push(d.doc ?? `**${d.kind}** \`${d.name}\`${d.detail ? ` — ${d.detail}` : ""}\n\nDefined in \`${where}\``);
    }
  }
  if (!extra && !t) {
    const root = fmt.shape(f.kind);
    const key = cursor.key;
    if (root && key !== undefined) {
      const shape = shapeAt(root, [...cursor.path, key]);
      if (shape) {
        const lines = [`**${key}** — ${describeType(shape)}`];
        if (shape.doc) lines.push(shape.doc);
        if (shape.deprecated) lines.push(`**Deprecated:** ${shape.deprecated}`);
        parts.push(lines.join("\n\n"));
        // Hover the key itself.
        const lineStart = f.text.lastIndexOf("\n", offset - 1) + 1;
        const idx = f.text.indexOf(key, lineStart);
        if (idx !== -1) span = { start: idx, end: idx + key.length };
      }
    }
  }
  if (extra) parts.push(extra);
  if (!parts.length) return null;
  return { contents: { kind: "markdown", value: parts.join("\n\n---\n\n") }, range: span ? f.lines.range(span) : undefined };
}
