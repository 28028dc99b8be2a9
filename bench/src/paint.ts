// Time from the host's `init` message to the first painted frame with nodes, in the real webview bundle
// (dist/webview.js + its layout worker) in headless Chromium, with long tasks on the main thread.
// Usage: node paint.cjs <distDir> <graphs.json> <out.json>
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import type { WorkflowGraph } from "../../common/graph";
import { makeGraph } from "./graphs";
import { stat, type Stat } from "./stats";

const HTML = `<!doctype html><html><head><meta charset="utf-8">
<meta name="infraflow-layout-worker" content="/layout-worker.js">
<link rel="stylesheet" href="/webview.css">
<script>
  window.__ready = new Promise((resolve) => {
    window.acquireVsCodeApi = () => ({ postMessage: (m) => { if (m && m.type === "ready") resolve(); }, getState: () => undefined, setState: () => undefined });
  });
  window.__long = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push({ start: e.startTime, duration: e.duration }); }).observe({ type: "longtask", buffered: true });
  window.__paint = (msg) => new Promise((resolve) => {
    const t0 = performance.now();
    window.postMessage(msg, "*");
    const check = () => {
      if (document.querySelector("[data-node-id]")) requestAnimationFrame(() => setTimeout(() => resolve({ ms: performance.now() - t0, t0, nodes: document.querySelectorAll("[data-node-id]").length }), 0));
      else requestAnimationFrame(check);
    };
    check();
  });
</script></head><body style="width:1280px;height:800px"><div id="root"></div><script src="/webview.js"></script></body></html>`;

export interface PaintRow { name: string; nodes: number; drawn: number; firstPaint: Stat; longestTaskMs: number; longTasksOver50: number }

async function main(): Promise<void> {
  const [dist, graphsFile, out] = process.argv.slice(2);
  const named = JSON.parse(fs.readFileSync(graphsFile!, "utf8")) as Array<{ name: string; graph: WorkflowGraph }>;
  for (const n of [200, 1000, 3000]) named.push({ name: `generated ${n}`, graph: makeGraph(n) });
  const server = http.createServer((req, res) => {
    const url = (req.url ?? "/").split("?")[0]!;
    if (url === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(HTML);
      return;
    }
    const file = path.join(dist!, path.basename(url));
    if (!fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": file.endsWith(".css") ? "text/css" : "text/javascript" }).end(fs.readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as { port: number }).port;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require("playwright-core");
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  const rows: PaintRow[] = [];
  try {
    for (const { name, graph } of named) {
      const samples: number[] = [];
      let longest = 0;
      let over = 0;
      let drawn = 0;
      const reps = graph.nodes.length >= 1000 ? 3 : 5;
      for (let i = 0; i < reps; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.goto(`http://127.0.0.1:${port}/`);
        await page.evaluate(() => (window as any).__ready);
        const r = await page.evaluate((g: WorkflowGraph) => (window as any).__paint({ type: "init", graph: g, editable: false }), graph);
        const long = (await page.evaluate(() => (window as any).__long)) as Array<{ start: number; duration: number }>;
        const after = long.filter((l) => l.start >= r.t0);
        samples.push(r.ms);
        drawn = r.nodes;
        longest = Math.max(longest, ...after.map((l) => l.duration), 0);
        over += after.filter((l) => l.duration > 50).length;
        await page.close();
      }
      rows.push({ name, nodes: graph.nodes.length, drawn, firstPaint: stat(samples), longestTaskMs: Math.round(longest), longTasksOver50: over });
      process.stderr.write(`  paint ${name}: ${graph.nodes.length} nodes (${drawn} drawn), first paint ${stat(samples).median} ms, longest main-thread task ${Math.round(longest)} ms\n`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  fs.writeFileSync(out!, JSON.stringify(rows, null, 2));
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
