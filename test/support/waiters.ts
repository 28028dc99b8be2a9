// Waiting on a condition that changes when messages arrive: every message wakes the waiters, which re-check.
// No polling and no fixed sleeps; a deadline turns "never" into a clear error.
export class Waiters {
  private waiters: Array<() => void> = [];

  /** Call whenever something arrived that a waiter might be waiting for. */
  wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves with the first truthy value of `predicate`, re-checked on every wake; fails after `ms`. */
  async until<T>(predicate: () => T | undefined | false, what: string, ms: number): Promise<T> {
    const deadline = performance.now() + ms;
    for (;;) {
      const v = predicate();
      if (v) return v;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}
