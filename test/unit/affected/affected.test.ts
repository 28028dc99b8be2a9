// `infraflow affected`: changed files → the nodes they touch, per format, then everything downstream. Atmos: a
// catalog file affects the components it defines in every stack importing it, a changed `vars` section every
// component of those stacks, a file in a component folder that component; Polycrate: a block's folder its block,
// actions and the steps running them; env0: the aliases of a changed workflow file and what needs them.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AffectedResult } from "../../../common/lsp-ext";
import { affected } from "../../../server/src/affected";
import { workspace } from "../../support/ws";

const ATMOS = {
  "/ws/atmos.yaml": "base_path: .\ncomponents:\n  terraform:\n    base_path: components/terraform\nstacks:\n  base_path: stacks\n  included_paths: [\"deploy/**/*\"]\n  name_pattern: \"{stage}\"\n",
  "/ws/stacks/catalog/app.yaml": "components:\n  terraform:\n    app:\n      metadata:\n        component: app\n      dependencies:\n        components:\n          - name: db\n",
  "/ws/stacks/catalog/db.yaml": "components:\n  terraform:\n    db:\n      metadata:\n        component: db\n",
  "/ws/stacks/catalog/web.yaml": "components:\n  terraform:\n    web:\n      dependencies:\n        components:\n          - name: app\n",
  "/ws/stacks/mixins/region.yaml": "vars:\n  region: us-east-2\n",
  "/ws/stacks/deploy/dev.yaml": "import:\n  - catalog/app\n  - catalog/db\n  - catalog/web\nvars:\n  stage: dev\n",
  "/ws/stacks/deploy/prod.yaml": "import:\n  - catalog/app\n  - catalog/db\n  - mixins/region\nvars:\n  stage: prod\n",
};

const POLY = {
  "/ws/workspace.poly": "name: demo\nworkflows:\n  - name: release\n    steps:\n      - name: build\n        block: app\n        action: build\n      - name: ship\n        block: infra\n        action: apply\n",
  "/ws/blocks/app/block.poly": "name: app\nactions:\n  - name: build\n    script: [make]\n",
  "/ws/blocks/app/playbook.yml": "- hosts: all\n",
  "/ws/blocks/infra/block.poly": "name: infra\nactions:\n  - name: apply\n    script: [terraform apply]\n",
};

const ENV0 = {
  "/ws/env0.workflow.yaml": "environments:\n  net:\n    name: net\n    templateName: net\n  db:\n    name: db\n    templateName: db\n    needs: [net]\n",
};

/** `label@stack` (Atmos) or `label` per affected item, with its first reason. */
const summary = (r: AffectedResult) => r.affected.map((a) => `${a.component ? `${a.component}@${a.stack}` : `${a.kind}:${a.label}`} ${a.affected}`).sort();

describe("affected: changed files → affected nodes", () => {
  it("Atmos: a catalog file affects its component in every stack that imports it, and what depends on it", () => {
    const r = affected(workspace(ATMOS), "/ws", ["/ws/stacks/catalog/db.yaml"], "main");
    assert.deepEqual(r.files, ["stacks/catalog/db.yaml"]);
    assert.deepEqual(summary(r), ["app@dev dependency", "app@prod dependency", "db@dev stack.manifest", "db@prod stack.manifest", "web@dev dependency"]);
    const db = r.affected.find((a) => a.component === "db" && a.stack === "dev")!;
    assert.equal(db.component_type, "terraform");
    assert.equal(db.component_path, "components/terraform/db");
    assert.equal(db.stack_slug, "dev-db");
    assert.deepEqual(db.changed_files, ["stacks/catalog/db.yaml"]);
    assert.deepEqual(db.dependents.map((d) => `${d.component}@${d.stack}`), ["app@dev"]);
    assert.equal(db.included_in_dependents, false);
    const web = r.affected.find((a) => a.component === "web")!;
    assert.equal(r.affected.find((a) => a.node === web.via)?.component, "app", "web is affected through app");
    assert.equal(web.included_in_dependents, true);
  });

  it("Atmos: a mixin's vars affect every component of the stacks importing it, and only those", () => {
    const r = affected(workspace(ATMOS), "/ws", ["/ws/stacks/mixins/region.yaml"], "main");
    assert.deepEqual(summary(r), ["app@prod stack.vars", "db@prod stack.vars"]);
  });

  it("Atmos: a file in a component folder affects that component in every stack", () => {
    const r = affected(workspace({ ...ATMOS, "/ws/components/terraform/app/main.tf": "" }), "/ws", ["/ws/components/terraform/app/main.tf"], "main");
    assert.deepEqual(summary(r), ["app@dev component", "app@prod component", "web@dev dependency"]);
  });

  it("Polycrate: a file in a block's folder affects the block, its actions and the steps that run them (and the steps after)", () => {
    const r = affected(workspace(POLY), "/ws", ["/ws/blocks/app/playbook.yml"], "main");
    const s = summary(r);
    assert.ok(s.includes("block:app folder"), s.join("\n"));
    assert.ok(s.includes("action:build folder"), s.join("\n"));
    assert.ok(s.includes("step:build dependency"), s.join("\n"));
    assert.ok(s.includes("step:ship dependency"), "ship runs after build");
    assert.ok(!s.some((x) => x.includes("infra") || x.includes("apply")), s.join("\n"));
    assert.equal(r.affected.find((a) => a.label === "build" && a.kind === "step")?.group, "release");
  });

  it("Polycrate: a changed block.poly affects its block, not a second time through its own folder", () => {
    const r = affected(workspace(POLY), "/ws", ["/ws/blocks/infra/block.poly"], "main");
    assert.deepEqual(
      r.affected.filter((a) => a.affected !== "dependency").map((a) => `${a.kind}:${a.label} ${a.affected_all.join("+")}`).sort(),
      ["action:apply definition", "block:infra definition"],
    );
    assert.ok(summary(r).includes("step:ship dependency"));
  });

  it("env0 and unrelated files: the nodes a workflow file defines; a file nothing reads affects nothing", () => {
    const r = affected(workspace(ENV0), "/ws", ["/ws/env0.workflow.yaml", "/ws/README.md", "/elsewhere/x.yaml"], "v1");
    assert.deepEqual(r.files, ["env0.workflow.yaml", "README.md"]);
    assert.ok(summary(r).includes("alias:db definition"));
    assert.equal(affected(workspace(ENV0), "/ws", ["/ws/README.md"], "v1").affected.length, 0);
  });
});
