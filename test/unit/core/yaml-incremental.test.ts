// The incremental re-parse must give exactly the tree and problems a whole parse gives, for every edit it accepts,
// and must accept the common ones (typing inside an entry). Each edited text is checked against a fresh parse.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { isAlias, isMap, isPair, isScalar, isSeq } from "yaml";
import { diffTexts } from "../../../server/src/core/yaml-incremental";
import { OwnedTrees, parseYaml, type ParsedYaml } from "../../../server/src/core/yaml";
import { rng } from "../../fuzz/mutate";
import { CORPUS } from "../../support/corpus";
import { workspace } from "../../support/ws";

const repo = path.resolve(__dirname, "../../..");
/** Structural edits per file; `INCREMENTAL_ROUNDS=500` for a longer search. */
const ROUNDS = Number(process.env.INCREMENTAL_ROUNDS ?? 40);

/** Everything a feature can read of a parse: node kinds, ranges, values, styles, tags, and the problems. */
function dump(p: ParsedYaml): unknown {
  const node = (n: unknown): unknown => {
    if (n === null || n === undefined) return null;
    if (isPair(n)) return ["pair", node(n.key), node(n.value)];
    const x = n as { range?: number[]; tag?: string; anchor?: string };
    const common = { r: x.range ? [...x.range] : null, tag: x.tag ?? null, anchor: x.anchor ?? null };
    if (isScalar(n)) return { k: "scalar", v: String(n.value), t: n.type ?? null, ...common };
    if (isAlias(n)) return { k: "alias", s: n.source, ...common };
    if (isMap(n) || isSeq(n)) return { k: isMap(n) ? "map" : "seq", flow: !!n.flow, items: (n.items as unknown[]).map(node), ...common };
    return { k: "other" };
  };
  return { root: node(p.root), docRange: p.doc?.range ? [...p.doc.range] : null, problems: p.problems.map((x) => [x.span.start, x.span.end, x.severity, x.message]) };
}

function fresh(text: string): ParsedYaml {
  // A new owner's first parse is always whole (owners never read the shared cache).
  const trees = new OwnedTrees();
  return trees.parse("/fresh", text);
}

interface Session {
  trees: OwnedTrees;
  text: string;
  accepted: number;
  total: number;
}

function start(text: string): Session {
  const trees = new OwnedTrees();
  trees.parse("/doc.yaml", text);
  return { trees, text, accepted: 0, total: 0 };
}

function step(s: Session, next: string, label: string): void {
  const before = s.trees.stats.incremental;
  const prev = s.text;
  const got = s.trees.parse("/doc.yaml", next);
  if (process.env.DEBUG_INCR && JSON.stringify(dump(got)) !== JSON.stringify(dump(fresh(next)))) fs.writeFileSync("/tmp/incr-fail.json", JSON.stringify({ prev, next }));
  s.total++;
  if (s.trees.stats.incremental > before) s.accepted++;
  assert.deepEqual(dump(got), dump(fresh(next)), `${label}: incremental parse differs from a whole parse\n--- text ---\n${next.slice(0, 2000)}`);
  s.text = next;
}

const insert = (t: string, at: number, s: string): string => t.slice(0, at) + s + t.slice(at);
const remove = (t: string, at: number, n: number): string => t.slice(0, at) + t.slice(at + n);

/** A deterministic YAML text with nested maps and sequences, compact sequences, block scalars, comments, flow. */
function generated(seed: number, entries: number): string {
  const r = rng(seed);
  const out: string[] = ["# generated", "workflow:", "  name: demo", "  steps:"];
  for (let i = 0; i < entries; i++) {
    const style = Math.floor(r() * 6);
    if (style === 0) out.push(`    - name: step-${i}`, `      block: b${i % 7}`, `      action: deploy`);
    else if (style === 1) out.push(`    - name: "quoted ${i}"`, `      script:`, `        - echo ${i}`, `        - make all`);
    else if (style === 2) out.push(`    # comment ${i}`, `    - name: s${i}`, `      run: |`, `        line one ${i}`, `        line two`, "");
    else if (style === 3) out.push(`    - name: f${i}`, `      with: { a: ${i}, b: [1, 2] }`);
    else if (style === 4) out.push(`    - name: c${i}`, `      needs:`, `      - s${i - 1}`, `      - s${i - 2}`);
    else out.push(`    - s${i}`);
  }
  out.push("blocks:");
  for (let i = 0; i < 7; i++) out.push(`  b${i}:`, `    kind: generic`, `    config:`, `      image: img:${i} # trailing`);
  out.push("");
  return out.join("\n");
}

function sources(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ya?ml|poly)$|Procfile$/.test(e.name)) out.push({ name: path.relative(repo, p), text: fs.readFileSync(p, "utf8") });
    }
  };
  walk(path.join(repo, "examples"));
  assert.ok(out.length > 0, "examples/ holds no YAML, .poly or Procfile: only generated text would be re-parsed");
  if (fs.existsSync(CORPUS)) walk(CORPUS);
  out.push({ name: "generated-1", text: generated(1, 60) });
  out.push({ name: "generated-2 (CRLF)", text: generated(2, 40).replace(/\n/g, "\r\n") });
  return out;
}

describe("incremental YAML re-parse", () => {
  it("finds the changed region", () => {
    assert.deepEqual(diffTexts("abcdef", "abXdef"), { start: 2, oldEnd: 3, newEnd: 3 });
    assert.deepEqual(diffTexts("aaa", "aaaa"), { start: 3, oldEnd: 3, newEnd: 4 });
    assert.equal(diffTexts("same", "same"), null);
  });

  it("typing inside entries gives the whole parse's tree and is incremental", () => {
    let accepted = 0;
    let total = 0;
    for (const src of sources()) {
      const r = rng(src.text.length);
      const s = start(src.text);
      for (let round = 0; round < 12; round++) {
        // Type a word somewhere after a non-blank character (inside a key or value), one character at a time,
        // then delete it again.
        let at = Math.floor(r() * s.text.length);
        while (at < s.text.length && /\s/.test(s.text[at]!)) at++;
        if (at >= s.text.length || /[-:#&*!|>'"{}[\],%@`?]/.test(s.text[at]!)) continue;
        for (const ch of "abc") step(s, insert(s.text, at++, ch), `${src.name}: type at ${at}`);
        for (let k = 0; k < 3; k++) step(s, remove(s.text, --at, 1), `${src.name}: backspace at ${at}`);
      }
      accepted += s.accepted;
      total += s.total;
      // Typing into a comment before the first entry is parsed whole; in the generated files that never happens.
      if (src.name.startsWith("generated")) assert.ok(s.accepted / s.total >= 0.9, `${src.name}: only ${s.accepted} of ${s.total} keystrokes were incremental`);
    }
    assert.ok(total > 100 && accepted / total >= 0.6, `only ${accepted} of ${total} keystrokes were incremental`);
  });

  it("structural edits (new lines, entries, indentation, quotes, flow, markers) match the whole parse", () => {
    const snippets = ["\n", "\n  - x", "\n    extra: 1", "- ", ": ", "  ", '"', "'", "[", "{", "}", "|\n", "#", " # c", "\n---\n", "\n...\n", "&a ", "*a", "\t", "\r\n", "? ", "%YAML 1.2\n", "key: value\n"];
    for (const src of sources()) {
      const r = rng(src.text.length + 7);
      const s = start(src.text);
      for (let round = 0; round < ROUNDS; round++) {
        const at = Math.floor(r() * (s.text.length + 1));
        const kind = Math.floor(r() * 4);
        let next: string;
        if (kind === 0) next = insert(s.text, at, snippets[Math.floor(r() * snippets.length)]!);
        else if (kind === 1) next = remove(s.text, at, 1 + Math.floor(r() * 6));
        else if (kind === 2) {
          // Remove or duplicate a whole line.
          const ls = s.text.lastIndexOf("\n", at - 1) + 1;
          const le = s.text.indexOf("\n", at);
          const line = s.text.slice(ls, le === -1 ? s.text.length : le + 1);
          next = r() < 0.5 ? remove(s.text, ls, line.length) : insert(s.text, ls, line);
        } else next = insert(s.text, at, "X");
        step(s, next, `${src.name}: edit ${round} (${kind}) at ${at}`);
        // Every few edits, go back to the original so errors do not pile up into a text nothing can re-parse.
        if (round % 5 === 4) step(s, src.text, `${src.name}: back to the original`);
      }
    }
  });

  it("never changes a tree someone else holds: a shared parse of the same text stays as it was", () => {
    const text = generated(3, 20);
    const shared = parseYaml(text);
    const before = JSON.stringify(dump(shared));
    const trees = new OwnedTrees();
    trees.parse("/a.yaml", text);
    trees.parse("/a.yaml", insert(text, text.indexOf("step-") + 5, "Z"));
    assert.equal(JSON.stringify(dump(shared)), before);
    assert.equal(trees.stats.incremental, 1);
  });
});

describe("diffTexts on long texts", () => {
  it("finds the change across chunk boundaries", () => {
    const base = Array.from({ length: 3000 }, (_, i) => `line ${i}\n`).join("");
    for (const at of [0, 1, 2047, 2048, 2049, 4096, base.length >> 1, base.length - 1, base.length]) {
      for (const [ins, del] of [["X", 0], ["", 1], ["YZ", 3], ["\n", 0]] as const) {
        const next = base.slice(0, at) + ins + base.slice(Math.min(base.length, at + del));
        const got = diffTexts(base, next);
        if (next === base) {
          assert.equal(got, null);
          continue;
        }
        assert.ok(got, `change at ${at}`);
        // Applying the found replacement to the old text must give the new one, and it must be minimal.
        assert.equal(base.slice(0, got.start) + next.slice(got.start, got.newEnd) + base.slice(got.oldEnd), next);
        assert.ok(got.oldEnd - got.start <= del && got.newEnd - got.start <= ins.length, `minimal at ${at}`);
      }
    }
  });
});

describe("opening a file read from disk", () => {
  const block = (name: string): string => `name: ${name}\nkind: generic\nactions:\n  - name: deploy\n    script: [echo ${name}]\n  - name: destroy\n    script: [echo bye]\n`;
  const problemsOf = (index: ReturnType<typeof workspace>, p: string): unknown => index.problems(p).map((x) => [x.code, x.span.start, x.span.end, x.message]);
  const stats = (index: ReturnType<typeof workspace>): { incremental: number; whole: number } => index.parseStats();

  it("re-parses the editor's text from the disk parse, with the problems of a fresh index", () => {
    const files = { "/ws/workspace.poly": "name: ws\n", "/ws/blocks/a/block.poly": block("a") };
    const index = workspace(files);
    problemsOf(index, "/ws/blocks/a/block.poly");
    const edited = block("a").replace("destroy", "destroyX");
    index.openOrChange("/ws/blocks/a/block.poly", edited, 1);
    const got = problemsOf(index, "/ws/blocks/a/block.poly");
    assert.deepEqual(stats(index), { incremental: 1, whole: 0 });
    const fresh = workspace({ ...files, "/ws/blocks/a/block.poly": edited });
    assert.deepEqual(got, problemsOf(fresh, "/ws/blocks/a/block.poly"));
  });

  it("leaves alone a parse that another file with the same text shares", () => {
    const files = { "/ws/workspace.poly": "name: ws\n", "/ws/blocks/a/block.poly": block("same"), "/ws/blocks/b/block.poly": block("same") };
    const index = workspace(files);
    problemsOf(index, "/ws/blocks/a/block.poly");
    const other = index.file("/ws/blocks/b/block.poly")!.parsed;
    const before = JSON.stringify(dump(other));
    index.openOrChange("/ws/blocks/a/block.poly", "# top\n" + block("same").replace("deploy", "deployX"), 1);
    problemsOf(index, "/ws/blocks/a/block.poly");
    assert.equal(JSON.stringify(dump(other)), before);
    assert.equal(stats(index).incremental, 0);
  });
});
