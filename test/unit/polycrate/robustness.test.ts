// Half-typed and hostile files. Surviving one means: validation reports what is wrong with it (the problem each case
// names below), every feature answers without an exception (the index rethrows what it would contain, see
// test/support/ws.ts), and it does so in bounded time (the per-test timeout; a hang fails instead of stalling).
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { complete } from "../../../server/src/features/complete";
import { hover } from "../../../server/src/features/hover";
import { documentSymbols } from "../../../server/src/features/symbols";
import { validate } from "../../../server/src/features/validate";
import { workspace } from "../../support/ws";

/**
 * Each text is loaded as the workspace.poly and as a block.poly. `workspace` and `block` list the problems each
 * must get ("code: part of the message"); an empty list means no problem at all.
 */
const ODD: Array<{ text: string; workspace: string[]; block: string[] }> = [
  // Nothing typed yet: nothing to report.
  { text: "", workspace: [], block: [] },
  // A list is not a Polycrate file (nor a mapping Polycrate could decode): not claimed, so nothing is reported.
  { text: "- a\n- b\n", workspace: [], block: [] },
  {
    text: "name: [x]\nworkflows: 5\nblocks: {a: 1}\n",
    workspace: ["poly/wrong-type: Expected a string, got a list.", "poly/wrong-type: Expected a list, got '5'.", "poly/wrong-type: Expected a list, got a mapping."],
    block: ["poly/wrong-type: Expected a string, got a list.", "poly/unknown-key: Unknown key 'workflows' in block."],
  },
  {
    text: "blocks:\n  - 1\n  - null\n  - name: 7\n    actions: [1, {name: x}]\n    from: {a: b}\nworkflows:\n  - steps: {}\n  - name: w\n    steps: [null, 3, {block: [a], action: {b: c}}]\n",
    workspace: ["poly/wrong-type: Expected a mapping, got '1'.", "poly/missing-required: Missing required key 'name' in workflow.", "poly/missing-required: Missing required key 'name' in step."],
    block: ["poly/missing-required: Missing required key 'name' in block."],
  },
  {
    text: "workflows:\n  - name: w\n    steps:\n      - name: s\n        block:\n        action:\n        allow_failure:\n",
    workspace: ["poly/invalid-name: 's' is not a valid name", "poly/step-allow-failure: 'allow_failure' on a step is ignored by Polycrate."],
    block: ["poly/unknown-key: Unknown key 'workflows' in block."],
  },
  {
    text: "workflows:\n  - name: w\n    steps:\n      - allow_failure: true\n",
    workspace: ["poly/missing-required: Missing required key 'block' in step.", "poly/missing-required: Missing required key 'action' in step."],
    block: ["poly/unknown-key: Unknown key 'workflows' in block."],
  },
  {
    text: "blocks:\n  - name: a\n    from: a\n  - name: b\n    from: b\n    inventory: x\n",
    workspace: ["poly/wrong-type: Expected a mapping, got 'x'."],
    block: ["poly/unknown-key: Unknown key 'blocks' in block."],
  },
  // Anchors, aliases and a standard tag are valid YAML: a workspace that uses them has nothing wrong.
  { text: "name: &n demo\nblocks:\n  - name: *n\n    actions: !!seq []\n", workspace: [], block: ["poly/unknown-key: Unknown key 'blocks' in block."] },
  {
    text: "workflows:\n  - name: w\n    steps:\n      - name: s\n        block: a\n        action: b\n  - {{{",
    workspace: ["poly/syntax: Flow map in block collection must be sufficiently indented and end with a }"],
    block: ["poly/syntax: Flow map in block collection must be sufficiently indented and end with a }"],
  },
];

describe("polycrate robustness", () => {
  ODD.forEach((c, i) => {
    it(`survives odd input #${i}`, { timeout: 20_000 }, () => {
      const index = workspace({ "/ws/workspace.poly": c.text, "/ws/blocks/a/block.poly": c.text, "/ws/blocks/b/block.poly": "name: b\nfrom: a\nactions:\n  - name: x\n" });
      for (const [p, want] of [["/ws/workspace.poly", c.workspace], ["/ws/blocks/a/block.poly", c.block]] as const) {
        const got = validate(index, p).map((d) => `${d.code}: ${d.message}`);
        if (!want.length) assert.deepEqual(got, [], p);
        for (const w of want) assert.ok(got.some((g) => g.startsWith(w)), `${p}: no '${w}' in\n${got.join("\n")}`);
        documentSymbols(index, p);
        for (let o = 0; o <= c.text.length; o += 3) {
          complete(index, p, o);
          hover(index, p, o);
        }
      }
    });
  });
});
