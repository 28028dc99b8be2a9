// `infraflow plan` and `infraflow run` on a Deis app, with a fake `deis` on PATH that records its arguments and
// working directory.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { CliSandbox } from "./support/cli-sandbox";


describe("infraflow plan / run (Deis)", () => {
  let sb: CliSandbox;
  let dir: string;
  let bin: string;
  let calls: string;
  const run = (args: string[], extraEnv: Record<string, string> = {}) => sb.run(args, extraEnv);
  const recorded = () => sb.recorded();

  before(() => {
    sb = new CliSandbox("infraflow-deis-");
    ({ dir, bin, calls } = sb);
    fs.mkdirSync(path.join(dir, ".vscode"));
    // The fake records its folder and arguments, and fails to scale 'crash'.
    fs.writeFileSync(path.join(bin, "deis"), `#!/bin/sh\n(IFS='|'; printf '%s\\n' "$(basename "$PWD")|$*") >> "$CALLS"\n[ "$2" = crash=1 ] && { echo "scale failed" >&2; exit 1; }\nexit 0\n`, { mode: 0o755 });
    fs.mkdirSync(path.join(dir, "shop"));
    fs.writeFileSync(path.join(dir, "shop/Procfile"), "web: npm start\ncrash: node crash.js\n");
    fs.writeFileSync(path.join(dir, "shop/.env"), "PORT=5000\n");
  });
  after(() => sb.dispose());

  it("runs scale, config:push and releases in the app folder", () => {
    fs.rmSync(calls, { force: true });
    assert.equal(run(["run", "shop/Procfile", "web"]).status, 0);
    assert.equal(run(["run", "shop/Procfile", "config:push"]).status, 0);
    assert.equal(run(["run", "shop/.env", "releases"]).status, 0);
    assert.deepEqual(recorded(), ["shop|scale|web=1", "shop|config:push|-p|.env", "shop|releases"]);
  });

  it("asks before a rollback (declined without a terminal, yes with --force)", () => {
    fs.rmSync(calls, { force: true });
    const no = run(["run", "shop/Procfile", "rollback"]);
    assert.equal(no.status, 1);
    assert.match(no.stderr, /Roll back to the previous release\? — no terminal to ask; declined/);
    assert.deepEqual(recorded(), []);
    assert.equal(run(["run", "shop/Procfile", "rollback", "--force"]).status, 0);
    assert.deepEqual(recorded(), ["shop|rollback"]);
  });

  it("fails with the client's exit, and plans without running", () => {
    fs.rmSync(calls, { force: true });
    assert.equal(run(["run", "shop/Procfile", "crash"]).status, 1);
    const p = run(["plan", "shop/Procfile", "rollback"]);
    assert.match(p.stdout, /^deis rollback \(shop\) \(in order, stops at the first failure\)\n {2}1\. rollback {2}\$ deis rollback\n {7}\? Roll back to the previous release\?\n$/);
    assert.deepEqual(recorded(), ["shop|scale|crash=1"]);
  });
});
