// UI tests of "what does this touch?" and of graph edits that land in another file, in the real workbench:
// - selecting a node outlines what it needs and what needs it, with "needs N · needed by M" under the toolbar (dark and
//   light screenshots), and "Infraflow: Show Dependents" from the editor selects the node and peeks its dependents;
// - a dependency dragged between two Atmos components defined in a catalog file two stacks import asks first,
//   names the file it changed (with a link, who imports it, and Undo), and the graph shows the new edge at once;
//   Ctrl+Z in the graph undoes it; "Only this stack" writes it in the stack's manifest instead.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const results = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../test-results");

/**
 * Opens a file with Quick Open, once more if the first try found no row: right after the workbench starts, the
 * file search may not answer in time.
 */
async function open(wb, rel) {
  try {
    await wb.openFile(rel);
  } catch {
    await wb.reset();
    await wb.openFile(rel);
  }
}

/** Drags from the handle of the node whose id ends with `from` onto the node whose id ends with `to`. */
async function drag(wb, from, to) {
  const { page } = wb;
  const g = wb.graph();
  await g.locator('svg.graph[data-editable="true"][data-layout="final"][data-drawn="all"]').waitFor({ timeout: 40000 });
  const handle = g.locator(`[data-handle-for$=${JSON.stringify(from)}]`);
  const target = g.locator(`[data-node-id$=${JSON.stringify(to)}]`);
  const a = await handle.boundingBox();
  const b = await target.boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await g.locator("[data-rubber-band]").waitFor();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

export const tests = [
  {
    name: "impact: a selected node outlines what it needs and what needs it, with counts",
    async run(wb) {
      await open(wb, "env0/env0.workflow.yaml");
      await wb.showGraph("Graph: env0 workflow env0");
      const g = wb.graph();
      const impact = (id) => g.locator(`[data-node-id="${id}"]`);

      // network ← database, cluster ← app: everything else needs network.
      await wb.node("alias:network").click();
      await g.locator("[data-impact-count]", { hasText: "network: needs 0 · needed by 3" }).waitFor();
      for (const id of ["alias:database", "alias:cluster", "alias:app"]) await impact(id).and(g.locator('[data-impact="neededBy"]')).waitFor();
      assert.equal(await g.locator('[data-impact="needs"]').count(), 0);

      // database: needs network, needed by app; cluster is neither.
      await wb.node("alias:database").click();
      await g.locator("[data-impact-count]", { hasText: "database: needs 1 · needed by 1" }).waitFor();
      await impact("alias:network").and(g.locator('[data-impact="needs"]')).waitFor();
      await impact("alias:app").and(g.locator('[data-impact="neededBy"]')).waitFor();
      assert.equal(await impact("alias:cluster").getAttribute("data-impact"), null);
      // The edges between them are highlighted: database → network and app → database.
      await g.locator('.edge.highlighted[data-edge-id="depends:alias:database->alias:network"]').waitFor({ state: "attached" });
      await g.locator('.edge.highlighted[data-edge-id="depends:alias:app->alias:database"]').waitFor({ state: "attached" });
      assert.equal(await g.locator('.edge.highlighted[data-edge-id="depends:alias:cluster->alias:network"]').count(), 0);
    },
  },
  {
    name: "impact: the outlines and counts as a user sees them, dark and light (screenshots)",
    async run(wb) {
      const g = wb.graph();
      await g.locator("[data-impact-count]", { hasText: "database: needs 1 · needed by 1" }).waitFor();
      // The README's pictures of the graph: the panel down to the end of the drawing, in a window wide enough for
      // the fitted graph to be drawn at 100 %.
      const width = wb.page.viewportSize().width;
      try {
        await wb.resize(1900);
        await g.locator(".zoom-level", { hasText: /^100%$/ }).waitFor();
        const clip = await wb.graphClip();
        await wb.withThemes(["dark", "light"], async (_theme, key) => {
          await g.locator("[data-impact-count]", { hasText: "needs 1 · needed by 1" }).waitFor();
          await wb.docShot(`graph-${key}`, clip);
        });
      } finally {
        await wb.resize(width);
      }
      // Fitted again: the panned view would stay with the next graph panel (its view state is kept).
      await g.locator("button.fit").click();
      await wb.runCommand("View: Close All Editors");
    },
  },
  {
    name: "Show Dependents from the editor selects the node under the cursor in the graph and peeks what needs it",
    async run(wb) {
      const { page } = wb;
      await open(wb, "env0/env0.workflow.yaml");
      await wb.showGraph("Graph: env0 workflow env0");
      const g = wb.graph();
      await wb.node("alias:cluster").waitFor();
      // Show Dependents from the editor, on `cluster`: the graph selects it, and the peek lists app.
      await wb.clickAfter("  cluster:", "cluster");
      await wb.runCommand("Infraflow: Show Dependents");
      await g.locator('[data-node-id="alias:cluster"][aria-selected="true"]').waitFor();
      await g.locator("[data-impact-count]", { hasText: "cluster: needs 1 · needed by 1" }).waitFor();
      const peek = page.locator(".peekview-widget");
      await peek.waitFor();
      await peek.locator(".monaco-list-row", { hasText: "app:" }).first().waitFor();
      await page.screenshot({ path: path.join(results, "graph-show-dependents.png") });
      await wb.reset();
      await peek.waitFor({ state: "detached" });
      await wb.runCommand("View: Close All Editors");
    },
  },
  {
    name: "cross-file edit: a dependency written in a shared catalog asks first, names the file with who imports it, shows at once, and Ctrl+Z in the graph undoes it",
    async run(wb) {
      const { page } = wb;
      const root = path.join(wb.folder, "atmos/stacks");
      const created = {
        "catalog/shop.yaml": "components:\n  terraform:\n    shop:\n      metadata:\n        component: shop\n    db:\n      metadata:\n        component: db\n",
        "orgs/acme/qa.yaml": "import:\n  - catalog/shop\nvars:\n  tenant: acme\n  stage: qa\n",
        "orgs/acme/uat.yaml": "import:\n  - catalog/shop\nvars:\n  tenant: acme\n  stage: uat\n",
      };
      for (const [p, text] of Object.entries(created)) fs.writeFileSync(path.join(root, p), text);
      const NEW_DEP = /^\s+- name: db\s*$/;
      try {
        await open(wb, "atmos/stacks/orgs/acme/qa.yaml");
        await wb.showGraph("Graph: acme-qa");
        const g = wb.graph();
        const edge = g.locator('[data-edge-id^="depends:"][data-edge-id$="qa.yaml#db"]');

        await drag(wb, "qa.yaml#shop", "qa.yaml#db");
        // Asked before anything changes: the file is shared by two stacks.
        const dialog = page.locator(".monaco-dialog-box");
        await dialog.filter({ hasText: "Added ‘db’ to ‘shop’ in atmos/stacks/catalog/shop.yaml, which 2 stacks import: acme-qa, acme-uat." }).waitFor();
        await dialog.locator(".monaco-button", { hasText: "Only this stack (atmos/stacks/orgs/acme/qa.yaml)" }).waitFor();
        await dialog.locator(".monaco-button", { hasText: "Edit atmos/stacks/catalog/shop.yaml (2 stacks)" }).click();
        await dialog.waitFor({ state: "detached" });

        // The message names the file, who imports it, and offers Undo; the new edge is drawn from the catalog's text.
        const notice = g.locator("[data-edit-notice]");
        await notice.filter({ hasText: "Added ‘db’ to ‘shop’ in" }).waitFor();
        await notice.locator('[data-file-link="atmos/stacks/catalog/shop.yaml"]').waitFor();
        await notice.locator(".imported-by", { hasText: "imported by acme-qa, acme-uat" }).waitFor();
        await edge.waitFor({ state: "attached" });
        fs.mkdirSync(results, { recursive: true });
        await page.screenshot({ path: path.join(results, "ui-graph-edit-cross-file-message.png") });

        // The link opens the catalog, with the dependency in it.
        await notice.locator('[data-file-link="atmos/stacks/catalog/shop.yaml"]').click();
        await page.locator('.tabs-container .tab.active[data-resource-name="shop.yaml"]').waitFor();
        await wb.waitForLines(NEW_DEP, 1);

        // Ctrl+Z with the graph focused undoes it, in the catalog, and the edge goes.
        // The graph takes the focus with a click on its background (top left, where no box is drawn).
        const box = await g.locator("svg.graph").boundingBox();
        await page.mouse.click(box.x + 8, box.y + 8);
        await page.keyboard.press("Control+Z");
        await notice.filter({ hasText: "Undone: Added ‘db’ to ‘shop’ in" }).waitFor();
        await notice.locator(".notice-redo").waitFor();
        await edge.waitFor({ state: "detached" });
        await wb.waitForLines(NEW_DEP, 0);

        // Again, in this stack only: the stack's manifest gets it; the catalog stays as it was.
        await drag(wb, "qa.yaml#shop", "qa.yaml#db");
        await dialog.locator(".monaco-button", { hasText: "Only this stack (atmos/stacks/orgs/acme/qa.yaml)" }).click();
        await notice.filter({ hasText: "Added ‘db’ to ‘shop’ in this stack only, in" }).waitFor();
        await notice.locator('[data-file-link="atmos/stacks/orgs/acme/qa.yaml"]').waitFor();
        assert.equal(await notice.locator(".imported-by").count(), 0);
        await edge.waitFor({ state: "attached" });
        await wb.waitForLines(NEW_DEP, 0);
        await wb.runCommand("File: Save All");
        await wb.runCommand("View: Close All Editors");
        assert.match(fs.readFileSync(path.join(root, "orgs/acme/qa.yaml"), "utf8"), /components:\n {2}terraform:\n {4}shop:\n {6}dependencies:\n {8}components:\n {10}- name: db\n/);
        assert.equal(fs.readFileSync(path.join(root, "catalog/shop.yaml"), "utf8"), created["catalog/shop.yaml"]);
      } finally {
        for (const p of Object.keys(created)) fs.rmSync(path.join(root, p), { force: true });
      }
    },
  },
];
