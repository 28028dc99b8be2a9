// examples/atmos is a repository users can open: every manifest is detected and free of errors and warnings.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { validate } from "../../../server/src/features/validate";
import { FORMATS } from "../../../server/src/formats/registry";
import { nodeHost } from "../../../server/src/index/host";
import { WorkspaceIndex } from "../../../server/src/index/workspace-index";

const ROOT = path.resolve(__dirname, "../../../examples/atmos");

describe("examples/atmos", () => {
  const index = new WorkspaceIndex(nodeHost, FORMATS);
  index.setRoots([ROOT]);
  const rel = (p: string) => path.relative(ROOT, p).split(path.sep).join("/");

  it("detects every manifest with its kind", () => {
    const kinds = Object.fromEntries(index.paths().map((p) => [rel(p), index.detected(p)?.kind]));
    assert.deepEqual(kinds, {
      "stacks/catalog/eks.yaml": "stack",
      "stacks/catalog/rds.yaml": "stack",
      "stacks/catalog/s3.yaml": "stack",
      "stacks/catalog/vpc.yaml": "stack",
      "stacks/orgs/acme/_defaults.yaml": "stack",
      "stacks/orgs/acme/platform/dev.yaml": "stack",
      "stacks/orgs/acme/platform/prod.yaml": "stack",
      "stacks/workflows/networking.yaml": "workflow",
    });
  });

  it("has no errors or warnings", () => {
    const found = index.paths().flatMap((p) =>
      validate(index, p)
        .filter((d) => d.severity !== undefined && d.severity <= 2)
        .map((d) => `${rel(p)}:${d.range.start.line + 1}: ${d.code} ${d.message}`),
    );
    assert.deepEqual(found, []);
  });
});
