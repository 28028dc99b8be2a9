// An edit is answered by an index that kept what it derived before the edit (the Atmos engine hands its closures,
// import resolution and stack names to the next engine when the edit leaves imports and root sections alone).
// It also keeps merged stacks, and in a stack an edit reaches, the components whose definitions the edit left alone.
// Whatever it keeps, every file's problems and every stack's merged, effective and rendered components (values with
// the file and offset each came from) after an edit must be what a freshly built index finds for the same texts:
// over the Atmos example and every scenario and example of Atmos's own corpus (skipped when ../shared is absent),
// with edits that keep the structure (a comment, a component renamed, a value in a component changed, a component's
// section renamed) and edits that do not (an import pointed elsewhere, the root vars changed).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import type { Problem } from "../../../server/src/core/problem";
import { isMap, isScalar, isSeq, type Node } from "../../../server/src/core/yaml";
import { describeComponent, renderedSections } from "../../../server/src/formats/atmos/describe";
import { effective, scalarAt, type Val } from "../../../server/src/formats/atmos/inherit";
import { engineFor } from "../../../server/src/formats/atmos/stacks";
import { componentKey, type StackModel } from "../../../server/src/formats/atmos/model";
import { nodeHost } from "../../../server/src/index/host";
import type { WorkspaceIndex } from "../../../server/src/index/workspace-index";
import { CORPUS } from "../../support/corpus";
import { newIndex, workspace } from "../../support/ws";

const examples = path.resolve(__dirname, "../../../examples");
const conformance = path.join(CORPUS, "atmos-conformance");
const conformancePresent = fs.existsSync(path.join(conformance, "tests/fixtures/scenarios"));

const key = (p: Problem): string => JSON.stringify([p.path, p.span, p.severity, p.code, p.message, p.related ?? null]);

/**
 * Every file's problems, each manifest's closure and stack name, and each stack's components as merged, effective,
 * rendered and described (what the engine may keep across edits).
 */
function allProblems(index: WorkspaceIndex): string[] {
  const engine = engineFor(index);
  const structure = engine.manifests().map((m) => JSON.stringify([m.path, engine.closure(m.path), engine.stackName(m.path) ?? null, [...engine.importers(m.path)].sort()]));
  return [...index.paths().flatMap((p) => index.problems(p).map(key)), ...structure, JSON.stringify(engine.contexts()), ...mergedValues(index)].sort();
}

/** A value with where each leaf came from. */
function located(v: Val | undefined): unknown {
  if (!v) return null;
  if (v.kind === "leaf") return [v.value, v.text, v.path, v.offset, !!v.runtime];
  return [[...v.entries].map(([k, c]) => [k, located(c)]), (v.runtime ?? []).map(located)];
}

/** Every stack's components: as merged (definitions, values and provenance), effective, rendered and described. */
function mergedValues(index: WorkspaceIndex): string[] {
  const engine = engineFor(index);
  const out: string[] = [];
  for (const ctx of engine.contexts()) {
    const stack = engine.merged(ctx);
    out.push(JSON.stringify([ctx, "stack", located(stack.vars), located(stack.settings), located(stack.env), located(stack.hooks), [...stack.components.keys()]]));
    for (const [k, c] of stack.components) {
      const merged = [
        c.defs.map((d) => [d.path, d.item.nameSpan, d.item.fullSpan, d.item.inherits, d.item.dependencies]),
        ...[c.vars, c.settings, c.env, c.metadata, c.overrides, c.backendType, c.backend].map(located),
        [...c.extra].map(([x, v]) => [x, located(v)]),
        c.componentAttr ?? null,
        c.inherits,
        c.abstract,
        c.dependencies,
      ];
      const eff = effective(stack, c.name, c.type);
      const r = eff && renderedSections(engine, ctx, eff);
      const rendered = r && [r.vars, r.settings, r.env, r.metadata, r.backend, r.providers, r.hooks, r.remoteStateBackend].map(located).concat([r.workspace ?? null, r.templates]);
      const name = engine.stackName(ctx);
      const described = name && engine.roots().includes(ctx) ? describeComponent(engine, name, c.name, c.type) : undefined;
      out.push(JSON.stringify([ctx, k, merged, eff && [eff.command, eff.chain, eff.inheritance, eff.backendType ?? null, eff.cycle, eff.dependencies], rendered ?? null, described ?? null]));
    }
  }
  return out;
}

/** The first scalar value (not a key) inside a node, depth first. */
function firstScalar(n: Node | null | undefined): Node | undefined {
  if (!n) return undefined;
  if (isScalar(n)) return n.range ? n : undefined;
  if (isMap(n)) {
    for (const it of n.items) {
      const hit = firstScalar(it.value as Node | null);
      if (hit) return hit;
    }
  }
  if (isSeq(n)) for (const it of n.items) if (firstScalar(it as Node)) return firstScalar(it as Node);
  return undefined;
}

interface Edit {
  name: string;
  apply(text: string, model: StackModel): string | undefined;
}

const EDITS: Edit[] = [
  { name: "a comment added", apply: (t) => `${t}${t.endsWith("\n") ? "" : "\n"}# edited\n` },
  {
    name: "a component renamed",
    apply: (t, m) => {
      const c = m.components[0];
      return c ? t.slice(0, c.nameSpan.end) + "_renamed" + t.slice(c.nameSpan.end) : undefined;
    },
  },
  {
    // The text after the value moves: components later in the file keep their values but not their offsets.
    name: "a value in a component changed",
    apply: (t, m) => {
      const v = firstScalar(m.components[0]?.node);
      return v?.range ? t.slice(0, v.range[0]) + "infraflow-edited-value" + t.slice(v.range[1]) : undefined;
    },
  },
  {
    // As the benchmark types: the same length, so nothing else moves.
    name: "a component's section renamed",
    apply: (t, m) => {
      const c = m.components.find((x) => isMap(x.node) && x.node.items.length);
      const k = c && isMap(c.node) ? (c.node.items[0]!.key as Node) : undefined;
      return k?.range ? t.slice(0, k.range[1] - 1) + (t[k.range[1] - 1] === "z" ? "y" : "z") + t.slice(k.range[1]) : undefined;
    },
  },
  {
    name: "an import pointed elsewhere",
    apply: (t, m) => {
      const i = m.imports.find((x) => !x.dynamic);
      return i ? t.slice(0, i.span.start) + "catalog/none-such" + t.slice(i.span.end) : undefined;
    },
  },
  { name: "root vars changed", apply: (t) => `${t}${t.endsWith("\n") ? "" : "\n"}vars:\n  infraflow_probe: edited\n` },
];

/** Edits up to `maxFiles` manifests of the folder each way; returns the mismatches and how many edits ran. */
function check(root: string, maxFiles: number): { edits: number; wrong: string[] } {
  const live = newIndex(nodeHost);
  live.setRoots([root]);
  allProblems(live);
  const manifests = live.files("atmos").filter((f) => f.kind !== "workflow" && (f.facts.model as StackModel | undefined)?.kind === "stack");
  const wrong: string[] = [];
  let edits = 0;
  for (const f of manifests.slice(0, maxFiles)) {
    const original = f.text;
    const model = f.facts.model as StackModel;
    for (const e of EDITS) {
      const text = e.apply(original, model);
      if (text === undefined) continue;
      edits++;
      live.openOrChange(f.path, text, edits * 2);
      const fresh = newIndex(nodeHost);
      fresh.setRoots([root]);
      fresh.openOrChange(f.path, text, 1);
      const got = allProblems(live);
      const want = allProblems(fresh);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        const extra = got.filter((x) => !want.includes(x)).slice(0, 2);
        const missing = want.filter((x) => !got.includes(x)).slice(0, 2);
        wrong.push(`${path.relative(root, f.path)}, ${e.name}: kept ${JSON.stringify(extra)}, lost ${JSON.stringify(missing)}`);
      }
      // Back to the text on disk, and that too must agree with a fresh index.
      live.openOrChange(f.path, original, edits * 2 + 1);
      const back = newIndex(nodeHost);
      back.setRoots([root]);
      back.openOrChange(f.path, original, 1);
      if (JSON.stringify(allProblems(live)) !== JSON.stringify(allProblems(back))) wrong.push(`${path.relative(root, f.path)}, ${e.name} undone`);
    }
    live.close(f.path);
  }
  return { edits, wrong };
}

describe("after an edit, every file's problems are those of a fresh index", () => {
  it("examples/atmos", () => {
    const r = check(path.join(examples, "atmos"), 12);
    assert.ok(r.edits > 10, `only ${r.edits} edits`);
    assert.deepEqual(r.wrong, []);
  });

  it("every Atmos scenario and example of the conformance corpus", { skip: conformancePresent ? undefined : "../shared/corpus/atmos-conformance is absent" }, () => {
    let edits = 0;
    const wrong: string[] = [];
    for (const base of ["tests/fixtures/scenarios", "examples"]) {
      const dir = path.join(conformance, base);
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (!e.isDirectory()) continue;
        const r = check(path.join(dir, e.name), 2);
        edits += r.edits;
        wrong.push(...r.wrong.map((w) => `${base}/${e.name}: ${w}`));
      }
    }
    console.log(`  edits checked against a fresh index over the conformance corpus: ${edits}, ${wrong.length} mismatches`);
    assert.ok(edits > 100, `only ${edits} edits`);
    assert.deepEqual(wrong, []);
  });

  it("an edit inside components keeps the closures; an edit of the imports does not", () => {
    const ws = workspace({
      "/ws/atmos.yaml": 'stacks:\n  base_path: "stacks"\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n',
      "/ws/stacks/catalog/app.yaml": "components:\n  terraform:\n    app:\n      vars:\n        size: 1\n",
      "/ws/stacks/deploy/dev.yaml": "import:\n  - catalog/app\nvars:\n  stage: dev\n",
    });
    const dev = "/ws/stacks/deploy/dev.yaml";
    const before = engineFor(ws).closure(dev);
    assert.deepEqual(before.files, ["/ws/stacks/catalog/app.yaml", dev]);
    ws.openOrChange("/ws/stacks/catalog/app.yaml", "components:\n  terraform:\n    app:\n      vars:\n        size: 2\n", 1);
    const afterValue = engineFor(ws);
    assert.equal(afterValue.closure(dev), before, "a value edit recomputed the closure");
    assert.equal(scalarAt(afterValue.merged(dev).components.get(componentKey("terraform", "app"))?.vars, "size"), "2", "the merged stack kept the old value");
    assert.equal(afterValue.stackName(dev), "dev");
    ws.openOrChange(dev, "import: []\nvars:\n  stage: dev\n", 1);
    const afterImports = engineFor(ws);
    assert.notEqual(afterImports.closure(dev), before);
    assert.deepEqual(afterImports.closure(dev).files, [dev]);
  });

  it("an open manifest edited in place: its root vars and its components' metadata are compared as they were, not as the re-parsed tree shows them", () => {
    const dev = "/ws/stacks/deploy/dev.yaml";
    const text = "import:\n  - catalog/app\nvars:\n  stage: dev\ncomponents:\n  terraform:\n    base:\n      metadata:\n        type: real\n    app:\n      vars:\n        size: 3\n";
    const files = {
      "/ws/atmos.yaml": 'stacks:\n  base_path: "stacks"\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n',
      "/ws/stacks/catalog/app.yaml": "components:\n  terraform:\n    app:\n      vars:\n        size: 1\n",
      [dev]: text,
    };
    const ws = workspace(files);
    ws.openOrChange(dev, text, 1);
    assert.equal(engineFor(ws).stackName(dev), "dev");
    // The same keys, a value changed: the re-parse keeps the root mapping and changes it in place.
    const renamed = text.replace("stage: dev", "stage: prd");
    ws.openOrChange(dev, renamed, 2);
    assert.equal(engineFor(ws).stackName(dev), "prd", "the stack kept the name of the text before the edit");
    const abstract = renamed.replace("type: real", "type: abstract");
    ws.openOrChange(dev, abstract, 3);
    const fresh = workspace({ ...files, [dev]: abstract });
    fresh.openOrChange(dev, abstract, 1);
    assert.deepEqual(allProblems(ws), allProblems(fresh));
    assert.deepEqual(mergedValues(ws), mergedValues(fresh));
  });

  it("an edit inside a component merges again only that component, in the stacks that import its file", () => {
    const app = (size: number) => `components:\n  terraform:\n    app:\n      vars:\n        size: ${size}\n    db:\n      vars:\n        engine: pg\nvars:\n  region: eu\n`;
    const ws = workspace({
      "/ws/atmos.yaml": 'stacks:\n  base_path: "stacks"\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\n',
      "/ws/stacks/catalog/app.yaml": app(1),
      "/ws/stacks/catalog/other.yaml": "components:\n  terraform:\n    other:\n      vars:\n        x: 1\n",
      "/ws/stacks/deploy/dev.yaml": "import:\n  - catalog/app\n  - catalog/other\nvars:\n  stage: dev\n",
      "/ws/stacks/deploy/lone.yaml": "import:\n  - catalog/other\nvars:\n  stage: lone\n",
    });
    const [dev, lone] = ["/ws/stacks/deploy/dev.yaml", "/ws/stacks/deploy/lone.yaml"];
    const key = (n: string) => componentKey("terraform", n);
    const before = engineFor(ws);
    const [devBefore, loneBefore] = [before.merged(dev), before.merged(lone)];
    const rendered = (e: typeof before, n: string) => renderedSections(e, dev, effective(e.merged(dev), n)!);
    const dbRendered = rendered(before, "db");
    const appRendered = rendered(before, "app");
    // Same length: nothing after the value moves, so `db` and the root vars after it are kept.
    ws.openOrChange("/ws/stacks/catalog/app.yaml", app(2), 1);
    const after = engineFor(ws);
    assert.equal(after.merged(lone), loneBefore, "a stack that does not import the file was merged again");
    const devAfter = after.merged(dev);
    assert.notEqual(devAfter, devBefore);
    assert.equal(scalarAt(devAfter.components.get(key("app"))?.vars, "size"), "2");
    assert.notEqual(devAfter.components.get(key("app")), devBefore.components.get(key("app")));
    assert.equal(devAfter.components.get(key("db")), devBefore.components.get(key("db")), "an unchanged component was merged again");
    assert.equal(devAfter.components.get(key("other")), devBefore.components.get(key("other")));
    assert.equal(devAfter.vars, devBefore.vars, "the stack's own sections were merged again");
    assert.deepEqual([...devAfter.components.keys()], [...devBefore.components.keys()]);
    assert.equal(rendered(after, "db"), dbRendered, "the unchanged component was rendered again");
    assert.notEqual(rendered(after, "app"), appRendered);
    // A longer value moves what follows it, the root vars too: the stack is merged afresh, with the new offsets.
    ws.openOrChange("/ws/stacks/catalog/app.yaml", app(20), 2);
    const moved = engineFor(ws).merged(dev);
    assert.notEqual(moved.components.get(key("db")), devAfter.components.get(key("db")));
    const engine = moved.components.get(key("db"))?.vars;
    const pg = engine?.kind === "map" ? engine.entries.get("engine") : undefined;
    assert.equal(pg?.kind === "leaf" ? pg.offset : -1, app(20).indexOf("pg"));
    const region = moved.vars.kind === "map" ? moved.vars.entries.get("region") : undefined;
    assert.equal(region?.kind === "leaf" ? region.offset : -1, app(20).indexOf("eu"));
  });
});
