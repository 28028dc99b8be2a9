// Atmos parallel and matrix steps: names as Atmos generates them, matrix expansion and node ids (checked against
// FNV-1a reference values), the plan's groups (order, needs, stack precedence, filled templates, what is not run),
// the graph's nested groups and needs edges, hover, and the example workflows of the conformance corpus.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import type { StepCommand } from "../../../common/run";
import { PlanError, selectSteps, waves } from "../../../common/run-order";
import { buildGraph } from "../../../server/src/features/graph";
import { hover } from "../../../server/src/features/hover";
import { plan } from "../../../server/src/features/run";
import { validate } from "../../../server/src/features/validate";
import { controlNodes, fnv64aBase36 } from "../../../server/src/formats/atmos/control";
import type { WorkflowModel } from "../../../server/src/formats/atmos/model";
import { goDurationSeconds } from "../../../server/src/formats/atmos/plan";
import { CORPUS } from "../../support/corpus";
import { workspace } from "../../support/ws";

const WF = "/ws/stacks/workflows/ci.yaml";
const FILES: Record<string, string> = {
  "/ws/atmos.yaml": 'base_path: "."\nstacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n  name_pattern: "{stage}"\nworkflows:\n  base_path: stacks/workflows\n',
  [WF]: `workflows:
  ci:
    stack: dev
    steps:
      - name: prepare
        command: terraform plan vpc
      - name: checks
        type: parallel
        stack: ignored
        max_concurrency: 2
        fail:
          mode: fail_fast
        steps:
          - name: lint
            type: shell
            command: make lint
          - type: shell
            command: make unit
          - name: step2
            command: terraform plan db -- -var "x=1 2"
          - name: package
            command: terraform plan app
            stack: prod
            needs: [lint, checks_step2, step2]
          - name: nap
            type: sleep
            timeout: 1m30s
      - name: tests
        type: matrix
        fail:
          mode: best_effort
        matrix:
          os: [linux, "mac os"]
          go: [1.20, "1.23"]
        steps:
          - name: build
            type: shell
            command: echo {{ .matrix.os }}-{{ .matrix.go }}
          - name: test
            command: terraform plan {{ .step.name }} -s {{ .matrix.os }}
          - name: report
            type: shell
            needs: [build]
            command: echo {{ .matrix.go }}
      - name: after
        type: shell
        command: echo done
`,
};

const argv = (c: StepCommand): string => ("argv" in c ? c.argv.join(" ") : `sh: ${c.shell}`);

describe("Atmos parallel and matrix steps", () => {
  const index = workspace(FILES);
  const model = (): WorkflowModel => index.file(WF)!.facts.model as WorkflowModel;

  it("names unnamed children PARENT_stepN, stepping aside from explicit sibling names", () => {
    const checks = model().workflows[0]!.steps[1]!;
    assert.deepEqual(checks.steps.map((s) => s.name), ["lint", "checks_step2", "step2", "package", "nap"]);
    const [doc] = [`workflows:\n  w:\n    steps:\n      - type: parallel\n        steps:\n          - command: a\n          - name: step1_step2\n            command: b\n          - command: c\n`];
    const ws = workspace({ "/ws/atmos.yaml": FILES["/ws/atmos.yaml"]!, "/ws/stacks/workflows/n.yaml": doc! });
    const steps = (ws.file("/ws/stacks/workflows/n.yaml")!.facts.model as WorkflowModel).workflows[0]!.steps;
    assert.equal(steps[0]!.name, "step1");
    assert.deepEqual(steps[0]!.steps.map((s) => s.name), ["step1_step1", "step1_step2", "step1_step3"]);
    // A generated name that collides with an explicit one gets '_' appended (pkg/workflow/step_names.go).
    const clash = workspace({ "/ws/atmos.yaml": FILES["/ws/atmos.yaml"]!, "/ws/stacks/workflows/n.yaml": doc!.replace("name: step1_step2", "name: step1_step1") });
    const inner = (clash.file("/ws/stacks/workflows/n.yaml")!.facts.model as WorkflowModel).workflows[0]!.steps[0]!.steps;
    assert.deepEqual(inner.map((s) => s.name), ["step1_step1_", "step1_step1", "step1_step3"]);
  });

  it("hashes matrix values with 64-bit FNV-1a in base 36, as Go's hash/fnv and strconv do", () => {
    // Reference values of FNV-1a 64: "" → cbf29ce484222325, "a" → af63dc4c8601ec8c.
    assert.equal(fnv64aBase36(""), BigInt("0xcbf29ce484222325").toString(36));
    assert.equal(fnv64aBase36("a"), BigInt("0xaf63dc4c8601ec8c").toString(36));
  });

  it("expands a matrix in sorted axis order, values as written, with row-qualified node ids and needs", () => {
    const tests = model().workflows[0]!.steps[2]!;
    const nodes = controlNodes(tests);
    const h = (axis: string, value: string): string => fnv64aBase36(`${axis}\0${value}`);
    const row = (go: string, os: string, osId: string): string => `tests_go_${go.replace(".", "_")}_${h("go", go)}_os_${osId}_${h("os", os)}`;
    const linux20 = row("1.20", "linux", "linux");
    assert.ok(nodes.some((n) => n.id === `${linux20}_build`), nodes.map((n) => n.id).join("\n"));
    assert.equal(nodes.length, 12);
    const test = nodes.find((n) => n.id === `${linux20}_test`)!;
    assert.equal(test.label, "test (go=1.20, os=linux)");
    assert.deepEqual(test.needs, [`${linux20}_build`], "a child without needs waits for the child before it in its row");
    assert.deepEqual(nodes.find((n) => n.id === `${linux20}_report`)!.needs, [`${linux20}_build`]);
    assert.ok(nodes.some((n) => n.id === `${row("1.23", "mac os", "mac_os")}_build`), "'mac os' is sanitised to mac_os");
    // The scheduler's order: node ids by bytes.
    assert.deepEqual(nodes.map((n) => n.id), [...nodes.map((n) => n.id)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });

  it("plans a parallel step as a group: ready children by name, needs, stack precedence without the parent's stack", () => {
    const p = plan(index, WF, { runnable: "workflow:ci", settings: {} });
    const checks = p.groups!.find((g) => g.id === "step:ci#1")!;
    assert.deepEqual(
      { label: checks.label, max: checks.maxConcurrency, cancel: checks.cancelAfterFailures, cont: checks.continueOnFailure, detail: checks.detail },
      { label: "checks", max: 2, cancel: 1, cont: undefined, detail: "parallel, 2 at a time, fail_fast" },
    );
    const members = p.steps.filter((s) => s.group === "step:ci#1");
    assert.deepEqual(
      members.map((s) => [s.id, s.label, s.needs.join(" "), argv(s.command), s.unsupported ?? ""]),
      [
        ["step:ci#1/checks_step2", "checks_step2", "", "sh: make unit", ""],
        ["step:ci#1/lint", "lint", "", "sh: make lint", ""],
        ["step:ci#1/nap", "nap", "", "sleep 90", ""],
        ["step:ci#1/package", "package", "step:ci#1/lint step:ci#1/checks_step2 step:ci#1/step2", "atmos terraform plan app -s prod", ""],
        ["step:ci#1/step2", "step2", "", "atmos terraform plan db -s dev -- -var x=1 2", ""],
      ],
    );
    assert.equal(members.find((s) => s.label === "package")!.nodeId, "step:/ws/stacks/workflows/ci.yaml#ci#1/3");
    assert.deepEqual(waves(p, selectSteps(p, { only: "step:ci#1" })).map((w) => w.map((s) => s.label)), [["checks_step2", "lint", "nap", "step2"], ["package"]]);
  });

  it("plans a matrix step per row, fills matrix values, and refuses to paste a shell-unsafe value into a shell", () => {
    const p = plan(index, WF, { runnable: "workflow:ci", settings: {} });
    const tests = p.groups!.find((g) => g.label === "tests")!;
    assert.deepEqual([tests.maxConcurrency, tests.cancelAfterFailures, tests.continueOnFailure, tests.detail], [0, 0, true, "matrix, 4 rows, all at once, best_effort"]);
    const rows = p.steps.filter((s) => s.group === tests.id);
    const linux = rows.filter((s) => s.label.endsWith("(go=1.20, os=linux)"));
    assert.deepEqual(
      linux.map((s) => [s.label, argv(s.command), s.unsupported ?? ""]),
      [
        ["build (go=1.20, os=linux)", "sh: echo linux-1.20", ""],
        ["report (go=1.20, os=linux)", "sh: echo 1.20", ""],
        ["test (go=1.20, os=linux)", `atmos terraform plan ${linux[2]!.id.slice(tests.id.length + 1)} -s linux -s dev`, ""],
      ],
    );
    const mac = rows.find((s) => s.label === "build (go=1.23, os=mac os)")!;
    assert.match(mac.unsupported ?? "", /the value 'mac os' of '\{\{ \.matrix\.os \}\}' holds characters a shell would read/);
    // An atmos child runs without a shell; the filled command is split into words as Atmos splits it.
    const macTest = rows.find((s) => s.label === "test (go=1.23, os=mac os)")!.command;
    assert.deepEqual("argv" in macTest ? macTest.argv.slice(-5) : [], ["-s", "mac", "os", "-s", "dev"]);
    assert.deepEqual(p.steps.filter((s) => !s.group).map((s) => s.label), ["prepare", "after"]);
  });

  it("starts from a top-level step, a parallel step, or inside one (the child, what needs it, then what follows)", () => {
    const p = plan(index, WF, { runnable: "workflow:ci", settings: {} });
    assert.deepEqual(selectSteps(p, { fromStep: "step:ci#2" }).map((s) => s.label).slice(-2), ["test (go=1.23, os=mac os)", "after"]);
    // Atmos's own --from-step names top-level steps only; Infraflow's "Run from here" also starts inside a group.
    const inside = selectSteps(p, { fromStep: "step:ci#1/lint" }).map((s) => s.label);
    assert.deepEqual(inside.slice(0, 2), ["lint", "package"]);
    assert.equal(inside.at(-1), "after");
    assert.ok(!inside.includes("nap") && !inside.includes("prepare"), inside.join(", "));
  });

  it("refuses to plan a workflow Atmos would refuse, with Atmos's reason", () => {
    const bad = workspace({ ...FILES, [WF]: FILES[WF]!.replace("needs: [lint, checks_step2, step2]", "needs: [lint, nope]") });
    assert.throws(() => plan(bad, WF, { runnable: "workflow:ci", settings: {} }), (e: Error) => e instanceof PlanError && /Atmos refuses to run workflow 'ci': Step 'nope' is not a sibling of 'package'/.test(e.message));
    const mode = workspace({ ...FILES, [WF]: FILES[WF]!.replace("mode: fail_fast", "mode: fastest") });
    assert.throws(() => plan(mode, WF, { runnable: "workflow:ci", settings: {} }), /fail.mode 'fastest'/);
  });

  it("reports Atmos's control-step errors in the editor, and none for a valid workflow", () => {
    assert.deepEqual(validate(index, WF).filter((d) => d.severity === 1), []);
    const cyc = workspace({ ...FILES, [WF]: FILES[WF]!.replace("needs: [build]", "needs: [report]") });
    const d = validate(cyc, WF).find((x) => x.code === "atmos/needs-cycle")!;
    assert.match(String(d.message), /The 'needs' of matrix step 'tests' form a cycle: report → report/);
  });

  it("draws the children in a group of their own, with needs and matrix order edges", () => {
    const g = buildGraph(index, [WF])!;
    const parent = "step:/ws/stacks/workflows/ci.yaml#ci#1";
    const group = g.groups.find((x) => x.id === `steps:${parent}`)!;
    assert.deepEqual([group.label, group.parent], ["checks (parallel)", "workflow:/ws/stacks/workflows/ci.yaml#ci"]);
    assert.deepEqual(g.nodes.filter((n) => n.group === group.id).map((n) => n.label), ["lint", "checks_step2", "step2", "package", "nap"]);
    const edges = g.edges.filter((e) => e.from.startsWith(parent) && e.kind !== "order").map((e) => `${e.kind} ${e.from.slice(parent.length)} -> ${e.to.slice(parent.length)}`);
    assert.deepEqual(edges.sort(), ["contains  -> /0", "contains  -> /1", "contains  -> /2", "contains  -> /4", "depends /3 -> /0", "depends /3 -> /1", "depends /3 -> /2"].sort());
    const m = "step:/ws/stacks/workflows/ci.yaml#ci#2";
    assert.equal(g.groups.find((x) => x.id === `steps:${m}`)!.label, "tests (matrix os × go, 4 rows)");
    assert.deepEqual(g.edges.filter((e) => e.from.startsWith(`${m}/`)).map((e) => `${e.kind} ${e.from.slice(m.length)} -> ${e.to.slice(m.length)}`).sort(), ["depends /2 -> /0", "order /0 -> /1"]);
    assert.equal(g.nodes.find((n) => n.id === parent)!.detail, "parallel · 5 steps, 2 at a time, fail_fast");
  });

  it("says on hover how a parallel step runs", () => {
    const at = FILES[WF]!.indexOf("name: checks") + 7;
    const md = String((hover(index, WF, at)!.contents as { value: string }).value);
    assert.match(md, /runs its 5 steps side by side, each after the siblings it `needs`, at most 2 at a time\. After 1 failure the running steps are cancelled/);
  });

  it("reads Go durations for sleep children", () => {
    assert.deepEqual(["2s", "1m30s", "300ms", "1h", "1.5s", "0", "2", "s", "1x"].map(goDurationSeconds), [2, 90, 0.3, 3600, 1.5, 0, undefined, undefined, undefined]);
  });

  const EXAMPLE = path.join(CORPUS, "atmos-conformance/examples/parallel-steps");
  it("plans the parallel-steps example of Atmos as Atmos runs it", { skip: fs.existsSync(EXAMPLE) ? undefined : "the conformance corpus is absent" }, () => {
    const files: Record<string, string> = {};
    for (const rel of ["atmos.yaml", "workflows/parallel.yaml"]) files[`/ws/${rel}`] = fs.readFileSync(path.join(EXAMPLE, rel), "utf8");
    const ex = workspace(files);
    const file = "/ws/workflows/parallel.yaml";
    assert.deepEqual(validate(ex, file).filter((d) => d.severity === 1 || d.severity === 2), []);
    const checks = plan(ex, file, { runnable: "workflow:checks", settings: {} });
    assert.deepEqual(waves(checks, selectSteps(checks, {})).map((w) => w.map((s) => s.label)), [["lint", "unit"], ["package"]]);
    const matrix = plan(ex, file, { runnable: "workflow:matrix", settings: {} });
    assert.deepEqual(
      matrix.steps.map((s) => s.label),
      ["test (go=1.22, os=darwin)", "test (go=1.22, os=linux)", "test (go=1.23, os=darwin)", "test (go=1.23, os=linux)"],
    );
    assert.match(argv(matrix.steps[1]!.command), /testing linux with Go 1\.22/);
    assert.equal(matrix.groups![0]!.maxConcurrency, 3);
  });
});
