// examples/env0 is a workflow users can open: it must stay free of errors and warnings, and show a diamond.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { deployWaves, type WorkflowModel } from "../../../server/src/formats/env0";
import { nodeHost } from "../../../server/src/index/host";
import { indexOver, problemLines } from "./support";

const ROOT = path.resolve(__dirname, "../../../examples/env0");
const FILE = path.join(ROOT, "env0.workflow.yaml");

describe("env0 example workflow", () => {
  const index = indexOver(nodeHost, ROOT);

  it("is detected and has no errors or warnings", () => {
    assert.deepEqual(index.detected(FILE), { format: "env0", kind: "workflow" });
    assert.deepEqual(problemLines(index, FILE), []);
  });

  it("deploys a diamond, with an approval node and a disabled node", () => {
    const model = index.file(FILE)!.facts.model as WorkflowModel;
    assert.deepEqual(deployWaves(model), [["network"], ["database", "cluster"], ["app", "monitoring"], ["load-test"]]);
    const byAlias = new Map(model.environments.map((e) => [e.alias, e]));
    assert.equal(byAlias.get("monitoring")!.requiresApproval?.value, true);
    assert.equal(byAlias.get("load-test")!.disabled?.value, "${SKIP_LOAD_TEST}");
  });
});
