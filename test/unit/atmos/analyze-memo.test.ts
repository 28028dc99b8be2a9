// An open Atmos manifest keeps, across edits, what each component entry an edit did not touch gave its analysis
// (model, symbols, deprecated-`depends_on` problems with their rewrite), with its spans moved. After every edit below
// the file's symbols, references and problems (fixes included) must be those of a fresh index, including the edits
// that change what a kept component's problems read outside the component: a tab before it (no rewrite is
// offered past a tab) and the line break after the last one (a rewrite there starts with one).
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StackModel } from "../../../server/src/formats/atmos/model";
import type { WorkspaceIndex } from "../../../server/src/index/workspace-index";
import { workspace } from "../../support/ws";

const CONFIG = ['base_path: "."', "stacks:", '  base_path: "stacks"', "  included_paths:", '    - "deploy/**/*"', '  name_pattern: "{stage}"', ""].join("\n");
const PATH = "/ws/stacks/deploy/dev.yaml";

function component(name: string, dep?: string, more = false): string {
  const lines = [`    ${name}:`, "      metadata:", `        component: ${name}`, "      vars:", `        name: ${name}`];
  if (dep) lines.push("      settings:", "        depends_on:", "          1:", `            component: ${dep}`, "            stage: prod");
  // More in `settings`: the rewrite keeps it and adds the new block after it, at the end of the file for the last.
  if (more) lines.push("        enabled: true");
  return lines.join("\n") + "\n";
}

const BASE = ["vars:", "  stage: dev", "components:", "  terraform:", ""].join("\n") + component("db") + component("app", "db") + component("web", "app") + component("api", "web", true);

/** The file's analysis as a fresh index sees it: symbols, references and problems with their fixes. */
function facts(index: WorkspaceIndex): string {
  const f = index.file(PATH)!;
  const model = f.facts.model as StackModel;
  return JSON.stringify({
    defs: f.facts.defs.map((d) => [d.kind, d.name, d.nameSpan, d.fullSpan, d.detail]),
    refs: f.facts.refs.map((r) => [r.kind, r.name, r.span]),
    problems: index.problems(PATH).map((p) => [p.code, p.span, p.message, p.fixes ?? null]),
    components: model.components.map((c) => [c.name, c.nameSpan, c.fullSpan, c.inherits, c.dependencies, c.folder ?? null]),
  });
}

const EDITS: Array<{ name: string; apply: (t: string) => string }> = [
  { name: "a value of the first component changed (every later one moves)", apply: (t) => t.replace("name: db", "name: database-server") },
  { name: "a line added before the components", apply: (t) => t.replace("components:", "# note\ncomponents:") },
  { name: "a tab in a comment before the components (no rewrite past a tab)", apply: (t) => t.replace("components:", "#\tnote\ncomponents:") },
  { name: "a tab after the second component only", apply: (t) => t.replace("    web:", "    #\tnote\n    web:") },
  { name: "the last line break removed (a rewrite at the end starts with one)", apply: (t) => t.replace(/\n$/, "") },
  { name: "a comment after the last component, without a line break", apply: (t) => `${t}# end` },
  { name: "a component renamed", apply: (t) => t.replace("    web:", "    website:") },
  { name: "the space after a key moved", apply: (t) => t.replace("    app:\n", "    app:   \n") },
  { name: "a dependency target changed", apply: (t) => t.replace("component: web\n", "component: none-such\n") },
];

describe("an open Atmos manifest keeps its untouched components' analysis across edits", () => {
  for (const e of EDITS) {
    it(e.name, () => {
      const files = { "/ws/atmos.yaml": CONFIG, [PATH]: BASE };
      const live = workspace(files);
      live.openOrChange(PATH, BASE, 1);
      facts(live);
      const text = e.apply(BASE);
      assert.notEqual(text, BASE, "the edit changes the text");
      live.openOrChange(PATH, text, 2);
      const fresh = workspace(files);
      fresh.openOrChange(PATH, text, 1);
      assert.equal(facts(live), facts(fresh));
      // And back again.
      live.openOrChange(PATH, BASE, 3);
      const back = workspace(files);
      back.openOrChange(PATH, BASE, 1);
      assert.equal(facts(live), facts(back));
    });
  }

  it("keeps the very objects of the components an edit did not touch", () => {
    const live = workspace({ "/ws/atmos.yaml": CONFIG, [PATH]: BASE });
    live.openOrChange(PATH, BASE, 1);
    const before = (live.file(PATH)!.facts.model as StackModel).components;
    live.openOrChange(PATH, BASE.replace("name: web", "name: web-2"), 2);
    const after = (live.file(PATH)!.facts.model as StackModel).components;
    assert.deepEqual(
      after.map((c, i) => c === before[i]),
      [true, true, false, true],
    );
  });
});
