// `infraflow plan` and `infraflow run` on an env0 workflow, with fake `deployer`, `terraform` and `tofu` on PATH that
// record their arguments: a failure blocks only its descendants, disabled nodes are skipped, approvals need a
// terminal or --force, run from here, destroy in reverse, the terraform default, and hostile aliases stay data.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { CliSandbox } from "./support/cli-sandbox";


const WORKFLOW = `environments:
  net:
    name: Network
    vcs: { type: terraform, repository: https://example.com/infra, path: infra/net }
    workspace: blue
  db:
    name: DB
    templateName: rds
    needs: [net]
  app:
    name: App
    templateName: app
    needs: [db]
  cluster:
    name: Cluster
    vcs: { type: opentofu, repository: https://example.com/infra, path: tofu/eks }
    needs: [net]
  mon:
    name: Monitoring
    templateName: mon
    requiresApproval: true
    needs: [cluster]
  off:
    name: Off
    templateName: off
    disabled: true
    needs: [net]
`;

describe("infraflow plan / run (env0)", () => {
  let sb: CliSandbox;
  let dir: string;
  let bin: string;
  let calls: string;
  const run = (args: string[], extraEnv: Record<string, string> = {}) => sb.run(args, extraEnv);
  const recorded = () => sb.recorded();
  const settings = (json: string | undefined) => {
    const f = path.join(dir, ".vscode/settings.json");
    if (json === undefined) fs.rmSync(f, { force: true });
    else fs.writeFileSync(f, json);
  };

  before(() => {
    sb = new CliSandbox("infraflow-env0-");
    ({ dir, bin, calls } = sb);
    fs.mkdirSync(path.join(dir, ".vscode"));
    // Each fake records its name and arguments (joined by '|'); the deployer fails for the alias 'db'.
    const fake = (name: string, extra = "") =>
      fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n(IFS='|'; printf '%s\\n' "${name}|$*\${TF_WORKSPACE:+|TF_WORKSPACE=$TF_WORKSPACE}") >> "$CALLS"\n${extra}`, { mode: 0o755 });
    // The deployer fails for the alias 'db' until a `.fixed` file appears beside the calls log.
    fake("deployer", `[ "$2" = db ] && [ ! -e "$CALLS.fixed" ] && { echo "db failed" >&2; exit 5; }\nexit 0\n`);
    fake("terraform");
    fake("tofu");
    fs.writeFileSync(path.join(dir, "env0.workflow.yaml"), WORKFLOW);
  });
  after(() => sb.dispose());

  it("blocks only the descendants of a failed node, skips disabled ones, and fails the run", () => {
    settings('{ "infraflow.env0.command": "deployer ${action} ${alias}" }');
    fs.rmSync(calls, { force: true });
    const r = run(["run", "env0.workflow.yaml", "workflow", "--force"]);
    assert.equal(r.status, 1);
    assert.deepEqual(recorded(), ["deployer|deploy|net", "deployer|deploy|db", "deployer|deploy|cluster", "deployer|deploy|mon"]);
    assert.match(r.stderr, /✗ db: exit 5/);
    assert.match(r.stderr, /⊘ app: blocked by db/);
    assert.match(r.stderr, /⊘ off: disabled/);
    assert.match(r.stderr, /Run failed/);
  });

  it("resumes a failed run from the history (--resume N): the failed node and what it blocked, not what succeeded", () => {
    settings('{ "infraflow.env0.command": "deployer ${action} ${alias}" }');
    fs.rmSync(calls, { force: true });
    const first = run(["run", "env0.workflow.yaml", "workflow", "--force", "--json"]);
    assert.equal(first.status, 1);
    const end = JSON.parse(first.stdout.trim().split("\n").at(-1)!);
    assert.deepEqual([end.type, end.outcome, end.states["alias:app"]], ["run-finished", "failed", "blocked"]);
    const n = end.run as number;
    assert.equal(typeof n, "number");
    fs.writeFileSync(`${calls}.fixed`, "");
    try {
      fs.rmSync(calls, { force: true });
      const second = run(["run", "--resume", String(n), "--force"]);
      assert.equal(second.status, 0, second.stderr);
      assert.deepEqual(recorded(), ["deployer|deploy|db", "deployer|deploy|app"]);
      assert.match(second.stderr, new RegExp(`Resuming run #${n}: db, app\\n`));
      assert.match(second.stderr, new RegExp(`Recorded as run #${n + 1}\\.`));
      // The resumed run is a run of the history too: nothing of it is left to resume.
      const third = run(["run", "--resume", String(n + 1)]);
      assert.equal(third.status, 2);
      assert.match(third.stderr, new RegExp(`Every step of run #${n + 1} succeeded: there is nothing to resume`));
    } finally {
      fs.rmSync(`${calls}.fixed`, { force: true });
    }
    assert.match(run(["run", "--resume", "999"]).stderr, /No run #999 in the run history/);
    assert.match(run(["run", "--resume", "1", "--history", path.join(dir, "elsewhere")]).stderr, /No run #1 in the run history \(.*elsewhere\)/);
    for (const args of [["run", "--resume", "x"], ["run", "env0.workflow.yaml", "--resume", "1"], ["run", "--resume", "1", "--step", "db"], ["plan", "--resume", "1"]]) assert.equal(run(args).status, 2, args.join(" "));
  });

  it("declines an approval without a terminal: the node fails and blocks nothing else", () => {
    settings('{ "infraflow.env0.command": "deployer ${action} ${alias}" }');
    fs.rmSync(calls, { force: true });
    const r = run(["run", "env0.workflow.yaml", "workflow", "--from-step", "cluster"]);
    assert.equal(r.status, 1);
    assert.deepEqual(recorded(), ["deployer|deploy|cluster"]);
    assert.match(r.stderr, /Approve deploying 'mon'\? — no terminal to ask; declined/);
  });

  it("runs from here (the node and what needs it) and one node alone", () => {
    settings('{ "infraflow.env0.command": "deployer ${action} ${alias}" }');
    fs.rmSync(calls, { force: true });
    assert.equal(run(["run", "env0.workflow.yaml", "workflow", "--from-step", "cluster", "--force"]).status, 0);
    assert.deepEqual(recorded(), ["deployer|deploy|cluster", "deployer|deploy|mon"]);
    fs.rmSync(calls, { force: true });
    assert.equal(run(["run", "env0.workflow.yaml", "app"]).status, 0);
    assert.deepEqual(recorded(), ["deployer|deploy|app"]);
  });

  it("destroys in reverse order: a failed destroy blocks the destroys of what it needs", () => {
    settings('{ "infraflow.env0.command": "deployer ${action} ${alias}", "infraflow.maxConcurrency": 1 }');
    fs.rmSync(calls, { force: true });
    const r = run(["run", "env0.workflow.yaml", "workflow", "--action", "destroy", "--force"]);
    assert.equal(r.status, 1);
    assert.deepEqual(recorded(), ["deployer|destroy|mon", "deployer|destroy|app", "deployer|destroy|cluster", "deployer|destroy|db"]);
    assert.match(r.stderr, /⊘ net: blocked by db/);
  });

  it("runs terraform and tofu nodes without a template, and reports the others", () => {
    settings(undefined);
    fs.rmSync(calls, { force: true });
    const r = run(["run", "env0.workflow.yaml", "workflow", "--force"]);
    assert.equal(r.status, 1);
    assert.deepEqual(recorded(), ["terraform|-chdir=infra/net|apply|-auto-approve|TF_WORKSPACE=blue", "tofu|-chdir=tofu/eks|apply|-auto-approve"]);
    assert.match(r.stderr, /Set infraflow\.env0\.command to say how to deploy 'db' locally\./);
    const p = run(["plan", "env0.workflow.yaml", "workflow"]);
    assert.match(p.stdout, /^env0 workflow deploy \(as dependencies allow, 1 at a time, a failure blocks what depends on it\)\n {2}wave 1:\n {4}1\. net {2}\$ terraform -chdir=infra\/net apply -auto-approve\n {2}wave 2:\n/);
  });

  it("keeps hostile aliases and names as data on the way through the template", () => {
    const sub = path.join(dir, "hostile");
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, "env0.workflow.yaml"), 'environments:\n  "a$(touch pwned1);`touch pwned2`\\ntouch pwned3":\n    name: "x\'; touch pwned4; \'"\n    templateName: t\n');
    settings('{ "infraflow.env0.command": "deployer ${action} ${alias} ${name}" }');
    fs.rmSync(calls, { force: true });
    const r = run(["run", "hostile/env0.workflow.yaml", "workflow"]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(fs.readdirSync(sub), ["env0.workflow.yaml"]);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith("pwned")), []);
    assert.equal(fs.readFileSync(calls, "utf8"), "deployer|deploy|a$(touch pwned1);`touch pwned2`\ntouch pwned3|x'; touch pwned4; '\n");
  });
});
