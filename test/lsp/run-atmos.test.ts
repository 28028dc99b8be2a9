// `infraflow plan` and `infraflow run` on an Atmos repository, with a fake `atmos` on PATH that records its
// arguments: workflows in order with stack precedence, shell and unsupported steps, from-step, and components
// with their dependencies in topological order (destroy reversed).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { CliSandbox } from "./support/cli-sandbox";


const FILES: Record<string, string> = {
  "atmos.yaml": 'base_path: "."\nstacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\nworkflows:\n  base_path: stacks/workflows\n',
  "stacks/catalog/base.yaml": `components:
  terraform:
    vpc: {}
    db:
      dependencies:
        components:
          - name: vpc
    cache:
      dependencies:
        components:
          - name: vpc
    app:
      dependencies:
        components:
          - name: db
          - name: cache
    broken:
      dependencies:
        components:
          - name: vpc
`,
  "stacks/deploy/dev.yaml": "import:\n  - catalog/base\nvars:\n  stage: dev\n",
  "stacks/deploy/prod.yaml": "import:\n  - catalog/base\nvars:\n  stage: prod\n",
  "stacks/workflows/ops.yaml": `workflows:
  release:
    stack: dev
    steps:
      - name: net
        command: terraform deploy vpc
      - name: data
        command: terraform deploy db
        stack: prod
      - name: note
        type: shell
        command: echo "shell step in $(basename "$PWD")"
      - command: terraform plan app -- -var "x=1 2"
  fragile:
    steps:
      - name: first
        command: terraform apply broken -s dev
      - name: second
        command: terraform apply vpc -s dev
  exotic:
    steps:
      - name: call
        type: http
        command: https://example.com
`,
  "stacks/workflows/fan.yaml": `workflows:
  fan:
    stack: dev
    steps:
      - name: net
        command: terraform deploy vpc
      - name: apps
        type: parallel
        max_concurrency: 1
        steps:
          - name: web
            command: terraform deploy web
            needs: [db]
          - name: db
            command: terraform deploy db
          - name: cache
            command: terraform deploy cache
      - name: done
        type: shell
        command: echo all done
  partial:
    steps:
      - name: apps
        type: parallel
        fail:
          mode: best_effort
        max_concurrency: 1
        steps:
          - name: broken
            command: terraform apply broken -s dev
          - name: after-broken
            command: terraform apply web -s dev
            needs: [broken]
          - name: other
            command: terraform apply vpc -s dev
      - name: next
        command: terraform apply db -s dev
`,
};

describe("infraflow plan / run (Atmos)", () => {
  let sb: CliSandbox;
  let dir: string;
  let bin: string;
  let calls: string;
  const run = (args: string[], extraEnv: Record<string, string> = {}) => sb.run(args, extraEnv);
  const recorded = () => sb.recorded();

  before(() => {
    sb = new CliSandbox("infraflow-atmos-");
    ({ dir, bin, calls } = sb);
    // The fake records one line per call (arguments joined by '|') and fails for the component 'broken'.
    fs.writeFileSync(path.join(bin, "atmos"), `#!/bin/sh\n(IFS='|'; printf '%s\\n' "$*") >> "$CALLS"\nfor a in "$@"; do [ "$a" = broken ] && { echo "broken fails" >&2; exit 3; }; done\necho "atmos ok"\n`, { mode: 0o755 });
    for (const [rel, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
  });
  after(() => sb.dispose());

  it("runs a workflow's steps in order, the stack appended before '--', shell steps in the atmos root", () => {
    fs.rmSync(calls, { force: true });
    const r = run(["run", "stacks/workflows/ops.yaml", "release"]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(recorded(), ["terraform|deploy|vpc|-s|dev", "terraform|deploy|db|-s|prod", "terraform|plan|app|-s|dev|--|-var|x=1 2"]);
    assert.match(r.stdout, new RegExp(`shell step in ${path.basename(dir)}\n`));
  });

  it("stops at the first failing step, and resumes from a step or runs one alone", () => {
    fs.rmSync(calls, { force: true });
    const f = run(["run", "stacks/workflows/ops.yaml", "fragile"]);
    assert.equal(f.status, 1);
    assert.deepEqual(recorded(), ["terraform|apply|broken|-s|dev"]);
    assert.match(f.stderr, /✗ first: exit 3/);
    assert.match(f.stderr, /⊘ second: an earlier step failed/);
    fs.rmSync(calls, { force: true });
    assert.equal(run(["run", "stacks/workflows/ops.yaml", "fragile", "--from-step", "second"]).status, 0);
    assert.deepEqual(recorded(), ["terraform|apply|vpc|-s|dev"]);
    fs.rmSync(calls, { force: true });
    assert.equal(run(["run", "stacks/workflows/ops.yaml", "release", "--step", "data"]).status, 0);
    assert.deepEqual(recorded(), ["terraform|deploy|db|-s|prod"]);
    fs.rmSync(calls, { force: true });
    assert.equal(run(["run", "stacks/workflows/ops.yaml", "step4"]).status, 0, "a step named as the target runs alone");
    assert.deepEqual(recorded(), ["terraform|plan|app|-s|dev|--|-var|x=1 2"]);
  });

  it("reports step types it does not run, and fails the run", () => {
    fs.rmSync(calls, { force: true });
    const r = run(["run", "stacks/workflows/ops.yaml", "exotic"]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Step type 'http' is not run locally by Infraflow; run it with 'atmos workflow exotic -f ops'\./);
    assert.deepEqual(recorded(), []);
  });

  it("prints a parallel step as one step of the workflow, its children in the waves their needs allow", () => {
    const p = run(["plan", "stacks/workflows/fan.yaml", "fan"]);
    assert.equal(p.status, 0, p.stderr);
    assert.equal(
      p.stdout,
      [
        "Atmos workflow fan (in order, stops at the first failure)",
        "  1. net  $ atmos terraform deploy vpc -s dev",
        "  2. apps  (parallel, 1 at a time, wait_all)",
        "       wave 1:",
        "         2.1. cache  $ atmos terraform deploy cache -s dev",
        "         2.2. db  $ atmos terraform deploy db -s dev",
        "       wave 2:",
        "         2.3. web  $ atmos terraform deploy web -s dev",
        "  3. done  $ echo all done",
        "",
      ].join("\n"),
    );
    const from = run(["plan", "stacks/workflows/fan.yaml", "fan", "--from-step", "apps"]);
    assert.equal(from.status, 0, from.stderr);
    assert.doesNotMatch(from.stdout, /net/);
    // Inside the parallel step: that child (and what needs it), then the steps after the parallel step.
    const inside = run(["plan", "stacks/workflows/fan.yaml", "fan", "--from-step", "web"]);
    assert.equal(inside.status, 0, inside.stderr);
    assert.equal(inside.stdout, ["Atmos workflow fan (in order, stops at the first failure)", "  1. apps  (parallel, 1 at a time, wait_all)", "       wave 1:", "         1.1. web  $ atmos terraform deploy web -s dev", "  2. done  $ echo all done", ""].join("\n"));
  });

  it("runs a parallel step's children as Atmos orders them; best_effort goes on and passes with allowed failures", () => {
    fs.rmSync(calls, { force: true });
    const r = run(["run", "stacks/workflows/fan.yaml", "fan"]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(recorded(), ["terraform|deploy|vpc|-s|dev", "terraform|deploy|cache|-s|dev", "terraform|deploy|db|-s|dev", "terraform|deploy|web|-s|dev"]);
    fs.rmSync(calls, { force: true });
    const b = run(["run", "stacks/workflows/fan.yaml", "partial"]);
    // Atmos returns success for best_effort; Infraflow says the run passed with an allowed failure (exit 0).
    assert.equal(b.status, 0, b.stderr);
    assert.deepEqual(recorded(), ["terraform|apply|broken|-s|dev", "terraform|apply|vpc|-s|dev", "terraform|apply|db|-s|dev"]);
    assert.match(b.stderr, /⚠ broken: exit 3 \(allowed\)/);
    assert.match(b.stderr, /⚠ Run passed with 1 allowed failure in /);
    assert.doesNotMatch(b.stderr, /Run succeeded/);
  });

  it("runs a component, or its dependency closure in topological order, and destroys dependents first", () => {
    fs.rmSync(calls, { force: true });
    assert.equal(run(["run", "stacks/deploy/dev.yaml", "app", "--action", "apply"]).status, 0);
    assert.deepEqual(recorded(), ["terraform|apply|app|-s|dev"]);
    fs.rmSync(calls, { force: true });
    const up = run(["run", "stacks/deploy/dev.yaml", "app", "--action", "deploy", "--with-dependencies"]);
    assert.equal(up.status, 0, up.stderr);
    assert.deepEqual(recorded(), ["terraform|deploy|vpc|-s|dev", "terraform|deploy|db|-s|dev", "terraform|deploy|cache|-s|dev", "terraform|deploy|app|-s|dev"]);
    fs.rmSync(calls, { force: true });
    const down = run(["run", "stacks/deploy/dev.yaml", "app", "--action", "destroy", "--with-dependencies"]);
    assert.equal(down.status, 0, down.stderr);
    assert.deepEqual(recorded(), ["terraform|destroy|app|-s|dev", "terraform|destroy|cache|-s|dev", "terraform|destroy|db|-s|dev", "terraform|destroy|vpc|-s|dev"]);
  });

  it("stops a dependency run at the first failure", () => {
    fs.rmSync(calls, { force: true });
    const r = run(["run", "stacks/deploy/dev.yaml", "broken", "--action", "apply", "--with-dependencies"]);
    assert.equal(r.status, 1);
    assert.deepEqual(recorded(), ["terraform|apply|vpc|-s|dev", "terraform|apply|broken|-s|dev"]);
  });

  it("prints plans: waves for a dependency run, one component per stack from a catalog", () => {
    const p = run(["plan", "stacks/deploy/dev.yaml", "app", "--action", "plan", "--with-dependencies"]);
    assert.equal(p.status, 0, p.stderr);
    assert.match(p.stdout, /^atmos terraform plan app -s dev with its dependencies \(as dependencies allow, 1 at a time\)\n {2}wave 1:\n {4}1\. vpc {2}\$ atmos terraform plan vpc -s dev\n {2}wave 2:\n/);
    const c = run(["plan", "stacks/catalog/base.yaml", "vpc@prod"]);
    assert.equal(c.status, 0, c.stderr);
    assert.match(c.stdout, /\$ atmos terraform plan vpc -s prod/);
    const bad = run(["plan", "stacks/catalog/base.yaml", "vpc"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /vpc@dev/);
  });
});
