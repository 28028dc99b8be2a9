// examples/atmos is a repository users can open: every manifest is detected and free of errors and warnings.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { validate } from "../../../server/src/features/validate";
import { FORMATS } from "../../../server/src/formats/registry";
import { nodeHost } from "../../../server/src/index/host";
import { newIndex } from "../../support/ws";

const ROOT = path.resolve(__dirname, "../../../examples/atmos");

describe("examples/atmos", () => {
  const index = newIndex(nodeHost, FORMATS);
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

describe("examples/atmos graph", () => {
  const index = newIndex(nodeHost, FORMATS);
  index.setRoots([ROOT]);
  const atmos = FORMATS.find((f) => f.id === "atmos")!;

  it("draws a stack's components in deploy waves, with inheritance and dependencies", () => {
    const f = index.file(path.join(ROOT, "stacks/orgs/acme/platform/prod.yaml"))!;
    const g = atmos.graph!(f, index)!;
    assert.equal(g.title, "platform-ue2-prod");
    const rank = Object.fromEntries(g.nodes.filter((n) => n.kind === "component").map((n) => [n.label, n.rank]));
    assert.deepEqual(rank, { "eks/cluster": 2, "logs-bucket": 1, rds: 3, vpc: 1 });
    const label = (id: string) => g.nodes.find((n) => n.id === id)!.label;
    const edges = g.edges.map((e) => `${label(e.from)} ${e.kind} ${label(e.to)}`).sort();
    assert.ok(edges.includes("rds depends logs-bucket") && edges.includes("rds inherits rds/defaults") && edges.includes("eks/cluster depends vpc"), edges.join("\n"));
  });

  it("draws a workflow's steps in order, each with the component it runs", () => {
    const f = index.file(path.join(ROOT, "stacks/workflows/networking.yaml"))!;
    const g = atmos.graph!(f, index)!;
    const steps = g.nodes.filter((n) => n.kind === "step" && n.group?.endsWith("#apply-network")).map((n) => n.label);
    assert.deepEqual(steps, ["apply-logs-bucket", "apply-vpc", "show-subnets", "step4"]);
    assert.ok(g.edges.some((e) => e.kind === "targets" && e.label === "platform-ue2-prod"));
  });
});
