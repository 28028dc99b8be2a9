// env0 runnables and plans: a DAG where a failure blocks only descendants, needs, approvals, disabled nodes (also
// `${VAR}`), the command template with shell-quoted values, the terraform/tofu default and destroy in reverse.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { powerShellQuote } from "../../../common/quote";
import { PlanError } from "../../../common/run-order";
import { interpreterArgs } from "../../../engine/preflight";
import { buildGraph } from "../../../server/src/features/graph";
import { plan, runnables } from "../../../server/src/features/run";
import { workspace } from "../../support/ws";

const WF = "/ws/stage/env0.workflow.yaml";
const TEXT = `environments:
  net:
    name: Network
    vcs:
      type: terraform
      repository: https://example.com/infra
      path: infra/net
    workspace: ws-\${INFRAFLOW_T_STAGE}
  db:
    name: DB
    templateName: rds
    revision: v3
    needs: [net]
  cluster:
    name: Cluster
    vcs: { type: opentofu, repository: https://example.com/infra, path: tofu/eks }
    requiresApproval: true
    needs:
      - net
  app:
    name: App
    vcs: { type: helm, repository: https://example.com/app, path: chart, revision: main }
    needs: [db, cluster]
  off:
    name: Off
    templateName: t
    disabled: true
    needs: [app]
  maybe:
    name: Maybe
    templateName: t
    disabled: \${INFRAFLOW_T_SKIP}
    needs: [app]
`;

describe("env0 runnables", () => {
  it("offer the workflow (deploy/destroy) and each alias as a node of it", () => {
    const rs = runnables(workspace({ [WF]: TEXT }), WF);
    assert.deepEqual(rs[0], { id: "workflow", label: "env0 workflow", kind: "workflow", detail: "6 sub-environments in 4 waves", actions: ["deploy", "destroy"], uri: "file:///ws/stage/env0.workflow.yaml", range: { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } } });
    assert.deepEqual(
      rs.slice(1).map((r) => [r.id, r.label, r.kind, r.parent, r.stepId, r.range.start.line]),
      [
        ["alias:net", "net", "node", "workflow", "alias:net", 1],
        ["alias:db", "db", "node", "workflow", "alias:db", 8],
        ["alias:cluster", "cluster", "node", "workflow", "alias:cluster", 13],
        ["alias:app", "app", "node", "workflow", "alias:app", 19],
        ["alias:off", "off", "node", "workflow", "alias:off", 23],
        ["alias:maybe", "maybe", "node", "workflow", "alias:maybe", 28],
      ],
    );
  });
});

describe("env0 plans", () => {
  const index = workspace({ [WF]: TEXT });
  const env = { INFRAFLOW_T_STAGE: "dev" };

  it("deploy the workflow as a DAG whose failures block only their descendants", () => {
    const p = plan(index, WF, { runnable: "workflow", settings: { env, maxConcurrency: 4 } });
    assert.deepEqual(p.policy, { mode: "dag", maxConcurrency: 4, onFailure: "block-descendants" });
    assert.deepEqual(
      p.steps.map((s) => [s.id, s.needs.join(",")]),
      [
        ["alias:net", ""],
        ["alias:db", "alias:net"],
        ["alias:cluster", "alias:net"],
        ["alias:app", "alias:db,alias:cluster"],
        ["alias:off", "alias:app"],
        ["alias:maybe", "alias:app"],
      ],
    );
    assert.ok(p.steps.every((s) => s.cwd === "/ws/stage" && s.nodeId === s.id && s.uri === "file:///ws/stage/env0.workflow.yaml"));
    const g = buildGraph(index, [WF])!;
    assert.ok(p.steps.every((s) => g.nodes.some((n) => n.id === s.nodeId)));
  });

  it("run terraform and tofu nodes by default and say how to run the others", () => {
    const p = plan(index, WF, { runnable: "workflow", settings: { env } });
    const net = p.steps[0]!;
    assert.deepEqual(net.command, { argv: ["terraform", "-chdir=infra/net", "apply", "-auto-approve"] });
    assert.deepEqual(net.env, { TF_WORKSPACE: "ws-dev" });
    assert.deepEqual(p.steps[2]!.command, { argv: ["tofu", "-chdir=tofu/eks", "apply", "-auto-approve"] });
    assert.equal(p.steps[2]!.env, undefined);
    assert.equal(p.steps[1]!.unsupported, "Set infraflow.env0.command to say how to deploy 'db' locally.");
    assert.equal(p.steps[3]!.unsupported, "Set infraflow.env0.command to say how to deploy 'app' locally.");
  });

  it("ask for approval, and skip disabled nodes (a ${VAR} when it reads true at plan time)", () => {
    const p = plan(index, WF, { runnable: "workflow", settings: { env } });
    assert.deepEqual(p.steps[2]!.prompts, [{ kind: "approval", message: "Approve deploying 'cluster'?" }]);
    assert.equal(p.steps[4]!.disabled, true);
    assert.equal(p.steps[4]!.unsupported, undefined, "a skipped node needs no command");
    assert.equal(p.steps[5]!.disabled, undefined);
    assert.ok(p.warnings?.includes("'maybe' is disabled when ${INFRAFLOW_T_SKIP} is true; INFRAFLOW_T_SKIP is not set, so it runs."), p.warnings?.join("\n"));
    const skip = plan(index, WF, { runnable: "workflow", settings: { env: { ...env, INFRAFLOW_T_SKIP: "TRUE" } } });
    assert.equal(skip.steps[5]!.disabled, '${INFRAFLOW_T_SKIP} is "TRUE"');
    const run = plan(index, WF, { runnable: "workflow", settings: { env: { ...env, INFRAFLOW_T_SKIP: "no" } } });
    assert.equal(run.steps[5]!.disabled, undefined);
  });

  it("read the environment they are given, never the process's own", () => {
    process.env.INFRAFLOW_T_SKIP = "true";
    try {
      assert.equal(plan(index, WF, { runnable: "workflow", settings: { env } }).steps[5]!.disabled, undefined, "process.env is not read");
      assert.equal(plan(index, WF, { runnable: "workflow", settings: { env } }, { INFRAFLOW_T_SKIP: "TRUE" }).steps[5]!.disabled, '${INFRAFLOW_T_SKIP} is "TRUE"');
      const both = plan(index, WF, { runnable: "workflow", settings: { env: { ...env, INFRAFLOW_T_SKIP: "no" } } }, { INFRAFLOW_T_SKIP: "yes" });
      assert.equal(both.steps[5]!.disabled, undefined, "infraflow.env wins over the environment");
    } finally {
      delete process.env.INFRAFLOW_T_SKIP;
    }
  });

  it("warn when a variable the command uses is not set", () => {
    const p = plan(index, WF, { runnable: "workflow", settings: {} });
    assert.deepEqual(p.steps[0]!.env, { TF_WORKSPACE: "ws-${INFRAFLOW_T_STAGE}" });
    assert.ok(p.warnings?.includes("'net': ${INFRAFLOW_T_STAGE} is not set; the value is passed as written."));
  });

  it("destroy in reverse: a node waits for the destroys of what needs it", () => {
    const p = plan(index, WF, { runnable: "workflow", action: "destroy", settings: { env } });
    assert.equal(p.title, "env0 workflow destroy (in reverse order)");
    assert.deepEqual(
      p.steps.map((s) => [s.id, s.needs.join(",")]),
      [
        ["alias:maybe", ""],
        ["alias:off", ""],
        ["alias:app", "alias:off,alias:maybe"],
        ["alias:cluster", "alias:app"],
        ["alias:db", "alias:app"],
        ["alias:net", "alias:db,alias:cluster"],
      ],
    );
    assert.deepEqual(p.steps[5]!.command, { argv: ["terraform", "-chdir=infra/net", "destroy", "-auto-approve"] });
    assert.deepEqual(p.steps[3]!.prompts, [{ kind: "approval", message: "Approve destroying 'cluster'?" }]);
  });

  it("plan one alias alone (single-node deploy or destroy)", () => {
    const p = plan(index, WF, { runnable: "alias:app", action: "destroy", settings: { "env0.command": "echo ${action} ${alias}" } });
    assert.equal(p.title, "env0 destroy app (this sub-environment only)");
    assert.deepEqual(p.steps.map((s) => [s.id, s.needs, s.command]), [["alias:app", [], { shell: "echo destroy app", interpreter: "sh" }]]);
  });

  it("fill the command template with every placeholder, each value shell-quoted", () => {
    const p = plan(index, WF, { runnable: "workflow", settings: { env, "env0.command": "deploy ${alias} ${name} ${path} ${workspace} ${action} ${revision} ${type} ${template} ${unknown}" } });
    assert.deepEqual(
      p.steps.map((s) => (s.command as { shell: string }).shell),
      [
        "deploy net Network infra/net ws-dev deploy '' terraform '' ${unknown}",
        "deploy db DB '' '' deploy v3 '' rds ${unknown}",
        "deploy cluster Cluster tofu/eks '' deploy '' opentofu '' ${unknown}",
        "deploy app App chart '' deploy main helm '' ${unknown}",
        "deploy off Off '' '' deploy '' '' t ${unknown}",
        "deploy maybe Maybe '' '' deploy '' '' t ${unknown}",
      ],
    );
    assert.ok(p.steps.every((s) => !s.unsupported));
  });

  it("never let a hostile alias or name reach the shell as code", () => {
    const hostile = `environments:\n  "x$(touch pwned1);\`touch pwned2\`\\n touch pwned3":\n    name: "a'b; touch pwned4 \${INFRAFLOW_T_UNSET}"\n    templateName: t\n`;
    const f = "/ws/h/env0.workflow.yaml";
    const p = plan(workspace({ [f]: hostile }), f, { runnable: "workflow", settings: { "env0.command": "printf '%s|' ${alias} ${name}" } });
    const shell = (p.steps[0]!.command as { shell: string }).shell;
    assert.equal(shell, `printf '%s|' 'x$(touch pwned1);\`touch pwned2\`\n touch pwned3' 'a'\\''b; touch pwned4 \${INFRAFLOW_T_UNSET}'`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-env0-"));
    try {
      const r = spawnSync("sh", ["-c", shell], { cwd: dir, encoding: "utf8", env: { ...process.env, INFRAFLOW_T_UNSET: "expanded" } });
      assert.equal(r.stdout, "x$(touch pwned1);`touch pwned2`\n touch pwned3|a'b; touch pwned4 ${INFRAFLOW_T_UNSET}|");
      assert.deepEqual(fs.readdirSync(dir), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("on Windows, run the command template in PowerShell with its values in PowerShell quotes", () => {
    const hostile = `environments:\n  "x$(touch pwned1);\`touch pwned2\`":\n    name: "a'b, c ‘d’ \${HOME}"\n    templateName: t\n  plain:\n    name: Plain\n    templateName: t\n`;
    const f = "/ws/h/env0.workflow.yaml";
    const p = plan(workspace({ [f]: hostile }), f, { runnable: "workflow", settings: { "env0.command": "deploy.ps1 ${alias} ${name}" }, windows: true });
    assert.deepEqual(
      p.steps.map((s) => s.command),
      [
        { shell: "deploy.ps1 'x$(touch pwned1);`touch pwned2`' 'a''b, c ‘‘d’’ ${HOME}'", interpreter: "powershell" },
        { shell: "deploy.ps1 plain Plain", interpreter: "powershell" },
      ],
    );
    // Elsewhere, and in an export (no `windows`), the same template runs in sh.
    const posix = plan(workspace({ [f]: hostile }), f, { runnable: "workflow", settings: { "env0.command": "deploy ${alias}" } });
    assert.equal((posix.steps[0]!.command as { interpreter: string }).interpreter, "sh");
    assert.equal(powerShellQuote("a,b"), "'a,b'");
    assert.equal(powerShellQuote("@splat"), "'@splat'");
    assert.equal(powerShellQuote(""), "''");
    assert.equal(powerShellQuote("us-east-1/app.tfvars"), "us-east-1/app.tfvars");
    assert.deepEqual(interpreterArgs({ shell: "x", interpreter: "powershell" }), ["-NoProfile", "-NonInteractive", "-Command", "x"]);
    assert.deepEqual(interpreterArgs({ shell: "x", interpreter: "sh" }), ["-c", "x"]);
  });

  it("refuse cycles and unknown actions", () => {
    const cyc = "/ws/c/env0.workflow.yaml";
    const idx = workspace({ [cyc]: "environments:\n  a:\n    name: A\n    needs: [b]\n  b:\n    name: B\n    needs: [a]\n" });
    assert.throws(() => plan(idx, cyc, { runnable: "workflow", settings: {} }), (e: Error) => e instanceof PlanError && /a → b → a/.test(e.message));
    assert.throws(() => plan(index, WF, { runnable: "workflow", action: "apply", settings: {} }), (e: Error) => e instanceof PlanError && /deploy or destroy/.test(e.message));
  });
});
