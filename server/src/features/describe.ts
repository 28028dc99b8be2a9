// The editor's "Describe Component in Stack…": the choices of its quick picks and the description itself, with a
// link from each value to where it was written. Pure functions of the index; server.ts wires them to requests.
import type { DescribeChoices, DescribeChoicesParams, DescribeComponentParams, DescribeComponentResult, DescribeLink } from "../../../common/lsp-ext";
import { toPath, toUri } from "./convert";
import type { WorkspaceView } from "../formats/types";
import { componentsOfStack, describe, render, shownPath, stackList, stacksOfComponent, stacksOfFile } from "../formats/atmos/describe-output";
import type { StackModel } from "../formats/atmos/model";
import { engineFor } from "../formats/atmos/stacks";

export function describeChoices(ws: WorkspaceView, params: DescribeChoicesParams): DescribeChoices {
  const engine = engineFor(ws);
  const out: DescribeChoices = { stacks: stackList(engine) };
  if (params.stack) out.components = componentsOfStack(engine, params.stack);
  if (params.uri?.startsWith("file:") && params.position) {
    const file = toPath(params.uri);
    const f = ws.file(file);
    const model = f?.format === "atmos" ? (f.facts.model as StackModel | undefined) : undefined;
    if (f && model?.kind === "stack") {
      const offset = f.lines.offset(params.position);
      // The innermost component whose block holds the cursor (its name or anything below it).
      const c = model.components.filter((x) => offset >= x.fullSpan.start && offset <= x.fullSpan.end).sort((a, b) => a.fullSpan.end - a.fullSpan.start - (b.fullSpan.end - b.fullSpan.start))[0];
      if (c) {
        const fromFile = stacksOfFile(engine, file);
        out.atCursor = { component: c.name, type: c.type, stacks: fromFile.length ? fromFile : stacksOfComponent(engine, c.name) };
      }
    }
  }
  return out;
}

export function describeComponentText(ws: WorkspaceView, params: DescribeComponentParams): DescribeComponentResult {
  if (typeof params?.component !== "string" || typeof params.stack !== "string") return { error: "Describe needs a component and a stack.", links: [] };
  const r = describe(engineFor(ws), params.stack, params.component);
  if (!r.ok) return { error: r.message, links: [] };
  const out = render(r.description, { format: "yaml" });
  const lines = out.text.split("\n");
  const links: DescribeLink[] = out.sources.map(({ line, source }) => {
    const text = lines[line] ?? "";
    // The value after `key: ` or `- `; a key that opens a block links as a whole.
    const m = /^(\s*(?:- )*)(?:('(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^:]+(?::[^ ][^:]*)*):(?: |$))?/.exec(text);
    let start = m ? m[0].length : 0;
    let end = text.replace(/\s+# resolved by Atmos at run time$/, "").length;
    if (start >= end) {
      start = m?.[1]?.length ?? 0;
      end = text.length;
    }
    return {
      line,
      start,
      end,
      uri: toUri(source.file),
      position: { line: source.line, character: source.character },
      label: `${shownPath(r.description.config, source.file)}:${source.line + 1}`,
      ...(source.runtime ? { runtime: true } : {}),
    };
  });
  return { text: out.text, links };
}
