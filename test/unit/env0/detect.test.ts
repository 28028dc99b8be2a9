// env0 workflows are found by file name only.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { env0Format } from "../../../server/src/formats/env0";
import { env0Workspace } from "./support";

const WF = "environments:\n  a:\n    name: A\n    templateName: t\n";

describe("env0 detection", () => {
  it("claims env0.workflow.yaml and .yml as workflows", () => {
    const index = env0Workspace({ "/ws/env0.workflow.yaml": WF, "/ws/sub/env0.workflow.yml": WF });
    assert.deepEqual(index.detected("/ws/env0.workflow.yaml"), { format: "env0", kind: "workflow" });
    assert.deepEqual(index.detected("/ws/sub/env0.workflow.yml"), { format: "env0", kind: "workflow" });
  });

  it("does not claim other YAML, even with the same keys", () => {
    const index = env0Workspace({
      "/ws/workflow.yaml": WF,
      "/ws/my-env0.workflow.yaml": WF,
      "/ws/env0.workflow.json": "{}",
      "/ws/.github/workflows/ci.yml": "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n",
    });
    assert.deepEqual(index.paths().filter((p) => index.detected(p)?.format === "env0"), []);
    assert.equal(env0Format.candidate("/ws/values.yaml", index), false);
    assert.equal(env0Format.detect("/ws/values.yaml", WF, index), undefined);
  });

  it("publishes one schema for both file names", () => {
    assert.deepEqual(env0Format.schemas?.map((s) => [s.fileName, s.kind, s.fileMatch]), [["env0-workflow.schema.json", "workflow", ["env0.workflow.yaml", "env0.workflow.yml"]]]);
    assert.equal(env0Format.shape("workflow")?.type, "object");
  });
});
