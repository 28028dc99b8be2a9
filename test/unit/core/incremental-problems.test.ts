// Typing in an open document goes through the incremental parse, the shape check's per-subtree cache and the
// symbol tables' kept part: after every keystroke, the problems must be exactly those of a fresh index.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import type { WorkspaceIndex } from "../../../server/src/index/workspace-index";
import { rng } from "../../fuzz/mutate";
import { subfoldersOf } from "../../support/folders";
import { workspace } from "../../support/ws";

const examples = path.resolve(__dirname, "../../../examples");

function readTree(dir: string, root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.posix.join(root, path.relative(dir, p).split(path.sep).join("/"))] = fs.readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

const problems = (index: WorkspaceIndex, p: string): unknown =>
  index.problems(p).map((x) => ({ code: x.code, span: x.span, severity: x.severity, message: x.message, fixes: x.fixes, related: x.related }));

/** What a file defines and uses, with positions: kept parts of an open document must have moved with the text. */
const facts = (index: WorkspaceIndex, p: string): unknown => {
  const f = index.file(p)?.facts;
  return {
    defs: f?.defs.map((d) => ({ kind: d.kind, scope: d.scope, name: d.name, nameSpan: d.nameSpan, fullSpan: d.fullSpan, detail: d.detail, doc: d.doc })),
    refs: f?.refs.map((r) => ({ kind: r.kind, scope: r.scope, name: r.name, span: r.span, unresolved: r.unresolved })),
  };
};

describe("problems while typing (incremental paths) equal a fresh index's", () => {
  for (const dir of subfoldersOf(examples)) {
    const format = path.basename(dir);
    it(format, () => {
      const files = readTree(dir, "/ws");
      const docs = Object.keys(files).filter((p) => !/README|\.md$/.test(p));
      assert.ok(docs.length > 0, `examples/${format} has no file to type in`);
      const r = rng(format.length * 31);
      const index = workspace(files);
      for (const doc of docs) {
        let text = files[doc]!;
        index.openOrChange(doc, text, 1);
        let version = 1;
        for (let round = 0; round < 8; round++) {
          // Type a short word at a random place inside a line (a key, a value, a name), then take it back.
          let at = Math.floor(r() * text.length);
          while (at < text.length && /\s/.test(text[at]!)) at++;
          const word = ["x", "-b", ": ", "1"][round % 4]!;
          for (const typed of [text.slice(0, at) + word + text.slice(at), text]) {
            index.openOrChange(doc, typed, ++version);
            const fresh = workspace({ ...files, [doc]: typed });
            fresh.openOrChange(doc, typed, 1);
            assert.deepEqual(problems(index, doc), problems(fresh, doc), `${doc} after typing ${JSON.stringify(word)} at ${at}`);
            assert.deepEqual(facts(index, doc), facts(fresh, doc), `${doc}'s symbols after typing ${JSON.stringify(word)} at ${at}`);
            text = typed;
          }
        }
      }
    });
  }
});
