// UI tests on test/e2e/workspace/workspace.poly, whose workflow `broken` names the unknown block `nope`.
import assert from "node:assert/strict";

export const tests = [
  {
    name: "opening workspace.poly from the explorer shows an error squiggle on the unknown block",
    async run(wb) {
      await wb.openFromExplorer("workspace.poly");
      // The first diagnostics wait for the language server to start and index: allow for a loaded CI box.
      await wb.page.locator(".squiggly-error").first().waitFor({ timeout: 40000 });
      // The squiggle sits on `nope`: hovering that word shows the diagnostic.
      const hover = await wb.hover("block: nope", "nope");
      await hover.filter({ hasText: /Block 'nope'|nope/ }).waitFor();
    },
  },
  {
    name: "hovering a step's block shows the block's description",
    async run(wb) {
      const hover = await wb.hover("block: app", "app");
      await hover.filter({ hasText: "Frontend application of the shop" }).waitFor();
    },
  },
  {
    name: "Ctrl+Space in a block: value offers the block names, and accepting one edits the line",
    async run(wb) {
      const { page } = wb;
      await wb.waitForLines(/block: app\s*$/, 1);
      await wb.clickAfter("block: db", "db");
      await page.keyboard.press("Backspace");
      await page.keyboard.press("Backspace");
      await wb.waitForLines(/block: db\s*$/, 0);
      await page.keyboard.press("Control+Space");
      const item = page.locator(".suggest-widget .monaco-list-row", { hasText: /^app/ }).first();
      await item.waitFor();
      assert.ok(await page.locator(".suggest-widget .monaco-list-row", { hasText: /^db/ }).count(), "db is offered too");
      await item.click();
      await page.locator(".suggest-widget").waitFor({ state: "hidden" });
      // Two steps now name the block app: install-app's and the edited install-db's.
      await wb.waitForLines(/block: app\s*$/, 2);
      await wb.runCommand("File: Revert File");
      await wb.waitForLines(/block: db\s*$/, 1);
    },
  },
  {
    name: "Infraflow: Show Output from the command palette opens the Infraflow output",
    async run(wb) {
      await wb.runCommand("Infraflow: Show Output");
      const panel = wb.page.locator(".part.panel");
      await panel.waitFor();
      // The output view labels itself with the channel it shows.
      await panel.locator('.output-view[aria-label="Infraflow - Output"]').waitFor();
    },
  },
];
