// Hover, the graph and the planner read the same engine as `describe component` (describe.ts): Go templates are
// rendered and run-time functions are shown as such everywhere, not only in describe.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hover } from "../../../server/src/features/hover";
import { validate } from "../../../server/src/features/validate";
import { componentDependencies } from "../../../server/src/formats/atmos/deps";
import { locate } from "../../../server/src/formats/atmos/describe";
import { engineFor } from "../../../server/src/formats/atmos/stacks";
import { workspace } from "../../support/ws";

const CONFIG = `stacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\ntemplates:\n  settings:\n    enabled: true\n`;
const CATALOG = "components:\n  terraform:\n    app:\n      vars:\n        name: \"{{ .vars.stage }}-{{ .atmos_component }}\"\n        id: !terraform.output net vpc_id\n        user: '{{ env \"USER\" }}'\n      dependencies:\n        components:\n          - name: net\n            stack: \"{{ .vars.stage }}-shared\"\n";

function repo() {
  return workspace({
    "/ws/atmos.yaml": CONFIG,
    "/ws/stacks/catalog/app.yaml": CATALOG,
    "/ws/stacks/deploy/dev.yaml": "import:\n  - catalog/app\nvars:\n  stage: dev\n",
    "/ws/stacks/deploy/prod.yaml": "import:\n  - catalog/app\nvars:\n  stage: prod\n",
    "/ws/stacks/deploy/shared.yaml": "vars:\n  stage: dev-shared\ncomponents:\n  terraform:\n    net: {}\n",
  });
}

describe("atmos: one engine for describe, hover, graph and plans", () => {
  it("hover on a component in a catalog file names its stack, renders templates and marks run-time values", () => {
    const ws = repo();
    const offset = CATALOG.indexOf("app:") + 1;
    const md = String((hover(ws, "/ws/stacks/catalog/app.yaml", offset)!.contents as { value: string }).value);
    assert.match(md, /component `app`\*\* in stack `dev`/);
    assert.match(md, /Describe in another stack \(1\): \[prod\]\(command:infraflow\.describeComponent\?/);
    assert.match(md, /\| `name` \| `dev-app` \|/);
    assert.match(md, /\| `id` \| resolved by Atmos at run time: `!terraform.output net vpc_id` \|/);
    assert.match(md, /\| `user` \| resolved by Atmos at run time: `'\{\{ env "USER" \}\}'` \|/);
  });

  it("resolves a dependency written as a template, for the graph and the planner", () => {
    const e = engineFor(repo());
    const hit = locate(e, "dev", "app")!;
    const deps = componentDependencies(e, hit.root, hit.eff.component);
    assert.deepEqual(deps.map((d) => [d.name, d.stackLabel, !!d.target]), [["net", "dev-shared", true]]);
  });

  it("reports a dependency cycle through a dependency written as a template", () => {
    const ws = workspace({
      "/ws/atmos.yaml": CONFIG,
      "/ws/stacks/deploy/dev.yaml":
        'vars:\n  stage: dev\n  peer: net\ncomponents:\n  terraform:\n    app:\n      dependencies:\n        components:\n          - name: "{{ .vars.peer }}"\n    net:\n      dependencies:\n        components:\n          - name: app\n',
    });
    const codes = validate(ws, "/ws/stacks/deploy/dev.yaml").map((d) => d.code);
    assert.ok(codes.includes("atmos/dependency-cycle"), codes.join(", "));
  });
});
