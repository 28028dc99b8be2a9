// Blocks that inherit from themselves through other blocks' `from`: the CLI can never resolve them (cmd/workspace.go
// ResolveBlock defers each until its parent is resolved). A block naming itself has no parent in the model and is
// reported by the self-from rule.
import type { Problem } from "../../../core/problem";
import type { WorkspaceRule } from "../../types";
import { workspaceModel, workspaceRoots } from "../model";

export const inheritanceCycle: WorkspaceRule = {
  id: "inheritance-cycle",
  check(ws) {
    const out: Problem[] = [];
    for (const root of workspaceRoots(ws)) {
      const model = workspaceModel(ws, root);
      for (const start of model.blocks.values()) {
        if (!start.parent) continue;
        const names = [start.name];
        let cur = model.blocks.get(start.parent.name);
        while (cur && !names.includes(cur.name)) {
          names.push(cur.name);
          cur = cur.parent ? model.blocks.get(cur.parent.name) : undefined;
        }
        // Only blocks on the loop report it; a block that merely inherits from a loop is left alone.
        if (!cur || cur.name !== start.name) continue;
        out.push({
          path: start.parent.path,
          span: start.parent.at.span,
          severity: "error",
          code: "poly/inheritance-cycle",
          message: `Inheritance cycle: ${[...names, start.name].join(" → ")}.`,
        });
      }
    }
    return out;
  },
};
