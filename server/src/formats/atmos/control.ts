// Atmos `parallel` and `matrix` workflow steps (Atmos v1.222.0 and later), as the Atmos Go source defines them.
// Read from cloudposse/atmos; each fact names its file:
//
// Validation (pkg/schema/task_validate.go, validateControlSteps; run by internal/exec/workflow_utils.go
// ExecuteWorkflow before any step, after the names are generated, and failing the whole workflow):
// - `needs` is allowed only on the direct children of a parallel/matrix step ("sets needs outside a concurrent
//   control step"). Top-level step names may repeat; children names may not ("duplicate step name").
// - A child's `needs` must name a sibling ("needs unknown step"), and the siblings' `needs` must not form a cycle
//   ("cyclic needs dependency").
// - A parallel/matrix step needs at least one nested step; `max_concurrency` and `fail.max_failures` must not be
//   negative (a non-integer does not even decode); `fail.mode` is empty, `wait_all`, `fail_fast` or
//   `best_effort`; a matrix has at least one axis, no axis name is blank and every axis has a value
//   (pkg/datafetcher/schema/atmos/manifest/1.0.json: `matrix` maps axis names to lists of strings).
// - A child's type is `atmos` (the default), `shell`, `script` or `sleep`; it may not set `tty`/`interactive`,
//   nor an `output` other than `log`/`none`, nor nested `steps` (so control steps do not nest).
// Names (pkg/workflow/step_names.go): an unnamed child of step P is `P_stepN` (N its 1-based position), with `_`
//   appended while it collides with a sibling's explicit name; an unnamed top-level step is `stepN`.
// Running (pkg/workflow/control.go ExecuteControlStep, pkg/scheduler/scheduler.go):
// - Parallel: one node per child, edges from `needs`. Matrix (control_matrix.go): rows are the cartesian product
//   of the axes taken in sorted axis order, values in written order; each row gets a copy of every child, named
//   `P_<axis>_<value>_<hash>…_<child>` (sanitised axis and value, FNV-1a 64 hash of `axis\0value` in base 36). Inside a
//   row a child with `needs` waits for those children of the same row, and a child without `needs` waits for the
//   child written before it; rows do not wait for each other.
// - The scheduler starts ready nodes in the byte order of their node ids, at most `max_concurrency` at once
//   (0, or more than there are nodes, means all of them).
// - A failed node's dependents are skipped (transitively); independent nodes go on. `fail.mode` (default
//   `wait_all`) and `fail.max_failures` decide when the group gives up: best_effort never; fail_fast after
//   max(1, max_failures) failures; wait_all after max_failures failures when it is set, else never. Giving up
//   cancels the running children and skips the pending ones.
// - The step fails when any child failed, except in best_effort mode, where Atmos returns success and the
//   workflow goes on. Infraflow's runs do the same, and say so: the failed children count as allowed failures
//   and the run ends "passed with N allowed failures" (a warning), never a plain success over a failure.
// - Children's stack (control_executor.go finalStack): `-s` on the command line, else the child's `stack`, else
//   the workflow's `stack`; the parent step's `stack` is not used. `{{ .matrix.AXIS }}` and `{{ .step.name }}`
//   templates in a child's command, stack, timeout and env are filled per row (control.go resolveControlStep).
// - `--from-step` names a top-level step only (ExecuteWorkflow drops the top-level steps before it); a nested
//   step's name is not a valid start. A `sleep` child sleeps its `timeout` (a Go duration, default 1s).
import type { Problem } from "../../core/problem";
import type { Span } from "../../core/text";
import { entry, get, isMap, isScalar, items, spanOf, str } from "../yaml-read";
import type { StepModel } from "./model";

export const CONTROL_STEP_TYPES = ["parallel", "matrix"];
/** Step types Atmos runs inside a parallel/matrix step. */
export const CONCURRENT_CHILD_TYPES = ["atmos", "shell", "script", "sleep"];
export const FAIL_MODES = ["wait_all", "fail_fast", "best_effort"] as const;
export type FailMode = (typeof FAIL_MODES)[number];

export const isControlStep = (st: StepModel): boolean => CONTROL_STEP_TYPES.includes(st.type);

/** One child as Atmos schedules it: a parallel child, or a child of one matrix row. */
export interface ControlNode {
  /** The scheduler's node id (parallel: the child's name; matrix: the row-qualified name). */
  id: string;
  /** How Atmos shows it: the child's name, with the row's values for a matrix (`test (go=1.22, os=linux)`). */
  label: string;
  child: StepModel;
  /** Index of the child among its siblings. */
  childIndex: number;
  /** The matrix row (axis → value), empty for a parallel child. */
  row: Record<string, string>;
  /** Ids of the nodes it waits for. */
  needs: string[];
}

export interface ControlSettings {
  /** Children running at once; 0 means all of them. */
  maxConcurrency: number;
  mode: FailMode;
  maxFailures: number;
}

/** The effective settings (control.go effectiveControlFail / effectiveControlConcurrency), for a valid step. */
export function controlSettings(st: StepModel): ControlSettings {
  const mode = st.fail?.mode?.name.trim();
  return {
    maxConcurrency: Math.max(0, st.maxConcurrency?.value ?? 0),
    mode: (FAIL_MODES as readonly string[]).includes(mode ?? "") ? (mode as FailMode) : "wait_all",
    maxFailures: Math.max(0, st.fail?.maxFailures?.value ?? 0),
  };
}

/** After how many failures the group cancels the rest (0: never), as control.go shouldCancelControl decides. */
export function cancelThreshold(c: ControlSettings): number {
  if (c.mode === "best_effort") return 0;
  if (c.mode === "fail_fast") return Math.max(1, c.maxFailures);
  return c.maxFailures;
}

/** The scheduler's nodes of a parallel/matrix step, in the order Atmos starts them when all are ready. */
export function controlNodes(st: StepModel): ControlNode[] {
  const nodes: ControlNode[] = [];
  if (st.type === "matrix") {
    for (const row of expandMatrix(st)) {
      const rowName = `${st.name}_${rowSuffix(row)}`;
      const idOf = (child: StepModel): string => `${rowName}_${child.name}`;
      const byName = new Map(st.steps.map((c) => [c.name, c]));
      st.steps.forEach((child, i) => {
        const needs = child.needs.length
          ? child.needs.map((n) => byName.get(n.name)).filter((c): c is StepModel => !!c).map(idOf)
          : i > 0
            ? [idOf(st.steps[i - 1]!)]
            : [];
        nodes.push({ id: idOf(child), label: `${child.name} (${rowLabel(row)})`, child, childIndex: i, row, needs });
      });
    }
  } else {
    const names = new Set(st.steps.map((c) => c.name));
    st.steps.forEach((child, i) => nodes.push({ id: child.name, label: child.name, child, childIndex: i, row: {}, needs: child.needs.map((n) => n.name).filter((n) => names.has(n)) }));
  }
  return nodes.sort((a, b) => compareBytes(a.id, b.id));
}

/** The rows of a matrix: the product of its axes in sorted axis order, each axis's values in written order. */
export function expandMatrix(st: StepModel): Array<Record<string, string>> {
  // A repeated axis key decodes to its last value, as a Go map does.
  const axes = new Map<string, string[]>();
  for (const a of st.matrix?.axes ?? []) axes.set(a.name, a.values);
  let rows: Array<Record<string, string>> = [{}];
  for (const axis of [...axes.keys()].sort(compareBytes)) rows = rows.flatMap((row) => axes.get(axis)!.map((v) => ({ ...row, [axis]: v })));
  return rows;
}

const sortedAxes = (row: Record<string, string>): string[] => Object.keys(row).sort(compareBytes);
const rowLabel = (row: Record<string, string>): string => sortedAxes(row).map((a) => `${a}=${row[a]}`).join(", ");
const rowSuffix = (row: Record<string, string>): string => sortedAxes(row).map((a) => [sanitize(a), sanitize(row[a]!), fnv64aBase36(`${a}\0${row[a]}`)].join("_")).join("_");

/** control_matrix.go sanitizeControlName: ASCII letters and digits kept, anything else `_`, trimmed of `_`. */
function sanitize(value: string): string {
  let out = "";
  for (const ch of value.trim()) out += /^[A-Za-z0-9]$/.test(ch) ? ch : "_";
  out = out.replace(/^_+|_+$/g, "");
  return out || "empty";
}

/** FNV-1a, 64 bits, over the UTF-8 bytes, written in base 36 (Go's strconv.FormatUint(h, 36)). */
export function fnv64aBase36(value: string): string {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(value, "utf8")) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(36);
}

/** Go's string order: by UTF-8 bytes. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

// ---- Diagnostics: what validateControlSteps rejects, each at the key or value at fault. ----

export function controlProblems(file: string, steps: StepModel[]): Problem[] {
  const out: Problem[] = [];
  const err = (span: Span | undefined, fallback: Span, code: string, message: string): void => {
    out.push({ path: file, span: span ?? fallback, severity: "error", code, message });
  };
  for (const st of steps) {
    for (const n of st.needs) err(n.span, st.fullSpan, "atmos/needs-outside-group", `Step '${st.name}' sets 'needs', which Atmos allows only on the steps inside a parallel or matrix step; top-level steps run in order.`);
    if (!isControlStep(st)) continue;
    const at = st.typeSpan ?? st.nameSpan;
    if (!st.steps.length) err(at, st.fullSpan, "atmos/empty-control-step", `The ${st.type} step '${st.name}' has no nested 'steps'; Atmos needs at least one.`);
    // A negative or non-integer `max_concurrency`/`fail.max_failures` and an unknown `fail.mode` are reported by the
    // step shape (shapes.ts), with the same rules as Atmos.
    if (st.type === "matrix") matrixProblems(st, err);
    childProblems(st, err);
  }
  return out;
}

type Report = (span: Span | undefined, fallback: Span, code: string, message: string) => void;

function matrixProblems(st: StepModel, err: Report): void {
  const axes = st.matrix?.axes ?? [];
  if (!axes.length) {
    err(st.matrix ? st.matrix.span : (st.typeSpan ?? st.nameSpan), st.fullSpan, "atmos/empty-matrix", `The matrix step '${st.name}' has no matrix axes; Atmos needs at least one (e.g. 'matrix: {os: [linux, darwin]}').`);
    return;
  }
  for (const a of axes) {
    if (!a.name.trim()) err(a.nameSpan, a.span, "atmos/empty-matrix", `The matrix of '${st.name}' has an axis with an empty name.`);
    else if (!a.values.length) err(a.nameSpan, a.span, "atmos/empty-matrix", `Matrix axis '${a.name}' of '${st.name}' has no values; Atmos needs at least one.`);
  }
}

function childProblems(parent: StepModel, err: Report): void {
  const where = `${parent.type} step '${parent.name}'`;
  const first = new Map<string, StepModel>();
  for (const c of parent.steps) {
    const prev = first.get(c.name);
    if (prev) err(c.nameSpan, c.fullSpan, "atmos/duplicate-step", `Step name '${c.name}' is used twice in ${where}; the steps of a parallel or matrix step need distinct names.`);
    else first.set(c.name, c);
  }
  for (const c of parent.steps) {
    for (const n of c.needs) {
      if (!first.has(n.name)) err(n.span, c.fullSpan, "atmos/unknown-step", `Step '${n.name}' is not a sibling of '${c.name}' in ${where}; 'needs' names steps of the same ${parent.type} step (${[...first.keys()].map((k) => `'${k}'`).join(", ")}).`);
    }
  }
  for (const cyc of needsCycles(parent.steps)) {
    const head = cyc[0]!;
    const entry = head.needs.find((n) => n.name === cyc[1 % cyc.length]!.name);
    err(entry?.span, head.fullSpan, "atmos/needs-cycle", `The 'needs' of ${where} form a cycle: ${[...cyc, head].map((s) => s.name).join(" → ")}. Atmos cannot order them.`);
  }
  for (const c of parent.steps) {
    const at = c.typeSpan ?? c.nameSpan;
    if (!CONCURRENT_CHILD_TYPES.includes(c.type)) err(at, c.fullSpan, "atmos/bad-concurrent-child", `A ${c.type} step cannot run inside ${where}; Atmos allows atmos, shell, script and sleep steps there.`);
    for (const k of ["tty", "interactive"]) if (isTrue(get(c.node, k))) err(spanOf(entry(c.node, k)?.keyNode), c.fullSpan, "atmos/bad-concurrent-child", `Step '${c.name}' sets '${k}', which is not allowed inside ${where} (its children run concurrently).`);
    const output = get(c.node, "output");
    const mode = isScalar(output) ? str(output)?.trim() : isMap(output) ? "a mapping" : undefined;
    if (mode !== undefined && !["", "log", "none"].includes(mode)) err(spanOf(entry(c.node, "output")?.keyNode), c.fullSpan, "atmos/bad-concurrent-child", `Step '${c.name}' sets output '${mode}' inside ${where}; only 'log' or 'none' are allowed there.`);
    if (items(get(c.node, "steps")).length) err(at, c.fullSpan, "atmos/bad-concurrent-child", `Step '${c.name}' has nested 'steps' inside ${where}; parallel and matrix steps do not nest.`);
  }
}

function isTrue(node: ReturnType<typeof get>): boolean {
  return isScalar(node) && node.value === true;
}

/** Each cycle of `needs` among siblings once, as the list of its steps (each step needs the next). */
function needsCycles(steps: StepModel[]): StepModel[][] {
  const byName = new Map<string, StepModel>();
  for (const s of steps) if (!byName.has(s.name)) byName.set(s.name, s);
  const state = new Map<string, 1 | 2>();
  const cycles: StepModel[][] = [];
  const visit = (s: StepModel, trail: StepModel[]): void => {
    const st = state.get(s.name);
    if (st === 2) return;
    if (st === 1) {
      cycles.push(trail.slice(trail.indexOf(s)));
      return;
    }
    state.set(s.name, 1);
    for (const n of s.needs) {
      const t = byName.get(n.name);
      if (t) visit(t, [...trail, s]);
    }
    state.set(s.name, 2);
  };
  for (const s of byName.values()) visit(s, []);
  return cycles;
}
