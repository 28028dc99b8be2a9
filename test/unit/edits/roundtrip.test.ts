// The round-trip property: over every example workspace and every corpus file a format serves, each applicable
// edit followed by its inverse gives back the same bytes, and no edit touches bytes outside the spans it reports
// (checked in `run`). Edits: a dependency added then removed, a step added then removed, a step moved down then
// up (and last to first and back), a node added then removed, a node renamed and renamed back. The corpus is
// skipped when ../shared/corpus is absent.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import type { GraphEdit } from "../../../common/graph-edit";
import { computeEdit } from "../../../server/src/features/graph-edit";
import { buildGraph } from "../../../server/src/features/graph";
import { FORMATS } from "../../../server/src/formats/registry";
import { nodeHost } from "../../../server/src/index/host";
import type { WorkspaceIndex } from "../../../server/src/index/workspace-index";
import { commit, run } from "./support";
import { entriesOf } from "../../support/folders";
import { newIndex, workspace } from "../../support/ws";

const REPO = path.resolve(__dirname, "../../..");
const CORPUS = path.resolve(REPO, "../shared/corpus");
/** Pairs of nodes tried per file for a new dependency (the graphs of the corpus are small; this bounds the time). */
const MAX_PAIRS = 40;

interface Tally {
  applied: number;
}

/** Applies `edit` (skipped when refused), then `inverse(after)`; the text must come back byte for byte. */
function roundTrip(index: WorkspaceIndex, file: string, edit: GraphEdit, inverse: (index: WorkspaceIndex) => GraphEdit | undefined, tally: Tally): void {
  if ("error" in computeEdit(index, file, edit)) return;
  const originals = new Map<string, { text: string; version: number }>();
  const forward = run(index, file, edit);
  for (const p of forward.texts.keys()) originals.set(p, { text: index.file(p)!.text, version: index.file(p)!.version });
  commit(index, forward.texts);
  const back = inverse(index);
  assert.ok(back, `no inverse for ${JSON.stringify(edit)} on the graph of ${file}`);
  const r = computeEdit(index, file, back);
  assert.ok(!("error" in r), `the inverse of ${JSON.stringify(edit)} was refused: ${"error" in r ? r.error : ""}`);
  const backward = run(index, file, back);
  for (const [p, orig] of originals) {
    assert.equal(backward.texts.get(p) ?? index.file(p)!.text, orig.text, `${path.basename(p)}: ${JSON.stringify(edit)} then ${JSON.stringify(back)} is not byte-identical`);
  }
  // Put the original texts back for the next edit.
  for (const [p, orig] of originals) index.openOrChange(p, orig.text, index.file(p)!.version + 1);
  tally.applied++;
}

function graphOf(index: WorkspaceIndex, file: string) {
  return buildGraph(index, [file]);
}

function nodeIdLike(index: WorkspaceIndex, file: string, test: (id: string, label: string) => boolean): string | undefined {
  return graphOf(index, file)?.nodes.find((n) => test(n.id, n.label))?.id;
}

/** Every edit of this suite that applies to `file`, each with its inverse. */
function exercise(index: WorkspaceIndex, file: string, tally: Tally): void {
  const f = index.file(file);
  if (!f || f.parsed.problems.some((p) => p.severity === "error")) return;
  const g = graphOf(index, file);
  if (!g) return;

  // Dependencies between nodes that have none.
  const candidates = g.nodes.filter((n) => (n.kind === "component" || n.kind === "alias") && !n.flags?.external && n.uri);
  let pairs = 0;
  for (const a of candidates) {
    for (const b of candidates) {
      if (a === b || pairs >= MAX_PAIRS) continue;
      if (g.edges.some((e) => e.from === a.id && e.to === b.id)) continue;
      pairs++;
      roundTrip(index, file, { type: "addDependency", from: a.id, to: b.id }, (ix) => {
        const e = graphOf(ix, file)?.edges.find((x) => x.kind === "depends" && x.from === a.id && x.to === b.id);
        return e ? { type: "removeDependency", edgeId: e.id } : undefined;
      }, tally);
    }
  }

  // Polycrate steps.
  const workflows = g.groups.filter((gr) => gr.kind === "workflow" && gr.id.startsWith("workflow:") && g.format === "polycrate");
  for (const wf of workflows) {
    const name = wf.id.slice("workflow:".length);
    const steps = g.nodes.filter((n) => n.group === wf.id && n.kind === "step").length;
    const used = g.nodes.find((n) => n.group === wf.id && n.kind === "step" && n.detail?.includes(" · "));
    if (used) {
      const [block, action] = used.detail!.split(" · ");
      for (const at of [undefined, 0]) {
        roundTrip(index, file, { type: "addStep", workflow: name, block: block!, action: action!, index: at }, () => ({ type: "removeStep", workflow: name, index: at ?? steps }), tally);
      }
    }
    if (steps >= 2) {
      roundTrip(index, file, { type: "moveStep", workflow: name, from: 0, to: 1 }, () => ({ type: "moveStep", workflow: name, from: 1, to: 0 }), tally);
      roundTrip(index, file, { type: "moveStep", workflow: name, from: steps - 1, to: 0 }, () => ({ type: "moveStep", workflow: name, from: 0, to: steps - 1 }), tally);
    }
  }

  // New nodes, removed again.
  const fresh = "infraflow-roundtrip";
  const adds: Array<{ edit: GraphEdit; id: (ix: WorkspaceIndex) => string | undefined }> = [];
  if (g.format === "polycrate") {
    adds.push({ edit: { type: "addNode", kind: "block", name: "roundtrip", extra: { action: "run" } }, id: () => "block:roundtrip" });
    adds.push({ edit: { type: "addNode", kind: "workflow", name: "roundtrip" }, id: () => "workflow:roundtrip" });
  }
  if (g.format === "atmos") adds.push({ edit: { type: "addNode", kind: "component", name: fresh }, id: (ix) => nodeIdLike(ix, file, (id) => id.startsWith("component:") && id.endsWith(`#${fresh}`) && !id.startsWith("component:?")) });
  if (g.format === "env0") adds.push({ edit: { type: "addNode", kind: "alias", name: "roundtrip" }, id: () => "alias:roundtrip" });
  if (g.format === "fabrikate") adds.push({ edit: { type: "addNode", kind: "subcomponent", name: fresh }, id: (ix) => nodeIdLike(ix, file, (id, label) => label === fresh && id.startsWith("component:")) });
  for (const a of adds) {
    roundTrip(index, file, a.edit, (ix) => {
      const id = a.id(ix);
      return id ? { type: "removeNode", nodeId: id } : undefined;
    }, tally);
  }

  // Renames, and back.
  // Nodes defined in this file: a rename may take a node out of another file's graph (an Atmos workflow step's command is not a reference).
  const here = g.uri;
  const renamable = g.nodes.filter((n) => n.uri === here && !n.flags?.external && ["component", "alias", "block", "workflow", "subcomponent"].includes(n.kind)).slice(0, 4);
  for (const n of renamable) {
    const renamed = `${n.label.replace(/[^A-Za-z0-9_-]/g, "")}x`;
    if (!/^[A-Za-z]/.test(renamed)) continue;
    roundTrip(index, file, { type: "renameNode", nodeId: n.id, newName: renamed }, (ix) => {
      const again = graphOf(ix, file)?.nodes.find((m) => m.label === renamed && m.kind === n.kind);
      return again ? { type: "renameNode", nodeId: again.id, newName: n.label } : undefined;
    }, tally);
  }
}

describe("graph edits round-trip: examples/", () => {
  for (const format of ["polycrate", "atmos", "env0", "fabrikate"]) {
    it(format, () => {
      const dir = path.join(REPO, "examples", format);
      const index = newIndex(nodeHost, FORMATS);
      index.setRoots([dir]);
      const tally = { applied: 0 };
      for (const p of index.paths()) if (index.file(p)?.format === format) exercise(index, p, tally);
      assert.ok(tally.applied >= 3, `only ${tally.applied} edit(s) applied to examples/${format}`);
    });
  }
});

const ATMOS_CONFIG = 'base_path: "."\nstacks:\n  base_path: "stacks"\n  included_paths: ["**/*"]\n  excluded_paths: ["workflows/**/*"]\n  name_pattern: "{stage}"\nworkflows:\n  base_path: "stacks/workflows"\n';

/** Where a corpus file goes in a one-file workspace, by the name it has in its source repository. */
function placeOf(format: string, file: string): Record<string, string> | undefined {
  const full = path.join(CORPUS, format, file);
  if (!fs.statSync(full).isFile()) return undefined;
  const text = fs.readFileSync(full, "utf8");
  switch (format) {
    case "polycrate":
      if (!file.endsWith(".poly")) return undefined;
      return file.endsWith("workspace.poly") ? { "/ws/workspace.poly": text } : { "/ws/blocks/x/block.poly": text };
    case "env0":
      return /env0\.workflow\.ya?ml$/.test(file) ? { "/ws/env0.workflow.yaml": text } : undefined;
    case "fabrikate":
      return file.endsWith("component.yaml") ? { "/ws/component.yaml": text } : undefined;
    case "atmos":
      if (!file.endsWith(".yaml") || file.endsWith("atmos.yaml")) return undefined;
      return { "/ws/atmos.yaml": ATMOS_CONFIG, [file.includes("workflows") ? "/ws/stacks/workflows/w.yaml" : "/ws/stacks/s.yaml"]: text };
    default:
      return undefined;
  }
}

describe("graph edits round-trip: ../shared/corpus", { skip: fs.existsSync(CORPUS) ? false : "../shared/corpus is not present" }, () => {
  const tally = { applied: 0 };
  for (const format of ["polycrate", "atmos", "env0", "fabrikate"]) {
    const dir = path.join(CORPUS, format);
    // A format's folder is optional; when it is there, it must hold files that format serves.
    if (!fs.existsSync(dir)) {
      it(format, { skip: `../shared/corpus/${format} is not present` }, () => {});
      continue;
    }
    for (const file of entriesOf(dir, (f) => placeOf(format, f) !== undefined, `file the ${format} format serves`)) {
      const files = placeOf(format, file)!;
      it(`${format}/${file}`, () => {
        const index = workspace(files);
        for (const p of Object.keys(files)) if (index.file(p)?.format === format) exercise(index, p, tally);
      });
    }
  }
  it("applied edits to the corpus", () => assert.ok(tally.applied >= 20, `only ${tally.applied} edit(s) applied`));
});
