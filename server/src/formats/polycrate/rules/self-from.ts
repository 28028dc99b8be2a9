// A block whose `from` names itself. Polycrate merges a workspace.poly entry and the installed block.poly of the
// same name into one block, the entry's `from` winning (cmd/workspace.go LoadInstalledBlocks, cmd/blocks.go
// Block.MergeIn). ResolveBlock then looks the `from` up with GetBlock, finds this very block, not resolved yet,
// and defers it; ResolveBlockDependencies retries it on every pass and never resolves it. It pulls nothing and
// reports nothing: the loop ends when the other blocks have counted the pending ones down, leaving this block
// unresolved (nothing inherited), and never ends when no other block resolves. Polycrate does not refuse such a
// workspace (its own test workspace has entries like this), so this is a warning; cycles through other blocks
// are poly/inheritance-cycle.
import type { Problem } from "../../../core/problem";
import type { WorkspaceRule } from "../../types";
import { workspaceModel, workspaceRoots } from "../model";

export const selfFrom: WorkspaceRule = {
  id: "self-from",
  check(ws) {
    const out: Problem[] = [];
    for (const root of workspaceRoots(ws)) {
      for (const mb of workspaceModel(ws, root).blocks.values()) {
        const self = mb.selfFrom;
        if (!self) continue;
        const lost = self.replaced ? ` Its block.poly's 'from: ${self.replaced.value}' is not used either: the entry's 'from' replaces it.` : "";
        const hint = self.source === "workspace" ? " A workspace.poly entry configures the installed block of the same name without 'from'." : "";
        out.push({
          path: self.path,
          span: self.at.span,
          severity: "warning",
          code: "poly/self-from",
          message: `Block '${mb.name}' names itself in 'from'. Polycrate finds this same block, so it pulls nothing, and waits for it to be resolved first, so it never is: nothing is inherited, and when no other block resolves, loading never ends.${lost}${hint}`,
        });
      }
    }
    return out;
  },
};
