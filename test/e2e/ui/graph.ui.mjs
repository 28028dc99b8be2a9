// UI tests of the dependency graph panel: it opens beside a .poly file with the expected nodes, a click on a node
// moves the editor cursor to its definition, the cursor selects its node, typing a step adds a node, the toolbar
// works, and the panel follows the active editor to each format (one screenshot of the graph per format).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../test-results");
const POLY_TITLE = "Graph: Polycrate workspace acme-shop";

/** Makes sure workspace.poly is the active editor and the graph panel shows it. */
async function polyWithGraph(wb) {
  await wb.openFile("workspace.poly");
  if (!(await wb.page.locator(".tabs-container .tab", { hasText: "Graph: " }).count())) await wb.showGraph();
  await wb.graphTitled(POLY_TITLE);
  await wb.node("step:deploy#0").waitFor();
  // The CodeLenses push the lines down when they arrive: wait for them before measuring where a word is.
  await wb.lens("Show graph").first().waitFor();
}

/** Fits the drawing and saves the graph panel alone as test-results/graph-<name>.png. */
async function graphShot(wb, name) {
  // ELK's layout, not the quick one drawn first.
  await wb.graph().locator('svg.graph[data-layout="final"][data-drawn="all"]').waitFor();
  await wb.graph().locator("button.fit").click();
  fs.mkdirSync(resultsDir, { recursive: true });
  await wb.page.locator("iframe.webview.ready").screenshot({ path: path.join(resultsDir, `graph-${name}.png`) });
}

/** One test per format: open its file, the panel follows, the expected nodes are drawn. */
function formatTest(format, file, title, check) {
  return {
    name: `the graph follows the editor to the ${format} example`,
    async run(wb) {
      await wb.openFile(file);
      await wb.graphTitled(title);
      await check(wb.graph(), wb);
      await graphShot(wb, format.toLowerCase());
    },
  };
}

export const tests = [
  {
    name: "Show Dependency Graph opens the graph of workspace.poly beside it with its steps, blocks and actions",
    async run(wb) {
      await wb.openFile("workspace.poly");
      await wb.showGraph(POLY_TITLE);
      const g = wb.graph();
      // The editor keeps its group; the panel has its own beside it.
      assert.equal(await wb.page.locator(".editor-group-container").count(), 2);
      await wb.page.locator(".editor-group-container .tab.active", { hasText: "workspace.poly" }).first().waitFor();
      const labels = { "step:deploy#0": "install-db", "step:deploy#1": "install-app", "step:broken#0": "install-missing", "block:app": "app", "block:db": "db", "action:app/install": "install" };
      for (const [id, label] of Object.entries(labels)) {
        await wb.node(id).waitFor();
        assert.equal(await wb.node(id).locator(".node-label").textContent(), label, id);
      }
      assert.match(await wb.node("step:deploy#0").getAttribute("class"), /\bnode\b.*\bkind-step\b/);
      assert.match(await wb.node("block:app").getAttribute("class"), /\bkind-block\b/);
      assert.equal(await g.locator(".node.kind-step").count(), 3);
      // The unknown block `nope` is marked with its error, and the steps of deploy run in order.
      await g.locator(".node.problem-error").first().waitFor();
      // Edges are drawn as paths in a <g>, which Playwright does not count as visible: attached is enough.
      await g.locator(".edge.edge-order[data-edge-id]").first().waitFor({ state: "attached" });
      await g.locator(".edge.edge-uses[data-edge-id]").first().waitFor({ state: "attached" });
    },
  },
  {
    name: "clicking a graph node puts the editor cursor on its definition",
    async run(wb) {
      await polyWithGraph(wb);
      await wb.node("step:deploy#1").click();
      // `- name: install-app` is line 14 of workspace.poly.
      await wb.waitForCursorLine(14);
      await wb.graph().locator('[data-node-id="step:deploy#1"].selected').waitFor();
      await wb.node("step:broken#0").click();
      // `- name: install-missing` is line 19.
      await wb.waitForCursorLine(19);
      await wb.graph().locator('[data-node-id="step:broken#0"].selected').waitFor();
    },
  },
  {
    name: "moving the cursor into a step selects its node in the graph",
    async run(wb) {
      await polyWithGraph(wb);
      const { page } = wb;
      await wb.clickAfter("block: app", "app");
      await wb.waitForCursorLine(15);
      await wb.graph().locator('[data-node-id="step:deploy#1"].selected').waitFor();
      // With the keyboard: up into install-db (line 12, `block: db`).
      for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowUp");
      await wb.waitForCursorLine(12);
      await wb.graph().locator('[data-node-id="step:deploy#0"].selected').waitFor();
      assert.equal(await wb.graph().locator('[data-node-id="step:deploy#1"].selected').count(), 0, "one node is selected");
    },
  },
  {
    name: "typing a new step in the editor adds its node to the graph",
    async run(wb) {
      await polyWithGraph(wb);
      const { page } = wb;
      // The end of install-app's `action: install` (line 16): a third step of deploy. The UI profile turns
      // auto-indent and suggestions-while-typing off, so the text lands as typed.
      await wb.gotoLine(16);
      await page.keyboard.press("End");
      await page.keyboard.insertText("\n      - name: smoke-test\n        block: db\n        action: install");
      await wb.waitForLines(/^\s+- name: smoke-test\s*$/, 1);
      await wb.graph().locator('[data-node-id="step:deploy#2"]', { hasText: "smoke-test" }).waitFor();
      assert.equal(await wb.graph().locator(".node.kind-step").count(), 4);
      await wb.runCommand("File: Revert File");
      await wb.graph().locator('[data-node-id="step:deploy#2"]').waitFor({ state: "detached" });
    },
  },
  {
    name: "the graph toolbar filters, zooms, turns the layout and collapses a workflow",
    async run(wb) {
      await polyWithGraph(wb);
      const g = wb.graph();
      const filter = g.locator("input.filter");
      await filter.fill("install-");
      await g.locator(".match-count", { hasText: "1 of 3" }).waitFor();
      await g.locator('[data-node-id="block:app"].dimmed').waitFor();
      assert.equal(await g.locator('[data-node-id="step:deploy#0"].dimmed').count(), 0);
      await filter.press("Escape");
      await g.locator(".match-count").waitFor({ state: "detached" });
      assert.equal(await g.locator(".node.dimmed").count(), 0);

      const zoom = g.locator(".zoom-level");
      const before = await zoom.textContent();
      await g.locator("button.zoom-in").click();
      await g.locator(".zoom-level", { hasNotText: before }).waitFor();
      await g.locator("button.zoom-out").click();
      await g.locator("button.fit").click();

      await g.locator('.direction[data-direction="DOWN"]').click();
      await g.locator('.direction[data-direction="RIGHT"]').click();
      await g.locator('.direction[data-direction="DOWN"]').waitFor();

      await g.locator('.group[data-group-id="workflow:deploy"] .group-header').click();
      await g.locator('.node.collapsed-group[data-group-id="workflow:deploy"]').waitFor();
      await g.locator('[data-node-id="step:deploy#0"]').waitFor({ state: "detached" });
      await g.locator('.node.collapsed-group[data-group-id="workflow:deploy"]').click();
      await g.locator('[data-node-id="step:deploy#0"]').waitFor();
    },
  },
  formatTest("Atmos", "atmos/stacks/orgs/acme/dev.yaml", "Graph: acme-dev", async (g) => {
    await g.locator('.node.kind-component[data-node-id$="#vpc"]').first().waitFor();
  }),
  formatTest("env0", "env0/env0.workflow.yaml", "Graph: env0 workflow env0", async (g) => {
    for (const alias of ["network", "database", "cluster", "app", "cache"]) await g.locator(`[data-node-id="alias:${alias}"].kind-alias`).waitFor();
    await g.locator('[data-node-id="alias:app"].flag-approval').waitFor();
    assert.equal(await g.locator(".edge.edge-depends").count(), 5);
  }),
  formatTest("Fabrikate", "fabrikate/component.yaml", "Graph: Fabrikate shop", async (g) => {
    await g.locator('.node.kind-component[data-node-id$="#shop"]').waitFor();
    await g.locator('.node.kind-subcomponent[data-node-id$="#shop/ingress"]').waitFor();
    await g.locator('.node.kind-subcomponent[data-node-id$="#shop/crds"]').waitFor();
    await g.locator('.node.kind-environment[data-node-id$="#prod"]').waitFor();
  }),
  formatTest("Deis", "deis/Procfile", "Graph: Deis app deis", async (g) => {
    await g.locator(".node.kind-app").waitFor();
    assert.equal(await g.locator(".node.kind-process").count(), 3);
    await g.locator('.node.kind-process.problem-error[data-node-id$="#Web_1"]').waitFor();
    await g.locator(".edge.edge-contains").first().waitFor({ state: "attached" });
  }),
  formatTest("Polycrate", "workspace.poly", POLY_TITLE, async (g) => {
    await g.locator('[data-node-id="step:deploy#0"]').waitFor();
  }),
];
