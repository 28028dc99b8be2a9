// An open document edited at many places must not keep a whole copy of its text per edit. V8 makes a substring of
// 13 or more characters a view into the string it was cut from, and an incremental analysis keeps the parts an edit
// did not touch: a kept node, model or merged value holding such a view held that whole version of the text. Typing
// at 30 places of a large Atmos manifest kept 30 versions alive (about 4 MB each with their trees), so the server
// grew without bound over an editing session. Measured on the live heap after a full collection.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { workspace } from "../../support/ws";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

function liveBytes(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

interface Case {
  name: string;
  files: Record<string, string>;
  path: string;
  /** Where the n-th edit types: the end of a value, each at a different entry. */
  sites: RegExp;
}

const COMPONENTS = 3000;

function atmos(): Case {
  const lines = ["vars:", "  stage: dev", "components:", "  terraform:"];
  for (let i = 0; i < COMPONENTS; i++) {
    lines.push(`    service-component-${i}:`, "      metadata:", "        component: service-base", "      vars:", `        description: the service component number ${i}`);
    if (i > 0) lines.push("      settings:", "        depends_on:", "          1:", `            component: service-component-${i - 1}`);
  }
  const path = "/ws/stacks/deploy/dev.yaml";
  const config = ['base_path: "."', "stacks:", '  base_path: "stacks"', "  included_paths:", '    - "deploy/**/*"', '  name_pattern: "{stage}"', ""].join("\n");
  return { name: "an Atmos stack manifest", files: { "/ws/atmos.yaml": config, [path]: lines.join("\n") + "\n" }, path, sites: /^ +description: .+$/gm };
}

function polycrate(): Case {
  const lines = ["name: retention", "blocks:"];
  for (let i = 0; i < 20; i++) lines.push(`  - name: service-block-${i}`, "    config:", "      replicas: 2");
  lines.push("workflows:");
  for (let i = 0; i < COMPONENTS; i++) {
    lines.push(`  - name: rollout-workflow-${i}`, `    description: rolls out the change number ${i}`, "    steps:");
    for (const s of [1, 2]) lines.push(`      - name: rollout-step-${s}`, `        block: service-block-${(i + s) % 20}`, "        action: install");
  }
  const path = "/ws/workspace.poly";
  return { name: "a Polycrate workspace", files: { [path]: lines.join("\n") + "\n" }, path, sites: /^ +description: .+$/gm };
}

const EDITS = 30;

describe("an open document edited at many places keeps no copy of its text per edit", () => {
  for (const c of [atmos(), polycrate()]) {
    it(c.name, () => {
      const index = workspace(c.files);
      let text = c.files[c.path]!;
      let version = 1;
      index.openOrChange(c.path, text, version);
      index.problems(c.path);
      const ends = [...text.matchAll(c.sites)].map((m) => m.index + m[0].length);
      assert.ok(ends.length > EDITS * 10, "the document has enough places to type at");
      // One round first: memo entries and caches that a steady session holds are not what is measured.
      const type = (round: number): void => {
        for (let i = 0; i < EDITS; i++) {
          // Sites spread over the file, moved by the insertions before them: every site up to this one in earlier
          // rounds, the ones before it in this round.
          const at = ends[Math.floor(((i + 0.5) * ends.length) / EDITS)]! + round * (i + 1) + i;
          assert.equal(text[at], "\n", "the edit types at the end of a value");
          text = text.slice(0, at) + "x" + text.slice(at);
          index.openOrChange(c.path, text, ++version);
          index.problems(c.path);
        }
      };
      type(0);
      const before = liveBytes();
      type(1);
      const grown = liveBytes() - before;
      // A copy of the text per edit is EDITS × its length at least; allow a fifth of that for what legitimately grows.
      assert.ok(grown < (EDITS * text.length) / 5, `the live heap grew by ${(grown / 1e6).toFixed(1)} MB over ${EDITS} edits of a ${(text.length / 1e6).toFixed(1)} MB document`);
    });
  }
});
