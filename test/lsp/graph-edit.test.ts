// `infraflow/graphEdit` through the real protocol: an env0 workflow on disk, opened in the "editor"; the server
// answers an intent with text edits for the open version, and refuses an old version and broken text.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { GraphEditResult } from "../../common/graph-edit";
import { graphEditRequest, graphNodeInfoRequest, graphRequest } from "../../common/lsp-ext";
import type { WorkflowGraph } from "../../common/graph";
import { LspClient } from "./support/lsp-client";

const FLOW = "# Deploy order.\nenvironments:\n  net:\n    name: Network   # first\n    templateName: vpc\n\n  app:\n    name: App\n    templateName: app\n    needs: [ net ]\n  db:\n    name: DB\n    templateName: rds\n";

describe("language server over stdio: graph edits", () => {
  let dir: string;
  let lsp: LspClient;
  let file: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-lsp-edit-"));
    file = path.join(dir, "env0.workflow.yaml");
    fs.writeFileSync(file, FLOW);
    lsp = await LspClient.start(dir);
    lsp.open(file, FLOW);
    await lsp.diagnosticsFor(file);
  });
  after(async () => {
    if (lsp?.alive) await lsp.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers an intent with the minimal text edit, for the version the graph was built from", async () => {
    const g = await lsp.request<WorkflowGraph>(graphRequest.method, { uri: lsp.uri(file) });
    const r = await lsp.request<GraphEditResult>(graphEditRequest.method, { uri: lsp.uri(file), version: g.version, edit: { type: "addDependency", from: "alias:db", to: "alias:net" } });
    assert.deepEqual(r, { changes: { [lsp.uri(file)]: [{ range: { start: { line: 12, character: 21 }, end: { line: 12, character: 21 } }, newText: "\n    needs: [ net ]" }] } });
  });

  it("refuses a cycle and a duplicate with a message", async () => {
    const g = await lsp.request<WorkflowGraph>(graphRequest.method, { uri: lsp.uri(file) });
    const cycle = await lsp.request<GraphEditResult>(graphEditRequest.method, { uri: lsp.uri(file), version: g.version, edit: { type: "addDependency", from: "alias:net", to: "alias:app" } });
    assert.equal(cycle.error, "This would make a cycle: net → app → net.");
    const dup = await lsp.request<GraphEditResult>(graphEditRequest.method, { uri: lsp.uri(file), version: g.version, edit: { type: "addDependency", from: "alias:app", to: "alias:net" } });
    assert.equal(dup.error, "'app' already needs 'net'.");
  });

  it("refuses an intent made on an older version, and any edit while the text does not parse", async () => {
    const g = await lsp.request<WorkflowGraph>(graphRequest.method, { uri: lsp.uri(file) });
    lsp.change(file, FLOW.replace("templateName: rds", "templateName: [rds"));
    const stale = await lsp.request<GraphEditResult>(graphEditRequest.method, { uri: lsp.uri(file), version: g.version, edit: { type: "removeNode", nodeId: "alias:db" } });
    assert.match(stale.error ?? "", /changed since the graph was drawn/);
    const g2 = await lsp.request<WorkflowGraph>(graphRequest.method, { uri: lsp.uri(file) });
    assert.ok(g2.stale, "the graph of broken text is stale");
    // The editor's current version (the stale graph keeps the version of the last good text).
    const current = (lsp as unknown as { versions: Map<string, number> }).versions.get(lsp.uri(file));
    const broken = await lsp.request<GraphEditResult>(graphEditRequest.method, { uri: lsp.uri(file), version: current, edit: { type: "removeNode", nodeId: "alias:db" } });
    assert.match(broken.error ?? "", /does not parse \(line \d+/);
    lsp.change(file, FLOW);
  });

  it("lists a node's references before it is removed, and refuses malformed intents", async () => {
    const info = await lsp.request(graphNodeInfoRequest.method, { uri: lsp.uri(file), nodeId: "alias:net" });
    assert.equal(info.name, "net");
    assert.deepEqual(info.references.map((r: any) => r.range.start.line), [9]);
    const bad = await lsp.request<GraphEditResult>(graphEditRequest.method, { uri: lsp.uri(file), version: 1, edit: { type: "dropTable" } });
    assert.ok(bad.error);
  });
});
