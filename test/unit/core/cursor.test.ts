import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cursorContext } from "../../../server/src/core/cursor";
import { cursor } from "../../support/ws";

function ctx(src: string) {
  const [text, offset] = cursor(src);
  return cursorContext(text, offset);
}

describe("cursor context from lines", () => {
  it("finds the path and siblings inside a list item mapping", () => {
    const c = ctx("workflows:\n  - name: a\n    steps:\n      - name: s\n        block: b\n        ac|");
    assert.deepEqual(c.path, ["workflows", "[]", "steps", "[]"]);
    assert.equal(c.position, "key");
    assert.equal(c.prefix, "ac");
    assert.deepEqual([...c.siblings.keys()].sort(), ["block", "name"]);
  });

  it("knows it is typing a value, and the siblings after the cursor", () => {
    const c = ctx("steps:\n  - name: s\n    block: |\n    action: x\n  - name: t\n    block: y\n");
    assert.deepEqual(c.path, ["steps", "[]"]);
    assert.equal(c.position, "value");
    assert.equal(c.key, "block");
    assert.deepEqual([...c.siblings.entries()].sort(), [["action", "x"], ["name", "s"]]);
  });

  it("treats a new dash as a new item with no siblings from the previous one", () => {
    const c = ctx("steps:\n  - name: s\n    block: b\n  - |");
    assert.deepEqual(c.path, ["steps", "[]"]);
    assert.equal(c.inListItem, true);
    assert.equal(c.siblings.size, 0);
  });

  it("reads flow lists", () => {
    const c = ctx("environments:\n  a:\n    needs: [b, c|]\n");
    assert.deepEqual(c.path, ["environments", "a"]);
    assert.equal(c.inFlowList, true);
    assert.equal(c.prefix, "c");
  });

  it("works at the root, on empty lines and in comments", () => {
    assert.deepEqual(ctx("name: x\nbl|").siblings.get("name"), "x");
    assert.deepEqual(ctx("a:\n  b: 1\n  |").path, ["a"]);
    assert.equal(ctx("a: 1 # note |").inComment, true);
    assert.equal(ctx("a: 'x # not a comment|'").inComment, false);
  });

  it("replaces the whole word under the cursor", () => {
    const [text, offset] = cursor("step:\n  block: ap|p-one  # c\n");
    const c = cursorContext(text, offset);
    assert.equal(text.slice(c.replaceStart, c.replaceEnd), "app-one");
  });
});
