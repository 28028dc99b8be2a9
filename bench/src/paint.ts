// Time from the host's `init` message to the first painted frame with nodes, in the real webview bundle
// (dist/webview.js + its layout worker) in headless Chromium, with long tasks on the main thread.
// Also the time to ELK's layout replacing the quick first one, and long tasks until then.
// Usage: node paint.cjs <distDir> <graphs.json> <out.json>. Environment: PAINT_ONLY=200,1000 (graphs whose name
// contains one of these), PAINT_FINAL_TIMEOUT (ms to wait for ELK's layout, 60000).
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
  // Times three frames after init: the first with nodes (the first chunk of the quick layout, or of ELK's if it
  // came first), the first with every box drawn (svg[data-drawn=all]), and the first with ELK's layout drawn in full
  // (svg[data-layout=final][data-drawn=all]); it stops waiting for ELK's after finalTimeout ms.
  window.__paint = (msg, finalTimeout) => new Promise((resolve) => {
    const t0 = performance.now();
    window.postMessage(msg, "*");
    const r = { t0 };
    const painted = (k) => {
      r[k] = null;
      requestAnimationFrame(() => setTimeout(() => (r[k] = performance.now() - t0), 0));
    };
    const done = () => {
      if ([r.ms, r.completeMs, r.finalMs].some((x) => x === null)) requestAnimationFrame(done);
      else resolve({ ...r, nodes: document.querySelectorAll("[data-node-id]").length });
    };
    const check = () => {
      if (r.ms === undefined && document.querySelector("[data-node-id]")) painted("ms");
      if (r.completeMs === undefined && document.querySelector('svg[data-drawn="all"] [data-node-id]')) painted("completeMs");
      if (document.querySelector('svg[data-layout="final"][data-drawn="all"] [data-node-id]')) {
        painted("finalMs");
        done();
      } else if (performance.now() - t0 > finalTimeout && r.completeMs !== undefined) {
        r.finalMs = undefined;
        done();
      } else requestAnimationFrame(check);
    };
    check();
  });
</script></head><body style="width:1280px;height:800px"><div id="root"></div><script src="/webview.js"></script></body></html>`;

export interface PaintRow {
  name: string;
  nodes: number;
  drawn: number;
  firstPaint: Stat;
  /** Init → the frame in which every box of the first layout is drawn (boxes are drawn a chunk per frame). */
  firstComplete: Stat;
  /** Init → the frame showing ELK's layout; null when it took longer than PAINT_FINAL_TIMEOUT. */
  finalLayout: Stat | null;
  /** Long tasks from init until ELK's layout is drawn: the longest of all runs, and the median run's longest. */
  longestTaskMs: number;
  longestTaskMedianMs: number;
  longTasksOver50: number;
}

async function main(): Promise<void> {
  const [dist, graphsFile, out] = process.argv.slice(2);
  const named = JSON.parse(fs.readFileSync(graphsFile!, "utf8")) as Array<{ name: string; graph: WorkflowGraph }>;
  for (const n of [200, 1000, 3000]) named.push({ name: `generated ${n}`, graph: makeGraph(n) });
  const only = process.env.PAINT_ONLY?.split(",").filter(Boolean);
  const chosen = only ? named.filter((g) => only.some((o) => g.name.includes(o))) : named;
  const finalTimeout = Number(process.env.PAINT_FINAL_TIMEOUT ?? 60000);
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
    for (const { name, graph } of chosen) {
      const samples: number[] = [];
      const completes: number[] = [];
      const longestPerRun: number[] = [];
      const finals: number[] = [];
      let timedOut = false;
      let longest = 0;
      let over = 0;
      let drawn = 0;
      const reps = graph.nodes.length >= 1000 ? 3 : 5;
      for (let i = 0; i < reps; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.goto(`http://127.0.0.1:${port}/`);
        await page.evaluate(() => (window as any).__ready);
        const r = await page.evaluate(([g, t]: readonly [WorkflowGraph, number]) => (window as any).__paint({ type: "init", graph: g, editable: false }, t), [graph, finalTimeout] as const);
        const long = (await page.evaluate(() => (window as any).__long)) as Array<{ start: number; duration: number }>;
        const after = long.filter((l) => l.start >= r.t0);
        if (process.env.PAINT_DEBUG) process.stderr.write(`    ${name} #${i}: first ${Math.round(r.ms)} complete ${Math.round(r.completeMs)} final ${Math.round(r.finalMs)} long tasks ${JSON.stringify(long.map((l) => [Math.round(l.start - r.t0), Math.round(l.duration)]))}\n`);
        samples.push(r.ms);
        completes.push(r.completeMs);
        if (r.finalMs === undefined) timedOut = true;
        else finals.push(r.finalMs);
        drawn = r.nodes;
        longest = Math.max(longest, ...after.map((l) => l.duration), 0);
        longestPerRun.push(Math.max(0, ...after.map((l) => l.duration)));
        over += after.filter((l) => l.duration > 50).length;
        await page.close();
      }
      const finalLayout = timedOut ? null : stat(finals);
      rows.push({ name, nodes: graph.nodes.length, drawn, firstPaint: stat(samples), firstComplete: stat(completes), finalLayout, longestTaskMs: Math.round(longest), longestTaskMedianMs: Math.round(stat(longestPerRun).median), longTasksOver50: over });
      const fin = finalLayout ? `${finalLayout.median} ms` : `over ${finalTimeout} ms`;
      process.stderr.write(`  paint ${name}: ${graph.nodes.length} nodes (${drawn} drawn), first paint ${stat(samples).median} ms, all drawn ${stat(completes).median} ms, ELK's layout ${fin}, longest main-thread task ${Math.round(longest)} ms (median run ${Math.round(stat(longestPerRun).median)} ms)\n`);
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
