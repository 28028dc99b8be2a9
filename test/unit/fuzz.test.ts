// A short, deterministic fuzz run on every feature (the long one is `npm run fuzz`), and the saved regressions.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { FORMATS } from "../../server/src/formats/registry";
import { memoryHost } from "../../server/src/index/host";
import { exercise, fuzz, loadSeeds, REPO } from "../fuzz/harness";
import { rng } from "../fuzz/mutate";
import { subfoldersOf } from "../support/folders";
import { newIndex } from "../support/ws";

describe("fuzz", () => {
  it("survives 150 mutants of the examples and corpus in every feature", () => {
    // No time limit here: tests assert behaviour, and speed is measured by `npm run fuzz` and bench/.
    const report = fuzz({ seed: 7, count: 150, seconds: 60, slowMs: Infinity });
    assert.equal(report.inputs, 150, "the 60 s cap cut the run short");
    assert.deepEqual(report.failures.map((f) => `${f.feature} ${f.workspace}${f.file} (${f.mutation}): ${f.error}`), []);
  });

  it("replays every saved regression input", () => {
    // At least the canary is there (test/fixtures/fuzz/README.md): a missing or empty folder fails here.
    const cases = subfoldersOf(path.join(REPO, "test/fixtures/fuzz"));
    const seeds = loadSeeds();
    for (const dir of cases) {
      const c = path.basename(dir);
      const meta = JSON.parse(fs.readFileSync(path.join(dir, "input.json"), "utf8")) as { workspace: string; file: string };
      const text = fs.readFileSync(path.join(dir, "mutant.txt"), "utf8");
      const s = seeds.find((x) => x.name === meta.workspace);
      // The examples are always there; a case that names one and does not find it would replay a weaker input.
      if (meta.workspace.startsWith("examples/")) assert.ok(s?.files[meta.file] !== undefined, `${c}: no ${meta.file} in ${meta.workspace}`);
      const files = s ? s.files : { [meta.file]: text };
      const index = newIndex(memoryHost(files), FORMATS);
      index.setRoots(["/fuzz"]);
      const out = exercise(index, meta.file, text, rng(1), {}, { calls: 0 }, Infinity);
      assert.deepEqual(out, [], c);
    }
  });
});
