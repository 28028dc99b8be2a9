// `infraflow check` on every real example of ../shared/corpus (skipped when absent), each written to a temp
// folder at the path its tool expects: every file is detected, the NEGATIVE ones get errors, the others none.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { CONTAINED_ERROR } from "../../server/src/index/workspace-index";
import { CORPUS, CORPUS_SYSTEMS, corpusPresent, corpusTrees } from "../support/corpus";

const cli = path.resolve(__dirname, "../../bin/infraflow.js");

describe("infraflow check on the corpus", { skip: fs.existsSync(CORPUS) ? false : "../shared/corpus is not present" }, () => {
  for (const system of CORPUS_SYSTEMS) if (!corpusPresent(system)) it(system, { skip: `../shared/corpus/${system} is not present` }, () => {});
  for (const tree of corpusTrees()) {
    it(tree.system, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-corpus-"));
      try {
        for (const [rel, text] of Object.entries(tree.files)) {
          fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
          fs.writeFileSync(path.join(dir, rel), text);
        }
        const r = spawnSync(process.execPath, [cli, "check", "--format", "json", "."], { cwd: dir, encoding: "utf8" });
        assert.ok(r.status === 0 || r.status === 1, r.stderr);
        assert.ok(!r.stderr.includes(CONTAINED_ERROR), r.stderr);
        // Every file but atmos.yaml (a config, not a manifest) is served.
        const served = Object.keys(tree.files).filter((f) => path.basename(f) !== "atmos.yaml").length;
        assert.match(r.stderr, new RegExp(`^${served} file\\(s\\) checked`, "m"), "every file is detected");
        const records = JSON.parse(r.stdout) as Array<{ file: string; severity: string; code: string; message: string }>;
        const errors = records.filter((x) => x.severity === "error" && !tree.allowedError?.(x.file, x.code, x.message));
        for (const neg of tree.negative) assert.ok(errors.some((e) => e.file === neg), `${neg} is NEGATIVE and must get an error`);
        const unexpected = errors.filter((e) => !tree.negative.has(e.file)).map((e) => `${e.file}: ${e.code} ${e.message}`);
        assert.deepEqual(unexpected, []);
        assert.equal(r.status, records.some((x) => x.severity === "error") ? 1 : 0, "exit 1 exactly when there is an error");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
