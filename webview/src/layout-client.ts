// Runs layouts in the worker. A VS Code webview cannot start a Worker from its resource origin, so the script
// is fetched as text and started from a Blob URL (CSP: `worker-src blob:`, `connect-src` the resource origin).
import type { ElkNode } from "elkjs/lib/elk-api";

type Pending = { resolve: (r: ElkNode) => void; reject: (e: Error) => void };

export class LayoutClient {
  private worker: Promise<Worker> | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly scriptUrl: string) {}

  private start(): Promise<Worker> {
    this.worker ??= (async () => {
      const res = await fetch(this.scriptUrl);
      if (!res.ok) throw new Error(`Could not load the layout worker (${res.status}).`);
      const blob = new Blob([await res.text()], { type: "text/javascript" });
      const url = URL.createObjectURL(blob);
      const w = new Worker(url);
      w.onmessage = (e: MessageEvent<{ id: number; result?: ElkNode; error?: string }>) => {
        const p = this.pending.get(e.data.id);
        if (!p) return;
        this.pending.delete(e.data.id);
        if (e.data.result) p.resolve(e.data.result);
        else p.reject(new Error(e.data.error ?? "layout failed"));
      };
      w.onerror = (e) => {
        for (const p of this.pending.values()) p.reject(new Error(e.message || "layout worker error"));
        this.pending.clear();
      };
      return w;
    })();
    return this.worker;
  }

  /**
   * Starts the worker before the first graph arrives (fetching and compiling ELK takes about half a second) and
   * has it lay out a tiny graph, so that ELK's classes are loaded when the real layout comes.
   */
  warm(): void {
    this.start().then(
      (w) => w.postMessage({ id: 0, graph: { id: "warm", children: [{ id: "a", width: 10, height: 10 }, { id: "b", width: 10, height: 10 }], edges: [{ id: "e", sources: ["a"], targets: ["b"] }] } }),
      // The first real layout reports the failure.
      () => undefined,
    );
  }

  async layout(graph: ElkNode): Promise<ElkNode> {
    const w = await this.start();
    const id = this.nextId++;
    return new Promise<ElkNode>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, graph });
    });
  }
}
