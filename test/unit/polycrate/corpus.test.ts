// Real Polycrate files from ../shared/corpus/polycrate (never copied here). Each file is loaded under the name the
// CLI would see it by. Files SOURCES.md marks NEGATIVE must get an error; the others must get none.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { validate } from "../../../server/src/features/validate";
import { entriesOf } from "../../support/folders";
import { workspace } from "../../support/ws";

const CORPUS = path.resolve(__dirname, "../../..", "../shared/corpus/polycrate");
const present = fs.existsSync(CORPUS);
const NEGATIVE = new Set(["vscode-polycrate.examples.workspace.poly", "vscode-polycrate.examples.block.poly", "legacy-docs.actions-as-map.block.poly"]);

function cliName(file: string): string {
  return file.endsWith("workspace.poly") ? "/ws/workspace.poly" : "/ws/blocks/x/block.poly";
}

describe("polycrate corpus", { skip: present ? false : "../shared/corpus/polycrate is not present" }, () => {
  const files = present ? entriesOf(CORPUS, (f) => f.endsWith(".poly"), ".poly file") : [];
  it("has the example files", () => assert.ok(files.length >= 8, `found ${files.length}`));
  for (const file of files) {
    it(file, () => {
      const p = cliName(file);
      const index = workspace({ [p]: fs.readFileSync(path.join(CORPUS, file), "utf8") });
      assert.equal(index.detected(p)?.format, "polycrate");
      const errors = validate(index, p).filter((d) => d.severity === 1);
      if (NEGATIVE.has(file)) assert.ok(errors.length >= 1, "a negative example must get an error");
      else assert.deepEqual(errors.map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`), []);
    });
  }
});
