// The generic features over a tiny fake format, so they are tested apart from any real format.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { s } from "../../../server/src/core/shape";
import { entries, get, innerSpan, items, spanOf, str } from "../../../server/src/core/yaml";
import { codeActions } from "../../../server/src/features/code-actions";
import { complete } from "../../../server/src/features/complete";
import { definition, references } from "../../../server/src/features/definition";
import { hover } from "../../../server/src/features/hover";
import { prepareRename, rename } from "../../../server/src/features/rename";
import { documentSymbols, workspaceSymbols } from "../../../server/src/features/symbols";
import { validate } from "../../../server/src/features/validate";
import { SymbolKinds, type FormatModule, type SymbolDef, type SymbolRef } from "../../../server/src/formats/types";
import { memoryHost } from "../../../server/src/index/host";
import { cursor, newIndex } from "../../support/ws";

// A "thing" file: `things: [{name, uses: [name], mode}]`.
const shape = s.object(
  {
    things: s.array(
      s.object(
        {
          name: s.string({ doc: "The thing's name." }),
          uses: s.array(s.string({ ref: "thing" })),
          mode: s.string({ enum: ["fast", "slow"] }),
        },
        { required: ["name"], noun: "thing", title: "thing" },
      ),
      { itemSnippet: "name: $1" },
    ),
  },
  { unknown: "warning" },
);

const fake: FormatModule = {
  id: "deis",
  codePrefix: "fake",
  candidate: (p) => p.endsWith(".fake"),
  detect: (p) => (p.endsWith(".fake") ? "things" : undefined),
  shape: () => shape,
  analyze({ path, parsed }) {
    const defs: SymbolDef[] = [];
    const refs: SymbolRef[] = [];
    for (const item of items(get(parsed.root, "things"))) {
      const nameNode = get(item, "name");
      const name = str(nameNode);
      if (name && nameNode) defs.push({ kind: "thing", name, scope: "", path, nameSpan: innerSpan(nameNode)!, fullSpan: spanOf(item)!, symbolKind: SymbolKinds.Class, detail: "thing" });
      for (const u of items(get(item, "uses"))) {
        const n = str(u);
        if (n) refs.push({ kind: "thing", name: n, scope: "", path, span: innerSpan(u)!, unresolved: { code: "fake/unknown-thing", message: `Thing '${n}' is not defined.` } });
      }
    }
    void entries;
    return { defs, refs, problems: [] };
  },
  checkName: (_k, n) => (/^[a-z]+$/.test(n) ? undefined : `'${n}' is not a valid name.`),
};

function ws(files: Record<string, string>) {
  const index = newIndex(memoryHost(files), [fake]);
  index.setRoots(["/w"]);
  return index;
}

const A = "/w/a.fake";
const B = "/w/sub/b.fake";

describe("generic features over a format", () => {
  it("scans candidates only, and follows opens, closes and disk changes", () => {
    const host = memoryHost({ [A]: "things:\n  - name: one\n", "/w/x.yaml": "a: 1", "/w/node_modules/c.fake": "things: []" });
    const index = newIndex(host, [fake]);
    index.setRoots(["/w"]);
    assert.deepEqual(index.paths(), [A]);
    index.openOrChange(A, "things:\n  - name: two\n", 3);
    assert.deepEqual(index.defs("deis", "thing").map((d) => d.name), ["two"]);
    index.close(A);
    assert.deepEqual(index.defs("deis", "thing").map((d) => d.name), ["one"]);
    host.files.set(B, "things:\n  - name: three\n");
    index.diskChanged(B, "created");
    assert.deepEqual(index.defs("deis", "thing").map((d) => d.name).sort(), ["one", "three"]);
    index.diskChanged("/w/sub", "deleted");
    assert.deepEqual(index.paths(), [A]);
  });

  it("re-detects with the unsaved text of an open config file", () => {
    // A format whose detection depends on a config file, as Atmos depends on atmos.yaml.
    const cfgFormat: FormatModule = {
      ...fake,
      candidate: (p) => p.endsWith(".yaml"),
      isConfigFile: (p) => p.endsWith("/fake.cfg"),
      detect: (p, _t, view) => (p.endsWith(".yaml") && (view.readText("/w/fake.cfg") ?? "").includes(p.slice(3, -5)) ? "things" : undefined),
    };
    const index = newIndex(memoryHost({ "/w/fake.cfg": "one", "/w/one.yaml": "things: []\n", "/w/two.yaml": "things: []\n" }), [cfgFormat]);
    index.setRoots(["/w"]);
    assert.deepEqual(index.paths(), ["/w/one.yaml"]);
    index.openOrChange("/w/fake.cfg", "one two", 2);
    assert.deepEqual(index.paths().sort(), ["/w/one.yaml", "/w/two.yaml"]);
  });

  it("lets settings and modelines force or refuse a format", () => {
    const index = ws({ [A]: "things: []\n", "/w/other.txt": "things:\n  - name: x\n" });
    index.setSettings({ ...index.settings, fileAssociations: { "*.txt": "deis", "a.fake": "off" } });
    assert.deepEqual(index.paths(), ["/w/other.txt"]);
    assert.equal(index.openOrChange("/w/m.yaml", "# infraflow: deis\nthings: []\n", 1), "deis");
    assert.equal(index.openOrChange("/w/n.fake", "# infraflow: off\nthings: []\n", 1), null);
  });

  it("reports unresolved references with a did-you-mean fix, and fixes it", () => {
    const [text] = cursor("things:\n  - name: alpha\n  - name: beta\n    uses: [alpah]\n|");
    const index = ws({ [A]: text });
    const diags = validate(index, A);
    assert.deepEqual(diags.map((d) => [d.code, d.message, d.range.start.line]), [["fake/unknown-thing", "Thing 'alpah' is not defined.", 3]]);
    const actions = codeActions(index, A, diags[0]!.range);
    assert.equal(actions[0]!.title, "Change to 'alpha'");
    assert.equal(actions[0]!.isPreferred, true);
    const edit = actions[0]!.edit!.changes!["file:///w/a.fake"]![0]!;
    assert.deepEqual(edit, { range: diags[0]!.range, newText: "alpha" });
  });

  it("goes to definitions and finds references across files", () => {
    const index = ws({ [A]: "things:\n  - name: alpha\n", [B]: "things:\n  - name: beta\n    uses: [alpha]\n" });
    const [, off] = cursor("things:\n  - name: beta\n    uses: [al|pha]\n");
    const defs = definition(index, B, off)!;
    assert.equal(defs[0]!.targetUri, "file:///w/a.fake");
    assert.deepEqual(defs[0]!.targetSelectionRange, { start: { line: 1, character: 10 }, end: { line: 1, character: 15 } });
    const refs = references(index, A, 20, true)!;
    assert.deepEqual(refs.map((r) => `${r.uri}:${r.range.start.line}`).sort(), ["file:///w/a.fake:1", "file:///w/sub/b.fake:2"]);
  });

  it("renames across files, refuses clashes and bad names", () => {
    const index = ws({ [A]: "things:\n  - name: alpha\n  - name: gamma\n", [B]: "things:\n  - name: beta\n    uses: [alpha, 'alpha']\n" });
    assert.deepEqual(prepareRename(index, B, 35), { range: { start: { line: 2, character: 11 }, end: { line: 2, character: 16 } }, placeholder: "alpha" });
    const r = rename(index, B, 35, "delta");
    assert.ok(r && "edit" in r);
    const changes = r.edit.changes!;
    assert.equal(changes["file:///w/a.fake"]!.length, 1);
    assert.deepEqual(changes["file:///w/sub/b.fake"]!.map((e) => [e.range.start.character, e.newText]), [[11, "delta"], [19, "delta"]]);
    assert.deepEqual(rename(index, B, 35, "gamma"), { error: "A thing named 'gamma' already exists." });
    assert.deepEqual(rename(index, B, 35, "Bad!"), { error: "'Bad!' is not a valid name." });
  });

  it("completes keys with snippets, enum values and referenced names on half-typed lines", () => {
    const index = ws({ [A]: "things:\n  - name: alpha\n" });
    const [t1, o1] = cursor("things:\n  - name: beta\n    mo|");
    index.openOrChange(B, t1, 1);
    const keys = complete(index, B, o1)!.items;
    const mode = keys.find((i) => i.label === "mode")!;
    assert.equal((mode.textEdit as any).newText, "mode: ${1|fast,slow|}");
    assert.ok(!keys.some((i) => i.label === "name"), "present keys are not offered again");
    const [t2, o2] = cursor("things:\n  - name: beta\n    mode: f|");
    index.openOrChange(B, t2, 2);
    assert.deepEqual(complete(index, B, o2)!.items.map((i) => i.label), ["fast", "slow"]);
    const [t3, o3] = cursor("things:\n  - name: beta\n    uses:\n      - |");
    index.openOrChange(B, t3, 3);
    assert.deepEqual(complete(index, B, o3)!.items.map((i) => i.label).sort(), ["alpha", "beta"]);
    const [t4, o4] = cursor("things:\n  - |");
    index.openOrChange(B, t4, 4);
    assert.ok(complete(index, B, o4)!.items.some((i) => i.label === "new thing"));
  });

  it("hovers keys with their documentation and references with their target", () => {
    const index = ws({ [A]: "things:\n  - name: alpha\n  - name: b\n    uses: [alpha]\n" });
    const h = hover(index, A, 14)!;
    assert.match((h.contents as any).value, /\*\*name\*\* — a string\n\nThe thing's name\./);
    const h2 = hover(index, A, 48)!;
    assert.match((h2.contents as any).value, /\*\*thing\*\* `alpha`/);
  });

  it("builds an outline and a workspace symbol list", () => {
    const index = ws({ [A]: "things:\n  - name: alpha\n  - name: beta\n" });
    assert.deepEqual(documentSymbols(index, A)!.map((d) => d.name), ["alpha", "beta"]);
    assert.deepEqual(workspaceSymbols(index, "bt").map((d) => d.name), ["beta"]);
    assert.equal(documentSymbols(index, "/w/none.yaml"), null);
  });
});
