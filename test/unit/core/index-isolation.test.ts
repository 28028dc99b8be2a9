// Two workspace indexes in one process (tests, the CLI over two folders) share no cached state: each parses with
// its own cache, and keeps its own shape checks, so what one does to its trees never shows in the other.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { workspace } from "../../support/ws";

const BLOCK = "name: app\nkind: generic\nactions:\n  - name: deploy\n    script: [echo app]\n  - name: destroy\n    script: [echo bye]\n";
const files = { "/ws/workspace.poly": "name: ws\n", "/ws/blocks/app/block.poly": BLOCK };
const P = "/ws/blocks/app/block.poly";
const problems = (index: ReturnType<typeof workspace>) => index.problems(P).map((x) => [x.code, x.span.start, x.message]);

describe("two indexes in one process", () => {
  it("parse the same text each into its own tree, shared only within one index", () => {
    const a = workspace(files);
    const b = workspace(files);
    assert.equal(a.parseYaml(BLOCK), a.parseYaml(BLOCK));
    assert.notEqual(a.parseYaml(BLOCK), b.parseYaml(BLOCK));
    assert.notEqual(a.file(P)!.parsed, b.file(P)!.parsed);
  });

  it("an edit re-parsed in place in one index leaves the other's tree and diagnostics as they were", () => {
    const a = workspace(files);
    const b = workspace(files);
    problems(a);
    const before = problems(b);
    const tree = b.file(P)!.parsed;
    const js = tree.doc!.toJS();
    // An unknown key: the edited index reports it, from its tree re-parsed in place (incrementally).
    a.openOrChange(P, BLOCK.replace("script: [echo bye]", "script: [echo bye]\n    flavour: sweet"), 1);
    assert.ok(problems(a).some(([code]) => code === "poly/unknown-key"), JSON.stringify(problems(a)));
    assert.equal(a.parseStats().incremental, 1, "the disk parse was re-parsed in place");
    assert.deepEqual(tree.doc!.toJS(), js);
    assert.equal(b.file(P)!.parsed, tree);
    assert.deepEqual(problems(b), before);
  });
});
