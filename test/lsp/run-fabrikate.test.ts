// `infraflow plan` and `infraflow run` on a Fabrikate component, with a fake `fab` on PATH that records its
// arguments and working directory.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { CliSandbox } from "./support/cli-sandbox";


describe("infraflow plan / run (Fabrikate)", () => {
  let sb: CliSandbox;
  let dir: string;
  let bin: string;
  let calls: string;
  const run = (args: string[], extraEnv: Record<string, string> = {}) => sb.run(args, extraEnv);
  const recorded = () => sb.recorded();

  before(() => {
    sb = new CliSandbox("infraflow-fab-");
    ({ dir, bin, calls } = sb);
    fs.mkdirSync(path.join(dir, ".vscode"));
    // The fake records its folder and arguments, and fails to generate 'broken'.
    fs.writeFileSync(path.join(bin, "fab"), `#!/bin/sh\n(IFS='|'; printf '%s\\n' "$(basename "$PWD")|$*") >> "$CALLS"\n[ "$2" = broken ] && { echo "cannot generate" >&2; exit 2; }\nexit 0\n`, { mode: 0o755 });
    fs.mkdirSync(path.join(dir, "shop/config"), { recursive: true });
    fs.writeFileSync(path.join(dir, "shop/component.yaml"), "name: shop\nsubcomponents:\n  - name: ingress\n    method: helm\n    source: https://charts.example.com\n    path: ingress-nginx\n");
    for (const env of ["common", "prod", "broken"]) fs.writeFileSync(path.join(dir, `shop/config/${env}.yaml`), "namespace: shop\n");
  });
  after(() => sb.dispose());

  it("runs fab install and fab generate ENV in the component folder", () => {
    fs.rmSync(calls, { force: true });
    assert.equal(run(["run", "shop/component.yaml", "install"]).status, 0);
    assert.equal(run(["run", "shop/component.yaml", "generate prod"]).status, 0);
    assert.equal(run(["run", "shop/config/common.yaml"]).status, 0, "a config file runs its own environment");
    assert.deepEqual(recorded(), ["shop|install", "shop|generate|prod", "shop|generate|common"]);
  });

  it("fails with fab's exit, and lists what it can run", () => {
    const r = run(["run", "shop/component.yaml", "generate broken"]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot generate/);
    const which = run(["run", "shop/component.yaml"]);
    assert.equal(which.status, 2);
    assert.match(which.stderr, /Say what to run: install, generate broken, generate common, generate prod\./);
    const p = run(["plan", "shop/component.yaml", "generate:prod"]);
    assert.match(p.stdout, /^fab generate prod in shop \(in order, stops at the first failure\)\n {2}1\. generate prod {2}\$ fab generate prod\n$/);
  });
});
