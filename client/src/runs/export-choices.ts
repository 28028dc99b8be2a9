// What "Infraflow: Export Workflow…" offers from a file, and which of it the cursor is in: pure, tested in node.
import type { Runnable } from "../../../common/run";

export interface Choice {
  runnable: string;
  label: string;
  action?: string;
  withDependencies?: boolean;
}

/** The choices of a file: each top-level runnable with each of its actions (and with dependencies, where it applies). */
export function exportChoices(list: Runnable[]): Choice[] {
  return list
    .filter((r) => r.kind !== "step" && !r.parent)
    .flatMap((r) =>
      (r.actions?.length ? r.actions : [undefined]).flatMap((action) =>
        (r.dependencies ? [false, true] : [false]).map((withDependencies) => ({
          runnable: r.id,
          label: `${r.label}${action ? ` ${action}` : ""}${withDependencies ? " with dependencies" : ""}`,
          ...(action ? { action } : {}),
          ...(withDependencies ? { withDependencies } : {}),
        })),
      ),
    );
}

/** The top-level runnable written nearest above the cursor (the one the cursor is in; a step stands for its parent). */
export function runnableAt(list: Runnable[], line: number): Runnable | undefined {
  let at: Runnable | undefined;
  for (const r of list) if (r.range.start.line <= line && (!at || r.range.start.line >= at.range.start.line)) at = r;
  const top = at?.parent ? list.find((p) => p.id === at.parent) : at;
  return top && top.kind !== "step" && !top.parent ? top : undefined;
}
