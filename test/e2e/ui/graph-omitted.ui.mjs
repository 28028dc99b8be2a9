// UI test of a graph that cannot draw everything: an Atmos catalog file imported by 15 stacks is drawn with 12 of
// them, the graph says so, and "Show another stack…" asks (by stack name) which to draw first.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../test-results");
const STACKS = 15;
const stackName = (i) => `s${String(i).padStart(2, "0")}`;

const write = (dir, rel, text) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};

/** An Atmos repository whose one catalog file every one of 15 stacks imports. */
function manyStacks(dir) {
  write(dir, "atmos.yaml", ['base_path: "."', "stacks:", '  base_path: "stacks"', "  included_paths:", '    - "deploy/**/*"', '  name_pattern: "{stage}"', ""].join("\n"));
  write(dir, "stacks/catalog/app.yaml", ["components:", "  terraform:", "    db:", "      vars: {}", "    app:", "      settings:", "        depends_on:", "          1:", "            component: db", ""].join("\n"));
  for (let i = 1; i <= STACKS; i++) write(dir, `stacks/deploy/${stackName(i)}.yaml`, `import:\n  - catalog/app\nvars:\n  stage: ${stackName(i)}\n`);
}

/** Both repositories are written before the workbench starts (see run-ui.mjs), so that their folders are watched. */
export function setup(folder) {
  manyStacks(path.join(folder, "many-stacks"));
  manyStacks(path.join(folder, "late-change"));
}

/** Runs `body`; when it throws, what the workbench showed is added to the error before `cleanUp` closes it. */
async function describedOnFailure(wb, body, cleanUp, shot) {
  try {
    await body();
  } catch (e) {
    fs.mkdirSync(resultsDir, { recursive: true });
    await wb.page.screenshot({ path: path.join(resultsDir, `${shot}-at-failure.png`) }).catch(() => {});
    const seen = await wb.describe().catch((err) => `(could not describe the workbench: ${err.message})`);
    if (e instanceof Error) e.message += `\n  before clean-up, the workbench showed:\n${seen}`;
    throw e;
  } finally {
    await cleanUp();
  }
}

export const tests = [
  {
    name: "a catalog file in 15 stacks draws 12, says so, and draws the stack picked by name",
    async run(wb) {
      const dir = path.join(wb.folder, "many-stacks");
      const last = path.join(dir, "stacks", "deploy", `${stackName(STACKS)}.yaml`);
      const group = (file) => wb.graph().locator(`svg.graph[data-layout="final"][data-drawn="all"] .group[data-group-id=${JSON.stringify(`stack:${file}`)}]`);
      await describedOnFailure(wb, async () => {
        await wb.openFile("many-stacks/stacks/catalog/app.yaml");
        if (!(await wb.page.locator(".tabs-container .tab", { hasText: "Graph: " }).count())) await wb.showGraph();
        await wb.graphTitled("Graph: app.yaml");
        const g = wb.graph();
        const banner = g.locator("[data-omitted]");
        await banner.filter({ hasText: `Drawing 12 of the ${STACKS} stacks this file is part of.` }).waitFor({ timeout: 30000 });
        await group(path.join(dir, "stacks", "deploy", "s01.yaml")).waitFor({ timeout: 30000 });
        assert.equal(await group(last).count(), 0, "the 15th stack is drawn before it was asked for");

        await banner.getByRole("button", { name: "Show another stack…" }).click();
        const input = wb.page.locator(".quick-input-widget input");
        await input.waitFor();
        await wb.page.locator(".quick-input-widget .quick-input-title", { hasText: `Stacks that take in this file (${STACKS}; 12 drawn)` }).waitFor();
        await input.fill(stackName(STACKS));
        await wb.page.locator(".quick-input-list .monaco-list-row", { hasText: stackName(STACKS) }).first().waitFor();
        await input.press("Enter");
        await group(last).waitFor({ timeout: 30000 });
        // The stack picked is drawn, with its components, and the graph still says how many it leaves out.
        await wb.node(`component:${last}#app`).waitFor();
        await banner.filter({ hasText: `Drawing 12 of the ${STACKS} stacks` }).waitFor();
        fs.mkdirSync(resultsDir, { recursive: true });
        await wb.page.locator("iframe.webview.ready").screenshot({ path: path.join(resultsDir, "graph-omitted-stacks.png") });
      }, async () => {
        await wb.reset();
        await wb.runCommand("View: Close All Editors");
        // Opening the file unfolded its folders in the explorer: fold them, so later tests find the files below.
        await wb.runCommand("Collapse Folders in Explorer");
      }, "graph-omitted");
    },
  },
  {
    name: "a stack file changed on disk, not open in the editor, renames its stack in the graph of the catalog it imports",
    async run(wb) {
      const dir = path.join(wb.folder, "late-change");
      const s01 = path.join(dir, "stacks", "deploy", "s01.yaml");
      const original = "import:\n  - catalog/app\nvars:\n  stage: s01\n";
      fs.writeFileSync(s01, original); // as setup wrote it, for a second try
      const label = (name) =>
        wb.graph().locator(`svg.graph[data-layout="final"][data-drawn="all"] .group[data-group-id=${JSON.stringify(`stack:${s01}`)}] .group-label`, { hasText: new RegExp(`^\\W*${name}$`) });
      await describedOnFailure(wb, async () => {
        await wb.openFile("late-change/stacks/catalog/app.yaml");
        await wb.showGraph("Graph: app.yaml");
        await label("s01").waitFor({ timeout: 30000 });
        // Written outside the editor (as `git pull` would): the stack's name comes from its vars, and the panel
        // asks again with nothing typed in the editor.
        fs.writeFileSync(s01, "import:\n  - catalog/app\nvars:\n  stage: s01-renamed\n");
        await label("s01-renamed").waitFor({ timeout: 30000 });
        await wb.graph().locator("[data-omitted]", { hasText: `Drawing 12 of the ${STACKS} stacks this file is part of.` }).waitFor();
      }, async () => {
        await wb.reset();
        await wb.runCommand("View: Close All Editors");
        // Opening the file unfolded its folders in the explorer: fold them, so later tests find the files below.
        await wb.runCommand("Collapse Folders in Explorer");
      }, "graph-late-change");
    },
  },
];
