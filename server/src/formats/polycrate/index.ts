// Polycrate (ayedo): `workspace.poly` and `blocks/**/block.poly`. See FORMATS.md, section 1, and the
// "What Infraflow does" decisions: follow the CLI, merge workspace and installed blocks by name.
import type { FormatModule } from "../types";
import { analyze } from "./analyze";
import { complete, refScope } from "./complete";
import { candidate, detect } from "./detect";
import { graph } from "./graph";
import { polycrateEdits } from "./graph-edits";
import { plan, runnables } from "./plan";
import { hover } from "./hover";
import { checkName } from "./names";
import { resolve } from "./resolve";
import { inheritanceCycle } from "./rules/inheritance-cycle";
import { missingScript } from "./rules/missing-script";
import { selfFrom } from "./rules/self-from";
import { unknownAction } from "./rules/unknown-action";
import { BLOCK_FILE_SHAPE, WORKSPACE_SHAPE } from "./shapes";

export const polycrateFormat: FormatModule = {
  id: "polycrate",
  codePrefix: "poly",
  candidate,
  detect,
  shape: (kind) => (kind === "workspace" ? WORKSPACE_SHAPE : kind === "block" ? BLOCK_FILE_SHAPE : undefined),
  analyze,
  rules: [inheritanceCycle, selfFrom, unknownAction, missingScript],
  resolve,
  refScope,
  complete,
  hover,
  checkName,
  graph,
  graphEdits: polycrateEdits,
  runnables,
  plan,
  schemas: [
    {
      fileName: "polycrate-workspace.schema.json",
      kind: "workspace",
      title: "Polycrate workspace",
      description: "A Polycrate workspace.poly: blocks, workflows and workspace settings.",
      fileMatch: ["workspace.poly"],
    },
    {
      fileName: "polycrate-block.schema.json",
      kind: "block",
      title: "Polycrate block",
      description: "A Polycrate block.poly: one block with its configuration and actions.",
      fileMatch: ["block.poly"],
    },
  ],
};

export type { ActionModel, BlockModel, MergedBlock, PolyFileModel, StepModel, WorkflowModel, WorkspaceInfo, WorkspaceModel } from "./model";
export { effectiveActions, lineage, workspaceModel } from "./model";
