import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { firstBox, nearestInDirection } from "../../../webview/src/nav";

const box = (x: number, y: number) => ({ x, y, width: 100, height: 40 });

describe("keyboard navigation", () => {
  //   a       b
  //   c   d
  //       e
  const boxes = new Map([
    ["a", box(0, 0)],
    ["b", box(400, 0)],
    ["c", box(0, 100)],
    ["d", box(150, 100)],
    ["e", box(150, 200)],
  ]);

  it("moves to the nearest box in the direction, preferring boxes straight ahead", () => {
    assert.equal(nearestInDirection(boxes, "a", "down"), "c");
    assert.equal(nearestInDirection(boxes, "a", "right"), "b", "d is nearer but off the row");
    assert.equal(nearestInDirection(boxes, "c", "right"), "d");
    assert.equal(nearestInDirection(boxes, "d", "down"), "e");
    assert.equal(nearestInDirection(boxes, "e", "up"), "d");
    assert.equal(nearestInDirection(boxes, "d", "left"), "c");
    assert.equal(nearestInDirection(boxes, "a", "up"), null);
    assert.equal(nearestInDirection(boxes, "a", "left"), null);
    assert.equal(nearestInDirection(boxes, "missing", "up"), null);
  });

  it("starts at the top-left box", () => {
    assert.equal(firstBox(boxes), "a");
    assert.equal(firstBox(new Map()), null);
  });
});
