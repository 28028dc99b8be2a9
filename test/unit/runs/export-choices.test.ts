// What "Infraflow: Export Workflow…" offers from a file, and what the cursor is in.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exportChoices, runnableAt } from "../../../client/src/runs/export-choices";
import type { Runnable } from "../../../common/run";

const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 1 } });
const LIST: Runnable[] = [
  { id: "workflow:a", label: "a", kind: "workflow", uri: "file:///f", range: at(2) },
  { id: "step:a#0", label: "one", kind: "step", parent: "workflow:a", stepId: "step:a#0", uri: "file:///f", range: at(4) },
  { id: "component:vpc@dev", label: "vpc", kind: "component", uri: "file:///f", range: at(10), actions: ["plan", "destroy"], dependencies: true },
];

describe("export choices", () => {
  it("offers each top-level runnable with each action, with and without dependencies", () => {
    assert.deepEqual(
      exportChoices(LIST).map((c) => c.label),
      ["a", "vpc plan", "vpc plan with dependencies", "vpc destroy", "vpc destroy with dependencies"],
    );
    assert.deepEqual(exportChoices(LIST)[4], { runnable: "component:vpc@dev", label: "vpc destroy with dependencies", action: "destroy", withDependencies: true });
  });

  it("finds the runnable the cursor is in; a step stands for its workflow", () => {
    assert.equal(runnableAt(LIST, 0), undefined);
    assert.equal(runnableAt(LIST, 3)?.id, "workflow:a");
    assert.equal(runnableAt(LIST, 6)?.id, "workflow:a");
    assert.equal(runnableAt(LIST, 12)?.id, "component:vpc@dev");
  });
});
