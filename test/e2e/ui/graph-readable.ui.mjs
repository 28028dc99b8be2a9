// UI tests of a graph people can read and search at any size: the filter opens the collapsed group that hides
// a match, selects it, pans to it and counts "1 of N"; a generated 630-node Polycrate graph opens at a zoom
// where labels are readable, with its 600 unconnected blocks wrapped in rows and a minimap for the rest.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../test-results");
const POLY_TITLE = "Graph: Polycrate workspace acme-shop";
/** webview/src/state.ts: labels (13 px) stay at least 9 px high, so a fit never goes below 9/13. */
const FIT_MIN_PERCENT = Math.round((9 / 13) * 100);
const BLOCKS = 600;
const WORKFLOWS = 10;

/** A Polycrate workspace of 600 blocks and ten workflows of three steps: step 2 of wf-05 is `find-me-here`. */
function largeWorkspace() {
  const lines = ["name: big-one", "organization: acme", "blocks:"];
  for (let i = 0; i < BLOCKS; i++) lines.push(`  - name: blk-${String(i).padStart(3, "0")}`);
  lines.push("workflows:");
  for (let w = 0; w < WORKFLOWS; w++) {
    const wf = `wf-${String(w).padStart(2, "0")}`;
    lines.push(`  - name: ${wf}`, "    steps:");
    for (let s = 0; s < 3; s++) {
      const name = w === 5 && s === 1 ? "find-me-here" : `${wf}-step-${s}`;
      lines.push(`      - name: ${name}`, `        block: blk-${String(w * 3 + s).padStart(3, "0")}`);
    }
  }
  return lines.join("\n") + "\n";
}


/**
 * Whether the node comes into the graph's view within the next 600 animation frames: the view pans once the
 * layout that shows the node arrives, and the webview's frames, not a clock, tell when it did.
 */
function inViewSoon(g, nodeId) {
  return g.locator("svg.graph").evaluate(
    (svg, id) =>
      new Promise((resolve) => {
        let frames = 0;
        const check = () => {
          const n = svg.querySelector(`[data-node-id="${CSS.escape(id)}"]`);
          const a = svg.getBoundingClientRect();
          const b = n?.getBoundingClientRect();
          if (b && b.left >= a.left && b.top >= a.top && b.right <= a.right && b.bottom <= a.bottom) resolve(true);
          else if (++frames > 600) resolve(false);
          else requestAnimationFrame(check);
        };
        check();
      }),
    nodeId,
  );
}

/** The zoom the toolbar shows, in percent. */
async function zoomPercent(g) {
  return Number((await g.locator(".zoom-level").textContent()).replace("%", ""));
}

export const tests = [
  {
    name: "the filter opens the collapsed workflow holding a match, selects it and steps with Enter / Shift+Enter",
    async run(wb) {
      await wb.openFile("workspace.poly");
      if (!(await wb.page.locator(".tabs-container .tab", { hasText: "Graph: " }).count())) await wb.showGraph();
      await wb.graphTitled(POLY_TITLE);
      await wb.node("step:deploy#0").waitFor();
      const g = wb.graph();
      await g.locator('.group[data-group-id="workflow:deploy"] .group-header').click();
      await g.locator('.node.collapsed-group[data-group-id="workflow:deploy"]').waitFor();
      await g.locator('[data-node-id="step:deploy#1"]').waitFor({ state: "detached" });

      const filter = g.locator("input.filter");
      await filter.fill("install-app");
      await g.locator(".match-count", { hasText: "1 of 1" }).waitFor();
      // The group opened, and the match is the selected node, drawn inside the panel.
      await g.locator('.node.collapsed-group[data-group-id="workflow:deploy"]').waitFor({ state: "detached" });
      const match = wb.node("step:deploy#1");
      await match.and(g.locator(".node.selected")).waitFor();
      assert.ok(await inViewSoon(g, "step:deploy#1"), "the match is in view");

      // Three matches: Enter goes to the next, Shift+Enter back, and the arrows do the same.
      await filter.fill("install-");
      await g.locator(".match-count", { hasText: "1 of 3" }).waitFor();
      await filter.press("Enter");
      await g.locator(".match-count", { hasText: "2 of 3" }).waitFor();
      await filter.press("Enter");
      await filter.press("Enter");
      await g.locator(".match-count", { hasText: "1 of 3" }).waitFor();
      await filter.press("Shift+Enter");
      await g.locator(".match-count", { hasText: "3 of 3" }).waitFor();
      await g.locator("button.match-prev").click();
      await g.locator(".match-count", { hasText: "2 of 3" }).waitFor();
      assert.equal(await g.locator(".node.selected").count(), 1);
      await filter.fill("no-such-node");
      await g.locator(".match-count", { hasText: "No matches" }).waitFor();
      assert.ok(await g.locator("button.match-next").isDisabled());
      // Clearing the filter closes the group it opened again.
      await filter.press("Escape");
      await g.locator('.node.collapsed-group[data-group-id="workflow:deploy"]').waitFor();
      await g.locator('.node.collapsed-group[data-group-id="workflow:deploy"]').click();
      await wb.node("step:deploy#0").waitFor();
    },
  },
  {
    name: "a 630-node Polycrate graph opens at a readable zoom, its blocks wrapped in rows, with a minimap; the filter finds a step in a collapsed workflow",
    async run(wb) {
      const dir = path.join(wb.folder, "large");
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "workspace.poly"), largeWorkspace());
      try {
        await wb.openFile("large/workspace.poly");
        if (!(await wb.page.locator(".tabs-container .tab", { hasText: "Graph: " }).count())) await wb.showGraph();
        await wb.graphTitled("Graph: Polycrate workspace big-one");
        const g = wb.graph();
        // More than 500 nodes: every workflow opens collapsed. Then ELK's layout, drawn in full.
        await g.locator('.node.collapsed-group[data-group-id="workflow:wf-05"]').waitFor({ timeout: 30000 });
        await g.locator('svg.graph[data-layout="final"][data-drawn="all"]').waitFor({ timeout: 30000 });
        const zoom = await zoomPercent(g);
        assert.ok(zoom >= FIT_MIN_PERCENT, `opened at ${zoom} %`);
        // Labels as drawn: at least 9 px high on screen.
        const label = await g.locator('[data-node-id="block:blk-100"] .node-label').boundingBox();
        assert.ok(label && label.height >= 9, `a label is ${label?.height} px high`);
        // Not everything fits at that zoom: the minimap shows the whole drawing, which is not one long row.
        const minimap = g.locator("[data-minimap]");
        await minimap.waitFor();
        const map = await minimap.boundingBox();
        assert.ok(map.width / map.height < 4, `the drawing's shape is ${Math.round(map.width)}×${Math.round(map.height)}`);
        fs.mkdirSync(resultsDir, { recursive: true });
        await wb.page.locator("iframe.webview.ready").screenshot({ path: path.join(resultsDir, "graph-large.png") });

        // A click on the minimap's far corner moves the view there, at the same zoom.
        const before = await g.locator('[data-node-id="block:blk-000"]').boundingBox();
        await minimap.click({ position: { x: map.width - 3, y: map.height - 3 } });
        await g.locator(".zoom-level", { hasText: `${zoom}%` }).waitFor();
        const after = await g.locator('[data-node-id="block:blk-000"]').boundingBox();
        assert.ok(after.x < before.x || after.y < before.y, "the view moved");

        const filter = g.locator("input.filter");
        await filter.fill("find-me-here");
        await g.locator(".match-count", { hasText: "1 of 1" }).waitFor();
        await g.locator('.node.collapsed-group[data-group-id="workflow:wf-05"]').waitFor({ state: "detached" });
        const match = wb.node("step:wf-05#1");
        await match.and(g.locator(".node.selected")).waitFor({ timeout: 30000 });
        // The view pans to the match once the new layout is drawn.
        await g.locator('svg.graph[data-layout="final"][data-drawn="all"]').waitFor({ timeout: 30000 });
        assert.ok(await inViewSoon(g, "step:wf-05#1"), "the match is in view");
        assert.ok((await zoomPercent(g)) >= FIT_MIN_PERCENT);
        await filter.press("Escape");
      } finally {
        // Leave the workbench as the next tests expect it: no editor of the deleted workspace, no tooltip of its tab
        // under the mouse (it covered the graph's toolbar in the tests after this one).
        await wb.reset();
        await wb.runCommand("View: Close All Editors");
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
