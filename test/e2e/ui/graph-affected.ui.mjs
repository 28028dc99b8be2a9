// UI test of the graph's "Affected…": in a git repository made of the test workspace, a catalog file changed since
// HEAD marks the component it defines in the stack that imports it, and what depends on that component, and nothing
// else; the marks clear with ×. Saves test-results/graph-affected.png.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { resultsDir } from "./workbench.mjs";

/** git in the workspace, with an author of its own (the machine may have none configured). */
function git(cwd, ...args) {
  execFileSync("git", ["-c", "user.name=Infraflow UI test", "-c", "user.email=ui-test@infraflow.invalid", "-c", "init.defaultBranch=main", ...args], { cwd, stdio: "pipe" });
}

export const tests = [
  {
    name: "Affected… marks what a catalog file changed since a git ref affects in the stack importing it, and only that",
    // The first test of the run (file order) meets a cold language server, and makes a git repository.
    timeoutMs: 90000,
    async run(wb) {
      const { page } = wb;
      const stacks = path.join(wb.folder, "atmos/stacks");
      // acme-ci imports cache from the catalog; web depends on cache; api on nothing.
      const created = {
        "catalog/cache.yaml": "components:\n  terraform:\n    cache:\n      vars:\n        nodes: 1\n",
        "orgs/acme/ci.yaml":
          "import:\n  - catalog/cache\nvars:\n  tenant: acme\n  stage: ci\ncomponents:\n  terraform:\n    web:\n      dependencies:\n        components:\n          - name: cache\n    api:\n      vars:\n        size: 1\n",
      };
      const repo = path.join(wb.folder, ".git");
      assert.ok(!fs.existsSync(repo), "the test workspace is not a git repository of its own");
      try {
        for (const [p, text] of Object.entries(created)) fs.writeFileSync(path.join(stacks, p), text);
        git(wb.folder, "init", "-q");
        git(wb.folder, "add", "-A");
        git(wb.folder, "commit", "-q", "-m", "base");
        // The change since HEAD, not committed: the catalog's cache gets a second node.
        fs.writeFileSync(path.join(stacks, "catalog/cache.yaml"), created["catalog/cache.yaml"].replace("nodes: 1", "nodes: 2"));

        await wb.openFile("atmos/stacks/orgs/acme/ci.yaml");
        await wb.showGraph("Graph: acme-ci");
        const g = wb.graph();
        const byName = (name) => g.locator(`[data-node-id$=${JSON.stringify(`ci.yaml#${name}`)}]`);
        await g.locator('svg.graph[data-layout="final"][data-drawn="all"]').waitFor();
        await byName("api").waitFor();
        assert.equal(await g.locator("[data-affected]").count(), 0);

        // The toolbar's Affected… asks for the ref (main by default); HEAD is the commit made above.
        await g.locator("button.affected").click();
        const input = page.locator(".quick-input-widget input");
        await page.locator(".quick-input-widget", { hasText: "Affected since…" }).waitFor();
        await input.fill("HEAD");
        await page.keyboard.press("Enter");
        await input.waitFor({ state: "hidden" });

        await g.locator("[data-affected-count]", { hasText: "2 affected since HEAD" }).waitFor();
        // cache, defined in the changed catalog file, and web, which depends on it: outlined and with a corner mark.
        for (const name of ["cache", "web"]) {
          await byName(name).and(g.locator(".node.affected[data-affected]")).waitFor();
          await byName(name).locator(".node-affected-mark").waitFor({ state: "attached" });
        }
        assert.equal(await byName("api").getAttribute("data-affected"), null, "api depends on nothing that changed");
        assert.equal(await g.locator("[data-affected]").count(), 2);
        assert.equal(await g.locator(".node-affected-mark").count(), 2);
        fs.mkdirSync(resultsDir, { recursive: true });
        await page.locator("iframe.webview.ready").screenshot({ path: path.join(resultsDir, "graph-affected.png") });

        // × clears the marks, and Affected… is offered again.
        await g.locator("button.affected-clear").click();
        await g.locator("[data-affected-count]").waitFor({ state: "detached" });
        assert.equal(await g.locator("[data-affected]").count(), 0);
        await g.locator("button.affected").waitFor();
      } finally {
        fs.rmSync(repo, { recursive: true, force: true });
        for (const p of Object.keys(created)) fs.rmSync(path.join(stacks, p), { force: true });
      }
      await wb.runCommand("View: Close All Editors");
    },
  },
];
