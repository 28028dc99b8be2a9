// Alias names: env0 puts no pattern on them (its schema has no `propertyNames`, and its own templates use keys
// such as '2'), so any key is an alias. What env0 does check stays: `needs` must name an alias of the file, and
// an alias appears once.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rename } from "../../../server/src/features/rename";
import { problemLines, env0Workspace } from "./support";
import { load, run } from "../edits/support";

const P = "/ws/env0.workflow.yaml";

const QA = `environments:
  QA env:
    name: QA
    templateName: qa
  'QA #1 (eu-west)':
    name: QA one
    templateName: qa
    needs: [QA env]
  "db+cache @v2":
    name: Data
    templateName: data
    needs:
      - 'QA #1 (eu-west)'
      - QA env
  '2':
    name: Two
    templateName: t
    needs: ['2 ', "db+cache @v2"]
`;

describe("env0 alias names", () => {
  it("accepts aliases with spaces and signs, and checks their needs", () => {
    // `'2 '` (with a space) is not the alias `2`: env0 compares names as written.
    assert.deepEqual(problemLines(env0Workspace({ [P]: QA }), P), ["18: env0/unknown-alias Sub-environment '2 ' is not defined in this workflow."]);
  });

  it("still reports an alias written twice", () => {
    const text = "environments:\n  QA env:\n    name: A\n    templateName: a\n  QA env:\n    name: B\n    templateName: b\n";
    assert.deepEqual(problemLines(env0Workspace({ [P]: text }), P), ["5: env0/syntax Map keys must be unique"]);
  });

  it("renames to a name with spaces and signs when it reads back as itself", () => {
    const index = env0Workspace({ [P]: QA });
    const r = rename(index, P, QA.indexOf("QA env:") + 1, "QA env+2");
    assert.ok(r && "edit" in r, JSON.stringify(r));
    const edits = Object.values(r.edit.changes!)[0]!;
    assert.equal(edits.length, 3);
    assert.ok(edits.every((e) => e.newText === "QA env+2"));
  });

  it("refuses a rename it could only write with quotes", () => {
    const index = env0Workspace({ [P]: QA });
    const r = rename(index, P, QA.indexOf("QA env:") + 1, "QA #2");
    assert.ok(r && "error" in r);
    assert.match(r.error, /would need quoting in YAML/);
  });

  it("adds a node with such a name, quoted where YAML needs it", () => {
    const index = load({ "env0.workflow.yaml": "environments:\n  a:\n    name: A\n    templateName: t\n" });
    const { texts } = run(index, "/ws/env0.workflow.yaml", { type: "addNode", kind: "alias", name: "QA #1 (eu)" });
    const text = texts.get("/ws/env0.workflow.yaml")!;
    assert.match(text, /\n {2}"QA #1 \(eu\)":\n {4}name: "QA #1 \(eu\)"\n/);
    assert.deepEqual(problemLines(env0Workspace({ [P]: text }), P), ["5: env0/template-or-vcs Sub-environment 'QA #1 (eu)' has neither 'templateName' nor 'vcs': give one of them, so that env0 knows what to deploy."]);
  });
});
