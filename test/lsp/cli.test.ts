// The `infraflow` CLI, built, as CI would call it.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";

const repo = path.resolve(__dirname, "../..");
const cli = path.join(repo, "bin/infraflow.js");
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8" });

describe("infraflow CLI", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-cli-"));
    fs.mkdirSync(path.join(dir, "blocks/app"), { recursive: true });
    fs.writeFileSync(path.join(dir, "blocks/app/block.poly"), "name: app\nactions:\n  - name: deploy\n    script:\n      - echo deploy\n");
    fs.writeFileSync(path.join(dir, "workspace.poly"), "name: demo\norganization: acme\nworkflows:\n  - name: release\n    steps:\n      - name: go\n        block: nope\n        action: deploy\n");
    fs.mkdirSync(path.join(dir, "clean"));
    fs.writeFileSync(path.join(dir, "clean/ci.yml"), "on: push\njobs: {}\n");
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("prints file:line:col: severity code message and exits 1 on errors", () => {
    const r = run(["check"], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^workspace\.poly:7:16: error poly\/unknown-block .*'nope'/m);
  });

  it("prints JSON records with 1-based positions relative to the working directory", () => {
    const r = run(["check", "--format", "json", "workspace.poly"], dir);
    assert.equal(r.status, 1, r.stderr);
    const records = JSON.parse(r.stdout);
    const rec = records.find((x: any) => x.code === "poly/unknown-block");
    assert.deepEqual(
      { file: rec.file, line: rec.line, column: rec.column, endLine: rec.endLine, endColumn: rec.endColumn, severity: rec.severity },
      { file: "workspace.poly", line: 7, column: 16, endLine: 7, endColumn: 20, severity: "error" },
    );
    assert.equal(typeof rec.message, "string");
  });

  it("reads .vscode/settings.json with comments and trailing commas; a broken one stops with where it broke (exit 2)", () => {
    const vscodeDir = path.join(dir, "clean/.vscode");
    fs.mkdirSync(vscodeDir, { recursive: true });
    try {
      // The association makes ci.yml an Atmos stack (it has no atmos.yaml): the settings were read.
      fs.writeFileSync(path.join(vscodeDir, "settings.json"), '{\n  // CI files are stacks here\n  "infraflow.fileAssociations": { "ci.yml": "atmos", },\n}\n');
      const ok = run(["check", "--format", "json"], path.join(dir, "clean"));
      assert.match(ok.stderr, /1 file\(s\) checked/, ok.stderr);
      fs.writeFileSync(path.join(vscodeDir, "settings.json"), '{\n  "infraflow.fileAssociations": { "ci.yml": "atmos" }\n  "infraflow.maxFileSizeKb": 10\n}\n');
      const broken = run(["check"], path.join(dir, "clean"));
      assert.equal(broken.status, 2, broken.stderr);
      assert.equal(broken.stdout, "");
      assert.equal(broken.stderr.trim(), `infraflow: ${path.join(vscodeDir, "settings.json")}:3:3: a comma was expected; the file is not read.`);
    } finally {
      fs.rmSync(vscodeDir, { recursive: true, force: true });
    }
  });

  it("exits 0 when there is nothing wrong, and says what it checked", () => {
    const r = run(["check", "clean"], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /0 file\(s\) checked/);
  });

  it("graph --stack and --component --depth print a part of an Atmos graph; an unknown stack says which exist (exit 1)", () => {
    const examples = path.join(repo, "examples");
    const all = JSON.parse(run(["graph", "atmos"], examples).stdout);
    const dev = run(["graph", "atmos", "--stack", "platform-ue2-dev"], examples);
    assert.equal(dev.status, 0, dev.stderr);
    const g = JSON.parse(dev.stdout);
    assert.ok(g.nodes.length > 0 && g.nodes.length < all.nodes.length, `${g.nodes.length} of ${all.nodes.length} nodes`);
    const rds = JSON.parse(run(["graph", "atmos", "--component", "rds", "--depth", "0"], examples).stdout);
    assert.deepEqual(rds.nodes.map((n: any) => n.label), ["rds", "rds"]);
    const bad = run(["graph", "atmos", "--stack", "nope"], examples);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /No stack 'nope' in this graph; its stacks: platform-ue2-dev, platform-ue2-prod\./);
    assert.equal(run(["graph", "atmos", "--depth", "2"], examples).status, 2, "--depth without --component");
    assert.equal(run(["graph", "atmos", "--component", "rds", "--depth", "x"], examples).status, 2);
  });

  it("prints the graph as JSON with 1-based lines and relative paths, and as Mermaid and DOT", () => {
    const r = run(["graph", "workspace.poly", "--format", "json"], dir);
    assert.equal(r.status, 0, r.stderr);
    const g = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(g).sort(), ["edges", "nodes"]);
    const step = g.nodes.find((n: any) => n.kind === "step");
    assert.deepEqual(step, { id: "step:release#0", label: "go", kind: "step", file: "workspace.poly", line: 6 });
    const block = g.nodes.find((n: any) => n.id === "block:app");
    assert.deepEqual(block, { id: "block:app", label: "app", kind: "block", file: "blocks/app/block.poly", line: 1 });
    assert.ok(g.edges.some((e: any) => e.from === "step:release#0" && e.to === "block:nope" && e.kind === "uses"));
    assert.ok(g.edges.every((e: any) => Object.keys(e).sort().join() === "from,kind,to"));
    const m = run(["graph", ".", "--format", "mermaid"], dir);
    assert.equal(m.status, 0, m.stderr);
    assert.match(m.stdout, /^flowchart TD/);
    const d = run(["graph", "--format=dot"], dir);
    assert.match(d.stdout, /^digraph /);
    assert.equal(run(["graph", "--format", "png"], dir).status, 2);
  });

  it("describe component: Atmos's layout on stdout (exit 0), an unknown stack on stderr (exit 1), bad usage (exit 2)", () => {
    const repoDir = path.join(dir, "atmos");
    fs.mkdirSync(path.join(repoDir, "stacks/deploy"), { recursive: true });
    fs.writeFileSync(path.join(repoDir, "atmos.yaml"), 'stacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n');
    fs.writeFileSync(path.join(repoDir, "stacks/deploy/dev.yaml"), "vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n      vars:\n        cidr: 10.0.0.0/16\n");
    const ok = run(["describe", "component", "vpc", "-s", "dev"], repoDir);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^vars:\n {2}cidr: 10\.0\.0\.0\/16\n {2}stage: dev\n/m);
    const json = run(["describe", "component", "vpc", "-s", "dev", "--format", "json"], repoDir);
    assert.equal(JSON.parse(json.stdout).atmos_stack, "dev");
    const unknown = run(["describe", "component", "vpc", "-s", "prod"], repoDir);
    assert.equal(unknown.status, 1);
    assert.equal(unknown.stdout, "");
    assert.match(unknown.stderr, /Stack 'prod' not found\.\nComponent 'vpc' is in: dev\./);
    const usage = run(["describe", "component", "vpc"], repoDir);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /needs the stack: -s STACK[\s\S]*infraflow describe component C -s STACK/);
  });

  it("exits 2 on bad usage", () => {
    for (const args of [[], ["frobnicate"], ["check", "--format", "xml"], ["check", "--nope"], ["check", "does-not-exist"]]) {
      const r = run(args, dir);
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr + r.stdout, /Usage|usage|No such/);
    }
  });
});
