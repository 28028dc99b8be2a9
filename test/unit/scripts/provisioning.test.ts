// The provisioning of the real VS Code (scripts/vscode/): what it hands to the inner npm installs, and that the
// VS Code versions it provisions are the ones package.json claims.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

const ROOT = path.resolve(__dirname, "../../..");
const SCRIPTS = path.join(ROOT, "scripts/vscode");
const readJson = (p: string) => JSON.parse(fs.readFileSync(p, "utf8"));
const versions = Object.fromEntries(
  [...fs.readFileSync(path.join(SCRIPTS, "versions.env"), "utf8").matchAll(/^([A-Z0-9_]+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]),
);
/** `^1.93.0` or `1.93.1` → [1, 93]. */
const minor = (v: string): [number, number] => {
  const m = /(\d+)\.(\d+)/.exec(v);
  assert.ok(m, `not a version: ${v}`);
  return [Number(m[1]), Number(m[2])];
};

describe("provisioning: the inner npm installs", () => {
  it("run without what an outer npm exported, keeping where and how to download", () => {
    // What `npm test` / `npm start` export to their scripts (npm 11 on Node 20), plus a user's own settings.
    const outer = {
      PATH: process.env.PATH!,
      HOME: process.env.HOME ?? "/tmp",
      npm_config_user_agent: "npm/11.19.1 node/v20.20.2 linux x64 workspaces/false",
      npm_config_nodedir: "/usr",
      NPM_CONFIG_GLOBALCONFIG: "/etc/npmrc-upper",
      npm_config_local_prefix: "/work/main",
      npm_config_node_gyp: "/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js",
      npm_execpath: "/usr/lib/node_modules/npm/bin/npm-cli.js",
      npm_node_execpath: "/usr/bin/node",
      npm_lifecycle_event: "test",
      npm_package_name: "infraflow",
      NODE: "/usr/bin/node",
      INIT_CWD: "/work/main",
      npm_config_cache: "/root/.npm",
      npm_config_registry: "https://registry.example.invalid/",
      npm_config_https_proxy: "http://proxy.invalid:3128",
      KEEP_ME: "yes",
    };
    const r = spawnSync("bash", [path.join(SCRIPTS, "clean-npm-env.sh"), "npm_config_nodedir=/opt/node24", "env"], { env: outer, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const got = Object.fromEntries(r.stdout.split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    const npmish = Object.keys(got).filter((k) => /^(npm_|node$|init_cwd$)/i.test(k)).sort();
    assert.deepEqual(npmish, ["npm_config_cache", "npm_config_https_proxy", "npm_config_nodedir", "npm_config_registry"]);
    assert.equal(got.npm_config_nodedir, "/opt/node24", "the provisioned Node's headers, not the outer /usr");
    assert.equal(got.npm_config_cache, "/root/.npm");
    assert.equal(got.npm_config_registry, "https://registry.example.invalid/");
    assert.equal(got.KEEP_ME, "yes");
    assert.equal(got.PATH, outer.PATH);
  });

  it("setup.sh refuses an unknown argument with its usage, before it installs anything", () => {
    const r = spawnSync("bash", [path.join(SCRIPTS, "setup.sh"), "--bogus"], { encoding: "utf8", env: { ...process.env, INFRAFLOW_CACHE: "/nonexistent/never-created" } });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown argument '--bogus' \(usage: setup\.sh \[--quiet\] \[newest\|oldest\|all\]\)/);
    assert.equal(fs.existsSync("/nonexistent/never-created"), false);
  });
});

describe("provisioning: the VS Code versions we claim are the ones we test", () => {
  const pkg = readJson(path.join(ROOT, "package.json"));
  it("engines.vscode's minimum is the oldest provisioned code-server's VS Code (code-server 4.Y ships VS Code 1.Y)", () => {
    assert.match(pkg.engines.vscode, /^\^\d+\.\d+\.0$/);
    const [, csMinor] = minor(versions.OLDEST_CODE_SERVER_VERSION!);
    assert.deepEqual(minor(pkg.engines.vscode), [1, csMinor]);
    assert.ok(minor(versions.CODE_SERVER_VERSION!)[1] > csMinor, "the newest stack is newer than the oldest");
  });
  it("@types/vscode is the declared minimum, so the type check rejects any newer API", () => {
    assert.deepEqual(minor(pkg.devDependencies["@types/vscode"]), minor(pkg.engines.vscode));
  });
  it("the language client we bundle admits that minimum", () => {
    const lc = readJson(path.join(ROOT, "node_modules/vscode-languageclient/package.json"));
    const [maj, min] = minor(lc.engines.vscode);
    const [ourMaj, ourMin] = minor(pkg.engines.vscode);
    assert.ok(ourMaj === maj && ourMin >= min, `vscode-languageclient needs ${lc.engines.vscode}, we declare ${pkg.engines.vscode}`);
  });
});
