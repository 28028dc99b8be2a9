// The layout worker (bundled alone into dist/layout-worker.js): runs ELK off the UI thread.
// Request: { id, graph: ElkNode }; answer: { id, result: ElkNode } or { id, error: string }.
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk-api";

interface WorkerScope {
  onmessage: ((e: MessageEvent<{ id: number; graph: ElkNode }>) => void) | null;
  postMessage(msg: unknown): void;
}
const scope = self as unknown as WorkerScope;
// ELK's own bundle installs a message handler when loaded in a worker; ours replaces it.
const elk = new ELK();
scope.onmessage = (e) => {
  const { id, graph } = e.data;
  elk.layout(graph).then(
    (result) => scope.postMessage({ id, result }),
    (err: unknown) => scope.postMessage({ id, error: String((err as Error)?.message ?? err) }),
  );
};
