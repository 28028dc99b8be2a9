// Keeps a chatty step from freezing the terminal without losing what matters: writes are coalesced (one per
// frame or per 64 KB), and past a per-step budget the terminal shows only the tail of the output, with a line
// saying how much was left out. The run log always has everything. Plain code: no vscode import.

export interface GateOptions {
  /** Characters of one step's output shown as they come. */
  perStep: number;
  /** Characters kept of the rest, shown when the step ends. */
  tail: number;
  /** Pending text is written at once past this size. */
  flushAt: number;
  /** Otherwise it is written after this delay. */
  delayMs: number;
}

export const DEFAULT_GATE: GateOptions = { perStep: 2_000_000, tail: 200_000, flushAt: 64 * 1024, delayMs: 16 };

interface StepState {
  shown: number;
  tail: string;
  dropped: number;
}

export class OutputGate {
  private pending = "";
  private timer: unknown;
  private readonly steps = new Map<string, StepState>();

  constructor(
    private readonly sink: (text: string) => void,
    private readonly opts: GateOptions = DEFAULT_GATE,
    private readonly schedule: (fn: () => void, ms: number) => unknown = (fn, ms) => setTimeout(fn, ms),
    private readonly unschedule: (handle: unknown) => void = (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  ) {}

  /** Output of a step: shown up to the budget, then held as a bounded tail. */
  output(stepId: string, text: string): void {
    if (!text) return;
    let st = this.steps.get(stepId);
    if (!st) this.steps.set(stepId, (st = { shown: 0, tail: "", dropped: 0 }));
    if (st.shown < this.opts.perStep) {
      const take = Math.min(text.length, this.opts.perStep - st.shown);
      this.queue(text.slice(0, take));
      st.shown += take;
      text = text.slice(take);
    }
    if (text) {
      st.tail += text;
      if (st.tail.length > this.opts.tail) {
        st.dropped += st.tail.length - this.opts.tail;
        st.tail = st.tail.slice(-this.opts.tail);
      }
    }
  }

  /** A step ended: what was held back of its output comes now, after a note of what was left out. */
  endStep(stepId: string, note: (dropped: number) => string): void {
    const st = this.steps.get(stepId);
    this.steps.delete(stepId);
    if (!st?.tail) return;
    if (st.dropped) this.queue(note(st.dropped));
    this.queue(st.tail);
  }

  /** Any other text (headers, results), in order with the output. */
  text(text: string): void {
    this.queue(text);
  }

  /** Writes what is pending now (the run ended, or a prompt is about to be asked). */
  flush(): void {
    if (this.timer !== undefined) {
      this.unschedule(this.timer);
      this.timer = undefined;
    }
    if (!this.pending) return;
    const p = this.pending;
    this.pending = "";
    this.sink(p);
  }

  private queue(text: string): void {
    if (!text) return;
    this.pending += text;
    if (this.pending.length >= this.opts.flushAt) this.flush();
    else if (this.timer === undefined) this.timer = this.schedule(() => this.flush(), this.opts.delayMs);
  }
}
