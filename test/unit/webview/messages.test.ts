import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isWebviewToHost, persistedUri, persistedView } from "../../../client/src/graph/validate";

const view = { zoom: 1, panX: 0, panY: 0, direction: "DOWN", collapsed: ["g"], filter: "" };

describe("messages from the webview are validated", () => {
  it("accepts every well-formed message", () => {
    for (const m of [
      { type: "ready" },
      { type: "reveal", nodeId: "build" },
      { type: "viewState", view },
      { type: "export", format: "svg", data: '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>' },
      { type: "export", format: "svg", data: "<svg></svg>" },
      { type: "export", format: "png", data: "data:image/png;base64,iVBORw0KGgo=" },
      { type: "error", message: "boom" },
      { type: "undo" },
      { type: "redo" },
      { type: "affectedSince" },
      { type: "pickStack" },
      { type: "openFile", uri: "file:///ws/stacks/catalog/app.yaml" },
      { type: "edit", edit: { type: "addDependency", from: "a", to: "b", scope: "stack" } },
    ]) assert.equal(isWebviewToHost(m), true, JSON.stringify(m));
  });

  it("ignores malformed and unknown messages", () => {
    for (const m of [
      null,
      "ready",
      [],
      {},
      { type: 1 },
      { type: "nope" },
      { type: "reveal" },
      { type: "openFile" },
      { type: "openFile", uri: "" },
      { type: "openFile", uri: 7 },
      { type: "edit", edit: { type: "addDependency", from: "a", to: "b", scope: "everywhere" } },
      { type: "reveal", nodeId: "" },
      { type: "reveal", nodeId: 42 },
      { type: "reveal", nodeId: "x".repeat(5000) },
      { type: "viewState" },
      { type: "viewState", view: { ...view, zoom: NaN } },
      { type: "viewState", view: { ...view, zoom: 0 } },
      { type: "viewState", view: { ...view, direction: "UP" } },
      { type: "viewState", view: { ...view, collapsed: [1] } },
      { type: "viewState", view: { ...view, filter: undefined } },
      { type: "export", format: "svg", data: "<script>alert(1)</script>" },
      { type: "export", format: "png", data: "data:text/html;base64,PGh0bWw+" },
      { type: "export", format: "png", data: "data:image/png;base64,not base64!" },
      { type: "export", format: "gif", data: "x" },
      { type: "export", format: "svg" },
      { type: "error" },
    ]) assert.equal(isWebviewToHost(m), false, JSON.stringify(m));
  });

  it("reads the serializer's saved state only when it looks like ours", () => {
    assert.equal(persistedUri({ uri: "file:///ws/workspace.poly", view }), "file:///ws/workspace.poly");
    assert.deepEqual(persistedView({ uri: "file:///x", view }), view);
    assert.equal(persistedUri({ uri: "not a uri" }), undefined);
    assert.equal(persistedUri(undefined), undefined);
    assert.equal(persistedView({ view: { zoom: "big" } }), undefined);
  });
});
