// Half-typed and hostile files never throw (the test index rethrows what it would contain, so an exception fails here).
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { complete } from "../../../server/src/features/complete";
import { hover } from "../../../server/src/features/hover";
import { documentSymbols } from "../../../server/src/features/symbols";
import { validate } from "../../../server/src/features/validate";
import { workspace } from "../../support/ws";

const ODD = [
  "",
  "- a\n- b\n",
  "name: [x]\nworkflows: 5\nblocks: {a: 1}\n",
  "blocks:\n  - 1\n  - null\n  - name: 7\n    actions: [1, {name: x}]\n    from: {a: b}\nworkflows:\n  - steps: {}\n  - name: w\n    steps: [null, 3, {block: [a], action: {b: c}}]\n",
  "workflows:\n  - name: w\n    steps:\n      - name: s\n        block:\n        action:\n        allow_failure:\n",
  "workflows:\n  - name: w\n    steps:\n      - allow_failure: true\n",
  "blocks:\n  - name: a\n    from: a\n  - name: b\n    from: b\n    inventory: x\n",
  "name: &n demo\nblocks:\n  - name: *n\n    actions: !!seq []\n",
  "workflows:\n  - name: w\n    steps:\n      - name: s\n        block: a\n        action: b\n  - {{{",
];

describe("polycrate robustness", () => {
  ODD.forEach((text, i) => {
    it(`survives odd input #${i}`, () => {
      const index = workspace({ "/ws/workspace.poly": text, "/ws/blocks/a/block.poly": text, "/ws/blocks/b/block.poly": "name: b\nfrom: a\nactions:\n  - name: x\n" });
      for (const p of ["/ws/workspace.poly", "/ws/blocks/a/block.poly"]) {
        assert.ok(Array.isArray(validate(index, p)));
        documentSymbols(index, p);
        for (let o = 0; o <= text.length; o += 3) {
          complete(index, p, o);
          hover(index, p, o);
        }
      }
    });
  });
});
