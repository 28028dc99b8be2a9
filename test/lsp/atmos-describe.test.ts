// Atmos "Describe Component in Stack…" through the real protocol: the quick picks' choices (the component under the
// cursor preselected, only the stacks importing its file offered), the description with a link from each value to
// where it was written, an unknown stack, and the component hover's links to the other stacks.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Hover, MarkupContent } from "vscode-languageserver-types";
import YAML from "yaml";
import { DESCRIBE_COMMAND, describeChoicesRequest, describeComponentRequest, type DescribeChoices, type DescribeComponentResult } from "../../common/lsp-ext";
import { LspClient } from "./support/lsp-client";

const FILES: Record<string, string> = {
  "atmos.yaml": 'stacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n',
  "stacks/catalog/vpc.yaml": "components:\n  terraform:\n    vpc:\n      vars:\n        cidr: 10.0.0.0/16\n        nat: true\n",
  "stacks/deploy/dev.yaml": "import:\n  - catalog/vpc\nvars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n      vars:\n        nat: false\n",
  "stacks/deploy/prod.yaml": "import:\n  - catalog/vpc\nvars:\n  stage: prod\n",
  "stacks/deploy/qa.yaml": "vars:\n  stage: qa\ncomponents:\n  terraform:\n    db: {}\n",
};

describe("language server over stdio: Atmos describe component", () => {
  let dir: string;
  let lsp: LspClient;
  const p = (rel: string) => path.join(dir, rel);
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-lsp-describe-"));
    for (const [rel, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(p(rel)), { recursive: true });
      fs.writeFileSync(p(rel), text);
    }
    lsp = await LspClient.start(dir);
    lsp.open(p("stacks/catalog/vpc.yaml"), FILES["stacks/catalog/vpc.yaml"]!);
    await lsp.diagnosticsFor(p("stacks/catalog/vpc.yaml"));
  });
  after(async () => {
    if (lsp?.alive) await lsp.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("offers every stack, the components of a stack, and preselects the component under the cursor", async () => {
    const all = await lsp.request<DescribeChoices>(describeChoicesRequest.method, {});
    assert.deepEqual(all.stacks, ["dev", "prod", "qa"]);
    assert.equal(all.atCursor, undefined);
    const qa = await lsp.request<DescribeChoices>(describeChoicesRequest.method, { stack: "qa" });
    assert.deepEqual(qa.components, [{ name: "db", type: "terraform", abstract: false }]);
    // The cursor inside vpc's block in the catalog: vpc, and only the stacks that import the catalog.
    const here = await lsp.request<DescribeChoices>(describeChoicesRequest.method, { uri: lsp.uri(p("stacks/catalog/vpc.yaml")), position: { line: 4, character: 10 } });
    assert.deepEqual(here.atCursor, { component: "vpc", type: "terraform", stacks: ["dev", "prod"] });
  });

  it("describes a component in a stack, each value linked to the file and line that set it", async () => {
    const r = await lsp.request<DescribeComponentResult>(describeComponentRequest.method, { component: "vpc", stack: "dev" });
    assert.equal(r.error, undefined);
    const doc = YAML.parse(r.text!) as Record<string, unknown>;
    assert.deepEqual(doc.vars, { cidr: "10.0.0.0/16", nat: false, stage: "dev" });
    assert.equal(doc.atmos_stack, "dev");
    assert.deepEqual(doc.imports, ["catalog/vpc"]);
    const lines = r.text!.split("\n");
    const link = (needle: string) => r.links.find((l) => lines[l.line] === needle);
    const nat = link("  nat: false")!;
    assert.deepEqual([nat.uri, nat.position, nat.label], [lsp.uri(p("stacks/deploy/dev.yaml")), { line: 8, character: 13 }, "deploy/dev.yaml:9"]);
    assert.equal(lines[nat.line]!.slice(nat.start, nat.end), "false");
    const cidr = link("  cidr: 10.0.0.0/16")!;
    assert.deepEqual([cidr.uri, cidr.label], [lsp.uri(p("stacks/catalog/vpc.yaml")), "catalog/vpc.yaml:5"]);
    assert.equal(lines[cidr.line]!.slice(cidr.start, cidr.end), "10.0.0.0/16");
  });

  it("follows the open editor's text", async () => {
    lsp.change(p("stacks/catalog/vpc.yaml"), FILES["stacks/catalog/vpc.yaml"]!.replace("10.0.0.0/16", "10.1.0.0/16"));
    const r = await lsp.request<DescribeComponentResult>(describeComponentRequest.method, { component: "vpc", stack: "prod" });
    assert.deepEqual((YAML.parse(r.text!) as { vars: unknown }).vars, { cidr: "10.1.0.0/16", nat: true, stage: "prod" });
    lsp.change(p("stacks/catalog/vpc.yaml"), FILES["stacks/catalog/vpc.yaml"]!);
  });

  it("answers an unknown stack or component with a message naming the stacks, never a crash", async () => {
    const r = await lsp.request<DescribeComponentResult>(describeComponentRequest.method, { component: "vpc", stack: "staging" });
    assert.equal(r.text, undefined);
    assert.match(r.error!, /Stack 'staging' not found\.\nComponent 'vpc' is in: dev, prod\./);
    const c = await lsp.request<DescribeComponentResult>(describeComponentRequest.method, { component: "db", stack: "dev" });
    assert.match(c.error!, /Component 'db' not found in stack 'dev'\.\n'db' is in: qa\./);
    const bad = await lsp.request<DescribeComponentResult>(describeComponentRequest.method, { component: 3 });
    assert.match(bad.error!, /needs a component and a stack/);
    assert.ok(lsp.alive);
  });

  it("hovers a catalog component with the stack it shows and command links to describe it in the others", async () => {
    const h = await lsp.request<Hover>("textDocument/hover", { textDocument: { uri: lsp.uri(p("stacks/catalog/vpc.yaml")) }, position: { line: 2, character: 5 } });
    const md = (h.contents as MarkupContent).value;
    assert.match(md, /component `vpc`\*\* in stack `dev`/);
    const links = [...md.matchAll(/\[([^\]]+)\]\(command:([\w.]+)\?([^ )]+)/g)].map((m) => ({ label: m[1], command: m[2], args: JSON.parse(decodeURIComponent(m[3]!)) as unknown }));
    assert.deepEqual(links, [
      { label: "describe it", command: DESCRIBE_COMMAND, args: [{ component: "vpc", stack: "dev" }] },
      { label: "prod", command: DESCRIBE_COMMAND, args: [{ component: "vpc", stack: "prod" }] },
    ]);
  });
});
