// Layout time in a worker thread: our ELK settings (webview/src/layout.ts, groups as compound nodes), ELK with its
// defaults on the same flat graph, and dagre. Each layout runs in a worker_threads Worker like the webview's.
// Usage: node layout.cjs <out.json>
import * as fs from "node:fs";
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { LARGE_GRAPH, } from "../../webview/src/state";
import { groupsById, structureKey, toElk, visibleModel } from "../../webview/src/layout";
import { makeGraph } from "./graphs";
import { stat, type Stat } from "./stats";

type Engine = "ours" | "ours-grouped" | "elk-default" | "dagre";
interface Job { engine: Engine; n: number }

async function inWorker(job: Job): Promise<number> {
  const g = makeGraph(job.n);
  const t = performance.now();
  if (job.engine === "dagre") {
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

export interface LayoutRow { engine: Engine; nodes: number; visibleNodes: number; edges: number; time: Stat; roundTrip: Stat }

async function main(): Promise<void> {
  const out = process.argv[2]!;
  const rows: LayoutRow[] = [];
  const sizes = [50, 200, 1000, 3000];
  const engines: Engine[] = ["ours", "elk-default", "dagre", "ours-grouped"];
  for (const n of sizes) {
    for (const engine of engines) {
      if (engine === "ours-grouped" && n <= LARGE_GRAPH) continue;
      // A fresh worker per engine and size (the webview keeps one worker; the first layout pays the JIT warm-up).
      const w = new Worker(__filename);
      const times: number[] = [];
      const trips: number[] = [];
      const start = performance.now();
      const want = n >= 1000 ? 3 : 7;
      for (let i = 0; i < want + 1 && !(i >= 2 && performance.now() - start > 20000); i++) {
        const t = performance.now();
        const r = await new Promise<{ ms?: number; error?: string }>((res) => { w.once("message", res); w.postMessage({ engine, n }); });
        if (r.error) throw new Error(r.error);
        if (i > 0) { times.push(r.ms!); trips.push(performance.now() - t); }
      }
      await w.terminate();
      const g = makeGraph(n);
      const visible = engine === "ours-grouped" ? visibleModel(g, [...groupsById(g).keys()]).nodes.length : g.nodes.length;
      rows.push({ engine, nodes: n, visibleNodes: visible, edges: g.edges.length, time: stat(times), roundTrip: stat(trips) });
      process.stderr.write(`  layout ${engine.padEnd(12)} ${String(n).padStart(5)} nodes (${visible} drawn): ${stat(times).median} ms\n`);
    }
  }
  fs.writeFileSync(out, JSON.stringify(rows, null, 2));
}

if (isMainThread) void main().catch((e) => { console.error(e); process.exit(1); });
