// Polycrate in local mode, on disk and through the engine: the documentation's own workflow (blocks written
// inline in workspace.poly, a workflow prompt, an action prompt, a step prompt, allow_failure) runs, and each
// block's actions run in the directory Polycrate gives them (see blockWorkdir in formats/polycrate/plan.ts).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { RunEvent, RunPlan } from "../../../common/run";
import { execute } from "../../../engine/engine";
import { plan } from "../../../server/src/features/run";
import { FORMATS } from "../../../server/src/formats/registry";
import { nodeHost } from "../../../server/src/index/host";
import { CORPUS, corpusPresent } from "../../support/corpus";
import { newIndex } from "../../support/ws";

const LOCAL = { "polycrate.mode": "local" };

function planOf(root: string, file: string, runnable: string): RunPlan {
  const index = newIndex(nodeHost, FORMATS);
  index.setRoots([root]);
  return plan(index, file, { runnable, settings: LOCAL });
}

async function runAll(p: RunPlan) {
  const events: RunEvent[] = [];
  const asked: string[] = [];
  const result = await execute(p, {}, (e) => events.push(e), { confirm: async (message) => (asked.push(message), true) });
  const output = (id: string): string =>
    events
      .filter((e): e is Extract<RunEvent, { type: "step-output" }> => e.type === "step-output" && e.stepId === id)
      .map((e) => e.text)
      .join("");
  return { result, asked, output };
}

describe("polycrate local mode: the documentation's workflow", { skip: corpusPresent("polycrate") ? false : "../shared/corpus/polycrate is not present" }, () => {
  let dir: string;
  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-poly-docs-")));
    // The reference docs' workflow example, as a workspace of its own (no blocks/ folder at all).
    fs.copyFileSync(path.join(CORPUS, "polycrate/docs-reference.workflow.workspace.poly"), path.join(dir, "workspace.poly"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("runs both inline blocks' actions in the workspace directory, asking the three prompts in order", async () => {
    const p = planOf(dir, path.join(dir, "workspace.poly"), "workflow:workflow-1");
    assert.deepEqual(
      p.steps.map((s) => s.cwd),
      [dir, dir],
    );
    const r = await runAll(p);
    assert.deepEqual(r.asked, ["Do you really want to run this workflow?", "Do you really want to run this action?", "Do you really want to run this step?"]);
    assert.deepEqual(r.result.states, { [p.steps[0]!.id]: "succeeded", [p.steps[1]!.id]: "succeeded" });
    assert.equal(r.output(p.steps[0]!.id), "block 1 action 1\n");
    assert.equal(r.output(p.steps[1]!.id), "block 2 action 1\n");
  });
});

describe("polycrate local mode: where each block's actions run", () => {
  let dir: string;
  const WS = `name: where
blocks:
  - name: inline
    actions:
      - name: where
        script:
          - pwd
  - name: heir
    from: installed
  - name: orphan
    from: registry.example/blocks/far:1.0
    actions:
      - name: where
        script:
          - pwd
workflows:
  - name: all
    allow_failure: true
    steps:
      - name: inline
        block: inline
        action: where
      - name: installed
        block: installed
        action: where
      - name: heir
        block: heir
        action: where
      - name: orphan
        block: orphan
        action: where
`;
  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-poly-where-")));
    fs.writeFileSync(path.join(dir, "workspace.poly"), WS);
    fs.mkdirSync(path.join(dir, "blocks/installed"), { recursive: true });
    fs.writeFileSync(path.join(dir, "blocks/installed/block.poly"), "name: installed\nactions:\n  - name: where\n    script:\n      - pwd\n");
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("inline: the workspace; installed: its folder; inheriting: its parent's folder; an absent parent: not run", async () => {
    const p = planOf(dir, path.join(dir, "workspace.poly"), "workflow:all");
    const r = await runAll(p);
    const [inline, installed, heir, orphan] = p.steps.map((s) => s.id) as [string, string, string, string];
    assert.equal(r.output(inline), `${dir}\n`);
    assert.equal(r.output(installed), `${path.join(dir, "blocks/installed")}\n`);
    assert.equal(r.output(heir), `${path.join(dir, "blocks/installed")}\n`);
    assert.equal(r.result.states[orphan], "failed");
    assert.match(r.output(orphan), /inherits from 'registry\.example\/blocks\/far:1\.0', which is not installed/);
  });

  it("says which working directory is missing, instead of blaming bash", async () => {
    const p = planOf(dir, path.join(dir, "workspace.poly"), "workflow:all");
    const gone = path.join(dir, "blocks/installed");
    const moved = `${gone}-moved`;
    fs.renameSync(gone, moved);
    try {
      const r = await runAll({ ...p, steps: p.steps.filter((s) => s.label === "installed") });
      const id = p.steps.find((s) => s.label === "installed")!.id;
      assert.equal(r.output(id), `Could not start the step: its working directory ${gone} does not exist.\n`);
      assert.equal(r.result.states[id], "failed");
    } finally {
      fs.renameSync(moved, gone);
    }
  });
});
