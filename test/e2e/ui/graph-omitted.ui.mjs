// UI test of a graph that cannot draw everything: an Atmos catalog file imported by 15 stacks is drawn with 12 of
// them, the graph says so, and "Show another stack…" asks (by stack name) which to draw first.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../test-results");
const STACKS = 15;
const stackName = (i) => `s${String(i).padStart(2, "0")}`;

/** An Atmos repository whose one catalog file every one of 15 stacks imports. */
function manyStacks(dir) {
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write("atmos.yaml", ['base_path: "."', "stacks:", '  base_path: "stacks"', "  included_paths:", '    - "deploy/**/*"', '  name_pattern: "{stage}"', ""].join("\n"));
  write("stacks/catalog/app.yaml", ["components:", "  terraform:", "    db:", "      vars: {}", "    app:", "      settings:", "        depends_on:", "          1:", "            component: db", ""].join("\n"));
  for (let i = 1; i <= STACKS; i++) write(`stacks/deploy/${stackName(i)}.yaml`, `import:\n  - catalog/app\nvars:\n  stage: ${stackName(i)}\n`);
}

export const tests = [
  {
    name: "a catalog file in 15 stacks draws 12, says so, and draws the stack picked by name",
    async run(wb) {
      const dir = path.join(wb.folder, "many-stacks");
      manyStacks(dir);
      const last = path.join(dir, "stacks", "deploy", `${stackName(STACKS)}.yaml`);
      const group = (file) => wb.graph().locator(`svg.graph[data-layout="final"][data-drawn="all"] .group[data-group-id=${JSON.stringify(`stack:${file}`)}]`);
      try {
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
      } finally {
        await wb.reset();
        await wb.runCommand("View: Close All Editors");
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
