// Deis runnables and plans: `deis scale TYPE=1` per process type, `config:push` when a .env is beside the Procfile,
// `releases` and `rollback` (with an approval), each one step without a shell in the app folder.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PlanError } from "../../../common/run-order";
import { buildGraph } from "../../../server/src/features/graph";
import { plan, runnables } from "../../../server/src/features/run";
import { workspace } from "../../support/ws";

const PF = "/ws/shop/Procfile";
const ENV = "/ws/shop/.env";

describe("Deis runnables and plans", () => {
  const index = workspace({ [PF]: "web: npm start\nmail-sender: node mail.js\nBad_Type: x\n", [ENV]: "PORT=5000\n" });

  it("offer a scale per valid process type, and the app's commands", () => {
    const rs = runnables(index, PF);
    assert.deepEqual(
      rs.map((r) => [r.id, r.label, r.kind, r.actions ?? [], r.range.start.line]),
      [
        ["process:web", "web", "command", ["scale"], 0],
        ["process:mail-sender", "mail-sender", "command", ["scale"], 1],
        ["config:push", "config:push", "command", [], 0],
        ["releases", "releases", "command", [], 0],
        ["rollback", "rollback", "command", [], 0],
      ],
    );
    assert.match(rs[0]!.detail!, /^deis scale web=1: run one 'web' process/);
    assert.deepEqual(runnables(index, ENV).map((r) => r.id), ["config:push", "releases", "rollback"]);
    assert.deepEqual(runnables(workspace({ [PF]: "web: x\n" }), PF).map((r) => r.id), ["process:web", "releases", "rollback"], "no config:push without a .env");
  });

  it("run each as argv in the app folder, for the graph node it stands for", () => {
    const g = buildGraph(index, [PF])!;
    const settings = { "deis.executable": "/opt/deis" };
    const cases: Array<[string, string, string[], string]> = [
      [PF, "process:web", ["/opt/deis", "scale", "web=1"], "process:/ws/shop#web"],
      [PF, "config:push", ["/opt/deis", "config:push", "-p", ".env"], "config:/ws/shop"],
      [ENV, "releases", ["/opt/deis", "releases"], "app:/ws/shop"],
      [PF, "rollback", ["/opt/deis", "rollback"], "app:/ws/shop"],
    ];
    for (const [file, runnable, argv, nodeId] of cases) {
      const p = plan(index, file, { runnable, settings });
      assert.deepEqual(p.policy, { mode: "sequential", maxConcurrency: 1, onFailure: "stop" });
      assert.equal(p.steps.length, 1);
      const s = p.steps[0]!;
      assert.deepEqual([s.command, s.cwd, s.nodeId], [{ argv }, "/ws/shop", nodeId], runnable);
      assert.ok(g.nodes.some((n) => n.id === s.nodeId), runnable);
    }
    const scale = plan(index, PF, { runnable: "process:mail-sender", settings: {} }).steps[0]!;
    assert.deepEqual([scale.uri, scale.range!.start.line], ["file:///ws/shop/Procfile", 1]);
    assert.equal(plan(index, PF, { runnable: "config:push", settings: {} }).steps[0]!.uri, "file:///ws/shop/.env");
  });

  it("ask before a rollback, and nothing else", () => {
    assert.deepEqual(plan(index, PF, { runnable: "rollback", settings: {} }).steps[0]!.prompts, [{ kind: "approval", message: "Roll back to the previous release?" }]);
    assert.equal(plan(index, PF, { runnable: "releases", settings: {} }).steps[0]!.prompts, undefined);
  });

  it("refuse invalid or unknown process types and a push without a .env", () => {
    assert.throws(() => plan(index, PF, { runnable: "process:Bad_Type", settings: {} }), (e: Error) => e instanceof PlanError && /not a valid process type/.test(e.message));
    assert.throws(() => plan(index, PF, { runnable: "process:nope", settings: {} }), PlanError);
    assert.throws(() => plan(workspace({ [PF]: "web: x\n" }), PF, { runnable: "config:push", settings: {} }), (e: Error) => e instanceof PlanError && /no \.env/.test(e.message));
  });
});
