// The server sends a file's diagnostics only when they differ from those it sent last (sameData): two lists equal
// as JSON must compare equal, and any difference JSON would show must not.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sameData } from "../../../server/src/features/convert";

const diag = (line: number, message = "Unknown component", extra: Record<string, unknown> = {}) => ({
  range: { start: { line, character: 2 }, end: { line, character: 9 } },
  severity: 1,
  code: "atmos/unknown-component",
  source: "infraflow",
  message,
  ...extra,
});

describe("diagnostics are compared as JSON would send them", () => {
  it("equal lists, made apart, are the same", () => {
    assert.equal(sameData([diag(1), diag(2)], [diag(1), diag(2)]), true);
    assert.equal(sameData([], []), true);
  });
  it("a property set to undefined is the same as an absent one (JSON leaves both out)", () => {
    assert.equal(sameData([diag(1, "m", { tags: undefined })], [diag(1, "m")]), true);
    assert.equal(sameData([diag(1, "m")], [diag(1, "m", { tags: undefined })]), true);
  });
  it("any difference JSON would show makes them differ", () => {
    assert.equal(sameData([diag(1)], [diag(2)]), false, "a moved range");
    assert.equal(sameData([diag(1)], [diag(1, "Other")]), false, "another message");
    assert.equal(sameData([diag(1)], [diag(1), diag(2)]), false, "one more");
    assert.equal(sameData([diag(1), diag(2)], [diag(2), diag(1)]), false, "another order");
    assert.equal(sameData([diag(1)], [diag(1, "Unknown component", { tags: [1] })]), false, "a property added");
    assert.equal(sameData([diag(1, "Unknown component", { tags: [1] })], [diag(1)]), false, "a property removed");
    assert.equal(sameData([diag(1, "m", { tags: [1] })], [diag(1, "m", { tags: [2] })]), false, "a list item changed");
    assert.equal(sameData([diag(1, "m", { tags: [] })], [diag(1, "m", { tags: {} })]), false, "a list is not a map");
    assert.equal(sameData([diag(1, "m", { data: null })], [diag(1, "m")]), false, "null is sent, undefined is not");
    assert.equal(sameData([{ severity: 1 }], [{ severity: "1" }]), false, "a number is not a string");
  });
});
