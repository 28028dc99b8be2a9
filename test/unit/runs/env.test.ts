// The environment of a run: sources in order, names only in what is printed or stored.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { envSummary, parseDotEnv, runEnv } from "../../../engine/env";
import { redactPlan } from "../../../engine/env";
import { dotEnvLines } from "../../../common/dotenv";
import { readEnv } from "../../../server/src/formats/deis/env";

describe("run environment", () => {
  it("parses .env lines", () => {
    assert.deepEqual(parseDotEnv('# c\nA=1\nexport B = "two words"\nC=\'x\'\n  D=\nbad line\n#E=1\n'), { A: "1", B: "two words", C: "x", D: "" });
  });

  it("splits .env lines as the Deis format does: on \\n, a \\r dropped, with offsets, a last empty line kept", () => {
    const text = "A=1\r\n# c\n\nB=2";
    assert.deepEqual(dotEnvLines(text), [
      { text: "A=1", start: 0, end: 3, line: 0 },
      { text: "# c", start: 5, end: 8, line: 1 },
      { text: "", start: 9, end: 9, line: 2 },
      { text: "B=2", start: 10, end: 13, line: 3 },
    ]);
    assert.deepEqual(dotEnvLines("X=1\n").map((l) => l.text), ["X=1", ""]);
    assert.deepEqual(dotEnvLines(""), [{ text: "", start: 0, end: 0, line: 0 }]);
    // The same lines, read by the Deis rules (verbatim values, spans into the text) and by a run's.
    assert.deepEqual(readEnv(text).entries.map((e) => [e.key, e.value, text.slice(e.valueSpan.start, e.valueSpan.end)]), [["A", "1", "1"], ["B", "2", "2"]]);
    assert.deepEqual(parseDotEnv(text), { A: "1", B: "2" });
  });

  it("layers process env, then infraflow.env, then the .env beside the file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-env-"));
    try {
      fs.writeFileSync(path.join(dir, ".env"), "TOKEN=from-dotenv\nONLY_DOT=1\n");
      const e = runEnv(path.join(dir, "workspace.poly"), { TOKEN: "from-settings", REGION: "eu" }, { TOKEN: "from-process", PATH: "/bin" });
      assert.equal(e.env.TOKEN, "from-dotenv");
      assert.equal(e.env.REGION, "eu");
      assert.equal(e.env.PATH, "/bin");
      const line = envSummary(e);
      assert.equal(line, "Environment (names only): infraflow.env: TOKEN, REGION; .env: TOKEN, ONLY_DOT");
      assert.ok(!/from-|eu/.test(line));
      assert.equal(envSummary(runEnv(path.join(dir, "sub", "x.poly"), {}, {})), "");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("redacts step environment values in stored plans", () => {
    const p = redactPlan({ title: "t", policy: { mode: "sequential", maxConcurrency: 1, onFailure: "stop" }, steps: [{ id: "a", label: "a", command: { shell: "x" }, cwd: "/", needs: [], env: { SECRET: "hunter2" } }] });
    assert.deepEqual(p.steps[0]!.env, { SECRET: "••••" });
  });
});
