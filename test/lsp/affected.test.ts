// `infraflow affected --base REF` and `infraflow/affected` on a real git repository in a temp folder: the files
// changed since a commit (committed after it, modified, untracked) mapped to what they affect, as the CLI prints it
// (text and Atmos-style JSON) and as the language server answers the graph's "Affected since…".
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { affectedRequest, type AffectedResult } from "../../common/lsp-ext";
import { LspClient } from "./support/lsp-client";

const repo = path.resolve(__dirname, "../..");
const cli = path.join(repo, "bin/infraflow.js");
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8" });

const FILES: Record<string, string> = {
  "atmos.yaml": 'components:\n  terraform:\n    base_path: components/terraform\nstacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n',
  "stacks/catalog/app.yaml": "components:\n  terraform:\n    app:\n      dependencies:\n        components:\n          - name: db\n",
  "stacks/catalog/db.yaml": "components:\n  terraform:\n    db:\n      vars:\n        size: small\n",
  "stacks/deploy/dev.yaml": "import:\n  - catalog/app\n  - catalog/db\nvars:\n  stage: dev\n",
  "stacks/deploy/prod.yaml": "import:\n  - catalog/app\n  - catalog/db\nvars:\n  stage: prod\n",
  "components/terraform/db/main.tf": "",
  "poly/workspace.poly": "name: demo\nworkflows:\n  - name: release\n    steps:\n      - name: build\n        block: app\n        action: build\n",
  "poly/blocks/app/block.poly": "name: app\nactions:\n  - name: build\n    script: [make]\n",
};

describe("infraflow affected", () => {
  let dir: string;
  let base: string;
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trim();
  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-affected-")));
    for (const [p, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), text);
    }
    git("init", "-q");
    git("add", "-A");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "base");
    base = git("rev-parse", "HEAD");
    // After the base: a committed change to the db catalog, an uncommitted one in a component folder, and a new
    // (untracked) file in a Polycrate block's folder.
    fs.writeFileSync(path.join(dir, "stacks/catalog/db.yaml"), FILES["stacks/catalog/db.yaml"]!.replace("small", "large"));
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qam", "bigger db");
    fs.writeFileSync(path.join(dir, "components/terraform/db/main.tf"), "# changed\n");
    fs.writeFileSync(path.join(dir, "poly/blocks/app/playbook.yml"), "- hosts: all\n");
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("prints what changed and what it affects, with the stacks and the dependents", () => {
    const r = run(["affected", "--base", base], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Changed since [0-9a-f]+ \(3\):\n {2}components\/terraform\/db\/main\.tf\n {2}poly\/blocks\/app\/playbook\.yml\n {2}stacks\/catalog\/db\.yaml\n/);
    assert.match(r.stdout, /^ {2}db in dev {2}stack\.manifest, component: stacks\/catalog\/db\.yaml, components\/terraform\/db\/main\.tf$/m);
    assert.match(r.stdout, /^ {2}db in prod {2}stack\.manifest, component/m);
    assert.match(r.stdout, /^ {2}app in dev {2}needs db$/m);
    assert.match(r.stdout, /^ {2}block app {2}folder: poly\/blocks\/app\/playbook\.yml$/m);
    assert.match(r.stdout, /^ {2}step build \(release\) {2}needs /m);
    assert.match(r.stderr, /3 file\(s\) changed since [0-9a-f]+: \d+ node\(s\) affected\./);
  });

  it("prints JSON items with `atmos describe affected`'s field names", () => {
    const r = run(["affected", "--base", base, "--format", "json"], dir);
    assert.equal(r.status, 0, r.stderr);
    const items = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    const db = items.find((i) => i.component === "db" && i.stack === "prod")!;
    assert.deepEqual(
      { component: db.component, component_type: db.component_type, component_path: db.component_path, stack: db.stack, stack_slug: db.stack_slug, affected: db.affected, affected_all: db.affected_all, included_in_dependents: db.included_in_dependents },
      { component: "db", component_type: "terraform", component_path: "components/terraform/db", stack: "prod", stack_slug: "prod-db", affected: "stack.manifest", affected_all: ["stack.manifest", "component"], included_in_dependents: false },
    );
    assert.deepEqual((db.dependents as Array<Record<string, string>>).map((d) => `${d.component}@${d.stack}`), ["app@prod"]);
    const app = items.find((i) => i.component === "app" && i.stack === "prod")!;
    assert.equal(app.affected, "dependency");
    assert.equal(app.included_in_dependents, true);
  });

  it("nothing changed since HEAD after a commit of everything: nothing affected", () => {
    const clean = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-affected-clean-")));
    try {
      fs.writeFileSync(path.join(clean, "env0.workflow.yaml"), "environments:\n  net:\n    name: net\n    templateName: net\n");
      execFileSync("git", ["init", "-q"], { cwd: clean });
      execFileSync("git", ["add", "-A"], { cwd: clean });
      execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "x"], { cwd: clean });
      const r = run(["affected", "--base", "HEAD", "--format", "json"], clean);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), []);
    } finally {
      fs.rmSync(clean, { recursive: true, force: true });
    }
  });

  it("refuses an unknown ref, an option-looking ref and a missing --base with a clear message", () => {
    const unknown = run(["affected", "--base", "no-such-branch"], dir);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /'no-such-branch' is not a commit, branch or tag of this repository\./);
    const option = run(["affected", "--base", "--output=/tmp/x"], dir);
    assert.equal(option.status, 1);
    assert.match(option.stderr, /is not a git ref/);
    const missing = run(["affected"], dir);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /affected needs --base REF/);
  });

  it("outside a git repository: says so", () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-affected-nogit-"));
    try {
      const r = spawnSync(process.execPath, [cli, "affected", "--base", "main"], { cwd: plain, encoding: "utf8", env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(plain) } });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /not a git repository/i);
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });

  it("the language server answers infraflow/affected with the nodes the graph marks", async () => {
    const lsp = await LspClient.start(dir);
    try {
      const dev = path.join(dir, "stacks/deploy/dev.yaml");
      lsp.open(dev, FILES["stacks/deploy/dev.yaml"]!);
      await lsp.diagnosticsFor(dev);
      const r = await lsp.request<AffectedResult>(affectedRequest.method, { uri: lsp.uri(dev), base });
      assert.equal(r.error, undefined);
      assert.deepEqual(r.files, ["components/terraform/db/main.tf", "poly/blocks/app/playbook.yml", "stacks/catalog/db.yaml"]);
      assert.ok(r.affected.some((a) => a.node === `component:${dev}#db` && a.affected === "stack.manifest"), JSON.stringify(r.affected.map((a) => a.node)));
      assert.ok(r.affected.some((a) => a.node === `component:${dev}#app` && a.affected === "dependency"));
      const bad = await lsp.request<AffectedResult>(affectedRequest.method, { uri: lsp.uri(dev), base: "-p" });
      assert.match(bad.error ?? "", /not a git ref/);
    } finally {
      await lsp.stop();
    }
  });
});
