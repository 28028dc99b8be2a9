// Real Atmos files from ../shared/corpus/atmos (never copied here; SOURCES.md marks none of them NEGATIVE).
// They are loaded together into one in-memory repository rooted at the quick-start-advanced `atmos.yaml`, each at
// its path below `stacks/` in its source repository. Some imports name files that are not in the corpus; those
// (and only those) may be reported as `atmos/import-not-found`. Every other error fails the test, and the only
// warning allowed is the deprecation of `settings.depends_on`, which these files use.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { validate } from "../../../server/src/features/validate";
import { parseConfig } from "../../../server/src/formats/atmos/config";
import { ATMOS_ABSENT_IMPORTS, ATMOS_PLACES } from "../../support/corpus";
import { workspace } from "../../support/ws";

const CORPUS = path.resolve(__dirname, "../../..", "../shared/corpus/atmos");
const present = fs.existsSync(CORPUS);

const PLACES = ATMOS_PLACES;
const ABSENT_IMPORTS = ATMOS_ABSENT_IMPORTS;

describe("atmos corpus", { skip: present ? false : "../shared/corpus/atmos is not present" }, () => {
  const read = (f: string) => fs.readFileSync(path.join(CORPUS, f), "utf8");
  const yamlFiles = present ? fs.readdirSync(CORPUS).filter((f) => f.endsWith(".yaml") && f !== "qsa.atmos.yaml") : [];

  it("places every manifest of the corpus", () => {
    assert.deepEqual(yamlFiles.filter((f) => !PLACES[f]), []);
  });

  it("reads qsa.atmos.yaml", () => {
    const c = parseConfig("/ws/atmos.yaml", read("qsa.atmos.yaml"));
    assert.equal(c.stacksBase, "/ws/stacks");
    assert.equal(c.workflowsBase, "/ws/stacks/workflows");
    assert.equal(c.terraformBase, "/ws/components/terraform");
    assert.deepEqual(c.included, ["orgs/**/*"]);
    assert.deepEqual(c.excluded, ["**/_defaults.yaml"]);
    assert.equal(c.namePattern, "{tenant}-{environment}-{stage}");
  });

  const files: Record<string, string> = {};
  if (present) {
    files["/ws/atmos.yaml"] = read("qsa.atmos.yaml");
    for (const [f, [p]] of Object.entries(PLACES)) files[`/ws/${p}`] = read(f);
  }
  const index = present ? workspace(files) : undefined;

  for (const [file, [p, kind]] of Object.entries(PLACES)) {
    it(file, () => {
      const abs = `/ws/${p}`;
      assert.deepEqual(index!.detected(abs), { format: "atmos", kind });
      const f = index!.file(abs)!;
      const diags = validate(index!, abs);
      const unexpected = diags
        .filter((d) => d.severity === 1 || d.severity === 2)
        .filter((d) => {
          if (d.code === "atmos/deprecated-depends-on" && d.severity === 2) return false;
          if (d.code !== "atmos/import-not-found") return true;
          const start = f.lines.offset(d.range.start);
          const end = f.lines.offset(d.range.end);
          return !ABSENT_IMPORTS.has(f.text.slice(start, end));
        })
        .map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`);
      assert.deepEqual(unexpected, []);
    });
  }

  it("reports exactly the imports whose files are absent", () => {
    const reported = new Set<string>();
    for (const p of index!.paths()) {
      const f = index!.file(p)!;
      for (const d of validate(index!, p)) {
        if (d.code === "atmos/import-not-found") reported.add(f.text.slice(f.lines.offset(d.range.start), f.lines.offset(d.range.end)));
      }
    }
    assert.deepEqual([...reported].sort(), [...ABSENT_IMPORTS].sort());
  });
});
