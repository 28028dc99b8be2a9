// NodeMemo: a value derived from an entry of a document is kept while an incremental re-parse keeps the entry,
// its spans moved with it, and derived again once the entry's content or the other inputs change.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDocument, type Node, type YAMLMap, type YAMLSeq } from "yaml";
import { NodeMemo, spansIn } from "../../../server/src/core/node-memo";
import { reparseInPlace } from "../../../server/src/core/yaml-incremental";
import { spanOf } from "../../../server/src/core/yaml";

const TEXT = "steps:\n  - name: a\n    block: x\n  - name: b\n    block: y\n";

function stepsOf(doc: ReturnType<typeof parseDocument>): Node[] {
  return ((doc.contents as YAMLMap).get("steps") as YAMLSeq).items as Node[];
}

describe("NodeMemo", () => {
  it("keeps a value while its entry is kept, moving its spans with the text (shared spans once)", () => {
    const doc = parseDocument(TEXT, { keepSourceTokens: false });
    const memo = new NodeMemo();
    let derived = 0;
    const derive = (n: Node) => () => {
      derived++;
      const span = spanOf(n)!;
      return { name: String((n as YAMLMap).get("name")), span, again: [span] };
    };
    const second = stepsOf(doc)[1]!;
    const v1 = memo.get(second, "k", derive(second));
    assert.deepEqual(v1.span, { start: TEXT.indexOf("- name: b") + 2, end: TEXT.length });
    // Typing in the first step: the second is kept, three characters further on.
    const edited = TEXT.replace("name: a", "name: abcd");
    assert.ok(reparseInPlace(doc as never, TEXT, edited));
    assert.equal(stepsOf(doc)[1], second, "the re-parse keeps the untouched entry");
    const v2 = memo.get(second, "k", derive(second));
    assert.equal(v2, v1);
    assert.equal(derived, 1);
    assert.deepEqual(v2.span, { start: edited.indexOf("- name: b") + 2, end: edited.length });
    assert.equal(v2.again[0], v2.span, "a span reached twice is moved once");
    // Another key (another file with the same text, other settings): derived anew.
    memo.get(second, "other", derive(second));
    assert.equal(derived, 2);
  });

  it("derives again after an edit inside the entry", () => {
    const doc = parseDocument(TEXT, { keepSourceTokens: false });
    const memo = new NodeMemo();
    const first = () => stepsOf(doc)[0]!;
    const read = () => ({ block: String((first() as YAMLMap).get("block")) });
    assert.equal(memo.get(first(), "k", read).block, "x");
    const edited = TEXT.replace("block: x", "block: xz");
    assert.ok(reparseInPlace(doc as never, TEXT, edited));
    assert.equal(memo.get(first(), "k", read).block, "xz");
  });

  it("finds the spans of plain data only", () => {
    class Box {
      constructor(readonly span = { start: 1, end: 2 }) {}
    }
    const shared = { start: 3, end: 4 };
    const spans = spansIn({ a: shared, b: [shared, { start: 5, end: 6 }], c: new Box(), d: { start: 7, end: 8, extra: 1 }, e: "s" });
    assert.deepEqual(spans, [shared, { start: 5, end: 6 }]);
  });
});
