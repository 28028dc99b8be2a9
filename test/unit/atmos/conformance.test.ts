// Atmos as Atmos computes it: Atmos's own scenario and example workspaces, CLI test cases and golden outputs
// (../shared/corpus/atmos-conformance, read in place, never copied) against our index and effective configuration.
// We are not at 100%, so the counts are a ratchet: each must stay at or above the BASELINE measured last, and the
// test prints every mismatch with its reason. Raise BASELINE when a fix lands.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import YAML from "yaml";
import { validate } from "../../../server/src/features/validate";
import { componentDependencies } from "../../../server/src/formats/atmos/deps";
import { describeComponent, locate } from "../../../server/src/formats/atmos/describe";
import { engineFor } from "../../../server/src/formats/atmos/stacks";
import { FORMATS } from "../../../server/src/formats/registry";
import { nodeHost } from "../../../server/src/index/host";
import type { WorkspaceIndex } from "../../../server/src/index/workspace-index";
import { CORPUS } from "../../support/corpus";
import { newIndex } from "../../support/ws";

const CONF = path.join(CORPUS, "atmos-conformance");
const PRESENT = fs.existsSync(path.join(CONF, "tests/test-cases"));
const SKIP = PRESENT ? undefined : "../shared/corpus/atmos-conformance is absent";

/** The counts measured at the last commit: none may go down. */
const BASELINE = { describe: 11, sections: 121, edges: 12, values: 26, clean: 207, rejected: 47 };

/**
 * What Atmos rejects on purpose, where each must get at least one error from us: folders (a Go test or test case
 * expects the command to fail) and every YAML file of folders of invalid manifests, except the files named here
 * with the reason Atmos accepts them.
 */
const REJECTED_FOLDERS = [
  "tests/fixtures/scenarios/invalid-stack-yaml-syntax",
  "tests/fixtures/scenarios/top-level-stack-composition-conflict",
  "tests/fixtures/scenarios/top-level-stack-composition-isolated-inheritance",
];
const REJECTED_FILES: Array<{ root: string; dir: string; accepted: Record<string, string> }> = [
  {
    // Each file breaks one rule of ProcessYAMLConfigFile / ProcessStackConfig or of the manifest schema.
    root: "tests/fixtures/scenarios/invalid-stacks",
    dir: "stacks",
    accepted: {
      "orgs/acme/_defaults.yaml": "valid defaults (excluded from the stacks by excluded_paths)",
      "orgs/acme/platform/dev.yaml": "a valid stack, the baseline the others break",
      "orgs/acme/platform/empty.yaml": "an empty manifest is an empty stack (ProcessYAMLConfigFile returns an empty map for empty content)",
      "catalog/invalid-template.yaml":
        "valid YAML on its own; Atmos fails only when it renders it as a template for orgs/acme/platform/invalid-import-template.yaml (an import with a context), where we report it",
    },
  },
  // For `atmos validate stacks`: YAML errors, schema errors (null sections, wrong types) and bad imports.
  { root: "tests/fixtures/scenarios/complete", dir: "stacks/catalog/invalid-yaml-and-schema", accepted: {} },
  { root: "tests/fixtures/scenarios/workflows", dir: "stacks/workflows", accepted: {} },
  {
    // "rendering must fail with ErrImportPathTemplate" (deploy/missing-var.yaml's comment); the others resolve.
    root: "tests/fixtures/scenarios/import-template-context",
    dir: "stacks/deploy",
    accepted: {
      "dev.yaml": "its templated import path renders with settings from the earlier _defaults import",
      "nested.yaml": "the nested manifest's templated import renders with settings merged before it",
      "explicit-context.yaml": "the import's context renders its path",
      "skip-templates.yaml": "skip_templates_processing leaves the path literal, a tolerated templated import",
      "ignore-missing.yaml": "ignore_missing_template_values renders the missing value empty; skip_if_missing tolerates the path",
    },
  },
];
/** Files of the workflows folder that are not broken on purpose (the folder holds valid workflows too). */
const WORKFLOW_FILES = ["test.yaml", "test-invalid.yaml"];

/**
 * Folders that Atmos itself rejects: a test case or Go test expects the command in them to fail, or they exist to
 * show an error. An error diagnostic there is right, so they are not counted as clean folders.
 */
const BROKEN_ON_PURPOSE: Record<string, string> = {
  "tests/fixtures/scenarios/invalid-stack-yaml-syntax": "a manifest with a YAML syntax error, for the error message tests",
  "tests/fixtures/scenarios/complete/stacks/catalog/invalid-yaml-and-schema":
    "manifests with YAML and schema errors on purpose (the folder name says so), for validate stacks; no stack imports them",
  "tests/fixtures/scenarios/top-level-stack-composition-conflict":
    "internal/exec TestTopLevelStackCompositionRejectsConflictingDuplicates expects validate stacks and describe component to fail on component 'conflicting'",
  "tests/fixtures/scenarios/invalid-stacks": "invalid manifests (unknown keys, bad overrides, a bad template) for validate stacks",
  "tests/fixtures/scenarios/top-level-stack-composition-isolated-inheritance":
    "internal/exec TestTopLevelStackCompositionRejectsCrossLogicalStackInheritance expects FindStacksMap to fail: 'chatops' inherits from 'dns-primary', which only a peer top-level manifest of the same stack defines (docs/prd: each parent resolves metadata.inherits from its own imports)",
  "tests/fixtures/scenarios/workflows/stacks/workflows/test.yaml:47": "workflow invalid-step-type has `type: invalid`; test case 'atmos workflow invalid step type' expects the error",
  "tests/fixtures/scenarios/import-template-context/stacks/deploy/missing-var.yaml": "a templated import path no earlier import nor context can render: ErrImportPathTemplate (its comment)",
  "tests/fixtures/scenarios/workflows/stacks/workflows/test-invalid.yaml": "'This intentionally contains an invalid workflow manifest' (its header); workflows.yaml expects failures",
};

/**
 * Values Atmos only knows at run time (outputs, stores, commands, the environment of the test run): we show the
 * expression, Atmos the result, so they differ by design. A key names a section (`root#component@stack.vars`) or
 * one value in it (`….vars.tags.x`), which is then left out of the comparison on both sides.
 */
const DELIBERATE: Record<string, string> = {
  "tests/fixtures/scenarios/complete#top-level-component1@tenant1-ue2-dev.vars.tags.provisioned_by_user":
    '`{{ env "USER" | default (env "USERNAME") }}` reads the environment of the process that runs Atmos (the golden has the test harness\'s user)',
};

/** A copy of a section without the values DELIBERATE names below `key` (a dotted path). */
function withoutDeliberate(v: unknown, key: string): unknown {
  let out = v;
  for (const k of Object.keys(DELIBERATE)) {
    if (!k.startsWith(`${key}.`)) continue;
    const path = k.slice(key.length + 1).split(".");
    out = structuredClone(out);
    let cur = out as Record<string, unknown> | undefined;
    for (const p of path.slice(0, -1)) cur = cur && typeof cur[p] === "object" ? (cur[p] as Record<string, unknown>) : undefined;
    if (cur) delete cur[path[path.length - 1]!];
  }
  return out;
}

/** The expected dependency edges from Atmos's Go tests (`dependent -> dependency`, each `component@stack`). */
const GO_TEST_EDGES: Array<{ folder: string; source: string; queried: string[]; edges: string[] }> = [
  {
    // internal/exec/describe_dependents_test.go TestDescribeDependents_WithStacksNamePattern.
    folder: "tests/fixtures/scenarios/depends-on-with-stacks-name-pattern",
    source: "describe_dependents_test.go WithStacksNamePattern",
    queried: ["vpc@ue1-network", "vpc@uw2-network", "vpc@ue1-prod", "vpc@uw2-prod", "tgw/hub@ue1-network", "tgw/cross-region-hub-connector@uw2-network", "tgw/attachment@ue1-network", "tgw/attachment@uw2-network", "tgw/attachment@ue1-prod", "tgw/attachment@uw2-prod"],
    edges: [
      "tgw/attachment@ue1-network -> vpc@ue1-network",
      "tgw/hub@ue1-network -> vpc@ue1-network",
      "tgw/attachment@uw2-network -> vpc@uw2-network",
      "tgw/attachment@ue1-prod -> vpc@ue1-prod",
      "tgw/attachment@uw2-prod -> vpc@uw2-prod",
      "tgw/attachment@ue1-network -> tgw/hub@ue1-network",
      "tgw/attachment@uw2-network -> tgw/hub@ue1-network",
      "tgw/attachment@ue1-prod -> tgw/hub@ue1-network",
      "tgw/attachment@uw2-prod -> tgw/hub@ue1-network",
      "tgw/cross-region-hub-connector@uw2-network -> tgw/hub@ue1-network",
    ],
  },
];

/**
 * Values Atmos's Go tests expect from `describe component` in a scenario folder (the path is a dotted key into the
 * described component). Each cites the Go test it comes from.
 */
const GO_TEST_VALUES: Array<{ folder: string; stack: string; component: string; path: string; expected: unknown; source: string }> = [
  // internal/exec/stack_processor_merge_test.go TestComponentLevelListMergeStrategy (issue #2396):
  // a component's settings.list_merge_strategy, its own or a base's, overrides the global `replace`.
  ...[
    ["append-component", ["base-tag-1", "base-tag-2", "child-tag"], "component-level append overrides global replace"],
    ["replace-component", ["child-tag"], "component without override uses global replace strategy"],
    ["inherit-strategy-component", ["base-tag-1", "base-tag-2", "child-tag"], "strategy inherited from base component settings"],
  ].map(([component, expected, name]) => ({
    folder: "tests/fixtures/scenarios/component-list-merge-strategy",
    stack: "dev",
    component: component as string,
    path: "vars.tags",
    expected,
    source: `TestComponentLevelListMergeStrategy/${name as string}`,
  })),
  // Atmos CLI tests (package tests, run in tests/) TestYAMLFunctionInclude and TestYAMLFunctionIncludeExtended:
  // `!include` of local JSON, YAML, tfvars and tf files, whole or through a yq path, and text files as strings.
  ...(
    [
      ["nonprod", "component-1", "vars.string_var", "abc", "include with YQ expression from JSON file"],
      ["nonprod", "component-1", "vars.boolean_var", true, "include with YQ expression from JSON file"],
      ["nonprod", "component-1", "vars.list_var", ["a", "b", "c"], "include with YQ expression from JSON file"],
      ["nonprod", "component-1", "vars.map_var", { a: 1, b: 2, c: 3 }, "include with YQ expression from JSON file"],
      ["nonprod", "component-3", "vars.string_var", "abc", "include entire JSON file"],
      ["nonprod", "component-4", "vars.string_var", "abc", "include entire YAML file"],
      ["nonprod", "component-4", "vars.boolean_var", true, "include entire YAML file"],
      ["extended", "component-6", "vars.first_item", "a", "Extended/YQ array index expression"],
      ["extended", "component-6", "vars.map_value", 1, "Extended/YQ nested map key expression"],
      ["extended", "component-9", "vars.instance_type", "t3.micro", "Extended/include tf file with HCL parsing"],
      ["extended", "component-9", "vars.region", "us-west-2", "Extended/include tf file with HCL parsing"],
    ] as Array<[string, string, string, unknown, string]>
  ).map(([stack, component, p, expected, name]) => ({
    folder: "tests/fixtures/scenarios/atmos-include-yaml-function",
    stack,
    component,
    path: p,
    expected,
    source: `TestYAMLFunctionInclude${name.startsWith("Extended/") ? name : `/${name}`}`,
  })),
  // TestDescribeTemplatedComponent (describe_component_test.go): components generated by importing the same
  // catalog file twice with two contexts; and TestListStacksWithComponent (pkg/list): the hierarchical variant
  // (context passed down through nested imports) gives eks-blue/cluster in tenant1-uw1-test-1 too.
  ...(
    [
      ["tenant1-uw2-test-1", "eks-blue/cluster", "vars.name", "eks-blue", "TestDescribeTemplatedComponent"],
      ["tenant1-uw2-test-1", "eks-green/cluster", "vars.name", "eks-green", "TestDescribeTemplatedComponent"],
      ["tenant1-uw1-test-1", "eks-blue/cluster", "atmos_stack", "tenant1-uw1-test-1", "TestListStacksWithComponent"],
    ] as Array<[string, string, string, unknown, string]>
  ).map(([stack, component, p, expected, source]) => ({ folder: "tests/fixtures/scenarios/complete", stack, component, path: p, expected, source })),
  // tests/fixtures/scenarios/import-template-context (its manifests' comments state what each exercises): an import
  // path templated from settings merged by an earlier import, the same passed down to a nested manifest, and one
  // from the import's own context.
  ...(
    [
      ["deploy/dev", "v1", "templated import paths driven by settings accumulated from a previous import"],
      ["deploy/nested", "v1", "the templating context must propagate down from the parent manifest"],
      ["deploy/explicit-context", "v2", "the import's own context drives the templated path"],
    ] as Array<[string, string, string]>
  ).map(([stack, expected, why]) => ({
    folder: "tests/fixtures/scenarios/import-template-context",
    stack,
    component: "service",
    path: "vars.catalog_version",
    expected,
    source: `import-template-context/stacks/${stack}.yaml: ${why}`,
  })),
  // internal/exec/abstract_component_backend_test.go TestAbstractComponentBackendGeneration: the backend comes from
  // an abstract base, and its s3 workspace_key_prefix from metadata.component.
  ...(
    [
      ["backend_type", "s3"],
      ["backend.workspace_key_prefix", "eks-service"],
      ["vars.name", "app1"],
      ["vars.namespace", "acme"],
      ["vars.enabled", true],
      ["metadata.component", "eks-service"],
    ] as Array<[string, unknown]>
  ).map(([p, expected]) => ({
    folder: "tests/fixtures/scenarios/abstract-component-backend",
    stack: "tenant1-ue2-dev",
    component: "eks/service/app1",
    path: p,
    expected,
    source: "TestAbstractComponentBackendGeneration",
  })),
];

const SECTIONS = ["vars", "settings", "env", "backend", "backend_type", "metadata"] as const;
/** Keys compared where Atmos's output has them (goldens of Terraform components, provenance goldens that print them). */
const MORE_SECTIONS = ["providers", "hooks", "workspace", "inheritance", "command", "remote_state_backend", "remote_state_backend_type"] as const;

/**
 * Differences that come from the environment Atmos's CLI tests run in, not from the manifests: `cli_test.go` sets
 * ATMOS_COMPONENTS_TERRAFORM_COMMAND=tofu for every test, so Atmos prints `command: tofu` where atmos.yaml and the
 * stacks name no executable and we print Atmos's default, `terraform`.
 */
function harnessDifference(section: string, ours: unknown, theirs: unknown): string | undefined {
  if (section === "command" && ours === "terraform" && theirs === "tofu") return "cli_test.go runs Atmos with ATMOS_COMPONENTS_TERRAFORM_COMMAND=tofu";
  return undefined;
}

// One index per Atmos root, shared by the three checks.
const indexes = new Map<string, WorkspaceIndex>();
function indexFor(root: string): WorkspaceIndex {
  let index = indexes.get(root);
  if (!index) {
    index = newIndex(nodeHost, FORMATS);
    index.setRoots([root]);
    indexes.set(root, index);
  }
  return index;
}

const rel = (p: string): string => path.relative(CONF, p).split(path.sep).join("/");

function folders(): string[] {
  const out: string[] = [];
  for (const base of ["tests/fixtures/scenarios", "examples"]) {
    const dir = path.join(CONF, base);
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) out.push(path.join(dir, e.name));
  }
  return out.sort();
}

/** A key of BROKEN_ON_PURPOSE names this file or a folder above it. */
const brokenOnPurpose = (file: string): boolean => Object.keys(BROKEN_ON_PURPOSE).some((k) => file === k || file.startsWith(`${k}/`));

/** Error diagnostics of the Atmos files of a folder. */
function folderErrors(dir: string): string[] {
  const index = indexFor(dir);
  const out: string[] = [];
  for (const p of index.paths()) {
    if (index.detected(p)?.format !== "atmos") continue;
    const file = `${rel(dir)}/${path.relative(dir, p).split(path.sep).join("/")}`;
    if (brokenOnPurpose(file)) continue;
    for (const d of validate(index, p)) if (d.severity === 1 && !BROKEN_ON_PURPOSE[`${file}:${d.range.start.line + 1}`]) out.push(`${path.relative(dir, p)}:${d.range.start.line + 1} ${d.code} ${d.message}`);
  }
  return out;
}

// The CLI test cases, with the YAML tags they use (`!not`) read as plain data.
interface TestCase {
  file: string;
  name: string;
  enabled?: boolean;
  workdir?: string;
  env?: Record<string, string>;
  args?: string[];
  expect?: { exit_code?: number; stdout?: unknown[] };
}
function testCases(): TestCase[] {
  const dir = path.join(CONF, "tests/test-cases");
  const tags = [{ tag: "!not", resolve: (s: string) => ({ not: s }) }];
  const out: TestCase[] = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".yaml"))) {
    const doc = YAML.parse(fs.readFileSync(path.join(dir, f), "utf8"), { customTags: tags }) as { tests?: TestCase[] } | null;
    for (const t of doc?.tests ?? []) out.push({ ...t, file: f });
  }
  return out;
}

function golden(t: TestCase): unknown {
  const p = path.join(CONF, "tests/snapshots", `TestCLICommands_${t.name.replace(/ /g, "_")}.stdout.golden`);
  if (!fs.existsSync(p)) return undefined;
  try {
    return YAML.parse(fs.readFileSync(p, "utf8"));
  } catch {
    return undefined;
  }
}

/** The folder of the atmos.yaml a command in `workdir` reads. */
function atmosRoot(t: TestCase): string | undefined {
  let dir = path.resolve(CONF, "tests", t.workdir ?? ".");
  const cli = t.env?.ATMOS_CLI_CONFIG_PATH;
  if (cli) dir = path.resolve(dir, cli);
  for (let i = 0; i < 12; i++) {
    if (fs.existsSync(path.join(dir, "atmos.yaml"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** `describe component .` and `./dir`: the component folder below `components/<type>/`. */
function componentFromArg(t: TestCase, arg: string): string | undefined {
  if (!arg.startsWith(".")) return arg;
  const abs = path.resolve(CONF, "tests", t.workdir ?? ".", arg).split(path.sep).join("/");
  const m = /\/components\/[^/]+\/(.+)$/.exec(abs);
  return m?.[1];
}

interface Pair {
  root: string;
  component: string;
  stack: string;
  type: string;
  source: string;
  /** Atmos's output for the pair: the whole describe component object. */
  atmos: Record<string, unknown>;
}

function describePairs(): Pair[] {
  const out: Pair[] = [];
  const seen = new Set<string>();
  const add = (p: Pair) => {
    const key = `${p.root}\u0000${p.component}\u0000${p.stack}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(p);
  };
  for (const t of testCases()) {
    const args = t.args ?? [];
    if (t.enabled === false || (t.expect?.exit_code ?? 0) !== 0) continue;
    if (args.includes("-q") || args.includes("--query") || args.includes("--help")) continue;
    const verb = args.slice(0, 2).join(" ");
    const root = atmosRoot(t);
    const g = golden(t);
    if (!root || !g || typeof g !== "object") continue;
    const source = `${t.file}: ${t.name}`;
    if (verb === "describe component") {
      const d = g as Record<string, unknown>;
      // Provenance output has no atmos_* fields: take the component and stack from the command line.
      const flag = args.findIndex((a) => a === "-s" || a === "--stack");
      const stack = typeof d.atmos_stack === "string" ? d.atmos_stack : flag > 0 ? args[flag + 1] : undefined;
      const component = typeof d.atmos_component === "string" ? d.atmos_component : componentFromArg(t, args[2] ?? "");
      if (!stack || !component) continue;
      add({ root, component, stack, type: String(d.component_type ?? "terraform"), source, atmos: d });
    } else if (verb === "describe stacks") {
      for (const [stack, s] of Object.entries(g as Record<string, { components?: Record<string, Record<string, Record<string, unknown>>> }>)) {
        for (const [type, comps] of Object.entries(s?.components ?? {})) {
          for (const [component, d] of Object.entries(comps ?? {})) add({ root, component, stack, type, source, atmos: d });
        }
      }
    }
  }
  return out;
}

function canon(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]));
  return v;
}

const EMPTY_OF: Record<string, unknown> = { vars: {}, settings: {}, env: {}, backend: {}, backend_type: "", metadata: {} };

function contains(v: unknown, test: (s: string) => boolean): boolean {
  if (typeof v === "string") return test(v);
  if (Array.isArray(v)) return v.some((x) => contains(x, test));
  if (v && typeof v === "object") return Object.values(v).some((x) => contains(x, test));
  return false;
}

/** Why our value differs from Atmos's. */
function reason(ours: unknown, theirs: unknown): string {
  if (ours === undefined) return "not computed";
  if (contains(ours, (s) => s.includes("{{"))) return "template not rendered";
  if (contains(ours, (s) => /^!\S+/.test(s))) return "yaml function";
  if (contains(theirs, (s) => s.includes("{{"))) return "template rendered where Atmos keeps it";
  return "value";
}

interface Measure {
  describeEqual: number;
  describeTotal: number;
  sectionsEqual: number;
  sectionsTotal: number;
  mismatches: string[];
  edgesEqual: number;
  edgesTotal: number;
  edgeMismatches: string[];
  valuesEqual: number;
  valuesTotal: number;
  valueMismatches: string[];
  clean: number;
  cleanTotal: number;
  unclean: string[];
  rejected: number;
  rejectedTotal: number;
  missed: string[];
  /** Sections that differ only by the environment of Atmos's test run (counted as equal, listed). */
  harness: string[];
}

function measure(): Measure {
  const m: Measure = { describeEqual: 0, describeTotal: 0, sectionsEqual: 0, sectionsTotal: 0, mismatches: [], edgesEqual: 0, edgesTotal: 0, edgeMismatches: [], valuesEqual: 0, valuesTotal: 0, valueMismatches: [], clean: 0, cleanTotal: 0, unclean: [], rejected: 0, rejectedTotal: 0, missed: [], harness: [] };

  // (a) Every folder Atmos accepts is free of errors.
  for (const dir of folders()) {
    const name = rel(dir);
    if (BROKEN_ON_PURPOSE[name]) continue;
    const index = indexFor(dir);
    if (!index.paths().some((p) => index.detected(p)?.format === "atmos")) continue;
    m.cleanTotal++;
    const errors = folderErrors(dir);
    if (!errors.length) m.clean++;
    else m.unclean.push(`${name}: ${errors.length} error(s), first: ${errors[0]}`);
  }

  // (a') What Atmos rejects gets an error from us.
  const errorsIn = (index: WorkspaceIndex, p: string): number => validate(index, p).filter((d) => d.severity === 1).length;
  for (const folder of REJECTED_FOLDERS) {
    const dir = path.join(CONF, folder);
    if (!fs.existsSync(dir)) continue;
    m.rejectedTotal++;
    const index = indexFor(dir);
    if (index.paths().some((p) => index.detected(p)?.format === "atmos" && errorsIn(index, p) > 0)) m.rejected++;
    else m.missed.push(`${folder}: no error`);
  }
  for (const r of REJECTED_FILES) {
    const root = path.join(CONF, r.root);
    const dir = path.join(root, r.dir);
    if (!fs.existsSync(dir)) continue;
    const index = indexFor(root);
    const files = fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => /\.ya?ml$/.test(f)).map((f) => f.split(path.sep).join("/")).sort();
    for (const f of files) {
      if (r.accepted[f] || (r.root.endsWith("/workflows") && !WORKFLOW_FILES.includes(f))) continue;
      m.rejectedTotal++;
      if (errorsIn(index, path.join(dir, f)) > 0) m.rejected++;
      else m.missed.push(`${r.root}/${r.dir}/${f}: no error`);
    }
  }

  // (b) describe component: our effective sections against Atmos's.
  const pairs = describePairs();
  for (const p of pairs) {
    m.describeTotal++;
    const label = `${p.component} -s ${p.stack} (${rel(p.root)})`;
    const engine = engineFor(indexFor(p.root));
    const ours = describeComponent(engine, p.stack, p.component, p.type);
    if (!ours) {
      m.sectionsTotal += SECTIONS.length + MORE_SECTIONS.filter((s) => s in p.atmos).length;
      m.mismatches.push(`${label}: ${engine.stackNames().has(p.stack) ? "component not found" : "stack not found"} [${p.source}]`);
      continue;
    }
    let all = true;
    // A provenance golden (no atmos_* fields) prints only some sections: compare those it prints.
    const provenance = typeof p.atmos.atmos_component !== "string";
    for (const s of [...SECTIONS, ...MORE_SECTIONS]) {
      if ((provenance || (MORE_SECTIONS as readonly string[]).includes(s)) && !(s in p.atmos)) continue;
      m.sectionsTotal++;
      const key = `${rel(p.root)}#${p.component}@${p.stack}.${s}`;
      const theirs = canon(withoutDeliberate(p.atmos[s] ?? EMPTY_OF[s], key));
      const mine = canon(withoutDeliberate((ours as unknown as Record<string, unknown>)[s] ?? EMPTY_OF[s], key));
      if (JSON.stringify(theirs) === JSON.stringify(mine)) {
        m.sectionsEqual++;
        continue;
      }
      if (DELIBERATE[key]) {
        m.sectionsEqual++;
        continue;
      }
      const harness = harnessDifference(s, (ours as unknown as Record<string, unknown>)[s], p.atmos[s]);
      if (harness) {
        m.sectionsEqual++;
        m.harness.push(`${label} ${s}: ${harness}`);
        continue;
      }
      all = false;
      m.mismatches.push(`${label} ${s}: ${reason((ours as unknown as Record<string, unknown>)[s], p.atmos[s])}: ours ${JSON.stringify(mine).slice(0, 160)} / atmos ${JSON.stringify(theirs).slice(0, 160)}`);
    }
    if (all) m.describeEqual++;
  }

  // (c) Dependency edges: the Go tests' describe dependents expectations.
  for (const g of GO_TEST_EDGES) {
    const root = path.join(CONF, g.folder);
    if (!fs.existsSync(root)) continue;
    const engine = engineFor(indexFor(root));
    const names = engine.stackNames();
    const queried = new Set(g.queried);
    const ours = new Set<string>();
    for (const [stack, ctx] of names) {
      for (const c of engine.merged(ctx).components.values()) {
        if (c.abstract) continue;
        for (const d of componentDependencies(engine, ctx, c)) {
          const to = `${d.name}@${d.stackLabel ?? stack}`;
          if (queried.has(to)) ours.add(`${c.name}@${stack} -> ${to}`);
        }
      }
    }
    for (const e of g.edges) {
      m.edgesTotal++;
      if (ours.has(e)) m.edgesEqual++;
      else m.edgeMismatches.push(`${g.folder}: missing ${e} [${g.source}]`);
    }
    for (const e of ours) {
      if (g.edges.includes(e)) continue;
      m.edgesTotal++;
      m.edgeMismatches.push(`${g.folder}: extra ${e} [${g.source}]`);
    }
  }
  // And the edges Atmos's own effective settings.depends_on / dependencies.components name in the golden outputs.
  for (const p of pairs) {
    const expected = goldenEdges(p);
    if (!expected.length) continue;
    const engine = engineFor(indexFor(p.root));
    const hit = locate(engine, p.stack, p.component, p.type);
    const ours = new Set(hit ? componentDependencies(engine, hit.root, hit.eff.component).map((d) => `${d.name}@${d.stackLabel ?? p.stack}`) : []);
    for (const e of expected) {
      m.edgesTotal++;
      if (ours.has(e)) m.edgesEqual++;
      else m.edgeMismatches.push(`${rel(p.root)}: ${p.component}@${p.stack} -> ${e} missing [${p.source}]`);
    }
  }
  // (d) Values the Go tests state.
  for (const g of GO_TEST_VALUES) {
    const root = path.join(CONF, g.folder);
    if (!fs.existsSync(root)) continue;
    m.valuesTotal++;
    const d = describeComponent(engineFor(indexFor(root)), g.stack, g.component) as unknown;
    let cur: unknown = d;
    for (const k of g.path.split(".")) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[k] : undefined;
    if (JSON.stringify(canon(cur)) === JSON.stringify(canon(g.expected))) m.valuesEqual++;
    else m.valueMismatches.push(`${g.folder}: ${g.component} -s ${g.stack} ${g.path}: ours ${JSON.stringify(cur)} / expected ${JSON.stringify(g.expected)} [${g.source}]`);
  }
  return m;
}

/** The dependencies Atmos's effective configuration of a pair names, as `component@stack`. */
function goldenEdges(p: Pair): string[] {
  const out: string[] = [];
  const settings = (p.atmos.settings ?? {}) as Record<string, unknown>;
  const vars = (p.atmos.vars ?? {}) as Record<string, unknown>;
  const dependsOn = settings.depends_on;
  const list = Array.isArray(dependsOn) ? dependsOn : dependsOn && typeof dependsOn === "object" ? Object.values(dependsOn) : [];
  for (const d of list as Array<Record<string, unknown>>) {
    if (!d || typeof d.component !== "string") continue;
    const ctx = ["namespace", "tenant", "environment", "stage"].filter((k) => typeof d[k] === "string");
    const stack = typeof d.stack === "string" ? d.stack : ctx.length ? stackFromPattern(p.root, { ...vars, ...d }) : p.stack;
    out.push(`${d.component}@${stack ?? "?"}`);
  }
  const deps = ((p.atmos.dependencies ?? {}) as Record<string, unknown>).components;
  for (const d of (Array.isArray(deps) ? deps : []) as Array<Record<string, unknown>>) {
    const name = typeof d.name === "string" ? d.name : typeof d.component === "string" ? d.component : undefined;
    if (!name || (d.kind && d.kind !== "terraform" && d.kind !== p.type)) continue;
    out.push(`${name}@${typeof d.stack === "string" ? d.stack : p.stack}`);
  }
  return out;
}

function stackFromPattern(root: string, ctx: Record<string, unknown>): string | undefined {
  const conf = YAML.parse(fs.readFileSync(path.join(root, "atmos.yaml"), "utf8")) as { stacks?: { name_pattern?: string; name_template?: string } };
  const tmpl = conf.stacks?.name_template;
  if (tmpl) return tmpl.replace(/\{\{-?\s*\.vars\.(\w+)\s*-?\}\}/g, (_, k: string) => String(ctx[k] ?? ""));
  return conf.stacks?.name_pattern?.replace(/\{(\w+)\}/g, (_, k: string) => String(ctx[k] ?? ""));
}

describe("atmos conformance (Atmos's own fixtures and golden outputs)", { skip: SKIP }, () => {
  const m = PRESENT ? measure() : undefined;
  if (!m) {
    it("needs the corpus", { skip: SKIP }, () => {});
    return;
  }
  it(`describe: ${m.describeEqual}/${m.describeTotal} pairs equal (${m.sectionsEqual}/${m.sectionsTotal} sections); edges: ${m.edgesEqual}/${m.edgesTotal}; Go-test values: ${m.valuesEqual}/${m.valuesTotal}; clean folders: ${m.clean}/${m.cleanTotal}; rejected folders/files: ${m.rejected}/${m.rejectedTotal}`, (t) => {
    for (const x of m.mismatches) t.diagnostic(`describe mismatch: ${x}`);
    for (const x of m.edgeMismatches) t.diagnostic(`edge mismatch: ${x}`);
    for (const x of m.valueMismatches) t.diagnostic(`Go-test value mismatch: ${x}`);
    for (const x of m.unclean) t.diagnostic(`errors in a folder Atmos accepts: ${x}`);
    for (const x of m.missed) t.diagnostic(`no error where Atmos rejects: ${x}`);
    for (const r of REJECTED_FILES) for (const [f, why] of Object.entries(r.accepted)) t.diagnostic(`accepted by Atmos, not counted: ${r.root}/${r.dir}/${f}: ${why}`);
    for (const [k, why] of Object.entries(BROKEN_ON_PURPOSE)) t.diagnostic(`broken on purpose, not counted: ${k}: ${why}`);
    for (const [k, why] of Object.entries(DELIBERATE)) t.diagnostic(`deliberate difference: ${k}: ${why}`);
    for (const x of m.harness) t.diagnostic(`test-environment difference (counted equal): ${x}`);
    assert.ok(m.describeEqual >= BASELINE.describe, `describe pairs fell below the baseline ${BASELINE.describe}`);
    assert.ok(m.sectionsEqual >= BASELINE.sections, `describe sections fell below the baseline ${BASELINE.sections}`);
    assert.ok(m.edgesEqual >= BASELINE.edges, `edges fell below the baseline ${BASELINE.edges}`);
    assert.ok(m.valuesEqual >= BASELINE.values, `Go-test values fell below the baseline ${BASELINE.values}`);
    assert.ok(m.clean >= BASELINE.clean, `clean folders fell below the baseline ${BASELINE.clean}`);
    assert.ok(m.rejected >= BASELINE.rejected, `rejected folders/files fell below the baseline ${BASELINE.rejected}`);
  });
});
