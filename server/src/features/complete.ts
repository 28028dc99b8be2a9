// Completion: keys from the shape at every depth (with snippets), enum values, names of referenced symbols,
// and whatever the format adds. Works on half-typed lines because the context comes from the lines alone.
import { CompletionItemKind, InsertTextFormat, InsertTextMode, type CompletionItem, type CompletionList } from "vscode-languageserver-types";
import { cursorContext } from "../core/cursor";
import { objectOptions, shapeAt, type ArrayShape, type Shape } from "../core/shape";
import type { CompletionCandidate, CursorRequest, FormatModule } from "../formats/types";
import type { WorkspaceIndex } from "../index/workspace-index";

export function complete(index: WorkspaceIndex, path: string, offset: number): CompletionList | null {
  const f = index.file(path);
  if (!f) return null;
  const fmt = index.format(f.format);
  if (!fmt) return null;
  const cursor = cursorContext(f.text, offset);
  if (cursor.inComment) return { isIncomplete: false, items: [] };
  const req: CursorRequest = { file: f, offset, cursor, ws: index };
  const root = fmt.shape(f.kind);
  const range = { start: f.lines.position(cursor.replaceStart), end: f.lines.position(cursor.replaceEnd) };
  const items: CompletionItem[] = [];
  // A set, not a search of the list: a value can have thousands of candidates (env0 aliases at 50k lines).
  const labels = new Set<string>();
  const add = (c: CompletionCandidate): void => {
    if (labels.has(c.label)) return;
    labels.add(c.label);
    items.push({
      label: c.label,
      kind: (c.itemKind ?? CompletionItemKind.Value) as CompletionItem["kind"],
      detail: c.detail,
      documentation: c.doc ? { kind: "markdown", value: c.doc } : undefined,
      sortText: c.sortText,
      filterText: c.label,
      insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      insertTextMode: InsertTextMode.adjustIndentation,
      textEdit: { range, newText: c.insertText ?? c.label },
    });
  };

  if (root) {
    if (cursor.position === "key") {
      const here = shapeAt(root, cursor.path);
      const objects = objectOptions(here);
      if (objects.length) {
        const restOfLine = f.text.slice(offset, f.text.indexOf("\n", offset) === -1 ? f.text.length : f.text.indexOf("\n", offset));
        const keyOnly = /^[^:]*:/.test(restOfLine);
        for (const o of objects) {
          for (const [k, field] of Object.entries(o.fields)) {
            if (cursor.siblings.has(k) || field.noCompletion) continue;
            add({
              label: k,
              insertText: keyOnly ? k : k + keySnippet(field),
              snippet: !keyOnly,
              itemKind: CompletionItemKind.Property,
              detail: field.deprecated ? "deprecated" : field.title,
              doc: [field.doc, field.deprecated ? `**Deprecated:** ${field.deprecated}` : ""].filter(Boolean).join("\n\n"),
              sortText: (field.deprecated ? "z" : (o.required ?? []).includes(k) ? "a" : "b") + k,
            });
          }
        }
      }
      // A new list item: offer the item's snippet.
      if (cursor.inListItem && cursor.path[cursor.path.length - 1] === "[]") {
        const list = shapeAt(root, cursor.path.slice(0, -1));
        if (list?.type === "array" && list.itemSnippet && !cursor.prefix) {
          add({ label: `new ${itemNoun(list)}`, insertText: list.itemSnippet, snippet: true, itemKind: CompletionItemKind.Snippet, sortText: "0", detail: "snippet" });
        }
        // A list of scalars: the item is a value.
        if (here && here.type !== "object" && here.type !== "union" && here.type !== "map") valueCandidates(here, fmt, req).forEach(add);
        if (here?.type === "union") for (const o of here.options) if (o.type !== "object") valueCandidates(o, fmt, req).forEach(add);
      }
    } else if (cursor.key !== undefined) {
      let valueShape = shapeAt(root, [...cursor.path, cursor.key]);
      if (cursor.inFlowList && valueShape?.type === "array") valueShape = valueShape.items;
      if (valueShape) valueCandidates(valueShape, fmt, req).forEach(add);
    }
  }
  for (const c of fmt.complete?.(req) ?? []) add(c);
  return { isIncomplete: false, items };
}

function itemNoun(list: ArrayShape): string {
  return list.items.title ?? "item";
}

function valueCandidates(shape: Shape, fmt: FormatModule, req: CursorRequest): CompletionCandidate[] {
  const out: CompletionCandidate[] = [];
  if (shape.type === "union") {
    for (const o of shape.options) out.push(...valueCandidates(o, fmt, req));
    return out;
  }
  if (shape.type === "array") return valueCandidates(shape.items, fmt, req);
  if (shape.type === "boolean") out.push({ label: "true", itemKind: CompletionItemKind.Value }, { label: "false", itemKind: CompletionItemKind.Value });
  if ((shape.type === "string" || shape.type === "integer") && shape.enum) {
    for (const e of shape.enum) out.push({ label: e, itemKind: CompletionItemKind.EnumMember, doc: shape.doc });
  }
  if ((shape.type === "string" || shape.type === "integer" || shape.type === "number") && shape.ref) {
    const scope = fmt.refScope?.(shape.ref, req);
    const defs = req.ws.defs(fmt.id, shape.ref, scope);
    const seen = new Set<string>();
    for (const d of defs) {
      if (seen.has(d.name)) continue;
      seen.add(d.name);
      out.push({ label: d.name, itemKind: CompletionItemKind.Reference, detail: d.detail ?? d.kind, doc: d.doc });
    }
  }
  return out;
}

/** What follows a completed key: a value placeholder, or an indented block for mappings and lists. */
function keySnippet(field: Shape): string {
  if (field.snippet !== undefined) return field.snippet;
  switch (field.type) {
    case "object":
    case "map":
      return ":\n  $0";
    case "array":
      return field.itemSnippet ? `:\n  - ${field.itemSnippet.replace(/\n/g, "\n    ")}` : ":\n  - $0";
    case "boolean":
      return ": ${1|true,false|}";
    case "string":
      return field.enum ? `: \${1|${field.enum.join(",")}|}` : ": $0";
    default:
      return ": $0";
  }
}
