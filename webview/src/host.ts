// The only place that talks to VS Code: acquireVsCodeApi() is called once, here, and typed.
import type { HostToWebview, PersistedState, WebviewToHost } from "../../common/protocol";

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

export function post(msg: WebviewToHost): void {
  api.postMessage(msg);
}

/** The state saved before a reload or while the panel was hidden, if any. */
export function loadState(): PersistedState | undefined {
  const s = api.getState() as PersistedState | undefined;
  return s && typeof s === "object" && s.view && typeof s.view === "object" ? s : undefined;
}

export function saveState(s: PersistedState): void {
  api.setState(s);
}

/** Calls `handler` with every message from the host (messages from elsewhere carry no `type` we know). */
export function onMessage(handler: (msg: HostToWebview) => void): () => void {
  const listener = (e: MessageEvent) => {
    const d = e.data as { type?: unknown } | null;
    if (d && typeof d === "object" && typeof d.type === "string") handler(d as HostToWebview);
  };
  window.addEventListener("message", listener);
  return () => window.removeEventListener("message", listener);
}
