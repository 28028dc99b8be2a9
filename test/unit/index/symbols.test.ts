// The symbol tables alone, over hand-built files: answers in file order with the edited file's table apart, the
// other files' table kept while they stay the same, references indexed only when asked for.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { IndexedFile, SymbolDef, SymbolRef } from "../../../server/src/formats/types";
import { SymbolTable, Symbols, SymbolView } from "../../../server/src/index/symbols";

const def = (path: string, kind: string, name: string, at = 0): SymbolDef => ({ kind, name, scope: "ws", path, nameSpan: { start: at, end: at + name.length }, fullSpan: { start: at, end: at + name.length }, symbolKind: 2 });
const ref = (path: string, kind: string, name: string, at = 0): SymbolRef => ({ kind, name, scope: "ws", path, span: { start: at, end: at + name.length } });

/** A file of the fields the tables read, counting how often its definitions and references are read. */
function file(path: string, defs: SymbolDef[], refs: SymbolRef[] = []): IndexedFile & { reads: { defs: number; refs: number } } {
  const reads = { defs: 0, refs: 0 };
  const facts = {
    get defs() {
      reads.defs++;
      return defs;
    },
    get refs() {
      reads.refs++;
      return refs;
    },
    problems: [],
  };
  return { path, format: "polycrate", facts, reads } as unknown as IndexedFile & { reads: { defs: number; refs: number } };
}

/** Every answer the view gives for the names and kinds below, as `path:name` lists. */
function answers(v: SymbolView): unknown {
  const show = (xs: Array<{ path: string; name: string }>): string[] => xs.map((x) => `${x.path}:${x.name}`);
  return {
    app: show(v.defs("polycrate", "block", "ws", "app")),
    db: show(v.defs("polycrate", "block", "ws", "db")),
    blocks: show(v.byKind("polycrate", "block")),
    actions: show(v.byKind("polycrate", "action")),
    refs: show(v.refs("polycrate", "block", "ws", "app")),
    none: show(v.defs("env0", "block", "ws", "app")),
  };
}

const files = (): ReturnType<typeof file>[] => [
  file("/a", [def("/a", "block", "app"), def("/a", "action", "deploy", 10)], [ref("/a", "block", "app", 20)]),
  file("/b", [def("/b", "block", "app"), def("/b", "block", "db", 10)], [ref("/b", "block", "app", 20)]),
  file("/c", [def("/c", "block", "app"), def("/c", "action", "deploy", 10)], [ref("/c", "block", "app", 20)]),
  file("/d", [def("/d", "block", "db"), def("/d", "block", "app", 10)], [ref("/d", "block", "app", 20)]),
];

describe("symbol tables", () => {
  it("with the edited file in the middle, answer in file order as one table built from all files", () => {
    const all = files();
    const whole = answers(new SymbolView(new SymbolTable(all)));
    assert.deepEqual((whole as { app: string[] }).app, ["/a:app", "/b:app", "/c:app", "/d:app"]);
    for (const hot of ["/a", "/b", "/c", "/d"]) {
      const symbols = new Symbols();
      symbols.hot = hot;
      assert.deepEqual(answers(symbols.view(1, () => all)), whole, `edited file ${hot}`);
    }
  });

  it("keeps the other files' table while they stay the same, and rebuilds it when one of them changes", () => {
    const all = files();
    const symbols = new Symbols();
    symbols.hot = "/b";
    symbols.view(1, () => all).defs("polycrate", "block", "ws", "app");
    assert.deepEqual(all.map((f) => f.reads.defs), [1, 1, 1, 1]);
    // The edited file changes: only its table is built again.
    const typed = file("/b", [def("/b", "block", "apx")]);
    const next = [all[0]!, typed, all[2]!, all[3]!];
    const view = symbols.view(2, () => next);
    assert.deepEqual(view.defs("polycrate", "block", "ws", "app").map((d) => d.path), ["/a", "/c", "/d"]);
    assert.deepEqual(view.defs("polycrate", "block", "ws", "apx").map((d) => d.path), ["/b"]);
    assert.deepEqual(all.map((f) => f.reads.defs), [1, 1, 1, 1]);
    assert.equal(typed.reads.defs, 1);
    // Another file changes: the base is rebuilt around it.
    const other = file("/c", [def("/c", "block", "db")]);
    const rebuilt = symbols.view(3, () => [all[0]!, typed, other, all[3]!]);
    assert.deepEqual([all[0]!.reads.defs, other.reads.defs, all[3]!.reads.defs], [1, 0, 1], "a kind is indexed when first asked for");
    assert.deepEqual(rebuilt.defs("polycrate", "block", "ws", "db").map((d) => d.path), ["/c", "/d"]);
    assert.deepEqual([all[0]!.reads.defs, other.reads.defs, all[3]!.reads.defs], [2, 1, 2]);
    // Each kind once: asking again reads nothing, another kind reads the files once more.
    rebuilt.defs("polycrate", "block", "ws", "app");
    rebuilt.byKind("polycrate", "block");
    assert.deepEqual([all[0]!.reads.defs, other.reads.defs, all[3]!.reads.defs], [2, 1, 2]);
    assert.deepEqual(rebuilt.byKind("polycrate", "workflow"), []);
    assert.deepEqual([all[0]!.reads.defs, other.reads.defs, all[3]!.reads.defs], [3, 2, 3]);
  });

  it("asks for the files only when the generation moved", () => {
    const all = files();
    const symbols = new Symbols();
    let asked = 0;
    const list = (): IndexedFile[] => (asked++, all);
    const v1 = symbols.view(1, list);
    assert.equal(symbols.view(1, list), v1);
    assert.equal(asked, 1);
    assert.notEqual(symbols.view(2, list), v1);
    assert.equal(asked, 2);
  });

  it("indexes references only when they are first asked for, then once", () => {
    const all = files();
    const symbols = new Symbols();
    symbols.hot = "/c";
    const view = symbols.view(1, () => all);
    view.defs("polycrate", "block", "ws", "app");
    view.byKind("polycrate", "block");
    assert.deepEqual(all.map((f) => f.reads.refs), [0, 0, 0, 0], "definitions alone read no reference");
    assert.deepEqual(view.refs("polycrate", "block", "ws", "app").map((r) => r.path), ["/a", "/b", "/c", "/d"]);
    view.refs("polycrate", "block", "ws", "db");
    assert.deepEqual(all.map((f) => f.reads.refs), [1, 1, 1, 1]);
  });
});
