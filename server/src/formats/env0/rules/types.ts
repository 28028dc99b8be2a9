// Rules over one workflow file get its model and text. Everything in an env0 workflow is in one file, so there
// are no workspace rules.
import type { Problem } from "../../../core/problem";
import type { WorkflowModel } from "../model";

export interface FileRule {
  id: string;
  check(model: WorkflowModel, text: string): Problem[];
}
