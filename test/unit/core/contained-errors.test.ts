// A bug in one format's code is contained by the index (no result for that file or rule, the rest goes on), and
// it is not silent: it goes to onContainedError, which the server and the CLI log and the tests rethrow.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validate } from "../../../server/src/features/validate";
import { buildGraph } from "../../../server/src/features/graph";
import type { FormatModule } from "../../../server/src/formats/types";
import { memoryHost } from "../../../server/src/index/host";
import { CONTAINED_ERROR, logContained } from "../../../server/src/index/workspace-index";
import { newIndex } from "../../support/ws";

/** A format that serves `*.bad` files and throws from its analysis, its graph and its workspace rule. */
const broken: FormatModule = {
  id: "deis",
  codePrefix: "bad",
  candidate: (p) => p.endsWith(".bad"),
  detect: (p) => (p.endsWith(".bad") ? "bad" : undefined),
  shape: () => undefined,
  analyze() {
    throw new Error("analyze broke");
  },
  graph() {
    throw new Error("graph broke");
  },
  rules: [
    {
      id: "bad/rule",
      check() {
        throw new Error("rule broke");
      },
    },
  ],
};

describe("contained errors", () => {
  it("reach onContainedError while the features go on with nothing from that code", () => {
    const index = newIndex(memoryHost({ "/w/a.bad": "x: 1\n" }), [broken]);
    const seen: string[] = [];
    index.onContainedError = (err) => seen.push((err as Error).message);
    index.setRoots(["/w"]);
    // The file says it could not be analysed, rather than looking clean.
    assert.deepEqual(validate(index, "/w/a.bad").map((d) => `${d.code}: ${d.message}`), ["bad/internal: Infraflow could not analyse this file (internal error)."]);
    assert.deepEqual(buildGraph(index, ["/w/a.bad"])?.nodes ?? [], []);
    assert.deepEqual([...new Set(seen)].sort(), ["analyze broke", "graph broke", "rule broke"]);
  });

  it("fail a test's index (newIndex rethrows them)", () => {
    const index = newIndex(memoryHost({ "/w/a.bad": "x: 1\n" }), [broken]);
    index.setRoots(["/w"]);
    assert.throws(() => validate(index, "/w/a.bad"), /analyze broke/);
  });

  it("are logged by default, each distinct message once", () => {
    const lines: string[] = [];
    const log = logContained((l) => lines.push(l));
    log(new Error("one"));
    log(new Error("one"));
    log(new Error("two"));
    assert.equal(lines.length, 2);
    assert.ok(lines.every((l) => l.startsWith(CONTAINED_ERROR)), lines.join("\n"));
    assert.match(lines[0]!, /Error: one\n\s+at /);
  });
});
