// The toolbar: filter box, fit, zoom, direction and export. Every control has a stable class and aria-label.
import type { Direction } from "../../../common/protocol";

export interface ToolbarProps {
  filter: string;
  matches: number | null;
  direction: Direction;
  zoom: number;
  exporting: boolean;
  onFilter(text: string): void;
  onFit(): void;
  onZoom(factor: number): void;
  onDirection(): void;
  onExport(format: "svg" | "png"): void;
}

export function Toolbar(p: ToolbarProps) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Graph tools">
      <input
        className="filter"
        type="search"
        placeholder="Filter nodes"
        aria-label="Filter nodes by name"
        value={p.filter}
        onChange={(e) => p.onFilter(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") p.onFilter("");
        }}
      />
      {p.matches !== null && <span className="match-count">{p.matches} match{p.matches === 1 ? "" : "es"}</span>}
      <span className="spacer" />
      <button className="tool fit" title="Fit to view" aria-label="Fit to view" onClick={p.onFit}>
        ⤢
      </button>
      <button className="tool zoom-out" title="Zoom out" aria-label="Zoom out" onClick={() => p.onZoom(1 / 1.25)}>
        −
      </button>
      <span className="zoom-level" aria-live="polite">
        {Math.round(p.zoom * 100)}%
      </span>
      <button className="tool zoom-in" title="Zoom in" aria-label="Zoom in" onClick={() => p.onZoom(1.25)}>
        +
      </button>
      <button
        className="tool direction"
        title={p.direction === "DOWN" ? "Lay out left to right" : "Lay out top to bottom"}
        aria-label={`Direction: ${p.direction === "DOWN" ? "top to bottom" : "left to right"}`}
        data-direction={p.direction}
        onClick={p.onDirection}
      >
        {p.direction === "DOWN" ? "↓" : "→"}
      </button>
      <button className="tool export-svg" title="Export as SVG" aria-label="Export as SVG" disabled={p.exporting} onClick={() => p.onExport("svg")}>
        SVG
      </button>
      <button className="tool export-png" title="Export as PNG" aria-label="Export as PNG" disabled={p.exporting} onClick={() => p.onExport("png")}>
        PNG
      </button>
    </div>
  );
}
