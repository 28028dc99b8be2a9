// Layout time in a worker thread: our ELK settings (webview/src/layout.ts, groups as compound nodes), ELK with its
// defaults on the same flat graph, dagre, and the quick first layout (webview/src/quick-layout.ts, which the webview
// runs on its main thread before ELK's answer). Each layout runs in a worker_threads Worker like the webview's.
// Usage: node layout.cjs <out.json>. Environment: LAYOUT_ONLY=quick,ours (engines to run).
import * as fs from "node:fs";
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { LARGE_GRAPH, } from "../../webview/src/state";
import { groupsById, structureKey, toElk, visibleModel } from "../../webview/src/layout";
import { quickLayout } from "../../webview/src/quick-layout";
import { makeGraph } from "./graphs";
import { stat, type Stat } from "./stats";

type Engine = "ours" | "ours-grouped" | "elk-default" | "dagre" | "quick" | "quick-grouped";
interface Job { engine: Engine; n: number }

async function inWorker(job: Job): Promise<number> {
  const g = makeGraph(job.n);
  const t = performance.now();
  if (job.engine === "quick" || job.engine === "quick-grouped") {
    // As the webview does it: the visible model, its key and the layout.
    const model = visibleModel(g, job.engine === "quick-grouped" ? [...groupsById(g).keys()] : []);
    quickLayout(structureKey(model, "DOWN"), model, "DOWN");
  } else if (job.engine === "dagre") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dagre = require("@dagrejs/dagre");
    const dg = new dagre.graphlib.Graph();
    dg.setGraph({});
    dg.setDefaultEdgeLabel(() => ({}));
    for (const n of g.nodes) dg.setNode(n.id, { width: 160, height: 46 });
    for (const e of g.edges) dg.setEdge(e.from, e.to);
    dagre.layout(dg);
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ELK = require("elkjs/lib/elk.bundled.js");
    const elk = new ELK();
    if (job.engine === "elk-default") {
      await elk.layout({ id: "root", children: g.nodes.map((n) => ({ id: n.id, width: 160, height: 46 })), edges: g.edges.map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] })) });
    } else {
      const collapsed = job.engine === "ours-grouped" ? [...groupsById(g).keys()] : [];
      const model = visibleModel(g, collapsed);
      structureKey(model, "DOWN");
      await elk.layout(toElk(model, "DOWN"));
    }
  }
  return performance.now() - t;
}

if (!isMainThread) {
  parentPort!.on("message", (job: Job) => {
    inWorker(job).then((ms) => parentPort!.postMessage({ ms }), (e) => parentPort!.postMessage({ error: String(e) }));
  });
}

export interface LayoutRow {
  engine: Engine;
  nodes: number;
  visibleNodes: number;
  edges: number;
  /** Warm runs (the first run in each fresh worker left out). */
  time: Stat;
  roundTrip: Stat;
  /** The first run in a fresh worker: what the webview pays on the first graph. */
  coldMs: number;
}

async function main(): Promise<void> {
  const out = process.argv[2]!;
  const rows: LayoutRow[] = [];
  const sizes = [50, 200, 1000, 3000];
  const engines: Engine[] = ["ours", "elk-default", "dagre", "quick", "ours-grouped", "quick-grouped"];
  // LAYOUT_ONLY=quick,ours-grouped runs only these engines.
  const only = process.env.LAYOUT_ONLY?.split(",").filter(Boolean);
  for (const n of sizes) {
    for (const engine of engines) {
      if (only && !only.includes(engine)) continue;
      if ((engine === "ours-grouped" || engine === "quick-grouped") && n <= LARGE_GRAPH) continue;
      // A fresh worker per engine and size (the webview keeps one worker; the first layout pays the JIT warm-up).
      const w = new Worker(__filename);
      const times: number[] = [];
      const trips: number[] = [];
      const start = performance.now();
      const quick = engine === "quick" || engine === "quick-grouped";
      const want = quick ? 15 : n >= 1000 ? 3 : 7;
      let cold = 0;
      for (let i = 0; i < want + 1 && !(i >= 2 && performance.now() - start > 20000); i++) {
        const t = performance.now();
        const r = await new Promise<{ ms?: number; error?: string }>((res) => { w.once("message", res); w.postMessage({ engine, n }); });
        if (r.error) throw new Error(r.error);
        if (i > 0) { times.push(r.ms!); trips.push(performance.now() - t); }
        else cold = r.ms!;
      }
      await w.terminate();
      const g = makeGraph(n);
      const visible = engine === "ours-grouped" || engine === "quick-grouped" ? visibleModel(g, [...groupsById(g).keys()]).nodes.length : g.nodes.length;
      rows.push({ engine, nodes: n, visibleNodes: visible, edges: g.edges.length, time: stat(times), roundTrip: stat(trips), coldMs: Math.round(cold * 100) / 100 });
      process.stderr.write(`  layout ${engine.padEnd(13)} ${String(n).padStart(5)} nodes (${visible} drawn): ${stat(times).median} ms (first run ${Math.round(cold)} ms)\n`);
    }
  }
  fs.writeFileSync(out, JSON.stringify(rows, null, 2));
}

if (isMainThread) void main().catch((e) => { console.error(e); process.exit(1); });
