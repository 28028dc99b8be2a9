// `infraflow export`, built, as a user or CI calls it: exit codes, output, and the tool names it writes.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import { CliSandbox } from "./support/cli-sandbox";

describe("infraflow export", () => {
  let sb: CliSandbox;
  before(() => {
    sb = new CliSandbox("infraflow-export-");
    fs.mkdirSync(path.join(sb.dir, "blocks/app"), { recursive: true });
    fs.writeFileSync(path.join(sb.dir, "blocks/app/block.poly"), "name: app\nactions:\n  - name: build\n    script:\n      - echo build\n  - name: deploy\n    script:\n      - echo deploy\n");
    fs.writeFileSync(
      path.join(sb.dir, "workspace.poly"),
      "name: demo\norganization: acme\nworkflows:\n  - name: release\n    steps:\n      - name: build\n        block: app\n        action: build\n      - name: ship\n        block: app\n        action: deploy\n",
    );
    // A local executable path means nothing on a runner: the export names the tool.
    fs.mkdirSync(path.join(sb.dir, ".vscode"));
    fs.writeFileSync(path.join(sb.dir, ".vscode/settings.json"), '{ "infraflow.polycrate.executable": "/opt/me/bin/polycrate" }\n');
    fs.mkdirSync(path.join(sb.dir, "app{{x}}"));
    fs.writeFileSync(path.join(sb.dir, "app{{x}}/Procfile"), "web: node server.js\n");
  });
  after(() => sb.dispose());

  it("writes a GitHub Actions workflow to stdout, one job per step, the tool by its name", () => {
    const r = sb.run(["export", "workspace.poly", "release", "--to", "github-actions"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^# Exported by Infraflow from workspace\.poly: Polycrate workflow release\./);
    const doc = parse(r.stdout);
    assert.deepEqual(Object.keys(doc.jobs), ["build", "ship"]);
    assert.deepEqual(doc.jobs.ship.needs, ["build"]);
    assert.equal(doc.jobs.build.steps.at(-1).run, "polycrate run app build --force");
  });

  it("writes an Argo Workflow to a file with -o, creating its folder", () => {
    const r = sb.run(["export", "workspace.poly", "release", "--to=argo", "-o", "out/release.yaml"]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /Wrote out\/release\.yaml/);
    const doc = parse(fs.readFileSync(path.join(sb.dir, "out/release.yaml"), "utf8"));
    assert.equal(doc.kind, "Workflow");
    assert.deepEqual(
      doc.spec.templates[0].dag.tasks.map((t: { name: string; depends?: string }) => [t.name, t.depends ?? ""]),
      [
        ["build", ""],
        ["ship", "build"],
      ],
    );
  });

  it("is a usage error (2) without --to, with an unknown target, or an unknown name", () => {
    const none = sb.run(["export", "workspace.poly", "release"]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /export needs --to github-actions\|argo/);
    const bad = sb.run(["export", "workspace.poly", "release", "--to", "gitlab"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--to must be github-actions or argo, not 'gitlab'/);
    const unknown = sb.run(["export", "workspace.poly", "nope", "--to", "argo"]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Nothing named 'nope'/);
    assert.equal(sb.run(["export", "--to", "argo"]).status, 2);
  });

  it("fails (1) naming the step when Argo would rewrite its working directory", () => {
    const r = sb.run(["export", "app{{x}}/Procfile", "web", "--to", "argo"]);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /Step 'scale web=1' runs in 'app\{\{x\}\}', which holds '\{\{'/);
    assert.equal(r.stdout, "");
    // GitHub takes it, escaped.
    const gh = sb.run(["export", "app{{x}}/Procfile", "web", "--to", "github-actions"]);
    assert.equal(gh.status, 0, gh.stderr);
    assert.equal(parse(gh.stdout).jobs["scale-web-1"].steps.at(-1)["working-directory"], "app{{x}}");
  });
});
