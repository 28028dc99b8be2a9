// Names in `metadata.inherits` and in dependencies must be components of the stack: defined in the manifest, its
// imports, or the manifests that import it. Dependencies on another stack are checked against that stack when it
// is known, else against every manifest of the repository. An abstract component cannot be deployed, so depending
// on one is a warning.
import type { Problem } from "../../../core/problem";
import { closest } from "../../../core/suggest";
import type { IndexedFile, WorkspaceRule, WorkspaceView } from "../../types";
import type { AtmosRef } from "../analyze";
import { findComponent } from "../inherit";
import type { StackModel } from "../model";
import { displayPath, engineFor, nameFromConfig, type Engine } from "../stacks";
import { allComplete, visibleFrom } from "../visible";

function suggest(name: string, names: Iterable<string>, path: string, span: AtmosRef["span"]): Problem["fixes"] {
  const guess = closest(name, names);
  return guess ? [{ title: `Change to '${guess}'`, preferred: true, changes: [{ path, span, newText: guess }] }] : undefined;
}

export const unknownComponentRule: WorkspaceRule = {
  id: "unknown-component",
  check(ws: WorkspaceView): Problem[] {
    const engine = engineFor(ws);
    return ws.files("atmos").flatMap((f) => fileProblems(engine, ws, f));
  },
  checkFile(ws: WorkspaceView, path: string): Problem[] {
    const f = ws.file(path);
    return f?.format === "atmos" ? fileProblems(engineFor(ws), ws, f) : [];
  },
};

function fileProblems(engine: Engine, ws: WorkspaceView, f: IndexedFile): Problem[] {
  if (f.kind === "workflow") return [];
  const out: Problem[] = [];
  const vis = visibleFrom(engine, f.path);
  for (const r of f.facts.refs as AtmosRef[]) {
    if (r.kind !== "component") continue;
    if (r.role === "inherits") {
      if (vis.names.has(r.name) || !vis.complete || !vis.inStack) continue;
      out.push({
        path: f.path,
        span: r.span,
        severity: "error",
        code: "atmos/unknown-component",
        message: `Component '${r.name}' is not defined in this manifest, its imports or the stacks that import it.${peerOwner(engine, f.path, r.name)}`,
        fixes: suggest(r.name, vis.names, f.path, r.span),
      });
    } else if (r.role === "dependency") {
      const p = dependencyProblem(engine, ws, f.path, r, vis.names, vis.complete && vis.inStack);
      if (p) out.push(p);
    }
  }
  out.push(...abstractTargets(engine, f.path, f.facts.model as StackModel | undefined));
  return out;
}

/**
 * When another top-level manifest of the same stack defines the base: Atmos composes such manifests into one stack
 * but resolves each one's `metadata.inherits` from its own imports only (top-level stack composition).
 */
function peerOwner(engine: Engine, file: string, name: string): string {
  const stack = engine.roots().includes(file) ? engine.stackName(file) : undefined;
  if (!stack) return "";
  for (const r of engine.roots()) {
    if (r === file || engine.stackName(r) !== stack) continue;
    if (findComponent(engine.merged(r), name)) {
      const m = engine.manifest(r);
      const where = m ? displayPath(m.config, r) : r;
      return ` The top-level manifest '${where}' of the same stack '${stack}' defines it, but Atmos resolves 'metadata.inherits' from a manifest's own imports only: move '${name}' to a catalog file and import it from both.`;
    }
  }
  return "";
}

function dependencyProblem(engine: Engine, ws: WorkspaceView, file: string, r: AtmosRef, visible: Set<string>, complete: boolean): Problem | undefined {
  // A templated name is rendered by Atmos when it processes the stack.
  if (r.name.includes("{{")) return undefined;
  // Atmos logs a warning and skips a dependency on a component it cannot find; the stack still processes.
  const unknown = (where: string, names: Iterable<string>): Problem => ({
    path: file,
    span: r.span,
    severity: "warning",
    code: "atmos/unknown-dependency",
    message: `Dependency '${r.name}' is not a component ${where}.`,
    fixes: suggest(r.name, names, file, r.span),
  });
  if (!r.crossStack) {
    if (visible.has(r.name) || !complete) return undefined;
    return unknown("of this stack", visible);
  }
  const target = targetStack(engine, file, r);
  if (target) {
    const cl = engine.closure(target.path);
    const names = [...engine.merged(target.path).components.values()].map((c) => c.name);
    if (names.includes(r.name) || cl.missing) return undefined;
    return unknown(`of stack '${target.name}'`, names);
  }
  const all = new Set(ws.defs("atmos", "component", r.scope).map((d) => d.name));
  if (all.has(r.name) || !allComplete(engine)) return undefined;
  return unknown("of any stack in this repository", all);
}

/** The stack a cross-stack dependency names, when it is one we know (an explicit name or a computable context). */
function targetStack(engine: Engine, file: string, r: AtmosRef): { name: string; path: string } | undefined {
  const f = engine.manifest(file);
  const model = f?.model;
  if (!f || !model) return undefined;
  for (const c of model.components) {
    for (const d of c.dependencies) {
      if (d.component?.span.start !== r.span.start) continue;
      const names = engine.stackNames(f.config.root);
      if (d.stack) {
        const p = names.get(d.stack.name);
        return p ? { name: d.stack.name, path: p } : undefined;
      }
      // Context fields: only when the file belongs to exactly one stack can the target be computed.
      const ctx = [file, ...engine.importers(file)].filter((x) => engine.isRoot(x));
      if (ctx.length !== 1) return undefined;
      const name = nameFromConfig(f.config, engine.merged(ctx[0]!).vars, d.context as Record<string, string>);
      const p = name ? names.get(name) : undefined;
      return p && name ? { name, path: p } : undefined;
    }
  }
  return undefined;
}

/** Same-stack dependencies on components that are abstract in every stack the file takes part in. */
function abstractTargets(engine: Engine, file: string, model: StackModel | undefined): Problem[] {
  if (!model || model.kind !== "stack") return [];
  const out: Problem[] = [];
  const { contexts, typed } = visibleFrom(engine, file);
  for (const c of model.components) {
    for (const d of c.dependencies) {
      if (!d.component || d.stack || Object.keys(d.context).length) continue;
      // Only a component some definition gives a `metadata.type` can be abstract: skip merging every stack for the rest.
      if (!typed.has(d.component.name)) continue;
      const targets = contexts.map((ctx) => findComponent(engine.merged(ctx), d.component!.name)).filter((t) => !!t);
      if (targets.length && targets.every((t) => t.abstract)) {
        out.push({
          path: file,
          span: d.component.span,
          severity: "warning",
          code: "atmos/depends-on-abstract",
          message: `Component '${d.component.name}' is abstract: it is never deployed, so this dependency is never satisfied.`,
        });
      }
    }
  }
  return out;
}
