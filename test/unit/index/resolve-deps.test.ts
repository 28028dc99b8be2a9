// References are checked again only when what their resolution reads changed (FormatModule.resolveDeps): after an
// edit of values in a catalog file that many stacks import, only the edited file's imports are resolved again, and
// the problems are still those of a freshly built index, including after edits that add or remove the manifest an
// import names (every file is then analysed again, and its imports resolved again).
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Problem } from "../../../server/src/core/problem";
import { atmosFormat } from "../../../server/src/formats/atmos";
import { FORMATS } from "../../../server/src/formats/registry";
import type { FormatModule, SymbolRef } from "../../../server/src/formats/types";
import { memoryHost } from "../../../server/src/index/host";
import type { WorkspaceIndex } from "../../../server/src/index/workspace-index";
import { newIndex } from "../../support/ws";

const CONFIG = ['base_path: "."', "stacks:", '  base_path: "stacks"', "  included_paths:", '    - "deploy/**/*"', '  name_pattern: "{stage}"', ""].join("\n");
const catalog = (i: number, value: string): string => ["components:", "  terraform:", `    svc${i}:`, "      vars:", `        size: ${value}`, ""].join("\n");
const stack = (stage: string, imports: string[]): string => ["import:", ...imports.map((p) => `  - ${p}`), "vars:", `  stage: ${stage}`, ""].join("\n");

function files(): Record<string, string> {
  const out: Record<string, string> = { "/ws/atmos.yaml": CONFIG };
  for (let i = 0; i < 3; i++) out[`/ws/stacks/catalog/c${i}.yaml`] = catalog(i, "small");
  // Eight stacks import every catalog file; one also imports a manifest that does not exist yet.
  for (let s = 0; s < 8; s++) out[`/ws/stacks/deploy/s${s}.yaml`] = stack(`s${s}`, ["catalog/c0", "catalog/c1", "catalog/c2", ...(s === 0 ? ["catalog/later"] : [])]);
  return out;
}

/** An index whose Atmos resolution records the file of each reference it resolves. */
function counted(f: Record<string, string>): { index: WorkspaceIndex; resolved: string[] } {
  const resolved: string[] = [];
  const atmos: FormatModule = {
    ...atmosFormat,
    resolve: (ref: SymbolRef, ws) => {
      resolved.push(ref.path);
      return atmosFormat.resolve!(ref, ws);
    },
  };
  const index = newIndex(
    memoryHost(f),
    FORMATS.map((x) => (x.id === "atmos" ? atmos : x)),
  );
  index.setRoots(["/ws"]);
  return { index, resolved };
}

const key = (p: Problem): string => JSON.stringify([p.path, p.span, p.code, p.message, p.fixes ?? null]);
const all = (index: WorkspaceIndex): string[] => index.paths().flatMap((p) => index.problems(p).map(key)).sort();

function fresh(f: Record<string, string>, open: Record<string, string>): string[] {
  const index = newIndex(memoryHost(f));
  index.setRoots(["/ws"]);
  for (const [p, t] of Object.entries(open)) index.openOrChange(p, t, 1);
  return all(index);
}

describe("references checked again only when their resolution's inputs changed", () => {
  it("an edit of values in a catalog file resolves only that file's imports again", () => {
    const f = files();
    const { index, resolved } = counted(f);
    const first = all(index);
    assert.ok(first.some((p) => p.includes("catalog/later")), "the missing import is reported");
    assert.equal(resolved.length, 8 * 3 + 1, "every import is resolved once");
    resolved.length = 0;
    const edited = catalog(1, "large");
    index.openOrChange("/ws/stacks/catalog/c1.yaml", edited, 1);
    const after = all(index);
    assert.deepEqual(new Set(resolved), new Set(), "no import of an unchanged file is resolved again (the catalog file imports nothing)");
    assert.deepEqual(after, fresh(f, { "/ws/stacks/catalog/c1.yaml": edited }));
    // An edit in a stack file: its own imports are new references and are resolved; no other file's are.
    resolved.length = 0;
    const s3 = stack("s3", ["catalog/c0", "catalog/c1", "catalog/c2"]).replace("vars:", "# a comment\nvars:");
    index.openOrChange("/ws/stacks/deploy/s3.yaml", s3, 1);
    const afterStack = all(index);
    assert.deepEqual([...new Set(resolved)], ["/ws/stacks/deploy/s3.yaml"]);
    assert.equal(resolved.length, 3);
    assert.deepEqual(afterStack, fresh(f, { "/ws/stacks/catalog/c1.yaml": edited, "/ws/stacks/deploy/s3.yaml": s3 }));
  });

  it("a manifest that an import names, created or removed, has the imports resolved again", () => {
    const f = files();
    const { index, resolved } = counted(f);
    all(index);
    resolved.length = 0;
    const later = catalog(9, "x");
    index.openOrChange("/ws/stacks/catalog/later.yaml", later, 1);
    const after = all(index);
    assert.ok(!after.some((p) => p.includes("import-not-found")), "the import now resolves");
    assert.ok(resolved.includes("/ws/stacks/deploy/s0.yaml"), "the stack whose import was missing is checked again");
    assert.deepEqual(after, fresh({ ...f, "/ws/stacks/catalog/later.yaml": later }, {}));
    resolved.length = 0;
    index.close("/ws/stacks/catalog/later.yaml");
    const back = all(index);
    assert.ok(back.some((p) => p.includes("catalog/later")), "reported again once the manifest is gone");
    assert.ok(resolved.includes("/ws/stacks/deploy/s0.yaml"));
    assert.deepEqual(back, fresh(f, {}));
  });
});
