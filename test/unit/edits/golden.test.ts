// Golden tests: each folder of test/fixtures/edits/<format>/<case>/ has `before/` (a workspace with comments,
// odd spacing, quotes and flow lists), `intent.json` ({ file, edit } and, for a refusal, `error`), and `after/`
// holding the exact expected text of every file the intent changes. Files not in `after/` must not change.
// UPDATE_GOLDEN=1 writes `after/` from the current output (review the diff before committing).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { computeEdit } from "../../../server/src/features/graph-edit";
import { subfoldersOf } from "../../support/folders";
import { load, readTree, run } from "./support";

const BASE = path.resolve(__dirname, "../../fixtures/edits");
const update = process.env.UPDATE_GOLDEN === "1";

for (const formatDir of subfoldersOf(BASE)) {
  describe(`graph edits: ${path.basename(formatDir)}`, () => {
    for (const dir of subfoldersOf(formatDir)) {
      it(path.basename(dir), () => {
        const intent = JSON.parse(fs.readFileSync(path.join(dir, "intent.json"), "utf8"));
        // A case always starts from files (after/ is absent only for a refusal, and then is not read).
        const before = readTree(path.join(dir, "before"));
        assert.ok(Object.keys(before).length > 0, `${path.relative(BASE, dir)}/before/ is missing or empty`);
        const index = load(before);
        const file = `/ws/${intent.file}`;
        if (intent.error) {
          const r = computeEdit(index, file, intent.edit);
          assert.ok("error" in r, `expected a refusal, got ${JSON.stringify(r)}`);
          assert.ok(r.error.includes(intent.error), `refusal '${r.error}' does not say '${intent.error}'`);
          return;
        }
        const { texts } = run(index, file, intent.edit);
        const got: Record<string, string> = {};
        for (const [p, t] of texts) got[p.slice("/ws/".length)] = t;
        if (update) {
          fs.rmSync(path.join(dir, "after"), { recursive: true, force: true });
          for (const [rel, t] of Object.entries(got)) {
            fs.mkdirSync(path.dirname(path.join(dir, "after", rel)), { recursive: true });
            fs.writeFileSync(path.join(dir, "after", rel), t);
          }
        }
        const want = readTree(path.join(dir, "after"));
        assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), "the set of changed files");
        for (const [rel, t] of Object.entries(want)) assert.equal(got[rel], t, `${rel} differs from after/${rel}`);
      });
    }
  });
}
