// The message after a graph edit and the host's Undo / Redo from the graph: what the message says, the smallest
// replacement between two texts, the undo and redo stacks, and the refusal when a file changed since the edit.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { changedSince, describeEdit, EditStack, minimalReplace, type EditRecord } from "../../../client/src/graph/edit-notice";

const graph = {
  nodes: [
    { id: "c:app", label: "app", kind: "component" as const },
    { id: "c:rds", label: "rds", kind: "component" as const },
  ],
  edges: [{ id: "depends:c:app->c:rds", from: "c:app", to: "c:rds", kind: "depends" as const }],
  groups: [],
};

const apply = (text: string, c: { start: number; end: number; text: string }) => text.slice(0, c.start) + c.text + text.slice(c.end);

describe("graph edit message", () => {
  it("names the nodes by label, as the graph shows them", () => {
    assert.equal(describeEdit({ type: "addDependency", from: "c:app", to: "c:rds" }, graph), "Added ‘rds’ to ‘app’ in");
    assert.equal(describeEdit({ type: "addDependency", from: "c:app", to: "c:rds", scope: "stack" }, graph), "Added ‘rds’ to ‘app’ in this stack only, in");
    assert.equal(describeEdit({ type: "removeDependency", edgeId: "depends:c:app->c:rds" }, graph), "Removed ‘rds’ from ‘app’ in");
    assert.equal(describeEdit({ type: "moveStep", workflow: "release", from: 0, to: 2 }, graph), "Moved step 1 of ‘release’ to position 3 in");
    assert.equal(describeEdit({ type: "renameNode", nodeId: "c:app", newName: "api" }, graph), "Renamed ‘app’ to ‘api’ in");
    assert.equal(describeEdit({ type: "removeNode", nodeId: "gone" }, null), "Removed ‘gone’ in");
  });
});

describe("undo and redo from the graph", () => {
  it("replaces only what differs, and the replacement turns one text into the other", () => {
    const before = "a:\n  needs: [x]\nb: 1\n";
    const after = "a:\n  needs: [x, y]\nb: 1\n";
    const c = minimalReplace(after, before);
    assert.deepEqual(c, { start: 14, end: 17, text: "" });
    assert.equal(apply(after, c), before);
    for (const [x, y] of [["", "abc"], ["abc", ""], ["aaa", "aa"], ["same", "same"], ["x1y", "x22y"]]) assert.equal(apply(x!, minimalReplace(x!, y!)), y);
  });

  it("keeps undo and redo stacks; a new edit drops what could be redone", () => {
    const s = new EditStack(2);
    const r = (text: string): EditRecord => ({ text, files: [] });
    assert.equal(s.canUndo, false);
    s.push(r("one"));
    s.push(r("two"));
    s.push(r("three"));
    assert.equal(s.peek("undo")?.text, "three");
    s.commit("undo");
    s.commit("undo");
    assert.equal(s.canUndo, false, "the oldest edit fell off the bounded stack");
    assert.equal(s.peek("redo")?.text, "two");
    s.commit("redo");
    assert.equal(s.peek("undo")?.text, "two");
    s.push(r("four"));
    assert.equal(s.canRedo, false);
  });

  it("refuses to undo a file the user changed since the edit", () => {
    const rec: EditRecord = { text: "t", files: [{ uri: "file:///a", before: "A0", after: "A1" }, { uri: "file:///b", before: "B0", after: "B1" }] };
    const texts = new Map([["file:///a", "A1"], ["file:///b", "B1"]]);
    assert.equal(changedSince(rec, "undo", (u) => texts.get(u)), undefined);
    texts.set("file:///b", "B1 typed");
    assert.equal(changedSince(rec, "undo", (u) => texts.get(u)), "file:///b");
    assert.equal(changedSince(rec, "redo", () => "A0"), "file:///b");
  });
});
