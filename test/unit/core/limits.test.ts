// Limits on real files: symlink loops end, large files get syntax-only diagnostics, alias bombs stay small.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { buildGraph } from "../../../server/src/features/graph";
import { hover } from "../../../server/src/features/hover";
import { validate } from "../../../server/src/features/validate";
import { FORMATS } from "../../../server/src/formats/registry";
import { nodeHost } from "../../../server/src/index/host";
import { newIndex } from "../../support/ws";

describe("limits", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-limits-"));
    fs.mkdirSync(path.join(dir, "blocks/app"), { recursive: true });
    fs.writeFileSync(path.join(dir, "workspace.poly"), "name: demo\norganization: acme\n");
    fs.writeFileSync(path.join(dir, "blocks/app/block.poly"), "name: app\n");
    // A loop: blocks/app/again → blocks, and a link to the root.
    fs.symlinkSync(path.join(dir, "blocks"), path.join(dir, "blocks/app/again"));
    fs.symlinkSync(dir, path.join(dir, "blocks/root"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("scans a tree with symlink loops and reads each file once", () => {
    const index = newIndex(nodeHost, FORMATS);
    index.setRoots([dir]);
    const names = index.paths().map((p) => path.relative(dir, p)).sort();
    assert.deepEqual(names, ["blocks/app/block.poly", "workspace.poly"]);
  });

  it("serves files above infraflow.maxFileSizeKb with syntax-only diagnostics and says so", () => {
    const index = newIndex(nodeHost, FORMATS);
    index.settings = { ...index.settings, maxFileSizeKb: 1 };
    index.setRoots([dir]);
    const p = path.join(dir, "workspace.poly");
    index.openOrChange(p, `name: demo\norganization: acme\nnope: 1\n# ${"x".repeat(4000)}\n`, 2);
    const d = validate(index, p);
    assert.deepEqual(d.map((x) => x.code), ["poly/large-file"]);
    assert.match(String(d[0]!.message), /larger than 1 KB \(infraflow\.maxFileSizeKb\): only syntax is checked/);
  });

  it("keeps an alias bomb from expanding in validation, hover and the graph", () => {
    const index = newIndex(nodeHost, FORMATS);
    index.setRoots([dir]);
    const p = path.join(dir, "blocks/app/block.poly");
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...["b", "c", "d", "e", "f", "g", "h", "i"].map((k, i) => `${k}: &${k} [${Array(10).fill(`*${i === 0 ? "a" : String.fromCharCode(97 + i)}`).join(", ")}]`)];
    const text = `name: app\nconfig:\n  ${bomb.join("\n  ")}\nactions:\n  - name: go\n    script: [echo *i]\n`;
    index.openOrChange(p, text, 3);
    // An unbounded expansion (10^9 nodes) would never return (the test timeout is the guard); these finish at once.
    // The aliases are valid YAML in a free-form config section: nothing to report.
    assert.deepEqual(validate(index, p), []);
    assert.match(String((hover(index, p, text.indexOf("go"))?.contents as { value: string }).value), /\*\*action\*\* `go` of block `app`/);
    assert.ok(buildGraph(index, [p])!.nodes.some((n) => n.id === "block:app"));
  });
});
