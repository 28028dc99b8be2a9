// The webview's state: a pure reducer over the host's messages and the user's actions. No DOM, so it runs in node.
import type { WorkflowGraph } from "../../common/graph";
import { assertNever, type Direction, type GraphViewState, type HostToWebview, type RunState } from "../../common/protocol";
import type { MenuTarget } from "./edit-menu";

/** Graphs with more nodes than this open with every group collapsed. */
export const LARGE_GRAPH = 500;
export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 4;

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
  /** The last export: in progress, or the path written (null: cancelled). */
  export: { state: "pending" } | { state: "done"; path: string | null } | null;
  /** The selected edge (Delete removes the dependency it stands for). */
  selectedEdge: string | null;
  /** The open context menu, at a point of the canvas. */
  menu: { x: number; y: number; target: MenuTarget } | null;
}

export type UserAction =
  | { type: "selectNode"; nodeId: string | null }
  | { type: "setFilter"; text: string }
  | { type: "toggleGroup"; groupId: string }
  | { type: "toggleDirection" }
  | { type: "zoomBy"; factor: number; /** The screen point that stays put. */ cx: number; cy: number }
  | { type: "panBy"; dx: number; dy: number }
  | { type: "setView"; zoom: number; panX: number; panY: number }
  | { type: "exportStarted" }
  | { type: "selectEdge"; edgeId: string | null }
  | { type: "openMenu"; x: number; y: number; target: MenuTarget }
  | { type: "closeMenu" };

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
    export: null,
    selectedEdge: null,
    menu: null,
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
    out.status = {};
  }
  if (graph && !sameDoc && out.collapsed.length === 0 && graph.nodes.length > LARGE_GRAPH) {
    const ids = new Set<string>();
    for (const g of graph.groups) ids.add(g.id);
    for (const n of graph.nodes) if (n.group) ids.add(n.group);
    out.collapsed = [...ids];
  }
  if (out.selected !== null && !graph?.nodes.some((n) => n.id === out.selected)) out.selected = null;
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
    case "selectNode":
      return a.nodeId === s.selected && s.selectedEdge === null ? s : { ...s, selected: a.nodeId, selectedEdge: null };
    case "selectEdge":
      return { ...s, selectedEdge: a.edgeId, selected: a.edgeId === null ? s.selected : null };
    case "openMenu":
      return { ...s, menu: { x: a.x, y: a.y, target: a.target } };
    case "closeMenu":
      return s.menu ? { ...s, menu: null } : s;
    case "setFilter":
      return { ...s, filter: a.text };
    case "toggleGroup":
      return {
        ...s,
        collapsed: s.collapsed.includes(a.groupId) ? s.collapsed.filter((g) => g !== a.groupId) : [...s.collapsed, a.groupId],
      };
    case "toggleDirection":
      return { ...s, direction: s.direction === "DOWN" ? "RIGHT" : "DOWN", placed: false };
    case "zoomBy": {
      const zoom = clampZoom(s.zoom * a.factor);
      const k = zoom / s.zoom;
      return { ...s, zoom, panX: a.cx - (a.cx - s.panX) * k, panY: a.cy - (a.cy - s.panY) * k, placed: true };
    }
    case "panBy":
      return { ...s, panX: s.panX + a.dx, panY: s.panY + a.dy, placed: true };
    case "setView":
      return { ...s, zoom: clampZoom(a.zoom), panX: a.panX, panY: a.panY, placed: true };
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

/** The fit transform: the whole drawing inside the viewport, with a margin, never zoomed in beyond 1. */
export function fitView(content: { width: number; height: number }, viewport: { width: number; height: number }, margin = 24) {
  if (content.width <= 0 || content.height <= 0 || viewport.width <= 0 || viewport.height <= 0) return { zoom: 1, panX: margin, panY: margin };
  const zoom = clampZoom(Math.min(1, (viewport.width - 2 * margin) / content.width, (viewport.height - 2 * margin) / content.height));
  return { zoom, panX: (viewport.width - content.width * zoom) / 2, panY: Math.max(margin, (viewport.height - content.height * zoom) / 2) };
}
