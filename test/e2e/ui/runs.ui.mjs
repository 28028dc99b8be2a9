// UI tests of runs on test/e2e/workspace/workspace.poly (Polycrate local mode, set in the workspace's
// .vscode/settings.json): the ▶ Run workflow lens runs deploy in a terminal, the lenses turn to ✓ and the graph's
// nodes to succeeded; with fail-install-app.marker in the workspace, install-app fails (✗ lens, a squiggle, a red
// node), and Rerun Failed Steps in the Runs view runs it again once the marker is gone. A run of
// tolerant/workspace.poly whose failure is allowed shows the warning state in the lenses, the Runs view and the graph.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const POLY_TITLE = "Graph: Polycrate workspace acme-shop";
const RUN_TIMEOUT = 30000;

/** workspace.poly in the first group and the graph panel showing it. */
async function polyWithGraph(wb) {
  await wb.openFile("workspace.poly");
  if (!(await wb.page.locator(".tabs-container .tab", { hasText: "Graph: " }).count())) await wb.showGraph();
  await wb.graphTitled(POLY_TITLE);
  await wb.node("step:deploy#0").waitFor();
  await wb.lens("▶ Run workflow").first().waitFor();
}

/**
 * The newest row of the Runs view if it reads `label` (`#3 deploy`, the whole label) with `file` in its description,
 * and `outcome` in its accessible name (on screen the outcome is the row's icon).
 */
function newestRun(view, label, file, outcome) {
  const page = view.page();
  let row = view.locator(".monaco-list-row").first().filter({ has: page.locator(".label-name", { hasText: label }) });
  if (file) row = row.filter({ has: page.locator(".label-description", { hasText: file }) });
  return outcome ? row.and(page.locator(`[aria-label*=${JSON.stringify(outcome)}]`)) : row;
}

/** The side bar's width is the default one: the row's label is shown in full, not cut with an ellipsis. */
async function labelFits(row) {
  const [name, box] = await Promise.all([row.locator(".label-name").boundingBox(), row.locator(".monaco-icon-label-container").boundingBox()]);
  assert.ok(name.x + name.width <= box.x + box.width + 0.5, `the run's label is cut off: ${await row.locator(".label-name").textContent()}`);
}

const status = (wb, id, state) => wb.graph().locator(`[data-node-id="${id}"].status-${state}[data-status="${state}"]`);

export const tests = [
  {
    name: "the Run workflow lens runs deploy in a terminal; the lenses turn to ✓ and the graph's nodes to succeeded",
    async run(wb) {
      await polyWithGraph(wb);
      // deploy is the first workflow of the file.
      await wb.lens("▶ Run workflow").first().click();
      await wb.page.locator(".part.panel .terminal-wrapper.active").waitFor();
      await wb.terminal().filter({ hasText: "Run succeeded in" }).waitFor({ timeout: RUN_TIMEOUT });
      await wb.terminal().filter({ hasText: "install-db" }).waitFor();
      // The workflow's lens and both steps'.
      await wb.lens(/^✓ /).nth(2).waitFor();
      await status(wb, "step:deploy#0", "succeeded").waitFor();
      await status(wb, "step:deploy#1", "succeeded").waitFor();
    },
  },
  {
    name: "a failing step shows ✗, a squiggle and a red node; Rerun Failed Steps in the Runs view runs it again",
    async run(wb) {
      const { page } = wb;
      const marker = path.join(wb.folder, "fail-install-app.marker");
      fs.writeFileSync(marker, "");
      try {
        await polyWithGraph(wb);
        await wb.lens("▶ Run workflow").first().click();
        await wb.terminal().filter({ hasText: "Run failed in" }).waitFor({ timeout: RUN_TIMEOUT });
        // The task's terminal closes after the run (its closing words become the last text), and a quick failure
        // must not read as a terminal that failed to launch.
        await page.waitForFunction(() => (document.querySelector(".terminal-wrapper.active .xterm-rows")?.textContent ?? "").trimEnd().endsWith("press any key to close it."), undefined, { timeout: RUN_TIMEOUT });
        const text = (await wb.terminal().textContent()) ?? "";
        assert.doesNotMatch(text.slice(text.lastIndexOf("Run failed in")), /failed to launch/, "VS Code says the terminal failed to launch");
        await wb.lens("✗ exit 1 · Rerun").waitFor();
        await status(wb, "step:deploy#0", "succeeded").waitFor();
        await status(wb, "step:deploy#1", "failed").waitFor();
        await wb.graph().locator('[data-node-id="step:deploy#1"] .node-status-label', { hasText: "failed" }).waitFor();
        // The README's picture of a run's inline status: ✓ and ✗ lenses, gutter icons, the squiggle. The cursor
        // goes to the indentation of line 4, on no word, so that no word's occurrences are highlighted; the mouse
        // leaves the tab that gotoLine clicked, and its hover (the file's path) closes.
        await wb.gotoLine(4);
        await page.mouse.move(1, 1);
        await page.locator(".workbench-hover").waitFor({ state: "hidden" });
        await wb.docShot("run-status", page.locator(".editor-group-container").first());
        // The failure is a diagnostic on the step: hovering its name shows it.
        const hover = await wb.hover("name: install-app", "install-app");
        await hover.filter({ hasText: "Step 'install-app' failed with exit code 1." }).waitFor();
        await wb.reset();
      } finally {
        fs.rmSync(marker, { force: true });
      }

      await wb.runCommand("Focus on Runs View");
      // The Runs view is the only view of the Infraflow container: its title and actions are the side bar's.
      const view = page.locator(".part.sidebar", { has: page.locator(".composite.title", { hasText: "Infraflow: Runs" }) });
      // Newest first: the failed run.
      const row = view.locator(".monaco-list-row").first();
      await newestRun(view, /^#\d+ deploy$/, "workspace.poly", "✗ failed").locator(".codicon-error").waitFor();
      await row.hover();
      await row.locator('.action-label[aria-label^="Rerun Failed Steps"]').click();
      await newestRun(view, /^#\d+ deploy › install-app$/, "workspace.poly").waitFor();
      await wb.terminal().filter({ hasText: "Run succeeded in" }).waitFor({ timeout: RUN_TIMEOUT });
      await newestRun(view, /^#\d+ deploy › install-app$/, "workspace.poly", "✓ succeeded").locator(".codicon-pass").waitFor();
      await labelFits(row);
      await wb.lens("✗ exit 1 · Rerun").waitFor({ state: "detached" });
      await status(wb, "step:deploy#1", "succeeded").waitFor();
    },
  },
  {
    name: "a node keeps its colour from an earlier run when a later run leaves it out",
    // The graph keeps the latest state of every node across runs, as the lenses and gutter icons do.
    async run(wb) {
      const { page } = wb;
      // Each run is awaited by its own row in the Runs view (#N): a terminal's "Run succeeded" text can be an
      // earlier run's, and the next click then raced the run still going. The file is opened first, from the
      // Explorer, which the Runs view then replaces in the side bar.
      await polyWithGraph(wb);
      await wb.runCommand("Focus on Runs View");
      // The Runs view is the only view of the Infraflow container: its title and actions are the side bar's.
      const view = page.locator(".part.sidebar", { has: page.locator(".composite.title", { hasText: "Infraflow: Runs" }) });
      const last = Number(/#(\d+)/.exec((await view.locator(".monaco-list-row").first().textContent()) ?? "")?.[1] ?? 0);
      const finished = (n, label) => newestRun(view, `#${n} ${label}`, "workspace.poly", "✓ succeeded");
      await wb.lens("▶ Run workflow").first().click();
      await finished(last + 1, "deploy").waitFor({ timeout: RUN_TIMEOUT });
      await status(wb, "step:deploy#0", "succeeded").waitFor();
      await status(wb, "step:deploy#1", "succeeded").waitFor();
      // ▶ Run step on install-app (the second step lens of the file): install-db is not part of this run.
      await wb.lens("▶ Run step").nth(1).click();
      await finished(last + 2, "deploy › install-app").waitFor({ timeout: RUN_TIMEOUT });
      // Nothing runs now: the Runs view offers no Cancel Run (it did whenever the view was shown).
      await view.locator('.composite.title .action-label[aria-label^="Cancel Run"]').waitFor({ state: "detached" });
      await status(wb, "step:deploy#1", "succeeded").waitFor();
      assert.equal(await status(wb, "step:deploy#0", "succeeded").count(), 1, "install-db lost its colour; its lens still says ✓");
    },
  },
  {
    name: "a run whose failure was allowed shows the warning state: ⚠ lenses, the Runs view's warning icon, the graph's allowed state",
    async run(wb) {
      const { page } = wb;
      const marker = path.join(wb.folder, "tolerant", "fail.marker");
      fs.writeFileSync(marker, "");
      try {
        await wb.openFile("tolerant/workspace.poly");
        if (!(await page.locator(".tabs-container .tab", { hasText: "Graph: " }).count())) await wb.showGraph();
        await wb.graphTitled("Graph: Polycrate workspace tolerant");
        await wb.node("step:tolerant#0").waitFor();
        await wb.lens("▶ Run workflow").first().click();
        await wb.terminal().filter({ hasText: "Run passed with 1 allowed failure in" }).waitFor({ timeout: RUN_TIMEOUT });
        await wb.lens(/^⚠ passed with 1 allowed failure · /).waitFor();
        await wb.lens("⚠ exit 1 (allowed) · Rerun").waitFor();
        assert.equal(await wb.lens(/^✓ .*s$/).count(), 1, "only the step that passed has a ✓ lens; the workflow does not");
        await status(wb, "step:tolerant#0", "allowed").waitFor();
        await status(wb, "step:tolerant#1", "succeeded").waitFor();
        await wb.runCommand("Focus on Runs View");
        const view = page.locator(".part.sidebar", { has: page.locator(".composite.title", { hasText: "Infraflow: Runs" }) });
        const row = view.locator(".monaco-list-row").first();
        await newestRun(view, /^#\d+ tolerant$/, "tolerant/workspace.poly", "⚠ passed with 1 allowed failure").locator(".codicon-warning").waitFor();
        await labelFits(row);
        // The README's picture of the Runs view at its default width, the newest run opened on its steps.
        await row.locator(".monaco-tl-twistie").click();
        await view.locator('.monaco-list-row[aria-level="2"]').filter({ hasText: "(allowed)" }).waitFor();
        // No row selected (Escape clears the list's selection), so that the row's actions hide and its description shows.
        await page.keyboard.press("Escape");
        await view.locator(".monaco-list-row.selected").waitFor({ state: "detached" });
        await page.mouse.move(1, 1);
        const side = await view.boundingBox();
        const rows = await view.locator(".monaco-list-row").evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().bottom)));
        await wb.docShot("runs-view", { x: side.x, y: side.y, width: side.width, height: Math.min(side.height, rows - side.y + 16) });
      } finally {
        fs.rmSync(marker, { force: true });
      }
    },
  },
];
