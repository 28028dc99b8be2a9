// The toolbar: filter box, fit, zoom, direction and export. Every control has a stable class and aria-label.
// Two groups, each kept on one line: the search (filter and matches) and the view's tools. The filter box gives up
// width first; in a panel too narrow for both, the tools move to a second line together, never one button alone.
import type { AffectedMarks, Direction } from "../../../common/protocol";
import { matchText } from "../state";

export interface ToolbarProps {
  filter: string;
  /** How many nodes the filter finds (null: no filter). */
  matches: number | null;
  /** The current match, 0-based. */
  current: number;
  /** Go to the next (1) or previous (-1) match. */
  onStep(delta: 1 | -1): void;
  direction: Direction;
  zoom: number;
  exporting: boolean;
  onFilter(text: string): void;
  onFit(): void;
  onZoom(factor: number): void;
  onDirection(): void;
  onExport(format: "svg" | "png"): void;
  /** The marks of "Affected since…", if shown. */
  affected: AffectedMarks | null;
  onAffected(): void;
}

export interface StatusLineProps {
  /** The selected node's label and its impact text ("needs 3 · needed by 5"), or null with no node selected. */
  impact: { label: string; text: string } | null;
  affected: AffectedMarks | null;
  onClearAffected(): void;
}

/**
 * The line under the toolbar: the selected node's impact ("app: needs 3 · needed by 5") and the affected marks,
 * each on its own line so that neither is cut off in a narrow panel. Nothing is drawn when neither is there.
 */
export function StatusLine(p: StatusLineProps) {
  if (!p.impact && !p.affected) return null;
  return (
    <div className="status-line" role="status">
      {p.impact && (
        <span className="impact-count" data-impact-count="" aria-live="polite" title="What the selected node needs (upstream, dashed outline) and what needs it (downstream, solid outline), directly or through others">
          <span className="impact-label">{p.impact.label}</span>
          {`: ${p.impact.text}`}
        </span>
      )}
      <span className="spacer" />
      {p.affected && (
        <span className="affected-count" data-affected-count="" aria-live="polite">
          {`${p.affected.nodeIds.length} affected since ${p.affected.base}`}
          <button className="tool affected-clear" title="Clear the affected marks" aria-label="Clear the affected marks" onClick={p.onClearAffected}>
            ×
          </button>
        </span>
      )}
    </div>
  );
}

export function Toolbar(p: ToolbarProps) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Graph tools">
      <div className="tool-group search">
        <input
          className="filter"
          type="search"
          placeholder="Filter nodes"
          aria-label="Filter nodes by name"
          value={p.filter}
          onChange={(e) => p.onFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") p.onFilter("");
            else if (e.key === "Enter") {
              e.preventDefault();
              p.onStep(e.shiftKey ? -1 : 1);
            }
          }}
        />
        {p.matches !== null && (
          <>
            <span className="match-count" aria-live="polite">
              {matchText(p.matches, p.current)}
            </span>
            <button className="tool match-prev" title="Previous match (Shift+Enter)" aria-label="Previous match" disabled={p.matches === 0} onClick={() => p.onStep(-1)}>
              ↑
            </button>
            <button className="tool match-next" title="Next match (Enter)" aria-label="Next match" disabled={p.matches === 0} onClick={() => p.onStep(1)}>
              ↓
            </button>
          </>
        )}
      </div>
      <div className="tool-group view-tools">
        {!p.affected && (
          <button className="tool affected" title="Mark what the files changed since a git ref affect" aria-label="Affected since…" onClick={p.onAffected}>
            Affected…
          </button>
        )}
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
    </div>
  );
}
