// Gives memory back while the server is idle. Opening a large file or a burst of edits leaves tens of megabytes of
// garbage in V8's heap, and V8 collects it only when more is allocated: a browser tells V8 when it is idle (its
// memory reducer then collects and shrinks the heap), Node never does, so an idle server kept that garbage, and the
// pages it took, for as long as nobody typed (260 MB of RSS after editing a 50k-line manifest, about 100 MB of it
// garbage). After a few seconds with the event loop idle, and only when the heap grew by a fair amount since the
// last time, the collector runs a full collection, and on the next idle tick a second one, which returns the pages
// the first one freed.
import { performance } from "node:perf_hooks";
import * as v8 from "node:v8";
import * as vm from "node:vm";

/** What the collector reads on each tick. */
export interface IdleSample {
  /** Fraction of the last interval the event loop was busy (0 to 1). */
  utilization: number;
  heapUsed: number;
}

export interface IdleGcOptions {
  /** How long the event loop must have been idle. */
  idleMs: number;
  /** How often it looks. */
  tickMs: number;
  /** How much the used heap must have grown since the last collection (or the start) to collect again. */
  minGrowth: number;
}

export const IDLE_GC: IdleGcOptions = { idleMs: 4000, tickMs: 1000, minGrowth: 48 * 1024 * 1024 };

/** Busier than this over a tick is not idle (the tick itself and a timer or two cost far less). */
const IDLE_UTILIZATION = 0.02;
/**
 * Right after a collection, V8 finishes its work (sweeping) on the loop during the next tick: only busier than this
 * means the server has work again, and the second collection is dropped (that work grows the heap again).
 */
const BUSY_AFTER_COLLECTION = 0.25;

/** The decisions, apart from timers and V8, so that a test can drive them. */
export class IdleCollector {
  private idleFor = 0;
  /** The used heap after the last collection (or when the collector started); unknown until the next tick after one. */
  private baseline: number | undefined;
  /** A first collection ran on the previous tick: the second one follows unless the server has work again. */
  private second = false;
  /** Collections run so far (two per idle time that found the heap grown). */
  collections = 0;

  constructor(
    private readonly options: IdleGcOptions,
    private readonly gc: () => void,
    startHeap: number,
  ) {
    this.baseline = startHeap;
  }

  /** One tick: collects when the loop was idle long enough and the heap grew enough. */
  tick(sample: IdleSample): void {
    this.baseline ??= sample.heapUsed;
    if (sample.utilization > (this.second ? BUSY_AFTER_COLLECTION : IDLE_UTILIZATION)) {
      this.idleFor = 0;
      this.second = false;
      return;
    }
    this.idleFor += this.options.tickMs;
    if (this.second) {
      this.second = false;
      this.gc();
      this.collections++;
      return;
    }
    if (this.idleFor < this.options.idleMs || sample.heapUsed - this.baseline < this.options.minGrowth) return;
    this.gc();
    this.collections++;
    this.second = true;
    this.baseline = undefined;
  }
}

/**
 * V8's full collection, which Node exposes only behind a flag: set now, and taken from a fresh context (the way
 * test runners measure leaks). Undefined where that is not allowed.
 */
function fullCollection(): (() => void) | undefined {
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as unknown;
    return typeof gc === "function" ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** Starts looking for idle time in this process; the timer does not keep the process alive. */
export function collectWhenIdle(options: IdleGcOptions = IDLE_GC): { stop(): void; collections(): number } | undefined {
  const gc = fullCollection();
  if (!gc) return undefined;
  const collector = new IdleCollector(options, gc, v8.getHeapStatistics().used_heap_size);
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const { utilization } = performance.eventLoopUtilization(performance.eventLoopUtilization(), last);
    collector.tick({ utilization, heapUsed: v8.getHeapStatistics().used_heap_size });
    // The next window starts after this tick: a collection it ran is not the server being busy (else the second
    // collection, the one that returns the pages, would never come).
    last = performance.eventLoopUtilization();
  }, options.tickMs);
  timer.unref();
  return { stop: () => clearInterval(timer), collections: () => collector.collections };
}
