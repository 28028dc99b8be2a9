// Graph colours from the run history: a graph opened later shows each node's state from the last run that
// included it, with allowed failures and interrupted steps told apart.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import type { RunPlan } from "../../../common/run";
import { graphState, historyStates, nodeStates } from "../../../client/src/runs/graph-states";
import { HistoryStore, type HistoryStep } from "../../../client/src/runs/history";

const plan = (ids: string[]): RunPlan => ({
  title: "t",
  policy: { mode: "dag", maxConcurrency: 2, onFailure: "block-descendants" },
  steps: ids.map((id) => ({ id, label: id, command: { argv: ["true"] }, cwd: "/", needs: [], nodeId: `node:${id}` })),
});
const request = { uri: "file:///ws/w.poly", runnable: "workflow:w" };

describe("graph states from the run history", () => {
  it("maps step states to graph states", () => {
    assert.equal(graphState("failed", true), "allowed");
    assert.equal(graphState("failed"), "failed");
    assert.equal(graphState("interrupted"), "cancelled");
    assert.equal(graphState("blocked"), "blocked");
  });

  it("the newest run that included a node decides its state; steps without a node are left out", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-graph-states-"));
    try {
      const store = new HistoryStore(dir);
      store.load();
      const steps = (xs: Array<[string, HistoryStep["state"], boolean?]>): HistoryStep[] => xs.map(([id, state, allowed]) => ({ id, label: id, state, allowed }));
      const first = store.begin({ title: "w", request, plan: plan(["a", "b", "c"]), steps: steps([["a", "queued"], ["b", "queued"], ["c", "queued"]]) });
      store.update(first.id, { outcome: "failed", steps: steps([["a", "succeeded"], ["b", "failed", true], ["c", "blocked"]]) });
      // A rerun of c alone; and a run of a plan whose step has no graph node.
      const second = store.begin({ title: "w", request, plan: plan(["c"]), steps: steps([["c", "queued"]]) });
      store.update(second.id, { outcome: "succeeded", steps: steps([["c", "succeeded"]]) });
      const third = store.begin({ title: "x", request, plan: { ...plan([]), steps: [{ id: "z", label: "z", command: { argv: ["true"] }, cwd: "/", needs: [] }] }, steps: steps([["z", "failed"]]) });
      assert.ok(third.id > second.id);
      // Reloaded, as after a restart: the third run was still "running", so it is interrupted now.
      const again = new HistoryStore(dir);
      const runs = again.load();
      assert.deepEqual(historyStates(runs), { "node:a": "succeeded", "node:b": "allowed", "node:c": "succeeded" });
      // Order does not depend on how the list is sorted.
      assert.deepEqual(historyStates([...runs].reverse()), historyStates(runs));
      // A run cut short shows its unfinished nodes as cancelled.
      const cut = again.begin({ title: "w", request, plan: plan(["a"]), steps: steps([["a", "running"]]) });
      assert.ok(cut);
      assert.equal(historyStates(new HistoryStore(dir).load())["node:a"], "cancelled");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a parallel/matrix step's node passes with allowed failures when its members' failures were allowed; matrix rows fold", () => {
    const member = (id: string, group: string, nodeId: string) => ({ id, label: id, command: { argv: ["true"] }, cwd: "/", needs: [], group, nodeId });
    const p: RunPlan = {
      title: "t",
      policy: { mode: "sequential", maxConcurrency: 1, onFailure: "stop" },
      // Two matrix rows of one child share its node (Atmos draws a matrix once).
      steps: [member("linux/build", "m", "node:m/0"), member("mac/build", "m", "node:m/0"), member("linux/report", "m", "node:m/1"), member("a", "p", "node:p/0")],
      groups: [
        { id: "m", label: "m", maxConcurrency: 0, cancelAfterFailures: 0, continueOnFailure: true, nodeId: "node:m" },
        { id: "p", label: "p", maxConcurrency: 0, cancelAfterFailures: 0, nodeId: "node:p" },
      ],
    };
    const st = (id: string, state: HistoryStep["state"], allowed?: boolean) => ({ id, state, allowed });
    assert.deepEqual(nodeStates(p, [st("linux/build", "failed", true), st("mac/build", "succeeded"), st("linux/report", "blocked"), st("a", "succeeded")]), {
      "node:m/0": "allowed",
      "node:m/1": "blocked",
      "node:m": "passed-allowed",
      "node:p/0": "succeeded",
      "node:p": "succeeded",
    });
    assert.equal(nodeStates(p, [st("linux/build", "succeeded"), st("mac/build", "running")])["node:m/0"], "running");
    assert.equal(nodeStates(p, [st("a", "failed")])["node:p"], "failed", "a group whose failures are not allowed fails");
  });
});
