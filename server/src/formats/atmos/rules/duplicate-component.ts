// A component of one stack defined differently in more than one top-level manifest of that stack (several
// manifests can compute the same stack name). Atmos cannot tell which one to use: `validate stacks` fails with
// "is defined in more than one top-level stack manifest file" and `describe component` with "Found duplicate
// config" (internal/exec validate_stacks.go; Atmos's TestTopLevelStackCompositionRejectsConflictingDuplicates).
// Identical definitions (the same catalog imported by each manifest) are fine, as in Atmos. Narrower than Atmos
// on purpose: only components written in two or more of the top-level manifests themselves are compared, because
// we do not yet follow how Atmos groups components that only arrive through imports (its grouping reads the
// component's own vars), and Atmos's `complete` scenario, which it accepts, has such a component.
import type { Problem } from "../../../core/problem";
import type { WorkspaceRule, WorkspaceView } from "../../types";
import { manifestName } from "../config";
import { plain, renderedSections } from "../describe";
import { effective } from "../inherit";
import { engineFor, type Engine } from "../stacks";

export const duplicateComponentRule: WorkspaceRule = {
  id: "duplicate-component",
  check(ws: WorkspaceView): Problem[] {
    const engine = engineFor(ws);
    const groups = new Map<string, string[]>();
    for (const r of engine.roots()) {
      const m = engine.manifest(r);
      const name = engine.stackName(r);
      if (!m || !name) continue;
      const key = `${m.config.root}\u0000${name}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const out: Problem[] = [];
    const seen = new Set<string>();
    for (const [key, roots] of groups) {
      if (roots.length < 2) continue;
      const stack = key.split("\u0000")[1]!;
      const byComponent = new Map<string, string[]>();
      for (const r of roots) {
        for (const [k, c] of engine.merged(r).components) if (c.defs.some((d) => d.path === r)) byComponent.set(k, [...(byComponent.get(k) ?? []), r]);
      }
      for (const [k, where] of byComponent) {
        if (where.length < 2) continue;
        const configs = where.map((r) => described(engine, r, k));
        if (configs.every((c) => c === configs[0])) continue;
        const comp = engine.merged(where[0]!).components.get(k)!;
        const names = where.map((r) => manifestName(engine.manifest(r)!.config, r));
        for (const r of where) {
          const def = engine.merged(r).components.get(k)!.defs.find((d) => d.path === r)!;
          const id = `${def.path}\u0000${def.item.nameSpan.start}`;
          if (seen.has(id)) continue;
          seen.add(id);
          out.push({
            path: def.path,
            span: def.item.nameSpan,
            severity: "error",
            code: "atmos/duplicate-component",
            message: `Component '${comp.name}' of stack '${stack}' is defined differently in more than one top-level stack manifest (${names.join(", ")}): Atmos cannot decide which one to use.`,
          });
        }
      }
    }
    return out;
  },
};

function described(engine: Engine, root: string, key: string): string {
  const c = engine.merged(root).components.get(key)!;
  const eff = effective(engine.merged(root), c.name, c.type);
  if (!eff) return "";
  const r = renderedSections(engine, root, eff);
  return JSON.stringify([plain(r.vars), plain(r.settings), plain(r.env), plain(r.metadata), plain(r.backend), eff.backendType]);
}
