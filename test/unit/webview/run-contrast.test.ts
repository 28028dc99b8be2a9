// Run states in the graph: each one's text meets WCAG AA (4.5:1) in VS Code's default themes, computed from the
// colours styles.css really uses, and each has an icon of its own, so that colour is not the only difference.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { RUN_STATES } from "../../../common/protocol";
import { RUN_ICON, RUN_LABEL } from "../../../webview/src/kinds";

const css = fs.readFileSync(path.join(import.meta.dirname, "../../../webview/src/styles.css"), "utf8");

/**
 * `editor.background` of VS Code's default themes, which the status chip is filled with: Dark Modern and Light
 * Modern set it (extensions/theme-defaults/themes/dark_modern.json, light_modern.json); the high-contrast themes
 * take the registry default (src/vs/platform/theme/common/colors/editorColors.ts: hcDark black, hcLight white).
 * Dark+ (#1E1E1E) is the older dark default.
 */
const THEMES = [
  { name: "Dark Modern", body: "vscode-dark", background: "#1f1f1f" },
  { name: "Dark+", body: "vscode-dark", background: "#1e1e1e" },
  { name: "Light Modern", body: "vscode-light", background: "#ffffff" },
  { name: "High Contrast", body: "vscode-high-contrast", background: "#000000" },
  { name: "High Contrast Light", body: "vscode-high-contrast-light", background: "#ffffff" },
];

/** The custom properties that `body.<cls> { … }` sets in styles.css. */
function propsOf(cls: string): Map<string, string> {
  const m = new RegExp(`(?:^|\\n)body\\.${cls} \\{([^}]*)\\}`).exec(css);
  assert.ok(m, `styles.css has a body.${cls} block`);
  return new Map([...m[1]!.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((x) => [x[1]!, x[2]!.trim()]));
}

/** WCAG 2 relative luminance of an sRGB colour. */
function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  assert.ok(m, `${hex} is a #rrggbb colour`);
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => {
    const c = parseInt(h!, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe("run states: contrast and shape", () => {
  it("computes WCAG ratios like the reference values", () => {
    assert.equal(contrast("#000000", "#ffffff"), 21);
    assert.equal(Math.round(contrast("#777777", "#ffffff") * 100) / 100, 4.48);
    // The old "blocked" colour (charts orange) on Light Modern: the failure the issue reported, in kind.
    assert.ok(contrast("#d18616", "#ffffff") < 3);
  });

  it("every state's text is at least 4.5:1 on the chip in the default dark, light and high-contrast themes", () => {
    const report: string[] = [];
    for (const t of THEMES) {
      const props = propsOf(t.body);
      for (const state of RUN_STATES) {
        const colour = props.get(`--infraflow-run-${state}`);
        assert.ok(colour, `${t.body} sets --infraflow-run-${state}`);
        const ratio = contrast(colour, t.background);
        report.push(`${t.name} ${state} ${ratio.toFixed(2)}`);
        assert.ok(ratio >= 4.5, `${state} in ${t.name}: ${colour} on ${t.background} is ${ratio.toFixed(2)}:1`);
      }
    }
    assert.equal(report.length, THEMES.length * RUN_STATES.length);
  });

  it("the chip is filled with the editor background, and the state's colour is what its icon, name and stripe use", () => {
    const rule = (sel: string) => new RegExp(`(?:^|\\n)${sel.replace(/[.]/g, "\\.")}[^{]*\\{([^}]*)\\}`).exec(css)?.[1] ?? "";
    assert.match(rule(".node-status-chip-bg"), /fill: var\(--vscode-editor-background\);/);
    assert.match(rule(".node-status-icon,\n.node-status-label"), /fill: var\(--run\);/);
    assert.match(rule(".node-status"), /fill: var\(--run\);/);
    for (const state of RUN_STATES) assert.match(rule(`.node.status-${state}`), new RegExp(`--run: var\\(--infraflow-run-${state},`), state);
    // The label is drawn at 11 px: not smaller than the 10 px the contrast was first measured at.
    assert.match(rule(".node-status-icon,\n.node-status-label"), /font-size: 11px;/);
  });

  it("every state has an icon and a name of its own", () => {
    assert.equal(new Set(RUN_STATES.map((s) => RUN_ICON[s])).size, RUN_STATES.length);
    assert.equal(new Set(RUN_STATES.map((s) => RUN_LABEL[s])).size, RUN_STATES.length);
    for (const s of RUN_STATES) assert.ok(RUN_ICON[s].trim().length > 0, s);
  });
});
