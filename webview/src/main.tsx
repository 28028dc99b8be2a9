// The graph webview's entry (bundled into dist/webview.js): mounts the React app.
import { createRoot } from "react-dom/client";
import { App } from "./components/App";
import { loadState, post } from "./host";
import { LayoutClient } from "./layout-client";
import "./styles.css";

const root = document.getElementById("root");
const workerUrl = document.querySelector<HTMLMetaElement>('meta[name="infraflow-layout-worker"]')?.content;
if (root && workerUrl) {
  window.addEventListener("error", (e) => post({ type: "error", message: String(e.message) }));
  const layout = new LayoutClient(workerUrl);
  layout.warm();
  createRoot(root).render(<App layout={layout} restored={loadState()} />);
} else {
  post({ type: "error", message: "The graph page is missing its root element or worker address." });
}
