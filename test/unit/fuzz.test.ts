// A short, deterministic fuzz run on every feature (the long one is `npm run fuzz`), and the saved regressions.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { FORMATS } from "../../server/src/formats/registry";
import { memoryHost } from "../../server/src/index/host";
import { WorkspaceIndex } from "../../server/src/index/workspace-index";
import { exercise, fuzz, loadSeeds, REPO } from "../fuzz/harness";
import { rng } from "../fuzz/mutate";

describe("fuzz", () => {
  it("survives 150 mutants of the examples and corpus in every feature", () => {
    // No time limit here: tests assert behaviour, and speed is measured by `npm run fuzz` and bench/.
    const report = fuzz({ seed: 7, count: 150, seconds: 60, slowMs: Infinity });
    assert.ok(report.inputs > 0);
    assert.deepEqual(report.failures.map((f) => `${f.feature} ${f.workspace}${f.file} (${f.mutation}): ${f.error}`), []);
  });

  it("replays every saved regression input", () => {
    const dir = path.join(REPO, "test/fixtures/fuzz");
    const cases = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    const seeds = loadSeeds();
    for (const c of cases) {
      const meta = JSON.parse(fs.readFileSync(path.join(dir, c, "input.json"), "utf8")) as { workspace: string; file: string };
      const text = fs.readFileSync(path.join(dir, c, "mutant.txt"), "utf8");
      const s = seeds.find((x) => x.name === meta.workspace);
      const files = s ? s.files : { [meta.file]: text };
      const index = new WorkspaceIndex(memoryHost(files), FORMATS);
      index.setRoots(["/fuzz"]);
      const out = exercise(index, meta.file, text, rng(1), {}, { calls: 0 }, Infinity);
      assert.deepEqual(out, [], c);
    }
  });
});
