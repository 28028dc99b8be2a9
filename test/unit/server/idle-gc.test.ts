// The idle collector collects only after the event loop stayed idle long enough and the heap grew enough since the
// last collection, then once more on the next idle tick (the second returns the pages the first freed); any busy
// tick starts the wait again. And in this Node, the full collection it relies on is there and frees garbage.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { IdleCollector } from "../../../server/src/idle-gc";

const MB = 1024 * 1024;
const options = { idleMs: 3000, tickMs: 1000, minGrowth: 40 * MB };

function driven(startHeap: number): { c: IdleCollector; calls: () => number } {
  let n = 0;
  const c = new IdleCollector(options, () => n++, startHeap);
  return { c, calls: () => n };
}

describe("idle collector", () => {
  it("waits for the idle time, collects twice, then waits for the heap to grow again", () => {
    const { c, calls } = driven(20 * MB);
    c.tick({ utilization: 0.9, heapUsed: 200 * MB }); // a large file opened before the first tick
    c.tick({ utilization: 0.9, heapUsed: 200 * MB });
    c.tick({ utilization: 0, heapUsed: 200 * MB });
    c.tick({ utilization: 0, heapUsed: 200 * MB });
    assert.equal(calls(), 0, "two idle seconds are not enough");
    c.tick({ utilization: 0, heapUsed: 200 * MB });
    assert.equal(calls(), 1, "three idle seconds and 180 MB grown: collected");
    c.tick({ utilization: 0, heapUsed: 70 * MB });
    assert.equal(calls(), 2, "and once more on the next idle tick");
    for (let i = 0; i < 10; i++) c.tick({ utilization: 0, heapUsed: 70 * MB + i * MB });
    assert.equal(calls(), 2, "nothing grew since: no more collections");
    assert.equal(c.collections, 1);
  });

  it("a busy tick starts the wait again, and a small growth is left alone", () => {
    const { c, calls } = driven(60 * MB);
    c.tick({ utilization: 0, heapUsed: 60 * MB });
    c.tick({ utilization: 0, heapUsed: 90 * MB });
    c.tick({ utilization: 0, heapUsed: 90 * MB });
    c.tick({ utilization: 0, heapUsed: 90 * MB });
    assert.equal(calls(), 0, "30 MB grown is below the bound");
    c.tick({ utilization: 0.3, heapUsed: 120 * MB });
    c.tick({ utilization: 0, heapUsed: 120 * MB });
    c.tick({ utilization: 0, heapUsed: 120 * MB });
    assert.equal(calls(), 0, "the busy tick reset the idle time");
    c.tick({ utilization: 0, heapUsed: 120 * MB });
    assert.equal(calls(), 1);
    c.tick({ utilization: 0.5, heapUsed: 60 * MB });
    assert.equal(calls(), 1, "busy again before the second collection: it waits for the next idle time");
  });

  it("the full collection it uses exists here and frees garbage", () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    assert.equal(typeof gc, "function");
    let junk: unknown[] | null = [];
    for (let i = 0; i < 300000; i++) junk.push({ i, s: `garbage ${i}` });
    const before = v8.getHeapStatistics().used_heap_size;
    junk = null;
    gc();
    const after = v8.getHeapStatistics().used_heap_size;
    assert.ok(before - after > 10 * MB, `freed ${((before - after) / MB).toFixed(1)} MB`);
  });
});
