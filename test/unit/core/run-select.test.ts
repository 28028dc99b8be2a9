// Choosing what to run from a file, as `infraflow run FILE [NAME]` does, and where the CLI roots a workspace.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import type { Runnable } from "../../../common/run";
import { rootFor } from "../../../server/src/cli/check";
import { historyDir } from "../../../server/src/cli/run";
import { findRunnable } from "../../../server/src/features/run";

const r = (id: string, label: string, extra: Partial<Runnable> = {}): Runnable => ({
  id,
  label,
  kind: "workflow",
  uri: "file:///w/f",
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  ...extra,
});

describe("findRunnable", () => {
  const env0 = [r("workflow", "workflow"), r("alias:net", "net", { kind: "node", parent: "workflow", stepId: "alias:net" }), r("alias:app", "app", { kind: "node", parent: "workflow", stepId: "alias:app" })];
  it("picks the only top-level runnable when no name is given (children do not count)", () => {
    assert.equal(findRunnable(env0, undefined).id, "workflow");
  });
  it("finds by id, by label and by the name after the kind", () => {
    const poly = [r("workflow:release", "release"), r("workflow:health", "health"), r("step:release#0", "build", { kind: "step", parent: "workflow:release" })];
    assert.equal(findRunnable(poly, "health").id, "workflow:health");
    assert.equal(findRunnable(poly, "step:release#0").id, "step:release#0");
    assert.equal(findRunnable(poly, "build").id, "step:release#0");
    assert.equal(findRunnable(env0, "app").id, "alias:app");
    assert.throws(() => findRunnable(poly, undefined), /Say what to run: release, health\./);
    assert.throws(() => findRunnable(poly, "nope"), /Nothing named 'nope' to run here/);
  });
});

describe("rootFor", () => {
  it("stops at the working directory when no marker is found on the way", () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-root-")));
    try {
      fs.mkdirSync(path.join(dir, "config"));
      fs.writeFileSync(path.join(dir, "config/prod.yaml"), "config: {}\n");
      assert.equal(rootFor(path.join(dir, "config/prod.yaml"), dir), dir);
      fs.writeFileSync(path.join(dir, "config/atmos.yaml"), "");
      assert.equal(rootFor(path.join(dir, "config/prod.yaml"), dir), path.join(dir, "config"));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("historyDir", () => {
  it("takes --history, then INFRAFLOW_HISTORY, then a folder per working directory in the state folder", () => {
    assert.equal(historyDir({ history: "h" }, "/w", { INFRAFLOW_HISTORY: "/e" }), path.resolve("/w", "h"));
    assert.equal(historyDir({}, "/w", { INFRAFLOW_HISTORY: "e" }), path.resolve("/w", "e"));
    const a = historyDir({}, "/w/a", { XDG_STATE_HOME: "/state" });
    assert.match(a, /^\/state\/infraflow\/runs\/[0-9a-f]{16}$/);
    assert.equal(historyDir({}, "/w/a", { XDG_STATE_HOME: "/state" }), a, "the same folder for the same working directory");
    assert.notEqual(historyDir({}, "/w/b", { XDG_STATE_HOME: "/state" }), a);
  });
});
