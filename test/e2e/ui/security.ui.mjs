// UI test of the graph against markup in names (test/e2e/workspace/hostile/workspace.poly): a block named
// `<img src=x onerror="window.__pwned=1">` and a step named `<script>window.__pwned=2</script>`. The graph must show
// them as text, run none of it, and the page must keep a strict Content-Security-Policy (a nonce, nothing unsafe).
import assert from "node:assert/strict";

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = "<script>window.__pwned=2</script>";

export const tests = [
  {
    name: "markup in block and step names shows as text in the graph and never runs",
    async run(wb) {
      await wb.openFile("hostile/workspace.poly");
      if (!(await wb.page.locator(".tabs-container .tab", { hasText: "Graph: " }).count())) await wb.showGraph();
      await wb.graphTitled("Graph: Polycrate workspace hostile");
      const g = wb.graph();
      await g.locator('[data-node-id="step:xss#0"]').waitFor();
      const nodes = await g.locator("[data-node-id]").evaluateAll((els) =>
        els.map((e) => ({
          id: e.getAttribute("data-node-id"),
          aria: e.getAttribute("aria-label"),
          label: e.querySelector(".node-label")?.textContent,
          title: e.querySelector("title")?.textContent,
        })),
      );
      const byId = new Map(nodes.map((n) => [n.id, n]));
      const step = byId.get("step:xss#0");
      const block = byId.get(`block:${IMG}`);
      assert.ok(step && block, `nodes: ${JSON.stringify(nodes)}`);
      // The name, literally: in the node's accessible name, its tooltip and (cut to the box) its label.
      for (const [n, name, kind] of [
        [step, SCRIPT, "step"],
        [block, IMG, "block"],
      ]) {
        assert.equal(n.aria, `${kind} ${name}`);
        assert.equal(n.title.split("\n")[0], `${name} (${kind})`);
        assert.ok(n.label === name || (n.label.endsWith("…") && name.startsWith(n.label.slice(0, -1))), `label '${n.label}' of ${name}`);
      }
      // Nothing ran and nothing was parsed into elements: no <img>; the scripts are the bundle (with the nonce)
      // and the one VS Code puts in every webview (acquireVsCodeApi), none with the names' text.
      const page = await g.locator("svg.graph").evaluate(() => ({
        pwned: window.__pwned,
        imgs: document.querySelectorAll("img").length,
        scripts: [...document.querySelectorAll("script")].map((s) => ({ src: s.getAttribute("src"), nonce: s.nonce, text: s.textContent })),
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content"),
      }));
      assert.equal(page.pwned, undefined, "window.__pwned in the graph's frame");
      assert.equal(await wb.page.evaluate(() => window.__pwned), undefined, "window.__pwned in the workbench");
      assert.equal(page.imgs, 0);
      const shown = JSON.stringify(page.scripts.map((x) => ({ ...x, text: x.text.slice(0, 80) })));
      assert.ok(!page.scripts.some((x) => x.text.includes("__pwned")), shown);
      const external = page.scripts.filter((x) => x.src);
      assert.equal(external.length, 1, shown);
      assert.match(external[0].src, /\/dist\/webview\.js$/);
      assert.ok(page.scripts.filter((x) => !x.src).every((x) => x.text.includes("acquireVsCodeApi")), shown);
      // The Content-Security-Policy: scripts only with this page's nonce; nothing inline or eval'd.
      assert.ok(page.csp, "a CSP meta tag");
      const nonce = /script-src[^;]*'nonce-([^']+)'/.exec(page.csp)?.[1];
      assert.ok(nonce && nonce.length >= 16, `script-src with a nonce: ${page.csp}`);
      assert.equal(external[0].nonce, nonce, "the bundle carries the CSP's nonce");
      assert.doesNotMatch(page.csp, /unsafe-inline|unsafe-eval/);
      assert.match(page.csp, /default-src 'none'/);
    },
  },
];
