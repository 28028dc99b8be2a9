// Type guards for messages from the graph webview: the host uses nothing from the webview before it passed one.
// Pure (no vscode import), so it is tested in node.
import { isGraphEdit, NEW_NODE_KINDS } from "../../../common/graph-edit";
import type { GraphViewState, WebviewToHost } from "../../../common/protocol";

/** Exports larger than this are refused (a runaway canvas, not a graph). */
export const MAX_EXPORT_CHARS = 64 * 1024 * 1024;
const MAX_ID = 4096;

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

export function isViewState(v: unknown): v is GraphViewState {
  return (
    isObj(v) &&
    isNum(v.zoom) &&
    v.zoom > 0 &&
    isNum(v.panX) &&
    isNum(v.panY) &&
    (v.direction === "DOWN" || v.direction === "RIGHT") &&
    Array.isArray(v.collapsed) &&
    v.collapsed.length <= 100_000 &&
    v.collapsed.every((c) => typeof c === "string") &&
    typeof v.filter === "string" &&
    v.filter.length <= MAX_ID
  );
}

/** Whether `m` is a well-formed message from the webview. */
export function isWebviewToHost(m: unknown): m is WebviewToHost {
  if (!isObj(m) || typeof m.type !== "string") return false;
  const t = m.type as WebviewToHost["type"];
  switch (t) {
    case "ready":
      return true;
    case "reveal":
      return typeof m.nodeId === "string" && m.nodeId.length > 0 && m.nodeId.length <= MAX_ID;
    case "viewState":
      return isViewState(m.view);
    case "export":
      if (typeof m.data !== "string" || m.data.length > MAX_EXPORT_CHARS) return false;
      if (m.format === "svg") return /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(m.data.slice(0, 512));
      if (m.format === "png") return /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/.test(m.data);
      return false;
    case "error":
      return typeof m.message === "string";
    case "edit":
      return isGraphEdit(m.edit);
    case "addStep":
      return typeof m.workflow === "string" && m.workflow.length <= MAX_ID && (m.index === undefined || (Number.isInteger(m.index) && (m.index as number) >= 0));
    case "rename":
    case "remove":
      return typeof m.nodeId === "string" && m.nodeId.length > 0 && m.nodeId.length <= MAX_ID;
    case "undo":
    case "redo":
    case "affectedSince":
    case "pickStack":
      return true;
    case "openFile":
      return typeof m.uri === "string" && m.uri.length > 0 && m.uri.length <= MAX_ID;
    case "addNode":
      return (NEW_NODE_KINDS as readonly unknown[]).includes(m.kind) && (m.parent === undefined || (typeof m.parent === "string" && m.parent.length <= MAX_ID));
    default:
      // A type we do not know: ignored. (The compiler checks that every known type is handled above.)
      return ((_: never) => false)(t);
  }
}

/** The saved state the panel serializer gets back, if it looks like ours. */
export function persistedUri(state: unknown): string | undefined {
  return isObj(state) && typeof state.uri === "string" && /^[a-z][a-z0-9+.-]*:/i.test(state.uri) ? state.uri : undefined;
}
export function persistedView(state: unknown): GraphViewState | undefined {
  return isObj(state) && isViewState(state.view) ? state.view : undefined;
}
