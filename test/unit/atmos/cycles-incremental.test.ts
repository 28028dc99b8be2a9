// The dependency-cycle rule keeps, from one check to the next, each component's dependencies when neither the
// component nor anything it inherits from changed, and the cycles when no edge changed. After each edit below, its
// problems (messages and spans) must be those of a fresh index: edits that move a cycle's text, that make or break a
// cycle through an inherited dependency, that add the base a name was waiting for, and that change the stack's vars
// a templated dependency renders with.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dependencyCycleRule, inheritsCycleRule } from "../../../server/src/formats/atmos/rules/cycles";
import type { WorkspaceIndex } from "../../../server/src/index/workspace-index";
import { workspace } from "../../support/ws";

const CONFIG = ['base_path: "."', "stacks:", '  base_path: "stacks"', "  included_paths:", '    - "deploy/**/*"', '  name_pattern: "{stage}"', ""].join("\n");
const PATH = "/ws/stacks/deploy/dev.yaml";

const dep = (target: string) => ["      dependencies:", "        components:", `          - name: ${target}`];
const BASE = [
  "vars:",
  "  stage: dev",
  "components:",
  "  terraform:",
  "    a:",
  ...dep("b"),
  "    b:",
  "      metadata:",
  "        inherits:",
  "          - base",
  "    base:",
  "      metadata:",
  "        type: abstract",
  ...dep("a"),
  "    c:",
  "      metadata:",
  "        inherits:",
  "          - later",
  "    d:",
  ...dep("c"),
  "",
].join("\n");

function cycles(index: WorkspaceIndex): string {
  return JSON.stringify(dependencyCycleRule.check(index).map((p) => [p.path, p.span, p.message]));
}

/**
 * Opens `base`, applies `edit` and undoes it, comparing `read` of the live index with a fresh index's after the
 * edit and with the first reading after the undo. The first reading must match `found` (the example has its cycle).
 */
function editedAndBack(base: string, edit: (t: string) => string, read: (index: WorkspaceIndex) => string, found: RegExp): void {
  const files = { "/ws/atmos.yaml": CONFIG, [PATH]: base };
  const live = workspace(files);
  live.openOrChange(PATH, base, 1);
  const first = read(live);
  assert.match(first, found);
  const text = edit(base);
  assert.notEqual(text, base);
  live.openOrChange(PATH, text, 2);
  const fresh = workspace(files);
  fresh.openOrChange(PATH, text, 1);
  assert.equal(read(live), read(fresh));
  live.openOrChange(PATH, base, 3);
  assert.equal(read(live), first);
}

const EDITS: Array<{ name: string; apply: (t: string) => string }> = [
  { name: "a line added above the cycle (its spans move)", apply: (t) => t.replace("components:", "# moved\ncomponents:") },
  { name: "a value changed inside the cycle's first component", apply: (t) => t.replace("    a:\n", "    a:\n      vars:\n        x: 1\n") },
  { name: "the inherited dependency that closes the cycle removed", apply: (t) => t.replace("          - base\n", "          - none-such\n") },
  { name: "the base a name waited for added: c inherits d's target back", apply: (t) => `${t}    later:\n      metadata:\n        type: abstract\n${dep("d").join("\n")}\n` },
  { name: "a dependency retargeted", apply: (t) => t.replace("          - name: b\n", "          - name: d\n") },
  { name: "a component added before the others", apply: (t) => t.replace("  terraform:\n", "  terraform:\n    z:\n" + dep("a").join("\n") + "\n") },
  { name: "a component removed", apply: (t) => t.replace(["    d:", ...dep("c")].join("\n") + "\n", "") },
  { name: "the abstract base made a component of its own", apply: (t) => t.replace("        type: abstract\n", "") },
  { name: "the stack's vars changed", apply: (t) => t.replace("stage: dev", "stage: qa") },
];

describe("the dependency-cycle rule after edits", () => {
  for (const e of EDITS) {
    it(e.name, () => editedAndBack(BASE, e.apply, cycles, /Dependency cycle: a → b → a\./));
  }

  it("the edits do change the cycles found (the comparisons above can fail)", () => {
    const files = { "/ws/atmos.yaml": CONFIG, [PATH]: BASE };
    const found = EDITS.map((e) => {
      const w = workspace({ ...files, [PATH]: e.apply(BASE) });
      return cycles(w);
    });
    assert.ok(new Set(found).size >= EDITS.length - 3, "most edits give other problems");
  });
});

const inherits = (...names: string[]) => ["      metadata:", "        inherits:", ...names.map((n) => `          - ${n}`)];
const CHAIN = ["vars:", "  stage: dev", "components:", "  terraform:", "    x:", ...inherits("y"), "    y:", ...inherits("x"), "    p:", ...inherits("q"), "    r:", "      vars: {}", ""].join("\n");

const INHERIT_EDITS: Array<{ name: string; apply: (t: string) => string }> = [
  { name: "a line added above the cycle (its spans move)", apply: (t) => t.replace("components:", "# moved\ncomponents:") },
  { name: "the cycle broken", apply: (t) => t.replace("          - x\n", "          - r\n") },
  { name: "the component a name waited for added, closing a cycle", apply: (t) => `${t}    q:\n${inherits("p").join("\n")}\n` },
  { name: "a component removed", apply: (t) => t.replace("    r:\n      vars: {}\n", "") },
  { name: "a component renamed into a name another inherits", apply: (t) => t.replace("    r:\n", "    q:\n") },
];

describe("the inheritance-cycle rule after edits", () => {
  const inheritCycles = (index: WorkspaceIndex): string => JSON.stringify(inheritsCycleRule.check(index).map((p) => [p.path, p.span, p.message]));
  for (const e of INHERIT_EDITS) {
    it(e.name, () => editedAndBack(CHAIN, e.apply, inheritCycles, /Inheritance cycle: x → y → x\./));
  }
});

// From a stack without cycles, the rules keep "no cycles" across an edit unless a new edge leads back to its own
// source: the edits below add edges that close a cycle (directly, through an inherited dependency, through a
// component that a name waited for) and edges that do not, and each must read as a fresh index reads it.
const ACYCLIC = [
  "vars:",
  "  stage: dev",
  "components:",
  "  terraform:",
  "    a:",
  "      dependencies:",
  "        components:",
  "          - name: b",
  "          - name: later",
  "    b:",
  ...dep("c"),
  "    c:",
  "      vars: {}",
  "    d:",
  ...dep("c"),
  "    base:",
  "      metadata:",
  "        type: abstract",
  "      vars: {}",
  "",
].join("\n");

const ACYCLIC_EDITS: Array<{ name: string; apply: (t: string) => string; cycle: boolean }> = [
  { name: "a line added above (every edge moves, none changes)", apply: (t) => t.replace("components:", "# moved\ncomponents:"), cycle: false },
  { name: "a dependency added that closes a cycle", apply: (t) => t.replace("    c:\n      vars: {}\n", `    c:\n${dep("a").join("\n")}\n`), cycle: true },
  { name: "a dependency added that closes none", apply: (t) => t.replace("    d:\n" + dep("c").join("\n"), "    d:\n" + dep("a").join("\n")), cycle: false },
  { name: "a base given a dependency that its heir's dependents close", apply: (t) => t.replace("        type: abstract\n      vars: {}\n", `        type: abstract\n${dep("a").join("\n")}\n`).replace("    c:\n      vars: {}\n", "    c:\n      metadata:\n        inherits:\n          - base\n"), cycle: true },
  { name: "the component a name waited for added, closing a cycle", apply: (t) => `${t}    later:\n${dep("a").join("\n")}\n`, cycle: true },
  { name: "the component a name waited for added, closing none", apply: (t) => `${t}    later:\n${dep("c").join("\n")}\n`, cycle: false },
];

describe("the cycle rules after edits to a stack without cycles", () => {
  for (const e of ACYCLIC_EDITS) {
    it(e.name, () => {
      editedAndBack(ACYCLIC, e.apply, cycles, /^\[\]$/);
      const w = workspace({ "/ws/atmos.yaml": CONFIG, [PATH]: e.apply(ACYCLIC) });
      assert.equal(/Dependency cycle/.test(cycles(w)), e.cycle, "the edit makes a cycle or not, as named");
    });
  }

  const ACYCLIC_CHAIN = ["vars:", "  stage: dev", "components:", "  terraform:", "    x:", ...inherits("y"), "    y:", "      vars: {}", "    p:", ...inherits("q"), "    r:", "      vars: {}", ""].join("\n");
  const inheritCycles = (index: WorkspaceIndex): string => JSON.stringify(inheritsCycleRule.check(index).map((p) => [p.path, p.span, p.message]));
  const INHERIT: Array<{ name: string; apply: (t: string) => string; cycle: boolean }> = [
    { name: "a line added above (inherits move, none changes)", apply: (t) => t.replace("components:", "# moved\ncomponents:"), cycle: false },
    { name: "a base made to inherit its heir", apply: (t) => t.replace("    y:\n      vars: {}\n", `    y:\n${inherits("x").join("\n")}\n`), cycle: true },
    { name: "the component a name waited for added, inheriting back", apply: (t) => `${t}    q:\n${inherits("p").join("\n")}\n`, cycle: true },
    { name: "an inherit added that closes no cycle", apply: (t) => t.replace("    r:\n      vars: {}\n", `    r:\n${inherits("x").join("\n")}\n`), cycle: false },
  ];
  for (const e of INHERIT) {
    it(`inherits: ${e.name}`, () => {
      editedAndBack(ACYCLIC_CHAIN, e.apply, inheritCycles, /^\[\]$/);
      const w = workspace({ "/ws/atmos.yaml": CONFIG, [PATH]: e.apply(ACYCLIC_CHAIN) });
      assert.equal(/Inheritance cycle/.test(inheritCycles(w)), e.cycle, "the edit makes a cycle or not, as named");
    });
  }
});
