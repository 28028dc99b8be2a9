// The idle collector collects only after the event loop stayed idle long enough and the heap grew enough since the
// last collection, then once more on the next idle tick (the second returns the pages the first freed); any busy
// tick starts the wait again. And in this Node, the full collection it relies on is there and frees garbage.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { collectWhenIdle, IdleCollector } from "../../../server/src/idle-gc";

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
    assert.equal(c.collections, 2);
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
    for (let i = 0; i < 3; i++) c.tick({ utilization: 0, heapUsed: 60 * MB });
    assert.equal(calls(), 1, "and the heap did not grow since: none");
  });

  it("V8's own work right after a collection does not keep the second one from coming", () => {
    const { c, calls } = driven(10 * MB);
    for (let i = 0; i < 3; i++) c.tick({ utilization: 0, heapUsed: 100 * MB });
    assert.equal(calls(), 1);
    c.tick({ utilization: 0.1, heapUsed: 60 * MB });
    assert.equal(calls(), 2, "a tick 10 % busy right after the first collection is its sweeping");
  });

  it("in this process, collects twice once idle: its own collection does not count as the loop being busy", async () => {
    const handle = collectWhenIdle({ idleMs: 150, tickMs: 50, minGrowth: 4 * MB });
    assert.ok(handle, "a full collection is available");
    // Kept alive while the collector works, so that V8 cannot have collected it on its own first (the heap stays
    // grown), and so that each collection has tens of megabytes to mark: longer than the 1 ms of a 50 ms tick that
    // would count as busy.
    let held: unknown[] | null = [];
    for (let i = 0; i < 400000; i++) held.push({ i, s: `held ${i}` });
    try {
      // Polled, with a bound: the loop is left idle, which is what the collector waits for.
      await new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          if (handle.collections() >= 2) {
            clearInterval(poll);
            resolve();
          } else if (Date.now() - started > 5000) {
            clearInterval(poll);
            reject(new Error(`${handle.collections()} collection(s) after 5 s idle`));
          }
        }, 25);
      });
    } finally {
      handle.stop();
      held = null;
    }
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
