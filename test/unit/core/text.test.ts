import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LineIndex } from "../../../server/src/core/text";
import { closest, editDistance } from "../../../server/src/core/suggest";

describe("LineIndex", () => {
  it("converts offsets and positions both ways, with CRLF and past the end", () => {
    const li = new LineIndex("ab\r\ncd\nef");
    assert.deepEqual(li.position(0), { line: 0, character: 0 });
    assert.deepEqual(li.position(4), { line: 1, character: 0 });
    assert.deepEqual(li.position(99), { line: 2, character: 2 });
    assert.equal(li.offset({ line: 1, character: 1 }), 5);
    assert.equal(li.offset({ line: 0, character: 50 }), 2, "clamped before the \\r\\n");
    assert.equal(li.offset({ line: 9, character: 0 }), 9);
    assert.equal(li.lineText(0), "ab");
  });
});

describe("did you mean", () => {
  it("finds close names and nothing for far ones", () => {
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(closest("deploi", ["deploy", "destroy"]), "deploy");
    assert.equal(closest("Deploy", ["deploy"]), "deploy");
    assert.equal(closest("zzz", ["deploy", "build"]), undefined);
  });
});
