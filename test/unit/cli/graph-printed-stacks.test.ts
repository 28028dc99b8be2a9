// `infraflow graph` of a repository with more stacks than a graph prints readably (issue 16: a plain graph of 2000
// stacks printed 78 MB): without a scope it prints the first stacks by name and names the others, in the JSON and on
// stderr; `--all` prints every stack; a scope looks among every stack; a catalog file in many stacks says so too.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { DRAWN_STACKS } from "../../../common/graph";
import { graphCommand } from "../../../server/src/cli/graph";

const STACKS = 15;
let root = "";

function run(...args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = graphCommand(args, root, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join("\n"), err: err.join("\n") };
}

interface Printed {
  nodes: Array<{ id: string; label: string }>;
  omitted?: { shown: number; total: number; stacks: string[] };
}

/** The stacks drawn: the manifests of the component nodes' ids (`component:<manifest>#<name>`). */
const drawn = (g: Printed): string[] => [...new Set(g.nodes.map((n) => path.basename(n.id.split("#")[0]!, ".yaml")))].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));

describe("infraflow graph of a repository with many stacks", () => {
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-graph-stacks-"));
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    write("atmos.yaml", ['base_path: "."', "stacks:", '  base_path: "stacks"', "  included_paths:", '    - "deploy/**/*"', '  name_pattern: "{stage}"', ""].join("\n"));
    write("stacks/catalog/base.yaml", ["components:", "  terraform:", "    vpc:", "      vars: {}", "    app:", "      settings:", "        depends_on:", "          1:", "            component: vpc", ""].join("\n"));
    // Names whose order by value differs from their order as text (s2 before s10).
    for (let i = 1; i <= STACKS; i++) write(`stacks/deploy/s${i}.yaml`, ["import:", "  - catalog/base", "vars:", `  stage: s${i}`, ""].join("\n"));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it(`prints the first ${DRAWN_STACKS} stacks by name and names the others`, () => {
    const r = run(".");
    assert.equal(r.code, 0, r.err);
    const g = JSON.parse(r.out) as Printed;
    const expected = Array.from({ length: DRAWN_STACKS }, (_, i) => `s${i + 1}`);
    assert.deepEqual(drawn(g), expected);
    assert.deepEqual(g.omitted, { shown: DRAWN_STACKS, total: STACKS, stacks: ["s13", "s14", "s15"] });
    assert.match(r.err, new RegExp(`Printed ${DRAWN_STACKS} of ${STACKS} stacks\. .*--stack S.*--all`));
  });

  it("says so in DOT and Mermaid too (on stderr, the output stays the format's)", () => {
    for (const format of ["dot", "mermaid"]) {
      const r = run(".", "--format", format);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /Printed 12 of 15 stacks/);
      assert.ok(!r.out.includes("s13.yaml") && r.out.includes("s12"), `${format} draws the first 12 only`);
    }
  });

  it("--all prints every stack, and says nothing is left out", () => {
    const r = run(".", "--all");
    assert.equal(r.code, 0, r.err);
    const g = JSON.parse(r.out) as Printed;
    assert.equal(drawn(g).length, STACKS);
    assert.equal(g.omitted, undefined);
    assert.equal(r.err, "");
  });

  it("a scope looks among every stack, not only the ones printed without it", () => {
    const r = run(".", "--stack", "s15");
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(drawn(JSON.parse(r.out) as Printed), ["s15"]);
    assert.equal(r.err, "");
  });

  it("a catalog file in more stacks than are printed says which it left out; --all lifts it", () => {
    const r = run("stacks/catalog/base.yaml");
    assert.equal(r.code, 0, r.err);
    const g = JSON.parse(r.out) as Printed;
    assert.equal(drawn(g).length, DRAWN_STACKS);
    assert.equal(g.omitted?.total, STACKS);
    assert.equal(g.omitted?.stacks.length, STACKS - DRAWN_STACKS);
    assert.match(r.err, /Printed 12 of 15 stacks/);
    const all = run("stacks/catalog/base.yaml", "--all");
    assert.equal(drawn(JSON.parse(all.out) as Printed).length, STACKS);
    assert.equal(all.err, "");
  });

  it("a repository within the limit prints as before, with nothing said", () => {
    const r = run("stacks/deploy/s1.yaml");
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(drawn(JSON.parse(r.out) as Printed), ["s1"]);
    assert.equal(r.err, "");
  });
});
