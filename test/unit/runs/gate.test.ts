// The terminal gate: coalesced writes, and megabytes of output shown as head + tail with nothing lost at the end.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OutputGate } from "../../../client/src/runs/gate";

function harness(opts = { perStep: 10, tail: 5, flushAt: 1000, delayMs: 16 }) {
  const writes: string[] = [];
  const timers: Array<() => void> = [];
  const gate = new OutputGate((t) => writes.push(t), opts, (fn) => (timers.push(fn), timers.length), () => undefined);
  return { gate, writes, fire: () => timers.splice(0).forEach((f) => f()) };
}

describe("output gate", () => {
  it("coalesces many small writes into one per frame", () => {
    const { gate, writes, fire } = harness({ perStep: 1e9, tail: 10, flushAt: 1e6, delayMs: 16 });
    for (let i = 0; i < 1000; i++) gate.output("a", `line ${i}\n`);
    assert.equal(writes.length, 0);
    fire();
    assert.equal(writes.length, 1);
    assert.ok(writes[0]!.startsWith("line 0\n") && writes[0]!.endsWith("line 999\n"));
  });

  it("writes at once past the flush size", () => {
    const { gate, writes } = harness({ perStep: 1e9, tail: 10, flushAt: 8, delayMs: 16 });
    gate.output("a", "0123456789");
    assert.deepEqual(writes, ["0123456789"]);
  });

  it("shows the head, holds a bounded tail, and at the end says what was left out, then the tail", () => {
    const { gate, writes } = harness();
    gate.output("a", "HEAD-12345"); // 10 chars: the budget.
    gate.output("a", "middle-dropped-");
    gate.output("a", "TAIL!");
    gate.endStep("a", (n) => `[${n} left out]`);
    gate.text("✓ a\n");
    gate.flush();
    assert.equal(writes.join(""), "HEAD-12345[15 left out]TAIL!✓ a\n");
  });

  it("keeps steps apart and shows a short tail without a note", () => {
    const { gate, writes } = harness();
    gate.output("a", "aaaaaaaaaa");
    gate.output("b", "bbb");
    gate.output("a", "xyz");
    gate.endStep("a", (n) => `[${n}]`);
    gate.endStep("b", (n) => `[${n}]`);
    gate.flush();
    assert.equal(writes.join(""), "aaaaaaaaaabbbxyz");
  });
});
