// One box: a graph node, or a collapsed group standing for its members. Labels are always text (React escapes).
import { memo } from "react";
import type { GraphNode } from "../../../common/graph";
import type { RunState } from "../../../common/protocol";
import { CHIP_HEIGHT, chipWidth, NODE_GLYPH, RUN_ICON, RUN_LABEL } from "../kinds";
import type { Box, VisibleNode } from "../layout";

export interface NodeProps {
  box: Box;
  visible: VisibleNode;
  /** The graph node (undefined for a collapsed group). */
  node?: GraphNode;
  status?: RunState;
  selected: boolean;
  dimmed: boolean;
  /** On the selected node's impact: it needs this box (upstream), or this box needs it (downstream). */
  impact?: "needs" | "neededBy";
  /** Marked by "Affected since…": a changed file touches it, or it needs something a changed file touches. */
  affected?: boolean;
  /** Shows the handle a new dependency is dragged from. */
  handle?: boolean;
  /** A dependency is being dragged and can be dropped here. */
  linkTarget?: boolean;
  /** A click on the box (one callback for every box, so that a box whose props did not change is not drawn again). */
  onActivate(v: VisibleNode): void;
}

/** Cuts text to what fits in `width` pixels at roughly 7 px a character. */
export function fit(text: string, width: number, charWidth = 7): string {
  const max = Math.max(3, Math.floor(width / charWidth));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const IMPACT_LINE = { needs: "The selected node needs this (upstream)", neededBy: "This needs the selected node (downstream)" } as const;

function tooltip(v: VisibleNode, n: GraphNode | undefined, status: RunState | undefined, impact: NodeProps["impact"], affected: boolean): string {
  const lines = [n ? `${n.label} (${n.kind})` : `${v.label}: ${v.members ?? 0} node(s) hidden; click to expand`];
  if (n?.detail) lines.push(n.detail);
  const flags = n?.flags ? Object.entries(n.flags).filter(([, on]) => on).map(([f]) => f) : [];
  if (flags.length) lines.push(`Flags: ${flags.join(", ")}`);
  if (status) lines.push(`Run: ${RUN_LABEL[status]}`);
  if (impact) lines.push(IMPACT_LINE[impact]);
  if (affected) lines.push("Affected by the changed files");
  for (const p of n?.problems ?? []) lines.push(`${p.severity}: ${p.message}`);
  return lines.join("\n");
}

export const Node = memo(function Node({ box, visible, node, status, selected, dimmed, impact, affected = false, handle, linkTarget, onActivate }: NodeProps) {
  const group = visible.type === "group";
  const problems = node?.problems ?? [];
  const severity = problems.some((p) => p.severity === "error") ? "error" : problems.some((p) => p.severity === "warning") ? "warning" : null;
  const flags = node?.flags ?? {};
  const classes = [
    "node",
    group ? "collapsed-group" : `kind-${node?.kind ?? "step"}`,
    selected && "selected",
    dimmed && "dimmed",
    impact === "needs" && "impact-needs",
    impact === "neededBy" && "impact-needed-by",
    affected && "affected",
    severity && `problem-${severity}`,
    status && `status-${status}`,
    flags.disabled && "flag-disabled",
    flags.abstract && "flag-abstract",
    flags.approval && "flag-approval",
    flags.external && "flag-external",
    linkTarget && "link-target",
  ].filter(Boolean);
  const badges: string[] = [];
  if (flags.approval) badges.push("approval");
  if (flags.prompt) badges.push("prompt");
  if (flags.disabled) badges.push("disabled");
  if (flags.abstract) badges.push("abstract");
  if (flags.external) badges.push("external");
  const glyph = group ? "▸" : NODE_GLYPH[node?.kind ?? "step"] ?? "•";
  const textWidth = box.width - 38;
  return (
    <g
      className={classes.join(" ")}
      transform={`translate(${box.x},${box.y})`}
      data-node-id={group ? undefined : visible.id}
      data-group-id={group ? visible.id.slice("group:".length) : undefined}
      data-status={status}
      data-impact={impact}
      data-affected={affected ? "" : undefined}
      role="button"
      aria-label={group ? `Group ${visible.label}, collapsed` : `${node?.kind ?? "node"} ${visible.label}`}
      aria-selected={selected}
      onClick={(e) => {
        e.stopPropagation();
        onActivate(visible);
      }}
    >
      <title>{tooltip(visible, node, status, impact, affected)}</title>
      {impact && (
        // A ring around the box, outside its own outline (problems, approval stay visible): dashed for what the
        // selection needs, solid for what needs it.
        <rect className="node-impact-ring" x={-4} y={-4} width={box.width + 8} height={box.height + 8} rx={group ? 4 : 9} aria-hidden="true" />
      )}
      <rect className="node-box" width={box.width} height={box.height} rx={group ? 2 : 6} />
      {group && <rect className="node-stack" x={4} y={-4} width={box.width} height={box.height} rx={2} />}
      {status && <rect className="node-status" x={0} y={0} width={5} height={box.height} rx={2} />}
      {affected && (
        // A corner mark besides the outline colour, so that "affected" is told by shape too.
        <path className="node-affected-mark" d={`M${box.width - 12},0 L${box.width},0 L${box.width},12 z`} aria-hidden="true" />
      )}
      <text className="node-glyph" x={16} y={box.height / 2} aria-hidden="true">
        {glyph}
      </text>
      <text className="node-label" x={30} y={visible.detail ? 19 : box.height / 2}>
        {fit(visible.label, textWidth)}
      </text>
      {visible.detail && (
        <text className="node-detail" x={30} y={35}>
          {fit(visible.detail, textWidth, 6)}
        </text>
      )}
      {status && (
        // The run state above the box's right end (in the gap between layers): icon and name on an opaque chip,
        // so its contrast is against the editor background whatever is drawn behind it.
        <g className="node-status-chip" transform={`translate(${box.width - chipWidth(status)},${-CHIP_HEIGHT - 3})`}>
          <rect className="node-status-chip-bg" width={chipWidth(status)} height={CHIP_HEIGHT} rx={3} />
          <text className="node-status-icon" x={10} y={CHIP_HEIGHT / 2} aria-hidden="true">
            {RUN_ICON[status]}
          </text>
          <text className="node-status-label" x={19} y={CHIP_HEIGHT / 2}>
            {RUN_LABEL[status]}
          </text>
        </g>
      )}
      {badges.length > 0 && (
        // The flags, on the same line, left of the run state.
        <text className="node-badges" x={box.width - (status ? chipWidth(status) + 6 : 4)} y={-5}>
          {badges.join(" · ")}
        </text>
      )}
      {handle && (
        <circle className="node-handle" data-handle-for={visible.id} cx={box.width} cy={box.height / 2} r={6}>
          <title>Drag to another node to add a dependency</title>
        </circle>
      )}
    </g>
  );
});
