// The EditContext that formats' graph edits work with (formats/types.ts), over a WorkspaceIndex: the document the
// graph was drawn for and its graph, built on demand.
import type { GraphEdge, GraphNode, WorkflowGraph } from "../../../common/graph";
import type { Span } from "../core/text";
import { buildGraph } from "../features/graph";
import { toPath } from "../features/convert";
import type { EditContext, IndexedFile } from "../formats/types";
import { EditRefused, styleOf, type Style } from "../formats/yaml-text";
import { basename } from "../formats/edit-support";
import type { WorkspaceIndex } from "../index/workspace-index";

export class IndexEditContext implements EditContext {
  private built: WorkflowGraph | null | undefined;
  constructor(
    readonly ws: WorkspaceIndex,
    /** The document the graph was drawn for. */
    readonly path: string,
  ) {}

  get graph(): WorkflowGraph | null {
    if (this.built === undefined) this.built = buildGraph(this.ws, [this.path]);
    return this.built;
  }

  node(id: string): GraphNode | undefined {
    return this.graph?.nodes.find((n) => n.id === id);
  }

  edge(id: string): GraphEdge | undefined {
    return this.graph?.edges.find((e) => e.id === id);
  }

  /** Where a node or edge is written, as a path and offsets. */
  where(x: { uri?: string; range?: GraphNode["range"] } | undefined): { path: string; span: Span } | undefined {
    if (!x?.uri || !x.range) return undefined;
    const p = toPath(x.uri);
    const f = this.ws.file(p);
    if (!f) return undefined;
    return { path: p, span: { start: f.lines.offset(x.range.start), end: f.lines.offset(x.range.end) } };
  }

  /** A file to edit; refused when its text does not parse, since an edit would have to guess. */
  file(p: string): IndexedFile {
    const f = this.ws.file(p);
    if (!f) throw new EditRefused(`${p} is not open or indexed.`);
    const broken = f.parsed.problems.find((x) => x.severity === "error");
    if (broken) {
      const line = f.lines.position(broken.span.start).line + 1;
      throw new EditRefused(`${basename(p)} does not parse (line ${line}: ${broken.message}); fix the text before editing the graph.`);
    }
    if (/\.json$/i.test(p)) throw new EditRefused(`${basename(p)} is JSON; the graph edits YAML files only.`);
    return f;
  }

  style(f: IndexedFile): Style {
    return styleOf(f.text, f.parsed.root);
  }
}

