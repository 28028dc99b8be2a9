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

describe("LineIndex.after an edit", () => {
  const lineStarts = (l: LineIndex): number[] => Array.from({ length: l.lineCount }, (_, i) => l.lineStart(i));
  it("equals the index of the new text, whatever the edit adds or removes", () => {
    const base = "a: 1\nb:\n  - x\n  - y\r\nc: 3\n\nd: |\n  text\n";
    let seed = 7;
    const r = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    let before = new LineIndex(base);
    for (let i = 0; i < 500; i++) {
      const t = before.text;
      const at = r(t.length + 1);
      const cut = Math.min(t.length, at + r(6));
      const insert = ["", "\n", "x", "\n\n", "y\nz", "\r\n"][r(6)]!;
      const text = t.slice(0, at) + insert + t.slice(cut);
      const after = LineIndex.after(before, text);
      assert.deepEqual(lineStarts(after), lineStarts(new LineIndex(text)), `replacing ${JSON.stringify(t.slice(at, cut))} at ${at} with ${JSON.stringify(insert)}`);
      before = after.lineCount > 40 ? new LineIndex(base) : after;
    }
    const same = new LineIndex(base);
    assert.deepEqual(lineStarts(LineIndex.after(same, base)), lineStarts(same));
  });
});
