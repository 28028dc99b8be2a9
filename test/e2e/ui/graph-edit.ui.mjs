// UI test of graph editing on test/e2e/workspace/env0/env0.workflow.yaml: dragging from `cluster`'s handle onto
// `database` in the graph view writes `- database` into cluster's `needs`; Ctrl+Z in the editor takes it out in one
// step. The webview is two nested iframes; its elements carry data-node-id, data-handle-for and data-edge-id.
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const results = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../test-results");
const NEW_NEED = /^\s+- database\s*$/;

/** Opens a file below the workspace folder with Quick Open (Ctrl+P). */
async function quickOpen(wb, relPath, tabName) {
  const { page } = wb;
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor();
  await input.fill(relPath);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: tabName }).first().waitFor();
  await page.keyboard.press("Enter");
  await page.locator(".tabs-container .tab.active", { hasText: tabName }).waitFor();
  await page.locator(".editor-instance .view-lines .view-line").first().waitFor();
}

export const tests = [
  {
    name: "graph edit: dragging from one node to another writes the dependency, and Ctrl+Z takes it out",
    async run(wb) {
      const { page } = wb;
      await quickOpen(wb, "env0/env0.workflow.yaml", "env0.workflow.yaml");
      await wb.waitForLines(NEW_NEED, 0);
      await wb.runCommand("Infraflow: Show Dependency Graph");
      const view = page.frameLocator("iframe.webview.ready").frameLocator("iframe#active-frame");
      // The graph is drawn from text that parses, so it can be edited; the drag starts once ELK's layout replaced the
      // quick first one, so the boxes stay where they were measured.
      await view.locator('svg.graph[data-editable="true"][data-layout="final"][data-drawn="all"]').waitFor({ timeout: 40000 });
      const target = view.locator('[data-node-id="alias:database"]');
      const handle = view.locator('[data-handle-for="alias:cluster"]');
      await target.waitFor();
      await handle.waitFor();

      // Drag from cluster's handle, with the rubber band following the pointer, and drop on database.
      const from = await handle.boundingBox();
      const to = await target.boundingBox();
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
      await view.locator("[data-rubber-band]").waitFor();
      await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 });
      await page.mouse.up();

      // The text gets the new `needs` entry, and the graph comes back from the text with the new edge.
      await wb.waitForLines(NEW_NEED, 1);
      await view.locator('[data-edge-id="depends:alias:cluster->alias:database"]').waitFor({ state: "attached" });
      await page.screenshot({ path: path.join(results, "ui-graph-edit-dependency-added.png") });

      // Ctrl+Z in the editor undoes the graph edit in one step.
      await wb.clickAfter("name: EKS cluster", "cluster");
      await page.keyboard.press("Control+Z");
      await wb.waitForLines(NEW_NEED, 0);
      await view.locator('[data-edge-id="depends:alias:cluster->alias:database"]').waitFor({ state: "detached" });
      await page.locator(".tabs-container .tab.active.dirty").waitFor({ state: "detached" });
      await wb.runCommand("View: Close All Editors");
    },
  },
];
