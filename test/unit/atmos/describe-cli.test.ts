// `infraflow describe component C -s S` against Atmos's own golden outputs (../shared/corpus/atmos-conformance,
// read in place), and its layout, errors and provenance on small workspaces.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import YAML from "yaml";
import { describeCommand } from "../../../server/src/cli/describe";
import { UsageError } from "../../../server/src/cli/check";
import { describe as describeOf, render, sortKeys } from "../../../server/src/formats/atmos/describe-output";
import { engineFor } from "../../../server/src/formats/atmos/stacks";
import { CORPUS } from "../../support/corpus";
import { workspace } from "../../support/ws";

const CONF = path.join(CORPUS, "atmos-conformance");
const SNAP = path.join(CONF, "tests/snapshots");
const PROVENANCE = path.join(CONF, "tests/fixtures/scenarios/provenance");
const SKIP = fs.existsSync(PROVENANCE) && fs.existsSync(SNAP) ? undefined : "../shared/corpus/atmos-conformance is absent";

function run(cwd: string, ...args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = describeCommand(args, cwd, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const golden = (name: string): string => fs.readFileSync(path.join(SNAP, `TestCLICommands_${name}.stdout.golden`), "utf8");

describe("infraflow describe component: Atmos's golden outputs", { skip: SKIP }, () => {
  // tests/test-cases/flag-inheritance.yaml "describe component with stack flag": the full output, in
  // fixtures/scenarios/provenance. Every key we print must equal Atmos's, value and layout.
  it("prints the keys it computes exactly as `atmos describe component mock -s acme-dev-us-east-1`", () => {
    const r = run(PROVENANCE, "component", "mock", "-s", "acme-dev-us-east-1");
    assert.equal(r.code, 0, r.err);
    const ours = YAML.parse(r.out) as Record<string, unknown>;
    const theirs = YAML.parse(golden("describe_component_with_stack_flag")) as Record<string, unknown>;
    for (const k of ["vars", "settings", "env", "backend", "backend_type", "metadata", "imports", "atmos_component", "atmos_stack", "atmos_manifest", "component", "component_type"]) {
      assert.ok(k in ours, `we print ${k}`);
      assert.deepEqual(ours[k], theirs[k], k);
    }
    // Atmos's CLI tests run it with ATMOS_COMPONENTS_TERRAFORM_COMMAND=tofu (cli_test.go); the fixture names no command.
    assert.equal(ours.command, "terraform");
    assert.equal(theirs.command, "tofu");
    for (const k of Object.keys(ours)) if (k !== "command") assert.deepEqual(ours[k], theirs[k], `${k} is printed, so it must be Atmos's`);
    // Same text too: each top-level block we print is the golden's block, line for line.
    const blocks = (text: string): Map<string, string> => {
      const m = new Map<string, string>();
      let cur = "";
      for (const line of text.split("\n")) {
        if (!line || line.startsWith("#")) continue;
        if (!line.startsWith(" ")) cur = line.split(":")[0]!;
        m.set(cur, (m.get(cur) ?? "") + line + "\n");
      }
      return m;
    };
    const g = blocks(golden("describe_component_with_stack_flag"));
    for (const [k, text] of blocks(r.out)) if (k !== "command") assert.equal(text, g.get(k), `block ${k}`);
    // And in Atmos's order.
    assert.deepEqual(Object.keys(ours), sortKeys(Object.keys(ours)));
  });

  // tests/test-cases/provenance-snapshots.yaml "describe component provenance basic".
  it("--provenance prints Atmos's legend, sections and file:line comments", () => {
    const r = run(PROVENANCE, "component", "mock", "-s", "acme-dev-us-east-1", "--provenance");
    assert.equal(r.code, 0, r.err);
    const want = golden("describe_component_provenance_basic").replace(/\n+$/, "");
    const theirs = YAML.parse(want) as Record<string, unknown>;
    const ours = YAML.parse(r.out) as Record<string, unknown>;
    for (const k of Object.keys(theirs)) assert.deepEqual(ours[k], theirs[k], k);
    // Every line Atmos prints, comments (symbol, depth, file and line) included, we print the same, in order. We
    // also print `metadata`, which Atmos's provenance leaves out as untracked at this version.
    const ourLines = r.out.split("\n");
    let at = 0;
    for (const line of want.split("\n")) {
      const found = ourLines.indexOf(line, at);
      assert.ok(found >= 0, `Atmos's line is missing or out of order: ${JSON.stringify(line)}`);
      at = found + 1;
    }
    const extra = ourLines.filter((l) => !want.split("\n").includes(l));
    assert.deepEqual(extra.map((l) => l.replace(/\s+#.*$/, "")), ["metadata:", "  component: mock"]);
  });

  it("--format json: the same data, keys sorted, two-space indent", () => {
    const y = YAML.parse(run(PROVENANCE, "component", "mock", "-s", "acme-dev-us-east-1").out) as Record<string, unknown>;
    const r = run(PROVENANCE, "component", "mock", "-s", "acme-dev-us-east-1", "--format", "json");
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), y);
    assert.match(r.out, /^\{\n {2}"atmos_component": "mock",\n/);
  });

  it("an unknown stack is an error (exit 1) that suggests the near name and lists the component's stacks", () => {
    const r = run(PROVENANCE, "component", "mock", "-s", "acme-dev-us-east");
    assert.equal(r.code, 1);
    assert.equal(r.out, "");
    assert.match(r.err, /Stack 'acme-dev-us-east' not found/);
    assert.match(r.err, /Did you mean 'acme-dev-us-east-1'\?/);
    assert.match(r.err, /Component 'mock' is in: acme-dev-us-east-1\./);
  });

  it("an unknown component is an error (exit 1) with the near names", () => {
    const r = run(PROVENANCE, "component", "mok", "-s", "acme-dev-us-east-1");
    assert.equal(r.code, 1);
    assert.match(r.err, /Component 'mok' not found in stack 'acme-dev-us-east-1'/);
    assert.match(r.err, /Did you mean 'mock'\?/);
  });

  it("is run from a subfolder the way Atmos is (the nearest atmos.yaml above)", () => {
    const r = run(path.join(PROVENANCE, "stacks/orgs"), "component", "mock", "-s", "acme-dev-us-east-1");
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^atmos_stack: acme-dev-us-east-1$/m);
  });
});

describe("infraflow describe component: usage and workspaces", () => {
  let dir = "";
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "infraflow-describe-"));
    fs.mkdirSync(path.join(dir, "repo/stacks/deploy"), { recursive: true });
    fs.mkdirSync(path.join(dir, "plain"), { recursive: true });
    fs.writeFileSync(path.join(dir, "repo/atmos.yaml"), 'stacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n');
    fs.writeFileSync(path.join(dir, "repo/stacks/deploy/dev.yaml"), "vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n      vars:\n        cidr: 10.0.0.0/16\n");
    fs.writeFileSync(path.join(dir, "repo/stacks/deploy/prod.yaml"), "vars:\n  stage: prod\ncomponents:\n  terraform:\n    vpc: {}\n    db: {}\n");
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("outside an Atmos workspace: a clear message and exit 1", () => {
    const r = run(path.join(dir, "plain"), "component", "vpc", "-s", "dev");
    assert.equal(r.code, 1);
    assert.match(r.err, /no Atmos workspace: no atmos\.yaml or atmos\.yml in .*plain or any folder above it/);
  });

  it("usage errors are UsageErrors (exit 2 in main)", () => {
    const cwd = path.join(dir, "repo");
    assert.throws(() => run(cwd, "component", "vpc"), (e: unknown) => e instanceof UsageError && /-s STACK/.test(e.message));
    assert.throws(() => run(cwd, "component", "-s", "dev"), UsageError);
    assert.throws(() => run(cwd, "stacks"), (e: unknown) => e instanceof UsageError && /'component'/.test(e.message));
    assert.throws(() => run(cwd, "component", "vpc", "-s", "dev", "--format", "xml"), /yaml or json/);
    assert.throws(() => run(cwd, "component", "vpc", "-s", "dev", "--format", "json", "--provenance"), UsageError);
    assert.throws(() => run(cwd, "component", "vpc", "-s", "dev", "--bogus"), /Unknown option '--bogus'/);
  });

  it("a component that is not in the stack names the stacks it is in", () => {
    const r = run(path.join(dir, "repo"), "component", "db", "-s", "dev");
    assert.equal(r.code, 1);
    assert.match(r.err, /Component 'db' not found in stack 'dev'\.\n'db' is in: prod\./);
  });

  it("describes with a header naming the keys left out, and each line's file:line with --provenance", () => {
    const r = run(path.join(dir, "repo"), "component", "vpc", "-s", "dev");
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^# Left out \(only Atmos knows them\): atmos_cli_config, .*component_info/m);
    assert.deepEqual((YAML.parse(r.out) as { vars: unknown }).vars, { cidr: "10.0.0.0/16", stage: "dev" });
    const p = run(path.join(dir, "repo"), "component", "vpc", "-s", "dev", "--provenance");
    assert.match(p.out, /^ {2}cidr: 10\.0\.0\.0\/16 +# ● \[1\] deploy\/dev\.yaml:7$/m);
    assert.match(p.out, /^ {2}stage: dev +# ● \[1\] deploy\/dev\.yaml:2$/m);
  });
});

describe("describe output: YAML as Atmos (yaml.v3) writes it", () => {
  const ws = (manifest: string) =>
    workspace({
      "/ws/atmos.yaml": 'stacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n',
      "/ws/stacks/catalog/base.yaml": "components:\n  terraform:\n    app:\n      vars:\n        from_catalog: 1\n",
      "/ws/stacks/deploy/dev.yaml": manifest,
    });

  it("orders keys as yaml.v3 (numbers within keys compared as numbers) and quotes as it does", () => {
    const e = engineFor(
      ws(`import:\n  - catalog/base\nvars:\n  stage: dev\ncomponents:\n  terraform:\n    app:\n      vars:\n        a10: x\n        a2: "true"\n        b: ""\n        c: "{{ not a template }}"\n        d: "123"\n        e: "- dash"\n        f: "key: value"\n        g: plain text\n        h: [1, {k: v, j: w}]\n        i: "two\\nlines"\n`),
    );
    const r = describeOf(e, "dev", "app");
    assert.ok(r.ok);
    const text = render(r.description, { format: "yaml", bare: true }).text;
    const from = text.slice(text.indexOf("\nvars:\n") + 1);
    // Up to the next top-level key (`workspace:` follows `vars:`).
    const vars = from.slice(0, from.search(/\n[a-z]/) + 1);
    assert.equal(
      vars,
      [
        "vars:",
        "  a2: \"true\"",
        "  a10: x",
        "  b: \"\"",
        "  c: '{{ not a template }}'",
        "  d: \"123\"",
        "  e: '- dash'",
        "  f: 'key: value'",
        "  from_catalog: 1",
        "  g: plain text",
        "  h:",
        "    - 1",
        "    - j: w",
        "      k: v",
        "  i: |-",
        "    two",
        "    lines",
        "  stage: dev",
        "",
      ].join("\n"),
    );
    assert.deepEqual(YAML.parse(text).vars, { a10: "x", a2: "true", b: "", c: "{{ not a template }}", d: "123", e: "- dash", f: "key: value", from_catalog: 1, g: "plain text", h: [1, { k: "v", j: "w" }], i: "two\nlines", stage: "dev" });
  });

  it("each value line links to where it was written; an imported value to the catalog, with its depth", () => {
    const e = engineFor(ws("import:\n  - catalog/base\nvars:\n  stage: dev\ncomponents:\n  terraform:\n    app:\n      vars:\n        own: 2\n"));
    const r = describeOf(e, "dev", "app");
    assert.ok(r.ok);
    const out = render(r.description, { format: "yaml", bare: true });
    const lines = out.text.split("\n");
    const at = (needle: string) => out.sources.find((s) => lines[s.line] === needle)?.source;
    assert.deepEqual({ ...at("  from_catalog: 1"), computed: undefined, runtime: undefined }, { file: "/ws/stacks/catalog/base.yaml", line: 4, character: 22, depth: 2, computed: undefined, runtime: undefined });
    assert.equal(at("  own: 2")?.file, "/ws/stacks/deploy/dev.yaml");
    assert.equal(at("  own: 2")?.depth, 1);
    assert.equal(at("  - catalog/base")?.file, "/ws/stacks/deploy/dev.yaml");
    assert.equal(at("  - catalog/base")?.line, 1);
    // A map's key line takes its first child's source, as Atmos's provenance does.
    assert.equal(at("vars:")?.file, "/ws/stacks/catalog/base.yaml");
  });

  it("marks a YAML function Atmos resolves at run time instead of inventing its value", () => {
    const e = engineFor(ws("vars:\n  stage: dev\ncomponents:\n  terraform:\n    app:\n      vars:\n        id: !terraform.output net vpc_id\n"));
    const r = describeOf(e, "dev", "app");
    assert.ok(r.ok);
    const text = render(r.description, { format: "yaml", bare: true }).text;
    assert.match(text, /^ {2}id: '?!terraform\.output net vpc_id'? {2}# resolved by Atmos at run time$/m);
  });
});
