// The drawing: expanded groups as frames, edges, then boxes; pan by dragging the background, zoom with the wheel,
// arrow keys move the selection to the nearest box in that direction and Enter reveals it.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { GraphNode, WorkflowGraph } from "../../../common/graph";
import type { Impact } from "../../../common/impact";
import type { WebviewToHost } from "../../../common/protocol";
import { connectable, deleteMessage, type MenuTarget } from "../edit-menu";
import { nearestInDirection, firstBox, type Heading } from "../nav";
import type { Positioned, VisibleModel, VisibleNode } from "../layout";
import { matches, type Action, type State } from "../state";
import { Edge, EdgeMarkers } from "./Edge";
import { Node } from "./Node";

export interface GraphViewProps {
  graph: WorkflowGraph;
  model: VisibleModel;
  positioned: Positioned;
  state: State;
  dispatch(a: Action): void;
  /** Reveal a graph node's definition in the editor. */
  onReveal(nodeId: string): void;
  /** Zoom around the viewport's centre. */
  onZoom(factor: number): void;
  svgRef: React.RefObject<SVGSVGElement | null>;
  /** Sends an edit (or an edit flow) to the host. */
  onEdit(msg: WebviewToHost): void;
  /** Opens the context menu at a point of the canvas. */
  onMenu(x: number, y: number, target: MenuTarget): void;
  /** What the selected node needs and what needs it (graph node ids), or null with no node selected. */
  impact: Impact | null;
}

/** A dependency being dragged from a node's handle: its start and the pointer, in graph coordinates. */
interface Link {
  from: string;
  x0: number;
  y0: number;
  x: number;
  y: number;
  pointer: number;
}

/** Below this zoom, edges are drawn without dashes (styles.css). */
const ZOOMED_OUT = 0.5;

const KEYS: Record<string, Heading> = { ArrowUp: "up", ArrowDown: "down", ArrowLeft: "left", ArrowRight: "right" };

/**
 * New boxes are drawn a chunk per frame: the browser's style, layout (SVG text) and paint of a few hundred boxes
 * at once blocks the page for over 100 ms. The chunk starts at FIRST_CHUNK and follows how long a frame took.
 */
const FIRST_CHUNK = 40;
const MIN_CHUNK = 10;
const MAX_CHUNK = 400;
/** The frame time a chunk aims at (ms): well under the 50 ms that counts as a long task. */
const FRAME_BUDGET = 30;

export function GraphView({ graph, model, positioned, state, dispatch, onReveal, onZoom, svgRef, onEdit, onMenu, impact }: GraphViewProps) {
  const drag = useRef<{ x: number; y: number; id: number } | null>(null);
  const [link, setLink] = useState<Link | null>(null);
  const toGraph = (e: { clientX: number; clientY: number }) => {
    const r = svgRef.current!.getBoundingClientRect();
    return { x: (e.clientX - r.left - state.panX) / state.zoom, y: (e.clientY - r.top - state.panY) / state.zoom };
  };
  const byId = useMemo(() => new Map<string, GraphNode>(graph.nodes.map((n) => [n.id, n])), [graph]);
  const activate = useCallback(
    (v: VisibleNode) => {
      if (v.type === "group") dispatch({ type: "toggleGroup", groupId: v.id.slice(6) });
      else {
        dispatch({ type: "selectNode", nodeId: v.id });
        onReveal(v.id);
      }
    },
    [dispatch, onReveal],
  );
  const selectEdge = useCallback((edgeId: string) => dispatch({ type: "selectEdge", edgeId }), [dispatch]);

  // Which boxes the filter keeps bright: matching nodes, and collapsed groups hiding a match.
  const lit = useMemo(() => {
    if (!state.filter.trim()) return null;
    const out = new Set<string>();
    for (const n of graph.nodes) if (matches(state.filter, n)) out.add(model.rep.get(n.id) ?? n.id);
    for (const v of model.nodes) if (v.type === "group" && matches(state.filter, { id: v.id, label: v.label })) out.add(v.id);
    return out;
  }, [state.filter, graph, model]);

  // The selection's impact on the boxes drawn: a collapsed group stands for the members it hides.
  const boxImpact = useMemo(() => {
    if (!impact || !state.selected) return null;
    const up = new Set<string>();
    const down = new Set<string>();
    for (const id of impact.needs) up.add(model.rep.get(id) ?? id);
    for (const id of impact.neededBy) down.add(model.rep.get(id) ?? id);
    const self = model.rep.get(state.selected) ?? state.selected;
    return { up, down, self };
  }, [impact, state.selected, model]);
  const affected = useMemo(() => (state.affected ? new Set(state.affected.nodeIds.map((id) => model.rep.get(id) ?? id)) : null), [state.affected, model]);

  // Only boxes that the current layout placed are drawn (a new layout may still be on its way).
  const boxes = useMemo(() => {
    const m = new Map<string, Positioned["nodes"] extends Map<string, infer B> ? B : never>();
    for (const v of model.nodes) {
      const b = positioned.nodes.get(v.id);
      if (b) m.set(v.id, b);
    }
    return m;
  }, [model, positioned]);

  // What is drawn in this frame: the boxes and edges drawn before, and a chunk of new ones (boxes in model order,
  // then the edges between drawn boxes, an edge counting as half a box).
  const known = useRef<{ nodes: ReadonlySet<string>; edges: ReadonlySet<string> }>({ nodes: new Set(), edges: new Set() });
  // A new object every frame, so that an unchanged size still draws the next chunk.
  const [chunk, setChunk] = useState({ size: FIRST_CHUNK });
  /** When the last chunk's frame started (0: no chunk under way). */
  const lastFrame = useRef(0);
  const drawn = { nodes: new Set<string>(), edges: new Set<string>() };
  let allowance = chunk.size;
  let pending = false;
  for (const v of model.nodes) {
    if (!boxes.has(v.id)) continue;
    if (known.current.nodes.has(v.id)) drawn.nodes.add(v.id);
    else if (allowance > 0) {
      allowance--;
      drawn.nodes.add(v.id);
    } else pending = true;
  }
  for (const e of model.edges) {
    if (!positioned.edges.has(e.id) || !drawn.nodes.has(e.from) || !drawn.nodes.has(e.to)) continue;
    if (known.current.edges.has(e.id)) drawn.edges.add(e.id);
    else if (allowance > 0) {
      allowance -= 0.5;
      drawn.edges.add(e.id);
    } else pending = true;
  }
  useEffect(() => {
    known.current = drawn;
    if (!pending) {
      lastFrame.current = 0;
      return;
    }
    const id = requestAnimationFrame((now) => {
      // The time since the last chunk's frame: React's render, then the browser's style, layout and paint.
      const took = lastFrame.current ? now - lastFrame.current : FRAME_BUDGET;
      lastFrame.current = now;
      setChunk((c) => ({ size: Math.round(Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, took > FRAME_BUDGET ? (c.size * FRAME_BUDGET) / took : c.size * 1.5))) }));
    });
    return () => cancelAnimationFrame(id);
  });

  const onKeyDown = (e: React.KeyboardEvent) => {
    const heading = KEYS[e.key];
    if (heading) {
      e.preventDefault();
      const next = state.selected && boxes.has(state.selected) ? nearestInDirection(boxes, state.selected, heading) : firstBox(boxes);
      if (next) dispatch({ type: "selectNode", nodeId: next });
    } else if (e.key === "Enter" && state.selected) {
      e.preventDefault();
      if (state.selected.startsWith("group:") && !byId.has(state.selected)) dispatch({ type: "toggleGroup", groupId: state.selected.slice(6) });
      else onReveal(state.selected);
    } else if ((e.key === "Delete" || e.key === "Backspace") && state.editable) {
      const msg = deleteMessage(graph, state.selectedEdge, state.selected);
      if (msg) {
        e.preventDefault();
        onEdit(msg);
      }
    } else if ((e.ctrlKey || e.metaKey) && (e.key === "z" || e.key === "Z" || e.key === "y")) {
      // Undo and redo the last graph edit, whichever file it changed (the host keeps the edits). The key stops here:
      // the webview host would forward it to the workbench, whose Undo would undo in the last text editor too.
      e.preventDefault();
      e.stopPropagation();
      onEdit({ type: e.key === "y" || e.shiftKey ? "redo" : "undo" });
    } else if (e.key === "Escape") {
      setLink(null);
      dispatch({ type: "selectEdge", edgeId: null });
    } else if (e.key === "+" || e.key === "=") onZoom(1.25);
    else if (e.key === "-") onZoom(0.8);
  };

  const onPointerDown = (e: React.PointerEvent) => {
    const handle = (e.target as Element).closest("[data-handle-for]");
    if (e.button === 0 && handle && state.editable) {
      // Rubber band from the node's handle; dropped on another node it adds a dependency.
      const from = handle.getAttribute("data-handle-for")!;
      const b = boxes.get(from);
      if (!b) return;
      const p = toGraph(e);
      setLink({ from, x0: b.x + b.width, y0: b.y + b.height / 2, x: p.x, y: p.y, pointer: e.pointerId });
      (e.currentTarget as Element).setPointerCapture(e.pointerId);
      e.stopPropagation();
      return;
    }
    if (e.button !== 0 || (e.target as Element).closest(".node, .group-header, .edge")) return;
    drag.current = { x: e.clientX, y: e.clientY, id: e.pointerId };
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: React.PointerEvent) => {
    if (link && link.pointer === e.pointerId) {
      setLink({ ...link, ...toGraph(e) });
      return;
    }
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    dispatch({ type: "panBy", dx: e.clientX - d.x, dy: e.clientY - d.y });
    drag.current = { ...d, x: e.clientX, y: e.clientY };
  };
  const onPointerUp = (e: React.PointerEvent) => {
    if (link && link.pointer === e.pointerId) {
      setLink(null);
      const to = document.elementFromPoint(e.clientX, e.clientY)?.closest("[data-node-id]")?.getAttribute("data-node-id");
      const target = to ? byId.get(to) : undefined;
      if (target && to !== link.from && connectable(graph, target)) onEdit({ type: "edit", edit: { type: "addDependency", from: link.from, to: target.id } });
      return;
    }
    if (drag.current?.id === e.pointerId) drag.current = null;
  };
  const onContextMenu = (e: React.MouseEvent) => {
    e.preventDefault();
    const el = e.target as Element;
    const r = svgRef.current!.getBoundingClientRect();
    const edgeId = el.closest("[data-edge-id]")?.getAttribute("data-edge-id");
    const nodeId = el.closest("[data-node-id]")?.getAttribute("data-node-id");
    const groupId = el.closest(".group[data-group-id]")?.getAttribute("data-group-id");
    const target: MenuTarget = edgeId ? { type: "edge", edgeId } : nodeId ? { type: "node", nodeId } : groupId ? { type: "group", groupId } : { type: "background" };
    if (edgeId) dispatch({ type: "selectEdge", edgeId });
    else if (nodeId) dispatch({ type: "selectNode", nodeId });
    onMenu(e.clientX - r.left, e.clientY - r.top, target);
  };
  const onWheel = (e: React.WheelEvent) => {
    const r = (e.currentTarget as Element).getBoundingClientRect();
    dispatch({ type: "zoomBy", factor: Math.exp(-e.deltaY * 0.0015), cx: e.clientX - r.left, cy: e.clientY - r.top });
  };

  // The edges on the selection's impact paths: both ends upstream (or the selection), or both downstream.
  const selectedEdges = new Set<string>();
  if (boxImpact) {
    const { up, down, self } = boxImpact;
    const upOrSelf = (id: string) => id === self || up.has(id);
    const downOrSelf = (id: string) => id === self || down.has(id);
    for (const e of model.edges) if ((upOrSelf(e.from) && upOrSelf(e.to)) || (downOrSelf(e.from) && downOrSelf(e.to))) selectedEdges.add(e.id);
  } else if (state.selected) for (const e of model.edges) if (e.from === state.selected || e.to === state.selected) selectedEdges.add(e.id);

  return (
    <svg
      ref={svgRef}
      className={`graph direction-${state.direction.toLowerCase()}${state.zoom < ZOOMED_OUT ? " zoomed-out" : ""}`}
      tabIndex={0}
      role="application"
      aria-label={`Dependency graph: ${graph.title}`}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onWheel={onWheel}
      onContextMenu={onContextMenu}
      data-editable={state.editable ? "true" : "false"}
      // "quick" while the quick first layout is shown, "final" once ELK's replaced it.
      data-layout={positioned.quick ? "quick" : "final"}
      // "all" once every box of the layout is drawn, "partial" while chunks are still coming.
      data-drawn={pending ? "partial" : "all"}
    >
      <defs>
        <EdgeMarkers />
      </defs>
      <g data-viewport="" transform={`translate(${state.panX},${state.panY}) scale(${state.zoom})`}>
        {model.groups.map((g) => {
          const b = positioned.groups.get(g.id);
          if (!b) return null;
          return (
            <g key={`group:${g.id}`} className="group" data-group-id={g.id}>
              <rect className="group-frame" x={b.x} y={b.y} width={b.width} height={b.height} rx={8} />
              <g
                className="group-header"
                role="button"
                aria-label={`Group ${g.label}, expanded; click to collapse`}
                onClick={(e) => {
                  e.stopPropagation();
                  dispatch({ type: "toggleGroup", groupId: g.id });
                }}
              >
                <title>{`${g.label}: click to collapse`}</title>
                <rect className="group-header-hit" x={b.x} y={b.y} width={b.width} height={24} rx={8} />
                <text className="group-label" x={b.x + 10} y={b.y + 16}>
                  {`▾ ${g.label}`}
                </text>
              </g>
            </g>
          );
        })}
        {model.edges.map((e) => {
          const pts = positioned.edges.get(e.id);
          if (!pts || !drawn.edges.has(e.id)) return null;
          return (
            <Edge
              key={e.id}
              id={e.id}
              kind={e.kind}
              points={pts}
              label={e.label}
              merged={e.edges.length}
              dimmed={!!lit && !(lit.has(e.from) && lit.has(e.to))}
              highlighted={selectedEdges.has(e.id)}
              selected={state.selectedEdge === e.id}
              onSelect={selectEdge}
            />
          );
        })}
        {model.nodes.map((v) => {
          const b = boxes.get(v.id);
          if (!b || !drawn.nodes.has(v.id)) return null;
          const node = v.type === "node" ? byId.get(v.id) : undefined;
          return (
            <Node
              key={v.id}
              box={b}
              visible={v}
              node={node}
              status={node ? state.status[node.id] : undefined}
              selected={state.selected === v.id}
              dimmed={!!lit && !lit.has(v.id)}
              impact={boxImpact?.up.has(v.id) ? "needs" : boxImpact?.down.has(v.id) ? "neededBy" : undefined}
              affected={affected?.has(v.id) ?? false}
              handle={state.editable && !!node && connectable(graph, node)}
              linkTarget={!!link && !!node && node.id !== link.from && connectable(graph, node)}
              onActivate={activate}
            />
          );
        })}
        {link && <line className="rubber-band" data-rubber-band="" x1={link.x0} y1={link.y0} x2={link.x} y2={link.y} />}
      </g>
    </svg>
  );
}
