// Rule ids are spelled one way in every format: the diagnostic code without the format's prefix
// (`inherits-cycle` reports `atmos/inherits-cycle`), unique within the format.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FILE_RULES as ENV0_FILE_RULES } from "../../../server/src/formats/env0/analyze";
import { COMPONENT_RULES } from "../../../server/src/formats/fabrikate/analyze";
import { FILE_RULES as POLY_FILE_RULES } from "../../../server/src/formats/polycrate/analyze";
import { FORMATS } from "../../../server/src/formats/registry";

const fileRules: Record<string, Array<{ id: string }>> = { polycrate: POLY_FILE_RULES, env0: ENV0_FILE_RULES, fabrikate: COMPONENT_RULES };

describe("rule ids", () => {
  for (const f of FORMATS) {
    it(`${f.id}: bare kebab-case names, each once`, () => {
      const ids = [...(f.rules ?? []), ...(fileRules[f.id] ?? [])].map((r) => r.id);
      for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${f.id} rule '${id}'`);
      assert.equal(new Set(ids).size, ids.length, ids.join(", "));
    });
  }
});
