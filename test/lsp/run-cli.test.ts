// `infraflow plan` and `infraflow run` with a fake `polycrate` on PATH that records its arguments.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { CliSandbox } from "./support/cli-sandbox";


describe("infraflow plan / run (Polycrate)", () => {
  let sb: CliSandbox;
  let dir: string;
  let bin: string;
  let calls: string;
  const run = (args: string[], extraEnv: Record<string, string> = {}) => sb.run(args, extraEnv);
  const recorded = () => sb.recorded();

  before(() => {
    sb = new CliSandbox("infraflow-run-");
    ({ dir, bin, calls } = sb);
    // The fake CLI records its arguments and fails for the action 'broken'.
    fs.writeFileSync(path.join(bin, "polycrate"), `#!/bin/sh\nprintf '%s\\n' "$*" >> "$CALLS"\n[ "$3" = broken ] && { echo "it broke" >&2; exit 4; }\necho "ran $2 $3"\n`, { mode: 0o755 });
    fs.mkdirSync(path.join(dir, "blocks/app"), { recursive: true });
    fs.writeFileSync(
      path.join(dir, "blocks/app/block.poly"),
      `name: app\nconfig:\n  region: eu-1\nactions:\n  - name: build\n    script:\n      - echo "building in {{ .Block.Config.region }} as $BLOCK_NAME from $(basename "$PWD")"\n  - name: deploy\n    prompt:\n      message: Really deploy?\n    script:\n      - echo deploying\n  - name: broken\n    script:\n      - echo about to fail\n      - exit 7\n`,
    );
    fs.writeFileSync(
      path.join(dir, "workspace.poly"),
      `name: demo\norganization: acme\nworkflows:\n  - name: release\n    steps:\n      - name: build\n        block: app\n        action: build\n      - name: ship\n        block: app\n        action: deploy\n  - name: fragile\n    steps:\n      - name: first\n        block: app\n        action: broken\n      - name: second\n        block: app\n        action: build\n  - name: tolerant\n    allow_failure: true\n    steps:\n      - name: first\n        block: app\n        action: broken\n      - name: second\n        block: app\n        action: build\n`,
    );
  });
  after(() => sb.dispose());

  it("runs each step as `polycrate run BLOCK ACTION --force` in the workspace", () => {
    fs.rmSync(calls, { force: true });
    const r = run(["run", "workspace.poly", "release", "--force"]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(recorded(), ["run app build --force", "run app deploy --force"]);
    assert.match(r.stdout, /ran app build\nran app deploy/);
    assert.match(r.stderr, /Run succeeded/);
  });

  it("declines prompts without a terminal unless --force, and fails the run", () => {
    fs.rmSync(calls, { force: true });
    const r = run(["run", "workspace.poly", "release"]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Really deploy\? — no terminal to ask; declined/);
    assert.deepEqual(recorded(), ["run app build --force"]);
  });

  it("stops before any prompt when the CLI a step needs is missing, naming it and the setting", () => {
    fs.rmSync(calls, { force: true });
    fs.mkdirSync(path.join(dir, ".vscode"), { recursive: true });
    fs.writeFileSync(path.join(dir, ".vscode/settings.json"), '{ "infraflow.polycrate.executable": "polycrate-not-installed" }\n');
    try {
      const r = run(["run", "workspace.poly", "release"]);
      assert.equal(r.status, 127, r.stderr);
      assert.match(r.stderr, /Polycrate CLI: 'polycrate-not-installed' was not found on PATH \(needed by build, ship\)\. Nothing was run/);
      assert.match(r.stderr, /set "infraflow\.polycrate\.executable" in \.vscode\/settings\.json, or run with --local/);
      assert.doesNotMatch(r.stderr, /Really deploy/, "no prompt before the check");
      assert.deepEqual(recorded(), []);
    } finally {
      fs.rmSync(path.join(dir, ".vscode"), { recursive: true, force: true });
    }
  });

  it("stops at the first failure, or goes on under allow_failure", () => {
    fs.rmSync(calls, { force: true });
    const r = run(["run", "workspace.poly", "fragile"]);
    assert.equal(r.status, 1);
    assert.deepEqual(recorded(), ["run app broken --force"]);
    assert.match(r.stderr, /✗ first: exit 4/);
    assert.match(r.stderr, /it broke/);
    fs.rmSync(calls, { force: true });
    const t = run(["run", "workspace.poly", "tolerant"]);
    assert.equal(t.status, 0, t.stderr);
    assert.deepEqual(recorded(), ["run app broken --force", "run app build --force"]);
    // Passed, with its failure allowed: a warning of its own, never "succeeded"; exit 0 as Polycrate does.
    assert.match(t.stderr, /⚠ first: exit 4 \(allowed\)/);
    assert.match(t.stderr, /⚠ Run passed with 1 allowed failure in /);
    assert.doesNotMatch(t.stderr, /Run succeeded/);
    const j = run(["run", "workspace.poly", "tolerant", "--json"]);
    assert.equal(j.status, 0, j.stderr);
    const end = JSON.parse(j.stdout.trim().split("\n").at(-1)!);
    assert.deepEqual([end.type, end.outcome, end.allowedFailures, typeof end.run], ["run-finished", "passed-allowed", 1, "number"]);
  });

  it("runs one step, or from a step on", () => {
    fs.rmSync(calls, { force: true });
    assert.equal(run(["run", "workspace.poly", "release", "--step", "ship", "--force"]).status, 0);
    assert.deepEqual(recorded(), ["run app deploy --force"]);
    fs.rmSync(calls, { force: true });
    assert.equal(run(["run", "workspace.poly", "fragile", "--from-step", "second"]).status, 0);
    assert.deepEqual(recorded(), ["run app build --force"]);
  });

  it("runs the action's script in local mode, in the block folder, with the snapshot variables", () => {
    fs.rmSync(calls, { force: true });
    const r = run(["run", "workspace.poly", "release", "--step", "build", "--local"]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "building in eu-1 as app from app\n");
    assert.deepEqual(recorded(), [], "local mode does not call the CLI");
    const f = run(["run", "workspace.poly", "fragile", "--local"]);
    assert.equal(f.status, 1);
    assert.match(f.stdout, /about to fail/);
    assert.match(f.stderr, /✗ first: exit 7/);
  });

  it("follows infraflow.polycrate.mode from .vscode/settings.json", () => {
    fs.mkdirSync(path.join(dir, ".vscode"), { recursive: true });
    fs.writeFileSync(path.join(dir, ".vscode/settings.json"), '{\n  // local runs\n  "infraflow.polycrate.mode": "local",\n}\n');
    try {
      fs.rmSync(calls, { force: true });
      const r = run(["run", "workspace.poly", "release", "--step", "build"]);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(recorded(), []);
    } finally {
      fs.rmSync(path.join(dir, ".vscode"), { recursive: true, force: true });
    }
  });

  it("prints a dry run, a text plan and JSON events, and runs nothing", () => {
    fs.rmSync(calls, { force: true });
    const d = run(["run", "workspace.poly", "release", "--dry-run"]);
    assert.equal(d.status, 0, d.stderr);
    assert.match(d.stderr, /dry run: polycrate run app build --force/);
    const p = run(["plan", "workspace.poly", "release"]);
    assert.equal(p.status, 0, p.stderr);
    assert.match(p.stdout, /^Polycrate workflow release \(in order, stops at the first failure\)\n {2}1\. build {2}\$ polycrate run app build --force\n {2}2\. ship {2}\$ polycrate run app deploy --force\n {7}\? Really deploy\?/);
    const j = run(["plan", "workspace.poly", "release", "--format", "json"]);
    assert.deepEqual(JSON.parse(j.stdout).selected, ["step:release#0", "step:release#1"]);
    const e = run(["run", "workspace.poly", "release", "--dry-run", "--json"]);
    const types = e.stdout.trim().split("\n").map((l) => JSON.parse(l).type);
    assert.deepEqual(types, ["run-started", "step-queued", "step-queued", "step-skipped", "step-skipped", "run-finished"]);
    assert.deepEqual(recorded(), []);
  });

  it("explains bad names and bad usage with exit 2", () => {
    for (const args of [["run"], ["run", "workspace.poly"], ["run", "workspace.poly", "nope"], ["run", "workspace.poly", "release", "--step", "nope"], ["run", "missing.poly"], ["plan", "workspace.poly", "release", "--bogus"]]) {
      const r = run(args);
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    }
    assert.match(run(["run", "workspace.poly"]).stderr, /Say what to run: release, fragile, tolerant/);
  });
});
