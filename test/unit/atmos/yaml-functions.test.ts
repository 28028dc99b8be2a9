// YAML functions in stack manifests: a local `!include` merges like written YAML (Atmos's YAML reader replaces the
// node before merging), and a function only Atmos resolves (`!terraform.output`, `!store`, a remote `!include`)
// stays as its expression, marked as a run-time value, without wiping what was merged before.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeComponent, locate } from "../../../server/src/formats/atmos/describe";
import { engineFor } from "../../../server/src/formats/atmos/stacks";
import { parseHclAttributes } from "../../../server/src/formats/atmos/yaml-functions";
import { workspace } from "../../support/ws";

const CONFIG = `stacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n`;

describe("atmos YAML functions", () => {
  it("merges a section included from a local file over what came before", () => {
    const ws = workspace({
      "/ws/atmos.yaml": CONFIG,
      "/ws/config/extra.json": '{"b": 2, "tags": {"team": "x"}}',
      "/ws/stacks/deploy/dev.yaml": "vars:\n  stage: dev\n  a: 1\n  tags:\n    owner: me\ncomponents:\n  terraform:\n    vpc:\n      vars: !include config/extra.json\n",
    });
    assert.deepEqual(describeComponent(engineFor(ws), "dev", "vpc")?.vars, { stage: "dev", a: 1, b: 2, tags: { owner: "me", team: "x" } });
  });

  it("keeps run-time functions as their expression and keeps the map they are written over", () => {
    const ws = workspace({
      "/ws/atmos.yaml": CONFIG,
      "/ws/stacks/deploy/dev.yaml": [
        "vars:\n  stage: dev\n  a: 1",
        "components:\n  terraform:\n    vpc:",
        "      vars: !include https://example.com/vars.yaml",
        "      settings:\n        id: !terraform.output net vpc_id",
        "",
      ].join("\n"),
    });
    const e = engineFor(ws);
    assert.deepEqual(describeComponent(e, "dev", "vpc")?.vars, { stage: "dev", a: 1 });
    const hit = locate(e, "dev", "vpc")!;
    assert.equal(hit.eff.vars.kind === "map" && hit.eff.vars.runtime?.[0]?.value, "!include https://example.com/vars.yaml");
    const id = hit.eff.settings.kind === "map" ? hit.eff.settings.entries.get("id") : undefined;
    assert.equal(id?.kind === "leaf" && id.runtime, true);
    assert.equal(describeComponent(e, "dev", "vpc")?.settings && (describeComponent(e, "dev", "vpc")!.settings as Record<string, unknown>).id, "!terraform.output net vpc_id");
  });

  it("reads HCL attributes of tfvars files", () => {
    assert.deepEqual(parseHclAttributes('a = "x" # note\nlist = ["a", "b"]\nm = {\n  k = 1\n  "q" = true\n}\n'), { a: "x", list: ["a", "b"], m: { k: 1, q: true } });
  });
});
