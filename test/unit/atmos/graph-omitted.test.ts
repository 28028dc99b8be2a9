// The graph of a file in more stacks than it draws: the first twelve are drawn, every stack is listed with its name
// and whether it is drawn, and a stack asked for (focus) is drawn first. Never a silent cut.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildGraph } from "../../../server/src/features/graph";
import { workspace } from "../../support/ws";

const STACKS = 15;
const name = (i: number) => `s${String(i).padStart(2, "0")}`;
const stackFile = (i: number) => `/ws/stacks/deploy/${name(i)}.yaml`;
const CATALOG = "/ws/stacks/catalog/app.yaml";

function repo(stacks: number) {
  const files: Record<string, string> = {
    "/ws/atmos.yaml": 'stacks:\n  base_path: "stacks"\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n',
    [CATALOG]: "components:\n  terraform:\n    db:\n      vars: {}\n    app:\n      settings:\n        depends_on:\n          1:\n            component: db\n",
  };
  for (let i = 1; i <= stacks; i++) files[stackFile(i)] = `import:\n  - catalog/app\nvars:\n  stage: ${name(i)}\n`;
  return workspace(files);
}

const drawnStacks = (g: NonNullable<ReturnType<typeof buildGraph>>) => g.groups.filter((x) => x.kind === "stack").map((x) => x.label);

describe("a graph that leaves stacks out says which", () => {
  it("draws twelve of fifteen stacks and lists all fifteen by name", () => {
    const g = buildGraph(repo(STACKS), [CATALOG])!;
    assert.deepEqual(drawnStacks(g), Array.from({ length: 12 }, (_, i) => name(i + 1)));
    assert.equal(g.omitted?.kind, "stack");
    assert.equal(g.omitted?.shown, 12);
    assert.equal(g.omitted?.total, STACKS);
    assert.deepEqual(
      g.omitted?.items.map((i) => [i.label, i.shown]),
      Array.from({ length: STACKS }, (_, i) => [name(i + 1), i < 12]),
    );
    assert.equal(g.omitted?.items[14]?.key, stackFile(15));
  });

  it("draws the stack asked for first, with its components and edges", () => {
    const g = buildGraph(repo(STACKS), [CATALOG], { focus: stackFile(15) })!;
    assert.equal(drawnStacks(g)[0], name(15));
    assert.equal(drawnStacks(g).length, 12);
    assert.ok(g.edges.some((e) => e.from === `component:${stackFile(15)}#app` && e.to === `component:${stackFile(15)}#db`));
    assert.deepEqual(g.omitted?.items.filter((i) => i.shown).map((i) => i.label), [...Array.from({ length: 11 }, (_, i) => name(i + 1)), name(15)]);
  });

  it("a focus that is not one of the file's stacks changes nothing", () => {
    const plain = buildGraph(repo(STACKS), [CATALOG])!;
    const g = buildGraph(repo(STACKS), [CATALOG], { focus: "/ws/elsewhere.yaml" })!;
    assert.deepEqual(drawnStacks(g), drawnStacks(plain));
  });

  it("says nothing when every stack is drawn, nor for a folder's graph", () => {
    assert.equal(buildGraph(repo(12), [CATALOG])!.omitted, undefined);
    const index = repo(STACKS);
    assert.equal(buildGraph(index, index.paths())!.omitted, undefined);
  });
});
