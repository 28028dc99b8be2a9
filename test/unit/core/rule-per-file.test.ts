// Rules the index asks file by file (`checkFile`, so that an edit's diagnostics cost what the file touches) must
// report exactly what their whole-workspace `check` reports in that file: over every example folder and every
// Atmos scenario and example of the conformance corpus (skipped when ../shared is absent).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { FORMATS } from "../../../server/src/formats/registry";
import type { WorkspaceRule } from "../../../server/src/formats/types";
import { nodeHost } from "../../../server/src/index/host";
import type { Problem } from "../../../server/src/core/problem";
import { CORPUS } from "../../support/corpus";
import { subfoldersOf } from "../../support/folders";
import { newIndex } from "../../support/ws";

const examples = path.resolve(__dirname, "../../../examples");
const conformance = path.join(CORPUS, "atmos-conformance");
const conformancePresent = fs.existsSync(path.join(conformance, "tests/fixtures/scenarios"));

const perFile: WorkspaceRule[] = FORMATS.flatMap((f) => (f.rules ?? []).filter((r) => r.checkFile));

const key = (p: Problem): string => JSON.stringify([p.path, p.span, p.severity, p.code, p.message, p.fixes ?? null, p.related ?? null]);

/** The folders' mismatches: for each rule, per file, check()'s problems there against checkFile()'s. */
function mismatches(root: string): { files: number; problems: number; wrong: string[] } {
  const index = newIndex(nodeHost, FORMATS);
  index.setRoots([root]);
  const wrong: string[] = [];
  let problems = 0;
  const paths = index.paths();
  for (const rule of perFile) {
    const whole = new Map<string, string[]>();
    for (const p of rule.check(index)) whole.set(p.path, [...(whole.get(p.path) ?? []), key(p)]);
    for (const p of paths) {
      const one = rule.checkFile!(index, p).map(key);
      const all = whole.get(p) ?? [];
      problems += one.length;
      if (JSON.stringify(one.sort()) !== JSON.stringify([...all].sort())) wrong.push(`${rule.id} in ${path.relative(root, p)}: whole ${all.length}, per file ${one.length}`);
    }
    for (const p of whole.keys()) if (!paths.includes(p)) wrong.push(`${rule.id}: whole check reports ${p}, which the index does not serve`);
  }
  return { files: paths.length, problems, wrong };
}

describe("rules checked file by file report what the whole check reports", () => {
  it("there are such rules", () => assert.ok(perFile.length >= 2, perFile.map((r) => r.id).join(", ")));
  for (const dir of subfoldersOf(examples)) {
    it(`examples/${path.basename(dir)}`, () => {
      const r = mismatches(dir);
      assert.deepEqual(r.wrong, []);
    });
  }
  it("every Atmos scenario and example of the conformance corpus", { skip: conformancePresent ? undefined : "../shared/corpus/atmos-conformance is absent" }, () => {
    let files = 0;
    let problems = 0;
    const wrong: string[] = [];
    for (const base of ["tests/fixtures/scenarios", "examples"]) {
      const dir = path.join(conformance, base);
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (!e.isDirectory()) continue;
        const r = mismatches(path.join(dir, e.name));
        files += r.files;
        problems += r.problems;
        wrong.push(...r.wrong.map((w) => `${base}/${e.name}: ${w}`));
      }
    }
    console.log(`  per-file rules over the conformance corpus: ${files} files, ${problems} problems, ${wrong.length} mismatches`);
    // The corpus has invalid manifests on purpose: the comparison must have met some problems to mean anything.
    assert.ok(problems > 0, "no rule problem at all in the corpus: the comparison proves nothing");
    assert.deepEqual(wrong, []);
  });
});
