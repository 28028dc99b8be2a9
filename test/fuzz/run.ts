// `npm run fuzz [-- --seed N --count N --seconds N --save]`: a bounded, deterministic fuzz run with a report.
// With --save, each distinct failure is kept under test/fixtures/fuzz/ as a regression input.
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { fuzz, loadSeeds, REPO } from "./harness";
import { fuzzCli, fuzzServer } from "./processes";

const arg = (name: string, d: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? d : Number(process.argv[i + 1]);
};
const seed = arg("seed", 1);
const report = fuzz({ seed, count: arg("count", 2000), seconds: arg("seconds", 120) });
console.log(`fuzz: seed ${seed}, ${report.inputs} inputs, ${report.calls} feature calls in ${report.seconds.toFixed(1)} s, ${report.failures.length} failures`);
console.log("slowest call per feature (ms):");
for (const [k, v] of Object.entries(report.slowest).sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(16)} ${v.toFixed(1)}`);
const seen = new Set<string>();
for (const f of report.failures) {
  const key = `${f.feature}:${f.error.split("\n")[0]}`;
  if (seen.has(key)) continue;
  seen.add(key);
  console.log(`\n✗ ${f.feature} on ${f.workspace}${f.file.replace("/fuzz", "")} (iteration ${f.iteration}, ${f.mutation}):\n${f.error}`);
  if (process.argv.includes("--save")) {
    const id = crypto.createHash("sha1").update(f.text).digest("hex").slice(0, 10);
    const dir = path.join(REPO, "test/fixtures/fuzz", `${f.workspace.replace(/[^\w]+/g, "-")}-${id}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "input.json"), JSON.stringify({ workspace: f.workspace, file: f.file, feature: f.feature, error: f.error.split("\n")[0] }, null, 2) + "\n");
    fs.writeFileSync(path.join(dir, "mutant.txt"), f.text);
    console.log(`  saved to ${path.relative(REPO, dir)}`);
  }
}
// The built artefacts: the CLI and the server over stdio (build first with `npm run build`).
(async () => {
  const seeds = loadSeeds();
  const cli = fuzzCli(seeds, seed, arg("cli", 40));
  console.log(`\ncli: ${cli.inputs} mutants checked, slowest ${cli.slowestMs} ms, ${cli.failures.length} failures`);
  for (const f of cli.failures.slice(0, 10)) console.log(`✗ ${f}`);
  const lsp = await fuzzServer(seeds, seed, arg("lsp", 150));
  console.log(`server: ${lsp.inputs} mutants over stdio, slowest answer ${lsp.slowestMs} ms, ${lsp.failures.length} failures`);
  for (const f of lsp.failures.slice(0, 10)) console.log(`✗ ${f}`);
  process.exit(report.failures.length + cli.failures.length + lsp.failures.length ? 1 : 0);
})();
