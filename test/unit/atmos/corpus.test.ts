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
import { workspace } from "../../support/ws";

const CORPUS = path.resolve(__dirname, "../../..", "../shared/corpus/atmos");
const present = fs.existsSync(CORPUS);

/** Corpus file → path in the in-memory repository, and its kind. */
const PLACES: Record<string, [string, "stack" | "workflow"]> = {
  "qsa.catalog.vpc.defaults.yaml": ["stacks/catalog/vpc/defaults.yaml", "stack"],
  "qsa.catalog.vpc-flow-logs-bucket.defaults.yaml": ["stacks/catalog/vpc-flow-logs-bucket/defaults.yaml", "stack"],
  "qsa.orgs.acme._defaults.yaml": ["stacks/orgs/acme/_defaults.yaml", "stack"],
  "qsa.orgs.acme.plat.dev.us-east-2.yaml": ["stacks/orgs/acme/plat/dev/us-east-2.yaml", "stack"],
  "qsa.workflows.networking.yaml": ["stacks/workflows/networking.yaml", "workflow"],
  "head.qsa.catalog.app-config.defaults.yaml": ["stacks/catalog/app-config/defaults.yaml", "stack"],
  "head.parallel-steps.workflows.parallel.yaml": ["stacks/workflows/parallel.yaml", "workflow"],
  "fixture.complete.workflows.workflow1.yaml": ["stacks/workflows/workflow1.yaml", "workflow"],
  "fixture.complete.catalog.base-component-3.yaml": ["stacks/catalog/terraform/base-component-3.yaml", "stack"],
  "fixture.complete.catalog.derived-component-3.yaml": ["stacks/catalog/terraform/derived-component-3.yaml", "stack"],
  "fixture.depends-on-name-pattern.deploy.prod.us-east-1.yaml": ["stacks/deploy/prod/us-east-1.yaml", "stack"],
  "fixture.terraform-apply-affected.deploy.nonprod.yaml": ["stacks/deploy/nonprod.yaml", "stack"],
};

/** Imports whose targets are not in the corpus: the only errors allowed. */
const ABSENT_IMPORTS = new Set([
  "orgs/acme/plat/dev/_defaults",
  "mixins/region/us-east-2",
  "catalog/vpc/dev",
  "catalog/terraform/base-component-1",
  "catalog/terraform/base-component-4",
  "mixins/region/us-east-1",
  "mixins/stage/prod",
]);

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
