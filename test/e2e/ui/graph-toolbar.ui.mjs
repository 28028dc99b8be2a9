// UI test of the graph toolbar's fit at the widths a graph panel has beside an editor: one line from about 500 px
// up, and in a narrower panel the view's tools on a second line together (never "PNG" alone on a line). Saves the
// top of the panel at about 600 and 790 px, dark and light, as test-results/graph-toolbar-<width>px-<theme>.png.
import assert from "node:assert/strict";
import * as path from "node:path";
import { resultsDir } from "./workbench.mjs";

/**
 * Window widths and the panel width they give (the side bar keeps its width, the two editor groups share the rest):
 * a panel of about 420 px, about 600 px (narrow), and about 790 px (a 1920 px window, the usual case).
 */
const WIDTHS = [1190, 1550, 1920];

/** The vertical centre of each toolbar control, by its class, in the webview. */
async function rows(wb) {
  return wb
    .graph()
    .locator(".toolbar")
    .evaluate((bar) =>
      [...bar.querySelectorAll(".filter, .tool, .zoom-level")].map((e) => {
        const r = e.getBoundingClientRect();
        return { name: e.className.replace(/\btool\b/, "").trim(), group: e.closest(".tool-group")?.classList.contains("search") ? "search" : "tools", mid: r.top + r.height / 2, right: r.right, width: bar.clientWidth };
      }),
    );
}

export const tests = [
  {
    name: "the graph toolbar fits a narrow panel: one line from about 500 px, else the view's tools move down together",
    async run(wb) {
      const { page } = wb;
      await wb.openFile("env0/env0.workflow.yaml");
      await wb.showGraph("Graph: env0 workflow env0");
      await wb.node("alias:network").waitFor();
      const before = page.viewportSize().width;
      const panel = page.locator("iframe.webview.ready");
      try {
        for (const width of WIDTHS) {
          await wb.resize(width);
          const want = Math.round((await panel.boundingBox()).width);
          const got = await wb
            .graph()
            .locator(".toolbar")
            .evaluate(
              (bar, w) =>
                new Promise((resolve) => {
                  const end = Date.now() + 10000;
                  const check = () => {
                    const now = bar.getBoundingClientRect().width;
                    if (Math.abs(now - w) <= 2 || Date.now() > end) resolve(now);
                    else requestAnimationFrame(check);
                  };
                  check();
                }),
              want,
            );
          assert.ok(Math.abs(got - want) <= 2, `${width}: the toolbar is ${got} px wide in a panel of ${want} px`);
          const controls = await rows(wb);
          const tools = controls.filter((c) => c.group === "tools");
          // Lines of controls: centres more than 8 px apart start a new one.
          const line = (cs) => cs.map((c) => c.mid).sort((a, b) => a - b).filter((m, i, ms) => i === 0 || m - ms[i - 1] > 8).length;
          // The view's tools always share one line: Affected…, fit, zoom, direction, SVG and PNG.
          assert.equal(line(tools), 1, `${width}: the tools are split over lines: ${JSON.stringify(tools)}`);
          assert.ok(tools.some((c) => c.name === "export-png") && tools.some((c) => c.name === "affected"));
          // Nothing is cut off at the right.
          for (const c of controls) assert.ok(c.right <= c.width, `${width}: ${c.name} ends at ${c.right} in a toolbar of ${c.width}`);
          // From about 500 px the whole toolbar is one line.
          if (want >= 500) assert.equal(line(controls), 1, `${width} (panel ${want} px): the toolbar wraps: ${JSON.stringify(controls)}`);
          else assert.equal(line(controls), 2, `${width} (panel ${want} px): the filter and the tools share a line they do not fit`);
          // Pictures at the narrow and the usual width, dark and light.
          if (want < 500) continue;
          await wb.withThemes(["dark", "light"], async (_theme, key) => {
            const box = await panel.boundingBox();
            await page.screenshot({ path: path.join(resultsDir, `graph-toolbar-${want}px-${key}.png`), clip: { x: box.x, y: box.y, width: box.width, height: 90 } });
          });
        }
      } finally {
        await wb.resize(before);
      }
      await wb.runCommand("View: Close All Editors");
    },
  },
];
