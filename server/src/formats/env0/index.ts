// env0 workflows: `env0.workflow.yaml` / `.yml`. See FORMATS.md, section 3, and the "What Infraflow does"
// decisions: our shape follows the file reference; `needs` must name aliases of the same file; cycles are errors.
import type { FormatModule } from "../types";
import { analyze } from "./analyze";
import { complete, refScope } from "./complete";
import { candidate, detect } from "./detect";
import { graph } from "./graph";
import { env0Edits } from "./graph-edits";
import { hover } from "./hover";
import { checkName } from "./names";
import { plan, runnables } from "./plan";
import { WORKFLOW_SHAPE } from "./shapes";

export const env0Format: FormatModule = {
  id: "env0",
  codePrefix: "env0",
  candidate,
  detect,
  shape: (kind) => (kind === "workflow" ? WORKFLOW_SHAPE : undefined),
  analyze,
  refScope,
  complete,
  hover,
  checkName,
  graph,
  graphEdits: env0Edits,
  runnables,
  plan,
  schemas: [
    {
      fileName: "env0-workflow.schema.json",
      kind: "workflow",
      title: "env0 workflow",
      description: "An env0 workflow file: sub-environments by alias, the order they deploy in (`needs`) and workflow settings.",
      fileMatch: ["env0.workflow.yaml", "env0.workflow.yml"],
    },
  ],
};

export type { FlagModel, KeyedValue, NeedModel, SubEnvironmentModel, ValueAt, VcsModel, WorkflowModel } from "./model";
export { dependencyCycles, deployWaves, environment, neededBy, needsOf, readWorkflow, waveNumbers } from "./model";
