// Which components a manifest can name. A catalog file often inherits from a component that only the stacks
// importing it bring in, so the components visible from a file are those of every manifest whose import closure
// contains the file (and of the file's own closure). Nothing is called unknown while an import is missing, nor in
// a catalog file that no stack imports yet (Atmos never reads such a file, and its stack is not known).
import { mayBeTyped } from "./snapshot";
import type { Engine } from "./stacks";

export interface Visible {
  names: Set<string>;
  /** Every closure involved resolved all its imports. */
  complete: boolean;
  /** The manifests whose merged view the file takes part in. */
  contexts: string[];
  /** The file is a stack or is imported by one. */
  inStack: boolean;
  /**
   * Names of the components that some manifest of those stacks defines with a `metadata.type` (or a metadata that
   * is not a plain map, e.g. `!include`d): a merged component can be abstract only through one of those.
   */
  typed: Set<string>;
}

export function visibleFrom(engine: Engine, file: string): Visible {
  return engine.namesMemo(file, "visible", () => {
    // The names of a merged stack are those of the components of every manifest in its closure (merged() adds a
    // component for each definition and drops none), so they are read from the closures' manifests directly: a
    // catalog file imported by thousands of stacks shares its closure files with all of them, and each manifest is
    // read once instead of each stack being merged. Which manifests those are (reach) outlives edits of values.
    const { keys, complete, contexts } = engine.reach(file);
    const names = new Set<string>();
    const typed = new Set<string>();
    for (const key of keys) {
      for (const comp of engine.manifestAt(key)?.model.components ?? []) {
        names.add(comp.name);
        if (mayBeTyped(comp)) typed.add(comp.name);
      }
    }
    const inStack = contexts.some((c) => engine.isRoot(c));
    return { names, complete, contexts, inStack, typed };
  });
}

/** Every manifest of the engine resolved all its imports. */
export function allComplete(engine: Engine): boolean {
  return engine.structural("all-complete", () => engine.manifests().every((m) => !engine.closure(m.path).missing));
}
