// Problems alone, over a small fake of the index: unresolved references with a did-you-mean fix, whole-workspace
// rules checked once per change, per-file rules per file, and a file's own problems kept for its analysis.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_SETTINGS } from "../../../common/settings";
import type { Problem } from "../../../server/src/core/problem";
import type { FormatModule, IndexedFile, SymbolDef, SymbolRef } from "../../../server/src/formats/types";
import { Problems, type ProblemContext } from "../../../server/src/index/problems";

const def = (path: string, name: string): SymbolDef => ({ kind: "block", name, scope: "ws", path, nameSpan: { start: 0, end: name.length }, fullSpan: { start: 0, end: name.length }, symbolKind: 2 });
const unresolved = { code: "poly/unknown-block", message: "No block of that name." };
const problem = (path: string, code: string): Problem => ({ path, span: { start: 0, end: 1 }, severity: "warning", code, message: code });

/** A file of the fields problems read, counting how often its own problems (syntax and facts) are read. */
function file(path: string, refs: SymbolRef[], large = false): IndexedFile & { ownReads: number } {
  const f = {
    path,
    format: "polycrate",
    kind: "block",
    large,
    ownReads: 0,
    parsed: {
      root: null,
      doc: null,
      get problems() {
        f.ownReads++;
        return [{ span: { start: 0, end: 1 }, severity: "error", message: "bad syntax" }];
      },
    },
    facts: { defs: [], refs, problems: [problem(path, "poly/fact")] },
  };
  return f as unknown as IndexedFile & { ownReads: number };
}

/** A fake index of the given files and definitions (resolved by name), with counting rules. */
function fake(files: IndexedFile[], defs: SymbolDef[]) {
  const calls = { whole: 0, perFile: [] as string[] };
  const format = {
    id: "polycrate",
    codePrefix: "poly",
    shape: () => undefined,
    rules: [
      {
        id: "whole",
        check: () => (calls.whole++, files.map((f) => problem(f.path, "poly/whole"))),
      },
      {
        id: "per-file",
        check: () => assert.fail("a rule with checkFile is asked file by file"),
        checkFile: (_ws: unknown, p: string) => (calls.perFile.push(p), [problem(p, "poly/per-file")]),
      },
    ],
  } as unknown as FormatModule;
  const ctx = {
    settings: DEFAULT_SETTINGS,
    roots: ["/ws"],
    changeCount: 1,
    formats: [format],
    format: (id: string) => (id === "polycrate" ? format : undefined),
    file: (p: string) => files.find((f) => f.path === p),
    files: () => files,
    defs: (_f: string, kind: string, scope?: string, name?: string) => defs.filter((d) => d.kind === kind && (scope === undefined || d.scope === scope) && (name === undefined || d.name === name)),
    resolveRef: (_f: string, r: SymbolRef) => defs.filter((d) => d.kind === r.kind && d.scope === r.scope && d.name === r.name),
    contain: <T>(fn: () => T) => fn(),
  } as unknown as ProblemContext & { changeCount: number };
  return { ctx, calls, problems: new Problems(ctx) };
}

describe("problems", () => {
  it("reports a reference that resolves nowhere, with the closest name as a fix; not the others", () => {
    const refs: SymbolRef[] = [
      { kind: "block", name: "appp", scope: "ws", path: "/ws/a", span: { start: 5, end: 9 }, unresolved },
      { kind: "block", name: "app", scope: "ws", path: "/ws/a", span: { start: 20, end: 23 }, unresolved },
      { kind: "block", name: "gone", scope: "ws", path: "/ws/a", span: { start: 30, end: 34 } },
    ];
    const { problems } = fake([file("/ws/a", refs)], [def("/ws/b", "app"), def("/ws/b", "zeta")]);
    const out = problems.of("/ws/a").filter((p) => p.code === "poly/unknown-block");
    assert.deepEqual(out, [
      {
        path: "/ws/a",
        span: { start: 5, end: 9 },
        severity: "error",
        code: "poly/unknown-block",
        message: "No block of that name.",
        fixes: [{ title: "Change to 'app'", preferred: true, changes: [{ path: "/ws/a", span: { start: 5, end: 9 }, newText: "app" }] }],
      },
    ]);
  });

  it("gives a file's problems in order: own, references, whole-workspace rules, per-file rules", () => {
    const { problems } = fake([file("/ws/a", [])], []);
    assert.deepEqual(
      problems.of("/ws/a").map((p) => p.code),
      ["poly/syntax", "poly/fact", "poly/whole", "poly/per-file"],
    );
    assert.deepEqual(problems.of("/ws/nope"), []);
  });

  it("checks whole-workspace rules once per change, per-file rules per file, and answers again from the cache", () => {
    const { ctx, calls, problems } = fake([file("/ws/a", []), file("/ws/b", [])], []);
    const first = problems.of("/ws/a");
    problems.of("/ws/b");
    assert.equal(problems.of("/ws/a"), first, "same analysis, same change: the same answer");
    assert.equal(calls.whole, 1);
    assert.deepEqual(calls.perFile, ["/ws/a", "/ws/b"]);
    ctx.changeCount = 2;
    const again = problems.of("/ws/a");
    problems.of("/ws/b");
    assert.notEqual(again, first);
    assert.deepEqual(again, first);
    assert.equal(calls.whole, 2);
    assert.deepEqual(calls.perFile, ["/ws/a", "/ws/b", "/ws/a", "/ws/b"]);
  });

  it("computes a file's own problems once per analysis, whatever changes elsewhere", () => {
    const files = [file("/ws/a", [])];
    const { ctx, problems } = fake(files, []);
    problems.of("/ws/a");
    for (let gen = 2; gen < 5; gen++) {
      ctx.changeCount = gen;
      assert.deepEqual(problems.of("/ws/a").map((p) => p.code), ["poly/syntax", "poly/fact", "poly/whole", "poly/per-file"]);
    }
    assert.equal(files[0]!.ownReads, 1);
    // The file analysed again (a new object): its own problems are computed again.
    files[0] = file("/ws/a", []);
    ctx.changeCount = 5;
    problems.of("/ws/a");
    assert.equal(files[0].ownReads, 1);
  });

  it("checks only the syntax of a large file, and says so", () => {
    const refs: SymbolRef[] = [{ kind: "block", name: "appp", scope: "ws", path: "/ws/a", span: { start: 5, end: 9 }, unresolved }];
    const { calls, problems } = fake([file("/ws/a", refs, true)], [def("/ws/b", "app")]);
    const out = problems.of("/ws/a");
    assert.deepEqual(out.map((p) => [p.code, p.severity]), [["poly/syntax", "error"], ["poly/large-file", "information"]]);
    assert.match(out[1]!.message, /larger than 2048 KB/);
    assert.equal(calls.whole, 0);
    assert.deepEqual(calls.perFile, []);
  });
});
