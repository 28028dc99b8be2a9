// `npm run bench`: builds production bundles into bench/out/, generates the workspaces, then runs every part in
// one go (in-process compute, both language servers over stdio, layouts, first paint, activation, sizes) and
// writes bench/results.json plus a table on stdout. Not part of `npm test` or CI. Options: --quick (1k and 10k
// only; 500 and 1000 stacks), --skip=lsp,scale,layout,paint, --scale=500,2000 (the many-file sizes),
// --reuse=compute (bench/out/compute.json of an earlier run).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(here);
const out = path.join(here, "out");
const js = path.join(out, "js");
const prod = path.join(out, "prod");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const skip = new Set((args.find((a) => a.startsWith("--skip=")) ?? "--skip=").slice(7).split(",").filter(Boolean));
const started = Date.now();
const log = (s) => process.stderr.write(s + "\n");

fs.mkdirSync(out, { recursive: true });
// 1. Production bundles, exactly as esbuild.mjs --production makes them, but into bench/out/prod (dist/ untouched).
const node = { bundle: true, platform: "node", format: "cjs", target: "node20", minify: true, logLevel: "warning", absWorkingDir: repo };
const browser = { bundle: true, platform: "browser", format: "iife", target: "es2022", minify: true, logLevel: "warning", absWorkingDir: repo };
await Promise.all([
  esbuild.build({ ...node, entryPoints: { client: "client/src/extension.ts", "lsp-client": "client/src/lsp/index.ts" }, outdir: prod, external: ["vscode"] }),
  esbuild.build({ ...node, entryPoints: { server: "server/src/main.ts", cli: "server/src/cli/main.ts" }, outdir: prod }),
  esbuild.build({ ...browser, entryPoints: { webview: "webview/src/main.tsx" }, outdir: prod }),
  esbuild.build({ ...browser, entryPoints: { "layout-worker": "webview/src/layout-worker.ts" }, outdir: prod }),
  esbuild.build({
    bundle: true, platform: "node", format: "cjs", target: "node20", logLevel: "warning", absWorkingDir: repo, outdir: js,
    entryPoints: { gen: "bench/src/gen-cli.ts", compute: "bench/src/compute.ts", lsp: "bench/src/lsp.ts", scale: "bench/src/scale.ts", layout: "bench/src/layout.ts", paint: "bench/src/paint.ts", activation: "bench/src/activation.ts" },
    external: ["playwright-core", "elkjs", "@dagrejs/dagre"],
  }),
]);
const run = (script, ...a) =>
  execFileSync(process.execPath, [path.join(js, `${script}.js`), ...a], { stdio: ["ignore", "inherit", "inherit"], cwd: repo, env: { ...process.env, BENCH_SERVER: path.join(prod, "server.js"), BENCH_CLI: path.join(prod, "cli.js"), BENCH_REPO: repo } });
const read = (f) => JSON.parse(fs.readFileSync(path.join(out, f), "utf8"));

// 2. Workspaces.
const sizes = quick ? "1000,10000" : "1000,10000,50000";
log(`generating workspaces (${sizes} lines per format)`);
run("gen", path.join(out, "ws"), sizes);
const wsFile = path.join(out, "ws", "workspaces.json");

const earlier = fs.existsSync(path.join(here, "results.json")) ? JSON.parse(fs.readFileSync(path.join(here, "results.json"), "utf8")) : {};
/** A skipped part keeps its numbers from the previous run, marked with that run's date. */
const keep = (part) => (earlier[part] ? { [part]: earlier[part], [`${part}From`]: earlier[`${part}From`] ?? earlier.machine?.date } : {});
const results = {
  machine: {
    cpu: (fs.readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.cpus()[0]?.model,
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    date: new Date().toISOString(),
    peers: { "yaml-language-server": readVersion("yaml-language-server"), elkjs: readVersion("elkjs"), "@dagrejs/dagre": readVersion("@dagrejs/dagre") },
  },
};
function readVersion(name) {
  return JSON.parse(fs.readFileSync(path.join(repo, "node_modules", name, "package.json"), "utf8")).version;
}

// --reuse=compute takes bench/out/compute.json of a run that stopped later on, instead of computing it again.
const reuse = new Set((args.find((a) => a.startsWith("--reuse=")) ?? "--reuse=").slice(8).split(",").filter(Boolean));
if (!reuse.has("compute")) {
  log("in-process compute (no debounce, no protocol)");
  run("compute", wsFile, path.join(out, "compute.json"));
}
results.compute = read("compute.json");
if (skip.has("lsp")) Object.assign(results, keep("lsp"));
else {
  log("language servers over stdio, side by side");
  run("lsp", wsFile, path.join(out, "lsp.json"));
  results.lsp = read("lsp.json");
}
if (skip.has("scale")) Object.assign(results, keep("scale"));
else {
  // Many files: N stacks importing a shared catalog (--scale=500,2000 picks the sizes).
  const sizes = (args.find((a) => a.startsWith("--scale=")) ?? (quick ? "--scale=500,1000" : "--scale=500,1000,2000,5000")).slice(8);
  log(`many-file Atmos workspaces (${sizes} stacks), our server and CLI`);
  run("scale", path.join(out, "scale.json"), sizes);
  results.scale = read("scale.json");
}
if (skip.has("layout")) Object.assign(results, keep("layout"));
else {
  log("layout in a worker");
  run("layout", path.join(out, "layout.json"));
  results.layout = read("layout.json");
}
if (skip.has("paint")) Object.assign(results, keep("paint"));
else {
  log("first paint in headless Chromium");
  const examples = [
    ["polycrate", "examples/polycrate/workspace.poly"],
    ["atmos", "examples/atmos/stacks/orgs/acme/platform/dev.yaml"],
    ["env0", "examples/env0/env0.workflow.yaml"],
    ["fabrikate", "examples/fabrikate/component.yaml"],
    ["deis", "examples/deis/Procfile"],
  ].map(([name, file]) => ({ name: `example ${name}`, graph: cliGraph(path.join(prod, "cli.js"), file, name) }));
  fs.writeFileSync(path.join(out, "example-graphs.json"), JSON.stringify(examples));
  run("paint", prod, path.join(out, "example-graphs.json"), path.join(out, "paint.json"));
  results.paint = read("paint.json");
}
log("activation and bundle sizes");
run("activation", path.join(prod, "client.js"), path.join(prod, "server.js"), path.join(out, "activation.json"));
results.activation = read("activation.json");
results.bundles = Object.fromEntries(
  ["client.js", "lsp-client.js", "server.js", "cli.js", "webview.js", "webview.css", "layout-worker.js"].map((f) => {
    const b = fs.readFileSync(path.join(prod, f));
    return [f, { bytes: b.length, gzip: gzipSync(b).length }];
  }),
);
results.machine.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
results.machine.seconds = Math.round((Date.now() - started) / 1000);
fs.writeFileSync(path.join(here, "results.json"), JSON.stringify(results, null, 2) + "\n");
process.stdout.write(table(results));
log(`bench/results.json written (${results.machine.seconds} s)`);

/** The graph of an example through the CLI (`infraflow graph --format json`), as the webview's WorkflowGraph. */
function cliGraph(cli, file, format) {
  const raw = JSON.parse(execFileSync(process.execPath, [cli, "graph", path.join(repo, file), "--format", "json"], { cwd: repo, encoding: "utf8" }));
  return {
    uri: `file://${path.join(repo, file)}`,
    format,
    title: file,
    version: 1,
    nodes: raw.nodes.map((n) => ({ id: n.id, label: n.label, kind: n.kind, detail: n.detail, group: n.group })),
    edges: raw.edges.map((e, i) => ({ id: e.id ?? `e${i}`, from: e.from, to: e.to, kind: e.kind, label: e.label })),
    groups: raw.groups ?? [],
  };
}

function table(r) {
  const f = (s) => (s && Number.isFinite(s.median) ? `${fmt(s.median)} / ${fmt(s.p95)}` : "–");
  const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  const ratio = (a, b) => (a && b && Number.isFinite(a.median) && Number.isFinite(b.median) && a.median > 0 ? `${(b.median / a.median).toFixed(1)}×` : "–");
  const lines = [];
  const m = r.machine;
  lines.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}; load average ${m.loadAverageAtStart.join(" ")} → ${m.loadAverageAtEnd.join(" ")}`);
  lines.push("");
  lines.push("Over the protocol (ms, median / p95): ours | yaml-language-server | ratio (peer ÷ ours)");
  lines.push("| file | lines | metric | Infraflow | yaml-language-server | ratio | our compute (no debounce) |");
  lines.push("| --- | ---: | --- | ---: | ---: | ---: | ---: |");
  for (const c of r.compute) {
    const ours = r.lsp?.find((x) => x.server === "infraflow" && x.format === c.format && x.size === c.size);
    const peer = r.lsp?.find((x) => x.server === "yaml-language-server" && x.format === c.format && x.size === c.size);
    const rows = [
      ["open → diagnostics", "open", "open"],
      ["edit → diagnostics", "edit", "edit"],
      ["reference edit → diagnostics", "refEdit", "refEdit"],
      ["completion", "completion", "completion"],
      ["hover", "hover", "hover"],
      ["definition", "definition", "definition"],
      ["rename (ours only)", "rename", "rename"],
    ];
    const gaveUp = (row) => (row?.failed ? `gave up (${row.failed.replace(/^timed out waiting for /, "no ").replace(/ for file:.*/, "")} in 60 s)` : undefined);
    for (const [label, k, ck] of rows) lines.push(`| ${c.format} | ${c.lines} | ${label} | ${gaveUp(ours) ?? f(ours?.[k])} | ${k === "rename" ? "n/a" : (gaveUp(peer) ?? f(peer?.[k]))} | ${k === "rename" ? "" : ratio(ours?.[k], peer?.[k])} | ${f(c[ck])} |`);
    lines.push(`| ${c.format} | ${c.lines} | memory (RSS, MB) | ${ours?.rssMb ?? "–"} | ${peer?.rssMb ?? "–"} | | |`);
    lines.push(`| ${c.format} | ${c.lines} | memory at rest (RSS after 10 s idle, MB) | ${ours?.rssRestMb ?? "–"} | ${peer?.rssRestMb ?? "–"} | | |`);
    if (ours?.roundTrip) lines.push(`| ${c.format} | ${c.lines} | edit round trip (rename → edit → new graph) | ${f(ours.roundTrip)} | n/a | | |`);
  }
  if (r.scale) {
    lines.push(
      "",
      "Many files: N stacks importing 20 catalog files of 5 components (ms; edits median / p95)",
      "| stacks | initialize | first diagnostics of all files | open a catalog file | edit → its diagnostics | edit → all files | reference edit → its diagnostics | reference edit → all files | hover | definition | RSS (MB) | `check` | `graph` (output) |",
      "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    );
    for (const s of r.scale)
      lines.push(`| ${s.stacks} | ${fmt(s.initializeMs)} | ${fmt(s.allFirstDiagnosticsMs)} | ${fmt(s.openCatalogMs)} | ${f(s.editOwn)} | ${f(s.editAll)} | ${f(s.refEditOwn)} | ${f(s.refEditAll)} | ${f(s.hover)} | ${f(s.definition)} | ${s.rssMb ?? "–"} | ${fmt(s.checkMs)} | ${fmt(s.graphMs)} (${(s.graphBytes / 1e6).toFixed(1)} MB) |`);
  }
  if (r.layout) {
    lines.push("", "Layout in a worker (ms, median / p95)", "| nodes | engine | drawn | layout | round trip |", "| ---: | --- | ---: | ---: | ---: |");
    for (const l of r.layout) lines.push(`| ${l.nodes} | ${l.engine} | ${l.visibleNodes} | ${f(l.time)} | ${f(l.roundTrip)} |`);
  }
  if (r.paint) {
    lines.push(
      "",
      "First paint in the webview (ms, median / p95): the quick layout first, ELK's when ready",
      "| graph | nodes | drawn | init → first frame with nodes | every box drawn | ELK's layout drawn | longest main-thread task (worst run / median run) | tasks > 50 ms |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    );
    for (const p of r.paint) lines.push(`| ${p.name} | ${p.nodes} | ${p.drawn} | ${f(p.firstPaint)} | ${f(p.firstComplete)} | ${p.finalLayout ? f(p.finalLayout) : "–"} | ${p.longestTaskMs} / ${p.longestTaskMedianMs ?? "–"} | ${p.longTasksOver50} |`);
  }
  const a = r.activation;
  lines.push("", `Activation (fresh processes): client bundle load ${f(a.clientLoad)} ms, activate() ${f(a.activate)} ms, both ${f(a.activation)} ms; then lsp-client.js load ${f(a.lspClientLoad)} ms${a.lspClientLoadedDuringActivate ? " (inside activate()!)" : ""}, language client running ${f(a.clientReady)} ms after the load began${a.activateError ? ` (stubbed API: ${a.activateError})` : ""}; server spawn → initialize ${f(a.serverStart)} ms`);
  lines.push(`Bundles (minified): ${Object.entries(r.bundles).map(([k, v]) => `${k} ${(v.bytes / 1024).toFixed(0)} KB (${(v.gzip / 1024).toFixed(0)} KB gz)`).join(", ")}`);
  return lines.join("\n") + "\n";
}
