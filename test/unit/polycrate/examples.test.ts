// examples/polycrate is a workspace users can open: it must stay free of errors and warnings.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { validate } from "../../../server/src/features/validate";
import { FORMATS } from "../../../server/src/formats/registry";
import { nodeHost } from "../../../server/src/index/host";
import { workspaceModel } from "../../../server/src/formats/polycrate";
import { newIndex } from "../../support/ws";

const ROOT = path.resolve(__dirname, "../../../examples/polycrate");

describe("polycrate example workspace", () => {
  const index = newIndex(nodeHost, FORMATS);
  index.setRoots([ROOT]);

  it("has no errors or warnings", () => {
    const poly = index.paths().filter((p) => index.detected(p)?.format === "polycrate");
    assert.equal(poly.length, 5);
    const found = poly.flatMap((p) => validate(index, p).filter((d) => d.severity! <= 2).map((d) => `${path.relative(ROOT, p)}:${d.range.start.line + 1}: ${d.code} ${d.message}`));
    assert.deepEqual(found, []);
  });

  it("has inheritance, two workflows and one with allow_failure", () => {
    const model = workspaceModel(index, ROOT);
    assert.deepEqual([...model.blocks.keys()].sort(), ["base-app", "cluster", "inventory", "web-app"]);
    assert.equal(model.blocks.get("web-app")!.parent?.name, "base-app");
    assert.deepEqual(model.workflows.map((w) => [w.name, w.allowFailure?.value ?? false]), [["provision", false], ["health", true]]);
  });
});
