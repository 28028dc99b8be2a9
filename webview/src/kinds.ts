// How each node kind and edge kind is drawn: glyphs, dashes, markers and colours (VS Code theme variables).
import type { EdgeKind, NodeKind } from "../../common/graph";
import type { RunState } from "../../common/protocol";

/** A text glyph per node kind; plain symbols, so no icon font has to be bundled or fetched. */
export const NODE_GLYPH: Record<NodeKind, string> = {
  workspace: "⌂",
  workflow: "⇉",
  step: "▸",
  block: "▦",
  action: "ϟ",
  registry: "⛁",
  stack: "≣",
  component: "◆",
  abstract: "◇",
  file: "▤",
  alias: "↪",
  subcomponent: "◈",
  source: "⎇",
  environment: "◎",
  app: "▣",
  process: "⚙",
};

export interface EdgeStyle {
  /** SVG stroke-dasharray, or undefined for a solid line. */
  dash?: string;
  width: number;
  /** Which end of the drawn path (drawn in layout direction) gets a marker, and its shape. */
  marker: "arrow" | "triangle" | "dot" | "none";
  markerAt: "start" | "end";
  /** A CSS colour, from the theme. */
  color: string;
  title: string;
}

/** See `EdgeKind` in common/graph.ts for what each kind means. */
export const EDGE_STYLE: Record<EdgeKind, EdgeStyle> = {
  order: { width: 2.6, marker: "arrow", markerAt: "end", color: "var(--vscode-foreground)", title: "runs before" },
  uses: { dash: "2 3", width: 1.2, marker: "arrow", markerAt: "end", color: "var(--vscode-charts-purple, #b180d7)", title: "uses" },
  inherits: { dash: "6 4", width: 1.4, marker: "triangle", markerAt: "start", color: "var(--vscode-charts-blue, #3794ff)", title: "inherits from" },
  artifacts: { dash: "8 3 2 3", width: 1.4, marker: "arrow", markerAt: "end", color: "var(--vscode-charts-orange, #d18616)", title: "takes artifacts from" },
  registry: { dash: "1 3", width: 1.4, marker: "arrow", markerAt: "end", color: "var(--vscode-charts-yellow, #cca700)", title: "registry dependency" },
  depends: { width: 1.6, marker: "arrow", markerAt: "end", color: "var(--vscode-foreground)", title: "runs after (depends on)" },
  contains: { width: 1, marker: "none", markerAt: "end", color: "var(--vscode-descriptionForeground, #999)", title: "contains" },
  source: { dash: "3 3", width: 1.2, marker: "dot", markerAt: "end", color: "var(--vscode-charts-green, #89d185)", title: "external source" },
  targets: { dash: "10 3", width: 1.4, marker: "arrow", markerAt: "end", color: "var(--vscode-charts-purple, #b180d7)", title: "runs on" },
};

export const RUN_LABEL: Record<RunState, string> = {
  queued: "queued",
  running: "running",
  succeeded: "succeeded",
  "passed-allowed": "passed, allowed failures",
  allowed: "failed, allowed",
  failed: "failed",
  skipped: "skipped",
  blocked: "blocked",
  cancelled: "cancelled",
};

/**
 * An icon per run state, so that states differ by more than colour (plain symbols in their text presentation,
 * no icon font). Drawn before the state's name in the chip above the node.
 */
export const RUN_ICON: Record<RunState, string> = {
  queued: "◷",
  running: "↻",
  succeeded: "✓",
  "passed-allowed": "☑\uFE0E",
  allowed: "⚠\uFE0E",
  failed: "✗",
  skipped: "↷",
  blocked: "⊘",
  cancelled: "■",
};

/** The status chip's size: an icon, the state's name at 11 px, and padding. */
export const CHIP_HEIGHT = 16;
export function chipWidth(state: RunState): number {
  return Math.round(24 + RUN_LABEL[state].length * 6.4);
}
