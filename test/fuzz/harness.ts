// The fuzz harness: mutates every example and corpus file and feeds each mutant to every server feature.
// No exception may escape and no request may take longer than a second on a file of up to 1 MB.
import * as fs from "node:fs";
import * as path from "node:path";
import { cursorContext } from "../../server/src/core/cursor";
import { PlanError } from "../../common/run-order";
import { codeActions } from "../../server/src/features/code-actions";
import { complete } from "../../server/src/features/complete";
import { definition, references } from "../../server/src/features/definition";
import { GraphCache } from "../../server/src/features/graph";
import { hover } from "../../server/src/features/hover";
import { prepareRename, rename } from "../../server/src/features/rename";
import { plan, runnables } from "../../server/src/features/run";
import { documentSymbols, workspaceSymbols } from "../../server/src/features/symbols";
import { validate } from "../../server/src/features/validate";
import { FORMATS } from "../../server/src/formats/registry";
import { memoryHost } from "../../server/src/index/host";
import type { WorkspaceIndex } from "../../server/src/index/workspace-index";
import { subfoldersOf } from "../support/folders";
import { mutate, rng } from "./mutate";
import { newIndex } from "../support/ws";

export const REPO = path.resolve(__dirname, "../..");
export const CORPUS = path.resolve(REPO, "../shared/corpus");

/** A workspace to fuzz in: its files (absolute POSIX paths in a virtual tree) and the files to mutate. */
export interface Seed {
  name: string;
  root: string;
  files: Record<string, string>;
  targets: string[];
}

function readTree(dir: string, into: Record<string, string>, base: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) readTree(p, into, base);
    else if (e.isFile()) into[path.posix.join("/fuzz", path.relative(base, p).split(path.sep).join("/"))] = fs.readFileSync(p, "utf8");
  }
}

/** Where a corpus file goes so that its format claims it (the name tells the role). */
function corpusPlacement(system: string, file: string): string | undefined {
  const base = file.replace(/\.(yaml|yml|json|poly|env)$/, "");
  switch (system) {
    case "polycrate":
      return file.endsWith(".block.poly") ? `/fuzz/${base}/blocks/b/block.poly` : file.endsWith(".poly") ? `/fuzz/${base}/workspace.poly` : undefined;
    case "atmos":
      if (file.endsWith("atmos.yaml") || !/\.ya?ml$/.test(file)) return undefined;
      return file.includes("workflows") ? `/fuzz/atmos/stacks/workflows/${file}` : `/fuzz/atmos/stacks/${file}`;
    case "env0":
      return /\.ya?ml$/.test(file) ? `/fuzz/${base}/env0.workflow.yaml` : undefined;
    case "fabrikate":
      if (file.includes(".config.")) {
        const [comp, env] = file.split(".config.");
        return `/fuzz/${comp}/config/${env}`;
      }
      return file.includes(".component.") ? `/fuzz/${file.replace(/\.component\.(yaml|json)$/, "")}/component.${file.endsWith("json") ? "json" : "yaml"}` : undefined;
    case "deis":
      return file.endsWith("Procfile") ? `/fuzz/${base}/Procfile` : file.endsWith(".env") ? `/fuzz/${base}/.env` : undefined;
    default:
      return undefined;
  }
}

export function loadSeeds(): Seed[] {
  const seeds: Seed[] = [];
  const examples = path.join(REPO, "examples");
  // The examples are in the repository: without them the fuzz tests would mutate the corpus only, or nothing.
  for (const dir of subfoldersOf(examples)) {
    const files: Record<string, string> = {};
    readTree(dir, files, dir);
    seeds.push({ name: `examples/${path.basename(dir)}`, root: "/fuzz", files, targets: [] });
  }
  if (fs.existsSync(CORPUS)) {
    for (const system of fs.readdirSync(CORPUS)) {
      const dir = path.join(CORPUS, system);
      if (!fs.statSync(dir).isDirectory()) continue;
      const files: Record<string, string> = {};
      if (system === "atmos") files["/fuzz/atmos/atmos.yaml"] = "stacks:\n  base_path: stacks\n  name_pattern: \"{tenant}-{environment}-{stage}\"\nworkflows:\n  base_path: stacks/workflows\n";
      for (const f of fs.readdirSync(dir)) {
        const p = path.join(dir, f);
        if (!fs.statSync(p).isFile() || f === "SOURCES.md") continue;
        const at = corpusPlacement(system, f);
        if (at) files[at] = fs.readFileSync(p, "utf8");
      }
      // A Deis .env is served only beside a Procfile.
      if (system === "deis") for (const k of Object.keys(files)) if (k.endsWith("/.env")) files[path.posix.join(path.posix.dirname(k), "Procfile")] ??= "web: run\n";
      seeds.push({ name: `corpus/${system}`, root: "/fuzz", files, targets: [] });
    }
  }
  // Mutate the files some format serves.
  for (const s of seeds) {
    const index = newIndex(memoryHost(s.files), FORMATS);
    index.setRoots([s.root]);
    s.targets = index.paths().sort();
  }
  return seeds.filter((s) => s.targets.length);
}

export interface Failure {
  seed: number;
  iteration: number;
  workspace: string;
  file: string;
  mutation: string;
  feature: string;
  error: string;
  text: string;
}

export interface FuzzReport {
  inputs: number;
  calls: number;
  failures: Failure[];
  slowest: Record<string, number>;
  seconds: number;
}

const SLOW_MS = 1000;

/** Runs every feature on one text at a few positions; returns failures (exceptions and slow calls). */
export function exercise(index: WorkspaceIndex, p: string, text: string, r: () => number, slowest: Record<string, number>, counter: { calls: number }, slowMs = SLOW_MS): Array<{ feature: string; error: string }> {
  const out: Array<{ feature: string; error: string }> = [];
  const call = (feature: string, fn: () => unknown): void => {
    const t0 = performance.now();
    try {
      fn();
    } catch (e) {
      if (!(e instanceof PlanError)) out.push({ feature, error: String((e as Error)?.stack ?? e).split("\n").slice(0, 6).join("\n") });
    }
    const ms = performance.now() - t0;
    counter.calls++;
    slowest[feature] = Math.max(slowest[feature] ?? 0, ms);
    if (ms > slowMs && text.length <= 1024 * 1024) out.push({ feature, error: `took ${ms.toFixed(0)} ms` });
  };
  call("open", () => index.openOrChange(p, text, Math.floor(r() * 1e9)));
  call("validate", () => validate(index, p));
  const offsets = [0, text.length, ...Array.from({ length: 4 }, () => Math.floor(r() * (text.length + 1)))];
  for (const o of offsets) {
    call("cursor", () => cursorContext(text, o));
    call("complete", () => complete(index, p, o));
    call("hover", () => hover(index, p, o));
    call("definition", () => definition(index, p, o));
    call("references", () => references(index, p, o, true));
    call("prepareRename", () => prepareRename(index, p, o));
    call("rename", () => rename(index, p, o, "renamed-x"));
  }
  call("documentSymbols", () => documentSymbols(index, p));
  call("workspaceSymbols", () => workspaceSymbols(index, ""));
  call("codeActions", () => codeActions(index, p, { start: { line: 0, character: 0 }, end: { line: 1e6, character: 0 } }));
  call("graph", () => new GraphCache().graph(index, p));
  let list: ReturnType<typeof runnables> = [];
  call("runnables", () => (list = runnables(index, p)));
  for (const rn of list.slice(0, 4)) call("plan", () => plan(index, p, { runnable: rn.parent ?? rn.id, settings: { "polycrate.mode": r() < 0.5 ? "local" : "cli" } }));
  return out;
}

/** `slowMs`: a call slower than this is a failure (the `npm run fuzz` report); tests pass Infinity, as speed is measured in bench/. */
export function fuzz(opts: { seed: number; count: number; seconds: number; seeds?: Seed[]; slowMs?: number }): FuzzReport {
  const started = Date.now();
  const seeds = opts.seeds ?? loadSeeds();
  const r = rng(opts.seed);
  const slowest: Record<string, number> = {};
  const counter = { calls: 0 };
  const failures: Failure[] = [];
  const indexes = new Map<string, WorkspaceIndex>();
  let inputs = 0;
  for (let i = 0; i < opts.count && (Date.now() - started) / 1000 < opts.seconds; i++) {
    const s = seeds[Math.floor(r() * seeds.length)]!;
    const p = s.targets[Math.floor(r() * s.targets.length)]!;
    let index = indexes.get(s.name);
    if (!index) {
      index = newIndex(memoryHost(s.files), FORMATS);
      index.setRoots([s.root]);
      indexes.set(s.name, index);
    }
    const m = mutate(s.files[p]!, r);
    inputs++;
    for (const f of exercise(index, p, m.text, r, slowest, counter, opts.slowMs ?? SLOW_MS)) failures.push({ seed: opts.seed, iteration: i, workspace: s.name, file: p, mutation: m.name, feature: f.feature, error: f.error, text: m.text });
    index.close(p);
  }
  return { inputs, calls: counter.calls, failures, slowest, seconds: (Date.now() - started) / 1000 };
}
