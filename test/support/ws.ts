// Test helpers: an index over an in-memory tree, and the `|` cursor marker in inline YAML.
import { FORMATS } from "../../server/src/formats/registry";
import type { FormatModule } from "../../server/src/formats/types";
import { memoryHost, type FileSystemHost } from "../../server/src/index/host";
import { WorkspaceIndex } from "../../server/src/index/workspace-index";

/**
 * A new index for a test: the only place tests build one (a lint rule says so). It rethrows what the index would
 * contain, so that a format bug fails the test, whoever runs it and however; the server and the CLI log it.
 */
export function newIndex(host: FileSystemHost, formats: readonly FormatModule[] = FORMATS): WorkspaceIndex {
  // eslint-disable-next-line no-restricted-syntax -- the one place tests build an index.
  const index = new WorkspaceIndex(host, formats);
  index.onContainedError = (err) => {
    throw err;
  };
  return index;
}

/** An index over files keyed by absolute POSIX paths, rooted at `root` (default `/ws`). */
export function workspace(files: Record<string, string>, root = "/ws"): WorkspaceIndex {
  const index = newIndex(memoryHost(files));
  index.setRoots([root]);
  return index;
}

/** Splits `text` at the `|` marker: the text without it and the offset where it stood. */
export function cursor(text: string): [string, number] {
  const at = text.indexOf("|");
  if (at === -1) throw new Error("no | cursor marker in the text");
  return [text.slice(0, at) + text.slice(at + 1), at];
}

/** Opens `text` (with a `|` marker) as an editor document and returns its path and the cursor offset. */
export function openAt(index: WorkspaceIndex, path: string, textWithCursor: string): number {
  const [text, offset] = cursor(textWithCursor);
  index.openOrChange(path, text, 1);
  return offset;
}

/** Applies text changes (offsets into `text`, non-overlapping) from the end backwards, as an editor would. */
export function applyChanges(text: string, changes: ReadonlyArray<{ span: { start: number; end: number }; newText: string }>): string {
  let out = text;
  for (const c of [...changes].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, c.span.start) + c.newText + out.slice(c.span.end);
  return out;
}
