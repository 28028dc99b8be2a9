// UI tests of run states in the graph: they survive closing and reopening the panel (from the run history), and
// every state shown meets WCAG AA (4.5:1) for its text in the default dark, light and high-contrast themes,
// computed from the colours the webview really renders (getComputedStyle), with an icon for each. Runs last
// (file order): it runs a workflow and switches the colour theme, and puts the theme back.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../test-results");
const POLY_TITLE = "Graph: Polycrate workspace acme-shop";
const RUN_TIMEOUT = 30000;
const THEMES = [
  { id: "Default Dark Modern", body: "vscode-dark", shot: "dark" },
  { id: "Default Light Modern", body: "vscode-light", shot: "light" },
  { id: "Default High Contrast", body: "vscode-high-contrast", shot: "hc" },
  { id: "Default High Contrast Light", body: "vscode-high-contrast-light", shot: "hc-light" },
];

const status = (wb, id, state) => wb.graph().locator(`[data-node-id="${id}"].status-${state}[data-status="${state}"]`);

/** For each node with a run state: the state, its icon, and the contrast of its name against the chip, as rendered. */
function renderedContrasts(g) {
  return g.locator(".node[data-status]").evaluateAll((nodes) => {
    const rgb = (css) => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(css);
      if (!m) throw new Error(`not an rgb colour: ${css}`);
      if (m[4] !== undefined && Number(m[4]) < 1) throw new Error(`a translucent colour: ${css}`);
      return [m[1], m[2], m[3]].map(Number);
    };
    const lum = (c) => {
      const [r, g, b] = c.map((v) => {
        const s = v / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    return nodes.map((n) => {
      const label = n.querySelector(".node-status-label");
      const chip = n.querySelector(".node-status-chip-bg");
      const fg = lum(rgb(getComputedStyle(label).fill));
      const bg = lum(rgb(getComputedStyle(chip).fill));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      return { id: n.getAttribute("data-node-id"), state: n.getAttribute("data-status"), icon: n.querySelector(".node-status-icon")?.textContent ?? "", opacity: getComputedStyle(n).opacity, ratio };
    });
  });
}

export const tests = [
  {
    name: "run states stay after closing and reopening the graph, and every state shown is readable (≥ 4.5:1) in dark, light and high-contrast themes",
    async run(wb) {
      const { page } = wb;
      const marker = path.join(wb.folder, "fail-install-app.marker");
      const settingsFile = path.join(wb.folder, ".vscode", "settings.json");
      const settings = fs.readFileSync(settingsFile, "utf8");
      let original;
      fs.writeFileSync(marker, "");
      try {
        await wb.openFile("workspace.poly");
        if (!(await page.locator(".tabs-container .tab", { hasText: "Graph: " }).count())) await wb.showGraph();
        await wb.graphTitled(POLY_TITLE);
        await wb.node("step:deploy#0").waitFor();
        await wb.lens("▶ Run workflow").first().click();
        await wb.terminal().filter({ hasText: "Run failed in" }).waitFor({ timeout: RUN_TIMEOUT });
        await status(wb, "step:deploy#0", "succeeded").waitFor();
        await status(wb, "step:deploy#1", "failed").waitFor();
        await wb.reset();

        // Close the graph (a middle click on its tab) and open it again: the states come back.
        await page.locator(".tabs-container .tab", { hasText: "Graph: " }).first().click({ button: "middle" });
        await page.locator(".tabs-container .tab", { hasText: "Graph: " }).waitFor({ state: "detached" });
        await wb.focusEditor();
        await wb.showGraph(POLY_TITLE);
        await status(wb, "step:deploy#0", "succeeded").waitFor();
        await status(wb, "step:deploy#1", "failed").waitFor();

        // The theme the workbench had before (the profile's), to wait for once the settings are put back.
        const before = (await wb.graph().locator("body").getAttribute("class")) ?? "";
        original = THEMES.map((t) => t.body).find((c) => before.split(/\s+/).includes(c));
        for (const theme of THEMES) {
          // A workspace setting: the window takes the new theme at once, and the webview's body its class.
          fs.writeFileSync(settingsFile, JSON.stringify({ "infraflow.polycrate.mode": "local", "workbench.colorTheme": theme.id }, null, 2));
          const g = wb.graph();
          await g.locator(`body.${theme.body}`).waitFor({ state: "attached" });
          await g.locator('svg.graph[data-layout="final"][data-drawn="all"]').waitFor();
          const rows = await renderedContrasts(g);
          const states = new Set(rows.map((r) => r.state));
          assert.ok(states.has("succeeded") && states.has("failed"), `${theme.id}: states shown: ${[...states].join(", ")}`);
          for (const r of rows) {
            assert.ok(r.ratio >= 4.5, `${theme.id}: ${r.state} on ${r.id} is ${r.ratio.toFixed(2)}:1`);
            assert.equal(r.opacity, "1", `${r.id} is not dimmed`);
          }
          // Told apart by more than colour: each state its own icon.
          const icons = new Map(rows.map((r) => [r.state, r.icon]));
          assert.equal(new Set(icons.values()).size, icons.size, `${theme.id}: one icon per state`);
          fs.mkdirSync(resultsDir, { recursive: true });
          await page.locator("iframe.webview.ready").screenshot({ path: path.join(resultsDir, `graph-states-${theme.shot}.png`) });
        }
      } finally {
        fs.writeFileSync(settingsFile, settings);
        fs.rmSync(marker, { force: true });
      }
      if (original) await wb.graph().locator(`body.${original}`).waitFor({ state: "attached" });
    },
  },
];
