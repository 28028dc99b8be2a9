// The Fabrikate format: detection, diagnostics and their fixes, config ↔ component navigation, completion and
// the precedence hover.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toJsonSchema } from "../../../server/src/core/shape";
import { complete } from "../../../server/src/features/complete";
import { definition, references } from "../../../server/src/features/definition";
import { hover } from "../../../server/src/features/hover";
import { rename } from "../../../server/src/features/rename";
import { documentSymbols, workspaceSymbols } from "../../../server/src/features/symbols";
import { validate } from "../../../server/src/features/validate";
import { environments, fabrikateFormat, type ComponentFileModel } from "../../../server/src/formats/fabrikate";
import type { WorkspaceIndex } from "../../../server/src/index/workspace-index";
import { applyChanges, cursor, ws } from "./support";

const COMPONENT = `name: shop
type: static
subcomponents:
  - name: ingress
    type: helm
    method: helm
    source: https://charts.example.com
    path: ingress-nginx
  - name: app
    subcomponents:
      - name: db
        type: helm
        source: ./charts/db
      - name: ingress
        type: static
        path: ./manifests
`;
const COMMON = `namespace: shop
config:
  replicas: 1
subcomponents:
  ingress:
    config:
      replicaCount: 1
  app:
    subcomponents:
      db:
        config:
          size: 10Gi
`;
const PROD = `config:
  replicas: 3
subcomponents:
  ingress:
    disabled: true
    config:
      replicaCount: 3
`;

function shop(extra: Record<string, string> = {}): WorkspaceIndex {
  return ws({ "/ws/shop/component.yaml": COMPONENT, "/ws/shop/config/common.yaml": COMMON, "/ws/shop/config/prod.yaml": PROD, ...extra });
}

function codes(index: WorkspaceIndex, p: string): string[] {
  return validate(index, p).map((d) => `${d.range.start.line + 1}:${d.code}`);
}

/** Applies the fix titled `title` of the first problem with `code` and returns the new text. */
function fixed(index: WorkspaceIndex, p: string, code: string, title?: string): string {
  const pr = index.problems(p).find((x) => x.code === code);
  assert.ok(pr, `no ${code} in ${JSON.stringify(index.problems(p).map((x) => x.code))}`);
  const fix = title ? pr.fixes?.find((f) => f.title === title) : pr.fixes?.[0];
  assert.ok(fix, `no fix on ${code}: ${JSON.stringify(pr.fixes?.map((f) => f.title))}`);
  return applyChanges(index.readText(p)!, fix.changes);
}

const CC = "/ws/c/component.yaml";

describe("fabrikate detection", () => {
  it("claims component files with the Fabrikate shape, and config files beside them", () => {
    const index = ws({
      "/ws/a/component.yaml": "name: a\nsubcomponents:\n  - name: b\n",
      "/ws/b/component.yaml": "name: b\ntype: helm\n",
      "/ws/c/component.yaml": "name: c\nmethod: git\nsource: https://example.com/c.git\n",
      "/ws/d/component.json": '{ "name": "d", "generator": "static" }',
      "/ws/e/component.yaml": "name: e\nsource: ../e2\n",
      "/ws/e/config/common.yaml": "namespace: e\n",
      "/ws/a/config/prod.yaml": "namespace: a\n",
      "/ws/a/config/prod.json": '{ "namespace": "a" }',
      "/ws/a/config/notes.yml": "namespace: a\n",
      "/ws/a/config/nested/x.yaml": "namespace: a\n",
      "/ws/f/component.yaml": "name: f\n",
    });
    const kinds = Object.fromEntries(index.paths().map((p) => [p, index.detected(p)?.kind]));
    assert.deepEqual(kinds, {
      "/ws/a/component.yaml": "component",
      "/ws/b/component.yaml": "component",
      "/ws/c/component.yaml": "component",
      "/ws/d/component.json": "component",
      "/ws/e/component.yaml": "component",
      "/ws/e/config/common.yaml": "config",
      "/ws/a/config/prod.yaml": "config",
      "/ws/a/config/prod.json": "config",
    });
  });

  it("leaves another tool's component.yaml alone, even with a config/ folder beside it", () => {
    const backstage = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: shop\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n";
    const openapi = "openapi: 3.0.0\ninfo:\n  title: Shop\n  version: 1.0.0\npaths: {}\ncomponents:\n  schemas:\n    Order:\n      type: object\n";
    const index = ws({
      "/ws/backstage/component.yaml": backstage,
      "/ws/backstage/config/prod.yaml": "namespace: shop\n",
      "/ws/api/component.yaml": openapi,
      "/ws/typed/component.yaml": "name: widget\ntype: button\n",
    });
    assert.deepEqual(index.paths(), []);
    assert.equal(fabrikateFormat.detect("/ws/backstage/component.yaml", backstage, index), undefined);
  });

  it("lists environments by config file, YAML before JSON", () => {
    const index = shop({ "/ws/shop/config/prod.json": "{}" });
    assert.deepEqual(
      environments("/ws/shop", index).map((e) => [e.name, e.path]),
      [
        ["common", "/ws/shop/config/common.yaml"],
        ["prod", "/ws/shop/config/prod.yaml"],
      ],
    );
  });
});

describe("fabrikate component diagnostics", () => {
  it("accepts a clean tree", () => {
    const index = shop();
    for (const p of index.paths()) assert.deepEqual(codes(index, p), [], p);
  });

  it("reports each rule at its key", () => {
    const index = ws({
      [CC]: `name: c
generatr: static
repositories:
  stable: https://charts.example.com
hooks:
  before-instal:
    - echo hi
  on-fire:
    - echo no
subcomponents:
  - name: remote
    type: helm
    method: http
    source: https://example.com/x.yaml
  - name: pinned
    method: helm
    branch: main
  - name: pinned
    method: git
    source: https://example.com/p.git
    branch: main
  - type: bogus
    source: ./x
`,
    });
    assert.deepEqual(codes(index, CC).sort(), [
      "13:fab/http-needs-static",
      "16:fab/missing-source",
      "17:fab/branch-needs-git",
      "18:fab/duplicate-name",
      "22:fab/invalid-value",
      "22:fab/missing-required",
      "2:fab/unknown-key",
      "3:fab/deprecated",
      "6:fab/unknown-hook",
      "8:fab/unknown-hook",
    ]);
    const msgs = validate(index, CC).map((d) => String(d.message));
    assert.ok(msgs.includes("Unknown key 'generatr' in component. Did you mean 'generator'? It is ignored."));
    assert.ok(msgs.includes("Unknown hook 'before-instal': Fabrikate never runs it. Did you mean 'before-install'?"));
    assert.ok(msgs.some((m) => m.startsWith("Unknown hook 'on-fire': Fabrikate never runs it. Hooks are before-install")));
    assert.ok(msgs.includes("Component 'remote' uses 'method: http', which downloads a single manifest: it needs 'type: static' (it is 'helm')."));
    const sev = Object.fromEntries(validate(index, CC).map((d) => [d.code, d.severity]));
    assert.equal(sev["fab/unknown-key"], 2);
    assert.equal(sev["fab/http-needs-static"], 1);
    assert.equal(sev["fab/branch-needs-git"], 2);
    assert.equal(sev["fab/duplicate-name"], 2);
  });

  it("warns on the deprecated generator and renames it to type", () => {
    const index = ws({ [CC]: "name: c\ngenerator: static\npath: ./manifests\n" });
    const d = validate(index, CC).find((x) => x.code === "fab/deprecated-generator")!;
    assert.equal(d.severity, 2);
    assert.equal(d.message, "'generator' is deprecated: Fabrikate copies it to 'type'. Write 'type: static' instead.");
    assert.equal(fixed(index, CC, "fab/deprecated-generator"), "name: c\ntype: static\npath: ./manifests\n");
  });

  it("moves generator's value into type when type is written too, since generator wins", () => {
    const index = ws({ [CC]: "name: c\ntype: helm\ngenerator: static # old\npath: chart\n" });
    assert.equal(fixed(index, CC, "fab/deprecated-generator"), "name: c\ntype: static\npath: chart\n");
  });

  it("removes generator on a list item's first line, moving the next key onto the dash", () => {
    const index = ws({ [CC]: "name: c\nsubcomponents:\n  - generator: helm\n    type: helm\n    name: x\n" });
    assert.equal(fixed(index, CC, "fab/deprecated-generator"), "name: c\nsubcomponents:\n  - type: helm\n    name: x\n");
  });

  it("fixes generator in component.json, keeping JSON valid", () => {
    const p = "/ws/j/component.json";
    const rename1 = ws({ [p]: '{\n  "name": "j",\n  "generator": "static"\n}\n' });
    assert.equal(fixed(rename1, p, "fab/deprecated-generator"), '{\n  "name": "j",\n  "type": "static"\n}\n');
    const last = ws({ [p]: '{\n  "name": "j",\n  "type": "static",\n  "generator": "static"\n}\n' });
    assert.equal(fixed(last, p, "fab/deprecated-generator"), '{\n  "name": "j",\n  "type": "static"\n}\n');
    const middle = ws({ [p]: '{\n  "generator": "static",\n  "type": "static",\n  "name": "j"\n}\n' });
    const text = fixed(middle, p, "fab/deprecated-generator");
    assert.equal(text, '{\n  "type": "static",\n  "name": "j"\n}\n');
    assert.deepEqual(JSON.parse(text), { type: "static", name: "j" });
  });

  it("fixes an unknown hook and http without static", () => {
    const index = ws({ [CC]: "name: c\nhooks:\n  after-generat:\n    - echo\nsubcomponents:\n  - name: x\n    type: helm\n    method: http\n    source: https://e.com/x.yaml\n" });
    assert.equal(fixed(index, CC, "fab/unknown-hook"), "name: c\nhooks:\n  after-generate:\n    - echo\nsubcomponents:\n  - name: x\n    type: helm\n    method: http\n    source: https://e.com/x.yaml\n");
    assert.match(fixed(index, CC, "fab/http-needs-static"), /type: static\n    method: http/);
  });
});

describe("fabrikate config files", () => {
  it("warns on unknown subcomponents at the right level, with a fix", () => {
    const index = shop({ "/ws/shop/config/dev.yaml": "subcomponents:\n  ingres:\n    config: {}\n  db: {}\n  app:\n    subcomponents:\n      ingress: {}\n      dbb: {}\n    namespce: x\n" });
    const p = "/ws/shop/config/dev.yaml";
    assert.deepEqual(codes(index, p), ["9:fab/unknown-key", "2:fab/unknown-subcomponent", "4:fab/unknown-subcomponent", "8:fab/unknown-subcomponent"]);
    const msgs = validate(index, p).map((d) => d.message);
    assert.ok(msgs.includes("'shop' has no subcomponent 'ingres'. Did you mean 'ingress'? Fabrikate ignores this entry."));
    assert.ok(msgs.includes("'shop' has no subcomponent 'db'. Its subcomponents are ingress, app. Fabrikate ignores this entry."));
    assert.ok(msgs.includes("'app' has no subcomponent 'dbb'. Did you mean 'db'? Fabrikate ignores this entry."));
    assert.match(fixed(index, p, "fab/unknown-subcomponent"), /^subcomponents:\n {2}ingress:\n/);
  });

  it("does not guess below a component defined elsewhere (git, helm repository, folder outside the workspace)", () => {
    const index = ws({
      "/ws/x/component.yaml": "name: x\nsubcomponents:\n  - name: remote\n    method: git\n    source: https://example.com/r.git\n  - name: away\n    source: ../not-here\n",
      "/ws/x/config/prod.yaml": "subcomponents:\n  remote:\n    subcomponents:\n      anything: {}\n  away:\n    subcomponents:\n      whatever: {}\n",
    });
    assert.deepEqual(codes(index, "/ws/x/config/prod.yaml"), []);
  });

  it("jumps from a config key to the subcomponent at the same level", () => {
    const index = shop();
    const common = "/ws/shop/config/common.yaml";
    const top = definition(index, common, COMMON.indexOf("ingress") + 2)!;
    assert.equal(top.length, 1);
    assert.equal(top[0]!.targetUri, "file:///ws/shop/component.yaml");
    assert.equal(top[0]!.targetSelectionRange.start.line, 3);
    const nested = definition(index, common, COMMON.indexOf("db:") + 1)!;
    assert.equal(nested[0]!.targetSelectionRange.start.line, 10);
  });

  it("follows a local source into another component file", () => {
    const index = ws({
      "/ws/top/component.yaml": "name: top\nsubcomponents:\n  - name: app\n    source: ../app\n",
      "/ws/top/config/prod.yaml": "subcomponents:\n  app:\n    subcomponents:\n      cache:\n        config: {}\n      cach: {}\n",
      "/ws/app/component.yaml": "name: app\nsubcomponents:\n  - name: cache\n    type: helm\n    method: helm\n    source: https://charts.example.com\n    path: redis\n",
    });
    const p = "/ws/top/config/prod.yaml";
    assert.deepEqual(codes(index, p), ["6:fab/unknown-subcomponent"]);
    const text = index.readText(p)!;
    const d = definition(index, p, text.indexOf("cache") + 1)!;
    assert.equal(d[0]!.targetUri, "file:///ws/app/component.yaml");
    assert.equal(d[0]!.targetSelectionRange.start.line, 2);
  });

  it("finds and renames a subcomponent in the component file and every environment", () => {
    const index = shop();
    const comp = "/ws/shop/component.yaml";
    const refs = references(index, comp, COMPONENT.indexOf("ingress") + 1, true)!;
    assert.deepEqual(
      refs.map((r) => `${r.uri.replace("file:///ws/shop/", "")}:${r.range.start.line}`).sort(),
      ["component.yaml:3", "config/common.yaml:4", "config/prod.yaml:3"],
    );
    const viaConfig = rename(index, "/ws/shop/config/prod.yaml", PROD.indexOf("ingress") + 1, "edge");
    assert.ok(viaConfig && "edit" in viaConfig);
    const changes = viaConfig.edit.changes!;
    assert.deepEqual(Object.keys(changes).sort(), ["file:///ws/shop/component.yaml", "file:///ws/shop/config/common.yaml", "file:///ws/shop/config/prod.yaml"]);
    // The nested `app.ingress` is another component and keeps its name.
    assert.deepEqual(changes["file:///ws/shop/component.yaml"]!.map((e) => e.range.start.line), [3]);
    const nested = rename(index, "/ws/shop/config/common.yaml", COMMON.indexOf("db:") + 1, "postgres");
    assert.ok(nested && "edit" in nested);
    assert.deepEqual(nested.edit.changes!["file:///ws/shop/component.yaml"]!.map((e) => [e.range.start.line, e.newText]), [[10, "postgres"]]);
    const bad = rename(index, comp, COMPONENT.indexOf("ingress") + 1, "a b");
    assert.ok(bad && "error" in bad);
  });

  it("completes subcomponent names at the cursor's level", () => {
    const index = shop();
    const p = "/ws/shop/config/dev.yaml";
    const [text, at] = cursor("subcomponents:\n  ingress: {}\n  |\n");
    index.openOrChange(p, text, 1);
    const labels = complete(index, p, at)!.items.map((i) => i.label);
    assert.ok(labels.includes("app"));
    assert.ok(!labels.includes("ingress"), "already configured");
    assert.ok(!labels.includes("db"), "db is nested under app");
    const item = complete(index, p, at)!.items.find((i) => i.label === "app")!;
    assert.equal((item.textEdit as { newText: string }).newText, "app:\n  config:\n    $0");
    const [t2, at2] = cursor("subcomponents:\n  app:\n    subcomponents:\n      |\n");
    index.openOrChange(p, t2, 2);
    assert.deepEqual(
      complete(index, p, at2)!.items.filter((i) => i.kind === 9).map((i) => i.label),
      ["db", "ingress"],
    );
  });

  it("shows which environments set a key, and the precedence", () => {
    const index = shop();
    const prod = "/ws/shop/config/prod.yaml";
    const h = hover(index, prod, PROD.indexOf("replicaCount") + 2)!;
    const md = (h.contents as { value: string }).value;
    assert.match(md, /\*\*`config.replicaCount`\*\* of `ingress`/);
    assert.match(md, /\| `common` \| `1` \| this folder \|/);
    assert.match(md, /\| `prod` \| `3` \| this folder \|/);
    assert.match(md, /with `fab generate A B`, values from `A` win over `B`, and `common` is applied last/);
    assert.match(md, /higher in the tree wins/);
    const root = (hover(index, prod, PROD.indexOf("replicas") + 2)!.contents as { value: string }).value;
    assert.match(root, /`config.replicas`\*\* of the component/);
    const entry = (hover(index, prod, PROD.indexOf("ingress") + 2)!.contents as { value: string }).value;
    assert.match(entry, /configured in these environments/);
    assert.match(entry, /Disabled in: `prod`/);
    const ns = (hover(index, "/ws/shop/config/common.yaml", 2)!.contents as { value: string }).value;
    assert.match(ns, /\| `common` \| `shop` \|/);
    assert.match(ns, /Not set in: `prod`/);
  });

  it("lists lower-level config of a subcomponent with a local source", () => {
    const index = ws({
      "/ws/top/component.yaml": "name: top\nsubcomponents:\n  - name: app\n    source: ../app\n",
      "/ws/top/config/prod.yaml": "subcomponents:\n  app:\n    config:\n      level: top\n",
      "/ws/app/component.yaml": "name: app\ntype: static\npath: ./m\n",
      "/ws/app/config/prod.yaml": "config:\n  level: own\n",
    });
    const text = index.readText("/ws/top/config/prod.yaml")!;
    const md = (hover(index, "/ws/top/config/prod.yaml", text.indexOf("level") + 1)!.contents as { value: string }).value;
    assert.match(md, /\| `prod` \| `top` \| this folder \|/);
    assert.match(md, /\| `prod` \| `own` \| own config \(level 1, lower precedence\) \|/);
  });

  it("hovers a component name with its environments", () => {
    const index = shop();
    const comp = "/ws/shop/component.yaml";
    const root = (hover(index, comp, 7)!.contents as { value: string }).value;
    assert.match(root, /Environments: `common`, `prod`. Generate one with `fab generate prod`/);
    const sub = (hover(index, comp, COMPONENT.indexOf("ingress") + 1)!.contents as { value: string }).value;
    assert.match(sub, /\*\*component\*\* `ingress` — helm/);
    assert.match(sub, /Configured in: `common`, `prod`. Disabled in: `prod`./);
  });
});

describe("fabrikate symbols and model", () => {
  it("outlines the component tree and lists environments as symbols", () => {
    const index = shop();
    const outline = documentSymbols(index, "/ws/shop/component.yaml")!;
    const names = (s: { name: string; children?: unknown[] }): unknown => [s.name, (s.children as typeof outline | undefined)?.map(names) ?? []];
    assert.deepEqual(outline.map(names), [["shop", [["ingress", []], ["app", [["db", []], ["ingress", []]]]]]]);
    assert.equal(outline[0]!.detail, "static");
    assert.equal(outline[0]!.children![0]!.detail, "helm, via helm, from https://charts.example.com, path ingress-nginx");
    const envs = workspaceSymbols(index, "prod").filter((s) => s.containerName === "environment of shop");
    assert.deepEqual(envs.map((s) => s.name), ["prod"]);
  });

  it("exports the component tree with spans", () => {
    const index = shop();
    const m = index.file("/ws/shop/component.yaml")!.facts.model as ComponentFileModel;
    assert.equal(m.dir, "/ws/shop");
    assert.equal(m.root!.effectiveType, "static");
    const [ingress, app] = m.root!.subcomponents;
    assert.equal(ingress!.method!.value, "helm");
    assert.equal(COMPONENT.slice(ingress!.source!.span.start, ingress!.source!.span.end), "https://charts.example.com");
    assert.deepEqual(app!.subcomponents.map((s) => s.parents), [["shop", "app"], ["shop", "app"]]);
  });

  it("publishes both schemas", () => {
    for (const s of fabrikateFormat.schemas!) {
      const shape = fabrikateFormat.shape(s.kind)!;
      const schema = toJsonSchema(shape, { id: s.fileName, title: s.title, description: s.description }) as { properties: Record<string, unknown> };
      assert.ok(schema.properties.subcomponents, s.fileName);
      assert.ok(JSON.stringify(schema).length < 500_000);
    }
  });
});
