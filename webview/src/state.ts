// The webview's state: a pure reducer over the host's messages and the user's actions. No DOM, so it runs in node.
import type { WorkflowGraph } from "../../common/graph";
import { assertNever, type AffectedMarks, type Direction, type EditNotice, type GraphViewState, type HostToWebview, type RunState } from "../../common/protocol";
import type { MenuTarget } from "./edit-menu";
import { groupsById, type Box } from "./layout";

/** Graphs with more nodes than this open with every group collapsed. */
export const LARGE_GRAPH = 500;
export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 4;
/** The font size of a node label in graph units (styles.css `.node-label`). */
export const LABEL_PX = 13;
/** The smallest label height on screen that stays readable. */
export const READABLE_PX = 9;
/** A fit never zooms out further than this: labels stay at least READABLE_PX high. Zooming by hand goes lower. */
export const FIT_MIN_ZOOM = READABLE_PX / LABEL_PX;
/** Up to this many matches, the filter opens the groups of all of them; above, only the current match's. */
export const OPEN_ALL_MATCHES = 20;

export interface State {
  graph: WorkflowGraph | null;
  editable: boolean;
  /** False until the host's `init` arrived. */
  initialized: boolean;
  selected: string | null;
  filter: string;
  collapsed: string[];
  direction: Direction;
  zoom: number;
  panX: number;
  panY: number;
  status: Record<string, RunState>;
  /** Set once the view was placed (restored, fitted or moved by the user); until then the view fits the graph. */
  placed: boolean;
  /** Set while the view is the last automatic fit: the view fits again when the panel resizes or the layout changes. */
  fitted: boolean;
  /** The current filter match (an index into `matchIds(graph, filter)`). */
  match: number;
  /** Groups the filter opened to show a match; they close again when the filter moves on or is cleared. */
  autoOpened: string[];
  /** The last export: in progress, or the path written (null: cancelled). */
  export: { state: "pending" } | { state: "done"; path: string | null } | null;
  /** The selected edge (Delete removes the dependency it stands for). */
  selectedEdge: string | null;
  /** The open context menu, at a point of the canvas. */
  menu: { x: number; y: number; target: MenuTarget } | null;
  /** The nodes "Affected since…" marked, until cleared or another document is shown. */
  affected: AffectedMarks | null;
  /** The message about the last graph edit (the files it changed, Undo). */
  notice: EditNotice | null;
}

export type UserAction =
  | { type: "selectNode"; nodeId: string | null }
  | { type: "setFilter"; text: string }
  | { type: "toggleGroup"; groupId: string }
  | { type: "toggleDirection" }
  | { type: "zoomBy"; factor: number; /** The screen point that stays put. */ cx: number; cy: number }
  | { type: "panBy"; dx: number; dy: number }
  | { type: "setView"; zoom: number; panX: number; panY: number }
  /** A fit (automatic, or the Fit button): until the user moves the view, a resize fits again. */
  | { type: "fitView"; zoom: number; panX: number; panY: number }
  /** Enter / Shift+Enter in the filter box, or its arrows: the next or previous match. */
  | { type: "stepMatch"; delta: 1 | -1 }
  | { type: "exportStarted" }
  | { type: "selectEdge"; edgeId: string | null }
  | { type: "openMenu"; x: number; y: number; target: MenuTarget }
  | { type: "closeMenu" }
  | { type: "clearAffected" }
  | { type: "dismissNotice" };

export type Action = HostToWebview | UserAction;

export function initialState(view?: Partial<GraphViewState>): State {
  const s: State = {
    graph: null,
    editable: false,
    initialized: false,
    selected: null,
    filter: "",
    collapsed: [],
    direction: "DOWN",
    zoom: 1,
    panX: 0,
    panY: 0,
    status: {},
    placed: false,
    fitted: false,
    match: 0,
    autoOpened: [],
    export: null,
    selectedEdge: null,
    menu: null,
    affected: null,
    notice: null,
  };
  return view ? applyView(s, view) : s;
}

const clampZoom = (z: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
const finite = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n);

/** Restores a saved view state, ignoring fields that are missing or malformed. */
function applyView(s: State, v: Partial<GraphViewState>): State {
  const out = { ...s };
  if (finite(v.zoom)) out.zoom = clampZoom(v.zoom);
  if (finite(v.panX)) out.panX = v.panX;
  if (finite(v.panY)) out.panY = v.panY;
  if (finite(v.zoom) && finite(v.panX) && finite(v.panY)) out.placed = true;
  if (v.direction === "DOWN" || v.direction === "RIGHT") out.direction = v.direction;
  if (Array.isArray(v.collapsed)) out.collapsed = v.collapsed.filter((c): c is string => typeof c === "string");
  if (typeof v.filter === "string") out.filter = v.filter;
  return out;
}

/** The part of the state that survives a reload. */
export function viewOf(s: State): GraphViewState {
  return { zoom: s.zoom, panX: s.panX, panY: s.panY, direction: s.direction, collapsed: s.collapsed, filter: s.filter };
}

/** A new graph arrives: a different document resets what belonged to the old one; large graphs open collapsed. */
function withGraph(s: State, graph: WorkflowGraph | null, editable: boolean): State {
  const sameDoc = !!graph && !!s.graph && graph.uri === s.graph.uri;
  const out: State = { ...s, graph, editable };
  if (!sameDoc && s.graph) {
    out.collapsed = [];
    out.placed = false;
    out.fitted = false;
    out.status = {};
    out.autoOpened = [];
    out.match = 0;
    out.affected = null;
  }
  if (graph && !sameDoc && out.collapsed.length === 0 && graph.nodes.length > LARGE_GRAPH) {
    const ids = new Set<string>();
    for (const g of graph.groups) ids.add(g.id);
    for (const n of graph.nodes) if (n.group) ids.add(n.group);
    out.collapsed = [...ids];
  }
  if (out.selected !== null && !graph?.nodes.some((n) => n.id === out.selected)) out.selected = null;
  if (graph && out.filter.trim()) out.match = Math.min(out.match, Math.max(0, matchIds(graph, out.filter).length - 1));
  if (out.selectedEdge !== null && !graph?.edges.some((e) => e.id === out.selectedEdge)) out.selectedEdge = null;
  // A menu belongs to the graph it was opened on, and nothing is edited from a graph that cannot be.
  if (out.menu && (!sameDoc || !editable)) out.menu = null;
  return out;
}

export function reduce(s: State, a: Action): State {
  switch (a.type) {
    case "init": {
      // A restored view belongs to this graph: with no graph shown yet, withGraph keeps its collapsed groups.
      const base = a.view ? applyView(s, a.view) : s;
      return { ...withGraph(base, a.graph, a.editable), initialized: true };
    }
    case "graph":
      return withGraph(s, a.graph, a.editable);
    case "select":
      if (a.nodeId !== null && !s.graph?.nodes.some((n) => n.id === a.nodeId)) return s;
      return a.nodeId === s.selected ? s : { ...s, selected: a.nodeId };
    case "status":
      return { ...s, status: { ...a.states } };
    case "exported":
      return { ...s, export: { state: "done", path: a.path } };
    case "affected":
      return { ...s, affected: a.marks };
    case "notice":
      return { ...s, notice: a.notice };
    case "clearAffected":
      return s.affected ? { ...s, affected: null } : s;
    case "dismissNotice":
      return s.notice ? { ...s, notice: null } : s;
    case "selectNode":
      return a.nodeId === s.selected && s.selectedEdge === null ? s : { ...s, selected: a.nodeId, selectedEdge: null };
    case "selectEdge":
      return { ...s, selectedEdge: a.edgeId, selected: a.edgeId === null ? s.selected : null };
    case "openMenu":
      return { ...s, menu: { x: a.x, y: a.y, target: a.target } };
    case "closeMenu":
      return s.menu ? { ...s, menu: null } : s;
    case "setFilter":
      return a.text === s.filter ? s : focusMatch({ ...s, filter: a.text }, 0);
    case "stepMatch": {
      const n = s.graph && s.filter.trim() ? matchIds(s.graph, s.filter).length : 0;
      return n === 0 ? s : focusMatch(s, (s.match + a.delta + n) % n);
    }
    case "toggleGroup":
      return {
        ...s,
        collapsed: s.collapsed.includes(a.groupId) ? s.collapsed.filter((g) => g !== a.groupId) : [...s.collapsed, a.groupId],
        // A group the user toggles is theirs: the filter does not close it again.
        autoOpened: s.autoOpened.filter((g) => g !== a.groupId),
      };
    case "toggleDirection":
      return { ...s, direction: s.direction === "DOWN" ? "RIGHT" : "DOWN", placed: false };
    case "zoomBy": {
      const zoom = clampZoom(s.zoom * a.factor);
      const k = zoom / s.zoom;
      return { ...s, zoom, panX: a.cx - (a.cx - s.panX) * k, panY: a.cy - (a.cy - s.panY) * k, placed: true, fitted: false };
    }
    case "panBy":
      return { ...s, panX: s.panX + a.dx, panY: s.panY + a.dy, placed: true, fitted: false };
    case "setView":
      return { ...s, zoom: clampZoom(a.zoom), panX: a.panX, panY: a.panY, placed: true, fitted: false };
    case "fitView":
      return { ...s, zoom: clampZoom(a.zoom), panX: a.panX, panY: a.panY, placed: true, fitted: true };
    case "exportStarted":
      return { ...s, export: { state: "pending" } };
    default:
      return assertNever(a);
  }
}

/** Whether a node matches the filter text (case-insensitive, on label, id and detail). */
export function matches(filter: string, n: { id: string; label: string; detail?: string }): boolean {
  const f = filter.trim().toLowerCase();
  if (!f) return true;
  return n.label.toLowerCase().includes(f) || n.id.toLowerCase().includes(f) || (n.detail?.toLowerCase().includes(f) ?? false);
}

/** The graph nodes the filter finds, in graph (document) order; none for an empty filter. */
export function matchIds(graph: WorkflowGraph, filter: string): string[] {
  if (!filter.trim()) return [];
  return graph.nodes.filter((n) => matches(filter, n)).map((n) => n.id);
}

/**
 * Makes match `index` the current one: it is selected (so the view pans to it), and the groups that hide it are
 * opened, with those of every match when there are few. Groups the filter opened before and no longer needs
 * close again, so typing does not leave a large graph expanded; clearing the filter closes them all.
 */
function focusMatch(s: State, index: number): State {
  const ids = s.graph ? matchIds(s.graph, s.filter) : [];
  const closed = [...s.collapsed, ...s.autoOpened.filter((g) => !s.collapsed.includes(g))];
  if (!s.graph || ids.length === 0) return { ...s, match: 0, collapsed: closed, autoOpened: [] };
  const current = ids[index]!;
  const groups = groupsById(s.graph);
  const byId = new Map(s.graph.nodes.map((n) => [n.id, n]));
  const wanted = new Set<string>();
  for (const id of ids.length <= OPEN_ALL_MATCHES ? ids : [current]) {
    const seen = new Set<string>();
    for (let g = byId.get(id)?.group; g && !seen.has(g); g = groups.get(g)?.parent) {
      seen.add(g);
      wanted.add(g);
    }
  }
  const opened = closed.filter((g) => wanted.has(g));
  return { ...s, match: index, selected: current, selectedEdge: null, collapsed: closed.filter((g) => !wanted.has(g)), autoOpened: opened };
}

/** "3 of 10": where the current match is among all of them. */
export function matchText(total: number, current: number): string {
  return total === 0 ? "No matches" : `${Math.min(current, total - 1) + 1} of ${total}`;
}

export interface Size {
  width: number;
  height: number;
}

/**
 * The fit transform: the whole drawing inside the viewport with a margin, never zoomed in beyond 1 and never
 * out below `minZoom` (labels stay readable). A drawing that does not fit at `minZoom` is shown around `focus`
 * (the selected node, or the first root), kept inside the drawing's edges; the rest is a pan away.
 */
export function fitView(content: Size, viewport: Size, opts: { margin?: number; minZoom?: number; focus?: Box | null } = {}) {
  const margin = opts.margin ?? 24;
  if (content.width <= 0 || content.height <= 0 || viewport.width <= 0 || viewport.height <= 0) return { zoom: 1, panX: margin, panY: margin };
  const whole = Math.min(1, (viewport.width - 2 * margin) / content.width, (viewport.height - 2 * margin) / content.height);
  const zoom = clampZoom(Math.max(whole, Math.min(1, opts.minZoom ?? MIN_ZOOM)));
  const focus = opts.focus ?? { x: 0, y: 0, width: 0, height: 0 };
  const axis = (view: number, size: number, at: number, extent: number) => {
    const drawn = size * zoom;
    if (drawn <= view - 2 * margin) return (view - drawn) / 2;
    // Centre the focus, but show no more than the margin beyond either edge of the drawing.
    const centred = view / 2 - (at + extent / 2) * zoom;
    return Math.min(margin, Math.max(view - margin - drawn, centred));
  };
  const panX = axis(viewport.width, content.width, focus.x, focus.width);
  const panY = axis(viewport.height, content.height, focus.y, focus.height);
  return { zoom, panX, panY };
}

/** Whether the drawing at this zoom is larger than the viewport (then the minimap is shown). */
export function overflows(content: Size, viewport: Size, zoom: number): boolean {
  return content.width * zoom > viewport.width || content.height * zoom > viewport.height;
}
