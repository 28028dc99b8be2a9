// The real Fabrikate files of ../shared/corpus/fabrikate, placed where Fabrikate expects them (SOURCES.md):
// component files as `<definition>/component.yaml|json` with their environments under `config/<env>.yaml|json`.
// None is marked NEGATIVE there, so none may have an error; warnings are allowed (the kafka sample's deprecated
// `generator`, cloud-native's `jaeger` entry whose subcomponent is commented out).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { FABRIKATE_PLACES } from "../../support/corpus";
import { describe, it } from "node:test";
import { validate } from "../../../server/src/features/validate";
import { repoRoot, ws } from "./support";

const CORPUS = path.resolve(repoRoot, "../shared/corpus/fabrikate");
const present = fs.existsSync(CORPUS);

/** Corpus file → workspace path. */
const PLACES: Record<string, string> = Object.fromEntries(Object.entries(FABRIKATE_PLACES).map(([f, p]) => [f, `/ws/${p}`]));

function negatives(): Set<string> {
  const sources = fs.readFileSync(path.join(CORPUS, "SOURCES.md"), "utf8");
  return new Set(sources.split("\n").filter((l) => /NEGATIVE/i.test(l)).map((l) => /\|\s*([^|\s]+)\s*\|/.exec(l)?.[1] ?? ""));
}

describe("fabrikate corpus", { skip: present ? false : "../shared/corpus/fabrikate is absent" }, () => {
  it("places every corpus file", () => {
    const files = fs.readdirSync(CORPUS).filter((f) => f !== "SOURCES.md");
    assert.deepEqual(files.filter((f) => !PLACES[f]), []);
  });

  it("detects every file, with errors exactly in the negative ones", () => {
    const files = Object.fromEntries(Object.entries(PLACES).map(([f, p]) => [p, fs.readFileSync(path.join(CORPUS, f), "utf8")]));
    const index = ws(files);
    const neg = negatives();
    for (const [f, p] of Object.entries(PLACES)) {
      const kind = f.includes(".config.") ? "config" : "component";
      assert.deepEqual(index.detected(p), { format: "fabrikate", kind }, f);
      const errors = validate(index, p).filter((d) => d.severity === 1);
      if (neg.has(f)) assert.ok(errors.length > 0, `${f} is negative but has no error`);
      else assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), [], f);
    }
    const warnings = (p: string) => validate(index, p).filter((d) => d.severity === 2).map((d) => d.code);
    assert.deepEqual(warnings("/ws/kafka/component.yaml"), ["fab/deprecated-generator"]);
    assert.deepEqual(warnings("/ws/cloud-native/config/common.yaml"), ["fab/unknown-subcomponent"]);
  });
});
