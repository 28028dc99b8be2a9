// One edge, drawn as an orthogonal path along ELK's route; style and marker by kind (kinds.ts).
import { memo } from "react";
import type { EdgeKind } from "../../../common/graph";
import { EDGE_STYLE } from "../kinds";
import type { Point } from "../layout";

export interface EdgeProps {
  id: string;
  kind: EdgeKind;
  points: Point[];
  label?: string;
  merged: number;
  dimmed: boolean;
  highlighted: boolean;
  /** Selected by a click: Delete removes the dependency. */
  selected?: boolean;
  /** One callback for every edge, so that an edge whose props did not change is not drawn again. */
  onSelect?(id: string): void;
}

export function pathOf(points: Point[]): string {
  return points.map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
}

export const Edge = memo(function Edge({ id, kind, points, label, merged, dimmed, highlighted, selected, onSelect }: EdgeProps) {
  if (points.length < 2) return null;
  const st = EDGE_STYLE[kind];
  const marker = st.marker === "none" ? undefined : `url(#marker-${kind})`;
  const mid = points[Math.floor((points.length - 1) / 2)]!;
  const next = points[Math.floor((points.length - 1) / 2) + 1] ?? mid;
  const classes = ["edge", `edge-${kind}`, dimmed && "dimmed", highlighted && "highlighted", selected && "selected"].filter(Boolean).join(" ");
  return (
    <g
      className={classes}
      data-edge-id={id}
      aria-selected={selected}
      onClick={(e) => {
        e.stopPropagation();
        onSelect?.(id);
      }}
    >
      <title>{`${st.title}${merged > 1 ? ` (${merged} edges)` : ""}${label ? `: ${label}` : ""}`}</title>
      <path
        className="edge-path"
        d={pathOf(points)}
        // Styles go through the CSSOM (allowed by the CSP), since var() does not work in presentation attributes.
        style={{ stroke: st.color, strokeWidth: st.width, strokeDasharray: st.dash, fill: "none" }}
        markerEnd={st.markerAt === "end" ? marker : undefined}
        markerStart={st.markerAt === "start" ? marker : undefined}
      />
      {/* A wide transparent twin, so that a thin edge is easy to click. */}
      <path className="edge-hit" d={pathOf(points)} style={{ stroke: "transparent", strokeWidth: 12, fill: "none" }} />
      {label && (
        <text className="edge-label" x={(mid.x + next.x) / 2 + 4} y={(mid.y + next.y) / 2 - 4}>
          {label}
        </text>
      )}
    </g>
  );
});

/** One marker per edge kind, coloured like the kind (SVG markers cannot take the path's colour everywhere). */
export function EdgeMarkers() {
  return (
    <>
      {(Object.keys(EDGE_STYLE) as EdgeKind[]).map((k) => {
        const st = EDGE_STYLE[k];
        if (st.marker === "none") return null;
        // Drawn pointing along the path; at the start, auto-start-reverse turns it to point at the start node.
        return (
          <marker key={k} id={`marker-${k}`} viewBox="0 0 10 10" refX={9} refY={5} markerWidth={9} markerHeight={9} orient="auto-start-reverse" markerUnits="userSpaceOnUse">
            {st.marker === "arrow" && <path d="M0,0 L10,5 L0,10 z" style={{ fill: st.color }} />}
            {st.marker === "triangle" && <path d="M1,1 L9,5 L1,9 z" style={{ fill: "var(--vscode-editor-background, #fff)", stroke: st.color, strokeWidth: 1.2 }} />}
            {st.marker === "dot" && <circle cx={5} cy={5} r={3.5} style={{ fill: st.color }} />}
          </marker>
        );
      })}
    </>
  );
}
