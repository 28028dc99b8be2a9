// The webview's root: state (reducer), the host connection, layouts from the worker, persistence and export.
import { startTransition, useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from "react";
import { impactIndex, impactOf, impactText } from "../../../common/impact";
import type { PersistedState } from "../../../common/protocol";
import { serializeSvg, svgToPng } from "../export";
import { onMessage, post, saveState } from "../host";
import { fromElk, LayoutCache, structureKey, toElk, visibleModel, type Positioned } from "../layout";
import type { LayoutClient } from "../layout-client";
import { quickLayout } from "../quick-layout";
import { firstBox } from "../nav";
import { FIT_MIN_ZOOM, fitView, initialState, matchIds, overflows, reduce, viewOf, type Size } from "../state";
import { menuItems } from "../edit-menu";
import { ContextMenu } from "./ContextMenu";
import { GraphView } from "./GraphView";
import { Minimap } from "./Minimap";
import { StatusLine, Toolbar } from "./Toolbar";

export interface AppProps {
  layout: LayoutClient;
  restored?: PersistedState;
}

export function App({ layout, restored }: AppProps) {
  const [state, dispatch] = useReducer(reduce, restored?.view, initialState);
  const [positioned, setPositioned] = useState<Positioned | null>(null);
  const [layoutError, setLayoutError] = useState<string | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const cache = useRef(new LayoutCache());
  const wanted = useRef("");
  /** Structure keys that ELK is laying out. */
  const inFlight = useRef(new Set<string>());
  /** The document whose layout is drawn, and that layout. */
  const drawnUri = useRef<string | null>(null);
  const shown = useRef<Positioned | null>(null);
  shown.current = positioned;
  /** The layout and the panel size of the last fit. */
  const autoFit = useRef<{ for: Positioned; size: Size } | null>(null);
  const svgRef = useRef<SVGSVGElement | null>(null);
  const canvasRef = useRef<HTMLDivElement | null>(null);

  // The host sends nothing before `ready`.
  useEffect(() => {
    const off = onMessage(dispatch);
    post({ type: "ready" });
    return off;
  }, []);

  useEffect(() => {
    const el = canvasRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const { graph } = state;
  const model = useMemo(() => (graph ? visibleModel(graph, state.collapsed) : null), [graph, state.collapsed]);
  const key = useMemo(() => (model ? structureKey(model, state.direction) : ""), [model, state.direction]);

  // Lay out only when the structure changed; a label-only change keeps the cached positions.
  useEffect(() => {
    if (!model || !graph) return;
    // A new layout is drawn as a transition: React builds the boxes in slices of a few milliseconds, so that a
    // large graph does not block the page (clicks, typing in the filter) while it is drawn.
    const show = (p: Positioned) => startTransition(() => setPositioned(p));
    const hit = cache.current.get(key);
    if (hit) {
      drawnUri.current = graph.uri;
      show(hit);
      return;
    }
    wanted.current = key;
    // Nothing of this document is drawn yet: the quick layout shows it now, and ELK's picture replaces it when
    // ready. A document already drawn keeps its positions until ELK's answer, so typing does not move boxes twice.
    if (drawnUri.current !== graph.uri || (shown.current?.quick && shown.current.key !== key)) {
      drawnUri.current = graph.uri;
      show(quickLayout(key, model, state.direction));
    }
    // One request per structure: typing while ELK works on a large graph does not queue the same layout again.
    if (inFlight.current.has(key)) return;
    const direction = state.direction;
    // ELK's input is built and copied to the worker in a task of its own, after the quick layout's.
    const t = setTimeout(() => {
      inFlight.current.add(key);
      layout.layout(toElk(model, direction)).then(
        (r) => {
          inFlight.current.delete(key);
          const p = fromElk(key, r);
          cache.current.set(p);
          if (wanted.current === key) {
            show(p);
            setLayoutError(null);
          }
        },
        (err: unknown) => {
          inFlight.current.delete(key);
          const message = `Layout failed: ${String((err as Error)?.message ?? err)}`;
          setLayoutError(message);
          post({ type: "error", message });
        },
      );
    }, 0);
    return () => clearTimeout(t);
  }, [key, model, state.direction, layout]);

  // Fit the graph until the user moves the view (or a restored view placed it). While the view is the last fit,
  // it fits again when the panel resizes (a terminal opens beneath it), and for ELK's layout that replaces the
  // quick one. Before the browser paints, so that a new layout is never drawn (and its text laid out) at the old
  // zoom first.
  useLayoutEffect(() => {
    if (!positioned || positioned.key !== key || size.width === 0) return;
    const a = autoFit.current;
    const refit = state.fitted && !!a && ((a.for.quick === true && a.for !== positioned) || a.size.width !== size.width || a.size.height !== size.height);
    if (state.placed && !refit) return;
    autoFit.current = { for: positioned, size };
    dispatch({ type: "fitView", ...fitView(positioned, size, { minZoom: FIT_MIN_ZOOM, focus: focusBox(positioned, model?.rep, state.selected) }) });
  }, [state.placed, state.fitted, positioned, key, size]);

  // Keep the selection in sight when it moves (keyboard, or the editor cursor).
  useEffect(() => {
    const b = state.selected ? positioned?.nodes.get(state.selected) : undefined;
    // While a fit is pending (new document, new direction) the fit shows the selection anyway.
    if (!b || size.width === 0 || !state.placed) return;
    const x0 = b.x * state.zoom + state.panX;
    const y0 = b.y * state.zoom + state.panY;
    const x1 = x0 + b.width * state.zoom;
    const y1 = y0 + b.height * state.zoom;
    if (x0 >= 0 && y0 >= 0 && x1 <= size.width && y1 <= size.height) return;
    dispatch({ type: "setView", zoom: state.zoom, panX: size.width / 2 - (b.x + b.width / 2) * state.zoom, panY: size.height / 2 - (b.y + b.height / 2) * state.zoom });
    // Only a new selection moves the view; panning away from it afterwards is the user's choice.
  }, [state.selected, positioned]);

  // Persist the view (reload, hidden panel) and tell the host, debounced.
  const view = viewOf(state);
  const viewJson = JSON.stringify(view);
  useEffect(() => {
    if (!state.initialized) return;
    saveState({ uri: graph?.uri, view });
    const t = setTimeout(() => post({ type: "viewState", view }), 300);
    return () => clearTimeout(t);
  }, [viewJson, graph?.uri, state.initialized]);

  const zoomCentered = useCallback((factor: number) => dispatch({ type: "zoomBy", factor, cx: size.width / 2, cy: size.height / 2 }), [size]);
  const fit = useCallback(() => {
    if (!positioned) return;
    autoFit.current = { for: positioned, size };
    dispatch({ type: "fitView", ...fitView(positioned, size, { minZoom: FIT_MIN_ZOOM, focus: focusBox(positioned, model?.rep, state.selected) }) });
  }, [positioned, size, model, state.selected]);
  const reveal = useCallback((nodeId: string) => post({ type: "reveal", nodeId }), []);

  const doExport = useCallback(
    async (format: "svg" | "png") => {
      const svg = svgRef.current;
      if (!svg || !positioned) return;
      dispatch({ type: "exportStarted" });
      try {
        const bg = getComputedStyle(document.body).getPropertyValue("--vscode-editor-background").trim() || "#ffffff";
        const text = serializeSvg(svg, positioned, bg);
        const data = format === "svg" ? text : await svgToPng(text, positioned.width, positioned.height);
        post({ type: "export", format, data });
      } catch (err) {
        post({ type: "error", message: `Export failed: ${String((err as Error)?.message ?? err)}` });
        dispatch({ type: "exported", path: null });
      }
    },
    [positioned],
  );

  const closeMenu = useCallback(() => dispatch({ type: "closeMenu" }), []);
  // Why the graph cannot be edited now: shown instead of guessing at text that does not parse.
  const editOff = graph?.stale ? "Editing is off until the file parses again." : "Editing is off for this graph.";

  // What the selected node needs and what needs it; the index is built once per graph.
  const impacts = useMemo(() => (graph ? impactIndex(graph) : null), [graph]);
  const selectedNode = useMemo(() => (state.selected ? graph?.nodes.find((n) => n.id === state.selected) : undefined), [graph, state.selected]);
  const impact = useMemo(() => (impacts && selectedNode ? impactOf(impacts, selectedNode.id) : null), [impacts, selectedNode]);

  const impactLine = impact && selectedNode ? { label: selectedNode.label, text: impactText(impact) } : null;

  const matchCount = useMemo(() => (graph && state.filter.trim() ? matchIds(graph, state.filter).length : null), [graph, state.filter]);

  return (
    <div className="app">
      <Toolbar
        filter={state.filter}
        matches={matchCount}
        current={state.match}
        onStep={(delta) => dispatch({ type: "stepMatch", delta })}
        direction={state.direction}
        zoom={state.zoom}
        exporting={state.export?.state === "pending"}
        onFilter={(text) => dispatch({ type: "setFilter", text })}
        onFit={fit}
        onZoom={zoomCentered}
        onDirection={() => dispatch({ type: "toggleDirection" })}
        onExport={(f) => void doExport(f)}
        affected={state.affected}
        onAffected={() => post({ type: "affectedSince" })}
      />
      <StatusLine impact={impactLine} affected={state.affected} onClearAffected={() => dispatch({ type: "clearAffected" })} />
      {state.notice && (
        <div className="banner notice" role="status" data-edit-notice="">
          <span className="notice-body">
            {state.notice.text}
            {state.notice.files.map((f, i) => (
              <span key={f.uri} className="notice-file">
                {i > 0 ? ", " : " "}
                <a
                  href="#"
                  className="file-link"
                  data-file-link={f.label}
                  onClick={(e) => {
                    e.preventDefault();
                    post({ type: "openFile", uri: f.uri });
                  }}
                >
                  {f.label}
                </a>
                {f.importedBy.length > 0 && <span className="imported-by">{` — imported by ${f.importedBy.join(", ")}`}</span>}
              </span>
            ))}
          </span>
          {state.notice.undo && (
            <button className="tool notice-undo" title="Undo this graph edit (Ctrl+Z in the graph)" onClick={() => post({ type: "undo" })}>
              Undo
            </button>
          )}
          {state.notice.redo && (
            <button className="tool notice-redo" title="Redo the graph edit (Ctrl+Shift+Z in the graph)" onClick={() => post({ type: "redo" })}>
              Redo
            </button>
          )}
          <button className="tool notice-close" title="Dismiss" aria-label="Dismiss the message" onClick={() => dispatch({ type: "dismissNotice" })}>
            ×
          </button>
        </div>
      )}
      {graph?.stale && (
        <div className="banner stale" role="alert">
          {graph.stale}
        </div>
      )}
      {graph?.omitted && (
        <div className="banner omitted" role="status" data-omitted="">
          <span>{`Drawing ${graph.omitted.shown} of the ${graph.omitted.total} stacks this file is part of.`}</span>
          <button className="tool" title="Pick a stack by name to draw first" onClick={() => post({ type: "pickStack" })}>
            Show another stack…
          </button>
        </div>
      )}
      {graph && !state.editable && (
        <div className="banner edit-off" role="status" data-edit-off="">
          {editOff}
        </div>
      )}
      {layoutError && (
        <div className="banner error" role="alert">
          {layoutError}
        </div>
      )}
      {state.export?.state === "done" && state.export.path && (
        <div className="banner info" role="status">
          {`Saved ${state.export.path}`}
        </div>
      )}
      <div className="canvas" ref={canvasRef}>
        {graph && model && positioned ? (
          <GraphView
            graph={graph}
            model={model}
            positioned={positioned}
            state={state}
            dispatch={dispatch}
            onReveal={reveal}
            onZoom={zoomCentered}
            svgRef={svgRef}
            onEdit={post}
            onMenu={(x, y, target) => dispatch({ type: "openMenu", x, y, target })}
            impact={impact}
          />
        ) : (
          <div className="empty">{!state.initialized ? "Loading…" : graph ? "Laying out…" : "No graph for this file. Open a Polycrate, Atmos, env0, Fabrikate or Deis file."}</div>
        )}
        {graph && positioned && overflows(positioned, size, state.zoom) && (
          <Minimap positioned={positioned} zoom={state.zoom} panX={state.panX} panY={state.panY} size={size} onView={(panX, panY) => dispatch({ type: "setView", zoom: state.zoom, panX, panY })} />
        )}
        {graph && state.menu && (
          <ContextMenu
            x={state.menu.x}
            y={state.menu.y}
            items={menuItems(graph, state.menu.target)}
            disabledReason={state.editable ? undefined : editOff}
            onPick={post}
            onClose={closeMenu}
          />
        )}
      </div>
    </div>
  );
}

/**
 * What a graph too large for the panel opens on: the selected node (the editor cursor's), or the box that shows
 * it inside a collapsed group; otherwise the first root, the top-left box.
 */
function focusBox(p: Positioned, rep: Map<string, string> | undefined, selected: string | null) {
  const id = selected ? (p.nodes.has(selected) ? selected : rep?.get(selected)) : undefined;
  const box = id !== undefined ? p.nodes.get(id) : undefined;
  if (box) return box;
  const first = firstBox(p.nodes);
  return first !== null ? p.nodes.get(first)! : null;
}
