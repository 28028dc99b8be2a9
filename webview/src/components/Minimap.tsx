// The minimap: the whole drawing in a corner, with the part in view framed. Shown when the drawing is larger than
// the panel (a large graph opens at a readable zoom on part of it); a click or a drag there moves the view.
import { memo, useRef } from "react";
import type { Positioned } from "../layout";
import type { Size } from "../state";

const MAX_WIDTH = 180;
const MAX_HEIGHT = 120;

export interface MinimapProps {
  positioned: Positioned;
  zoom: number;
  panX: number;
  panY: number;
  size: Size;
  /** Moves the view (same zoom) to these pan offsets. */
  onView(panX: number, panY: number): void;
}

/** The boxes alone: they change with the layout, not with every pan. */
const Boxes = memo(function Boxes({ positioned }: { positioned: Positioned }) {
  return (
    <>
      {[...positioned.groups.values()].map((b, i) => (
        <rect key={`g${i}`} className="minimap-group" x={b.x} y={b.y} width={b.width} height={b.height} />
      ))}
      {[...positioned.nodes.values()].map((b, i) => (
        <rect key={`n${i}`} className="minimap-node" x={b.x} y={b.y} width={b.width} height={b.height} />
      ))}
    </>
  );
});

export function Minimap({ positioned, zoom, panX, panY, size, onView }: MinimapProps) {
  const scale = Math.min(MAX_WIDTH / positioned.width, MAX_HEIGHT / positioned.height);
  const width = Math.max(1, positioned.width * scale);
  const height = Math.max(1, positioned.height * scale);
  const dragging = useRef<number | null>(null);
  const moveTo = (e: React.PointerEvent) => {
    const r = (e.currentTarget as Element).getBoundingClientRect();
    const gx = (e.clientX - r.left) / scale;
    const gy = (e.clientY - r.top) / scale;
    onView(size.width / 2 - gx * zoom, size.height / 2 - gy * zoom);
  };
  return (
    <svg
      className="minimap"
      data-minimap=""
      width={width}
      height={height}
      viewBox={`0 0 ${positioned.width} ${positioned.height}`}
      role="img"
      aria-label="Minimap of the whole graph; click to move the view there"
      onPointerDown={(e) => {
        e.stopPropagation();
        dragging.current = e.pointerId;
        (e.currentTarget as Element).setPointerCapture(e.pointerId);
        moveTo(e);
      }}
      onPointerMove={(e) => {
        if (dragging.current === e.pointerId) moveTo(e);
      }}
      onPointerUp={() => (dragging.current = null)}
      onPointerCancel={() => (dragging.current = null)}
    >
      <Boxes positioned={positioned} />
      <rect className="minimap-view" x={-panX / zoom} y={-panY / zoom} width={size.width / zoom} height={size.height / zoom} vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
