// Typing in one file rebuilds only that file's part of the symbol tables; answers must stay exactly those of
// tables built from scratch, in the same (file) order, including names defined in several files.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { workspace } from "../../support/ws";

const block = (name: string, extra = ""): string => `name: ${name}\nkind: generic\nactions:\n  - name: deploy\n    script: [echo ${name}]\n${extra}`;

const files: Record<string, string> = {
  "/ws/workspace.poly": "name: ws\nworkflows:\n  - name: all\n    steps:\n      - name: one\n        block: app\n        action: deploy\n",
  "/ws/blocks/a/block.poly": block("app"),
  "/ws/blocks/b/block.poly": block("app"),
  "/ws/blocks/c/block.poly": block("app"),
  "/ws/blocks/d/block.poly": block("db"),
};

function answers(index: ReturnType<typeof workspace>): unknown {
  const all = index.defs("polycrate", "block");
  const byName = all.length ? index.defs("polycrate", "block", all[0]!.scope, "app") : [];
  const actions = index.defs("polycrate", "action");
  const refs = all.map((d) => index.refsTo("polycrate", d).map((r) => `${r.path}:${r.span.start}`));
  return { all: all.map((d) => `${d.path}:${d.name}`), byName: byName.map((d) => d.path), actions: actions.map((d) => `${d.path}:${d.name}`), refs, problems: index.problems("/ws/workspace.poly").map((p) => p.code) };
}

describe("symbol tables while typing", () => {
  it("answer as tables built from scratch, in file order, after edits in a middle file", () => {
    const index = workspace(files);
    index.openOrChange("/ws/blocks/b/block.poly", files["/ws/blocks/b/block.poly"]!, 1);
    const texts = [block("app", "# typing\n"), block("apx"), block("app"), block("api"), block("db")];
    texts.forEach((text, i) => {
      index.openOrChange("/ws/blocks/b/block.poly", text, i + 2);
      const fresh = workspace({ ...files, "/ws/blocks/b/block.poly": text });
      fresh.openOrChange("/ws/blocks/b/block.poly", text, 1);
      assert.deepEqual(answers(index), answers(fresh), `after edit ${i}: ${JSON.stringify(text.split("\n")[0])}`);
    });
    // Then another file: the base tables are rebuilt around it.
    index.openOrChange("/ws/blocks/c/block.poly", block("db"), 1);
    const fresh = workspace({ ...files, "/ws/blocks/b/block.poly": block("db"), "/ws/blocks/c/block.poly": block("db") });
    assert.deepEqual(answers(index), answers(fresh));
  });
});
