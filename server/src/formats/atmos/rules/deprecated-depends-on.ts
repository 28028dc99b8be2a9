// `settings.depends_on` still works but is deprecated in favour of `dependencies.components` (Atmos v1.210.0,
// `validate stacks` warns from v1.224.1). The quick fix rewrites the entries in place with a minimal edit:
// the `depends_on` block is removed (and `settings` with it when nothing else is left), and an equivalent
// `dependencies:` block is added to the component, or appended to its existing `dependencies.components`.
// Context fields (tenant, environment, stage, namespace) become a `stack:` built from `stacks.name_pattern`,
// with the fields that are not given left as `{{ .vars.x }}` templates (the `stack` field accepts Go templates).
// Without a name pattern the stack cannot be written, and the context is kept as comments to finish by hand.
import type { Fix, Problem, TextChange } from "../../../core/problem";
import type { LineIndex } from "../../../core/text";
import type { Entry, Node } from "../../../core/yaml";
import { entries, entry, get, isMap, isSeq, items, spanOf, str } from "../../yaml-read";
import type { AtmosConfig } from "../config";

export const DEPRECATED_DEPENDS_ON = "atmos/deprecated-depends-on";

interface Converted {
  components: string[][];
  files: string[];
  folders: string[];
  exact: boolean;
}

/**
 * The problems of one component entry. They read the component's text, the configuration, and of the rest of the
 * file only whether a tab comes before the component's end (`firstTab`: the first tab of the file, or -1) and
 * whether a line break follows the component (an insertion at the end of the file starts with one).
 */
export function componentDependsOnProblems(file: string, text: string, lines: LineIndex, comp: Entry, config: AtmosConfig, firstTab: number): Problem[] {
  const out: Problem[] = [];
  if (!isMap(comp.value)) return out;
  const settings = entry(comp.value, "settings");
  const inSettings = settings && isMap(settings.value) ? entry(settings.value, "depends_on") : undefined;
  for (const [dep, parent] of [
    [inSettings, settings],
    [entry(comp.value, "depends_on"), undefined],
  ] as Array<[Entry | undefined, Entry | undefined]>) {
    if (!dep) continue;
    const fix = isMap(dep.value) ? rewrite(file, text, lines, comp, dep, parent, config, firstTab) : undefined;
    out.push({
      path: file,
      span: spanOf(dep.keyNode)!,
      severity: "warning",
      code: DEPRECATED_DEPENDS_ON,
      message: `'${parent ? "settings." : ""}depends_on' is deprecated: declare the dependencies under 'dependencies.components' instead.`,
      tags: ["deprecated"],
      fixes: fix ? [fix] : undefined,
    });
  }
  return out;
}

/** Stack-wide forms: reported, but there is no component to move them to. */
export function stackDependsOnProblems(file: string, root: Node | null): Problem[] {
  const out: Problem[] = [];
  for (const node of [root, get(root, "terraform"), get(root, "helmfile"), get(root, "packer")]) {
    const dep = entry(get(node, "settings"), "depends_on") ?? (node !== root ? entry(node, "depends_on") : undefined);
    if (!dep) continue;
    out.push({ path: file, span: spanOf(dep.keyNode)!, severity: "warning", code: DEPRECATED_DEPENDS_ON, message: "'depends_on' is deprecated: declare the dependencies under 'dependencies.components' of each component instead.", tags: ["deprecated"] });
  }
  return out;
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf("\n", offset - 1) + 1);
}

/** The offsets of the whole lines a pair occupies: from its key's line start to the start of the line after it. */
function pairLines(text: string, lines: LineIndex, e: Entry): { start: number; end: number } {
  const keyStart = spanOf(e.keyNode)!.start;
  const valueEnd = spanOf(e.pair)!.end;
  const start = lines.lineStart(lines.position(keyStart).line);
  const lastLine = lines.position(Math.max(keyStart, valueEnd - 1)).line;
  const end = lastLine + 1 < lines.lineCount ? lines.lineStart(lastLine + 1) : text.length;
  return { start, end };
}

function scalar(v: string): string {
  return /^[A-Za-z0-9_./][A-Za-z0-9_./ -]*$/.test(v) && !/\s$/.test(v) && !/^(true|false|null|yes|no|on|off|~)$/i.test(v) && !/^[0-9.]+$/.test(v) ? v : JSON.stringify(v);
}

/** A stack for context fields, from the name pattern; undefined when it cannot be written. */
export function stackForContext(config: AtmosConfig, context: Record<string, string>): string | undefined {
  if (config.namePattern) {
    return config.namePattern.replace(/\{([A-Za-z0-9_]+)\}/g, (_, k: string) => context[k] ?? `{{ .vars.${k} }}`);
  }
  if (config.nameTemplate && /^(?:[^{}]|\{\{-?\s*\.vars\.[A-Za-z0-9_]+\s*-?\}\})*$/.test(config.nameTemplate)) {
    return config.nameTemplate.replace(/\{\{-?\s*\.vars\.([A-Za-z0-9_]+)\s*-?\}\}/g, (m, k: string) => context[k] ?? m);
  }
  return undefined;
}

function convert(dep: Node, config: AtmosConfig): Converted | undefined {
  const out: Converted = { components: [], files: [], folders: [], exact: true };
  for (const e of entries(dep)) {
    if (!isMap(e.value)) return undefined;
    const get1 = (k: string): string | undefined => str(get(e.value, k));
    const component = get1("component");
    const file = get1("file");
    const folder = get1("folder");
    if (file !== undefined) out.files.push(file);
    else if (folder !== undefined) out.folders.push(folder);
    else if (component !== undefined) {
      const lines = [`name: ${scalar(component)}`];
      const context: Record<string, string> = {};
      for (const k of ["namespace", "tenant", "environment", "stage"]) {
        const v = get1(k);
        if (v !== undefined) context[k] = v;
      }
      const explicit = get1("stack");
      if (explicit !== undefined) lines.push(`stack: ${scalar(explicit)}`);
      else if (Object.keys(context).length) {
        const stack = stackForContext(config, context);
        if (stack !== undefined) lines.push(`stack: ${scalar(stack)}`);
        else {
          out.exact = false;
          for (const [k, v] of Object.entries(context)) lines.push(`# ${k}: ${v} (from depends_on; set 'stack' to the stack it names)`);
        }
      }
      out.components.push(lines);
    } else return undefined;
  }
  return out;
}

function renderList(key: string, itemsText: string[][], indent: string, unit: string): string {
  let s = `${indent}${key}:\n`;
  for (const it of itemsText) s += it.map((l, i) => `${indent}${unit}${i === 0 ? "- " : "  "}${l}\n`).join("");
  return s;
}

function rewrite(file: string, text: string, lines: LineIndex, comp: Entry, dep: Entry, parent: Entry | undefined, config: AtmosConfig, firstTab: number): Fix | undefined {
  const conv = convert(dep.value!, config);
  if (!conv) return undefined;
  const compNode = comp.value!;
  const firstKey = entries(compNode)[0];
  if (!firstKey) return undefined;
  const keyCol = column(text, spanOf(firstKey.keyNode)!.start);
  const unitN = keyCol - column(text, spanOf(comp.keyNode)!.start);
  const indent = " ".repeat(keyCol);
  const unit = " ".repeat(unitN > 0 ? unitN : 2);
  // A tab anywhere before the component's end makes the columns unreliable (was: any line of the text up to there).
  if (firstTab !== -1 && firstTab < spanOf(compNode)!.end) return undefined;

  const changes: TextChange[] = [];
  // What to remove: the depends_on pair, or the whole parent (settings) when depends_on is all it holds.
  const parentEmpty = parent && entries(parent.value).length === 1;
  const removed = parentEmpty ? pairLines(text, lines, parent!) : pairLines(text, lines, dep);

  const existing = entry(compNode, "dependencies");
  const insert = (at: number, newText: string): TextChange => ({
    path: file,
    span: { start: at, end: at },
    newText: at === text.length && text.length > 0 && !text.endsWith("\n") ? "\n" + newText : newText,
  });
  if (existing) {
    if (!isMap(existing.value) || spanOf(existing.value)!.start === spanOf(existing.value)!.end) return undefined;
    const dEntries = entries(existing.value);
    const innerCol = column(text, spanOf(dEntries[0]!.keyNode)!.start);
    const inner = " ".repeat(innerCol);
    const list = entry(existing.value, "components");
    const others: string[] = [];
    if (list && conv.components.length) {
      if (!isSeq(list.value) || (list.value as { flow?: boolean }).flow || !items(list.value).length) return undefined;
      const dashCol = column(text, spanOf(items(list.value)[0]!)!.start) - 2;
      const dash = " ".repeat(Math.max(0, dashCol));
      const add = conv.components.map((it) => it.map((l, i) => `${dash}${i === 0 ? "- " : "  "}${l}\n`).join("")).join("");
      const at = pairLines(text, lines, list).end;
      changes.push(insert(at, add));
    } else if (conv.components.length) {
      others.push(renderList("components", conv.components, inner, unit));
    }
    for (const [k, v] of [["files", conv.files], ["folders", conv.folders]] as const) {
      if (!v.length) continue;
      if (entry(existing.value, k)) return undefined;
      others.push(renderList(k, v.map((x) => [scalar(x)]), inner, unit));
    }
    if (others.length) {
      const at = pairLines(text, lines, existing).end;
      changes.push(insert(at, others.join("")));
    }
    changes.push({ path: file, span: removed, newText: "" });
    return finish(changes, conv);
  }
  let block = `${indent}dependencies:\n`;
  if (conv.components.length) block += renderList("components", conv.components, indent + unit, unit);
  if (conv.files.length) block += renderList("files", conv.files.map((x) => [scalar(x)]), indent + unit, unit);
  if (conv.folders.length) block += renderList("folders", conv.folders.map((x) => [scalar(x)]), indent + unit, unit);
  if (parentEmpty || !parent) {
    // Put the new block where the old one was.
    changes.push({ path: file, span: removed, newText: block });
  } else {
    changes.push({ path: file, span: removed, newText: "" });
    changes.push(insert(pairLines(text, lines, parent).end, block));
  }
  return finish(changes, conv);
}

function finish(changes: TextChange[], conv: Converted): Fix {
  // Edits that touch (an insertion where a removal starts or ends) become one, so no client has to order them.
  changes.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const merged: TextChange[] = [];
  for (const c of changes) {
    const prev = merged[merged.length - 1];
    if (prev && prev.span.end >= c.span.start) {
      merged[merged.length - 1] = { path: c.path, span: { start: prev.span.start, end: Math.max(prev.span.end, c.span.end) }, newText: prev.newText + c.newText };
    } else merged.push(c);
  }
  return {
    title: conv.exact ? "Rewrite as 'dependencies.components'" : "Rewrite as 'dependencies.components' (the stack context is left as comments)",
    preferred: conv.exact,
    changes: merged,
  };
}
