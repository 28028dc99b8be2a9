// env0 reads its workflow from one file name only, so detection is by name: `env0.workflow.yaml` or `.yml`
// (FORMATS.md, section 3). Content never decides: a YAML file with an `environments:` key is not ours.
import * as path from "node:path";

export const WORKFLOW_FILE_NAMES = ["env0.workflow.yaml", "env0.workflow.yml"];

export function candidate(file: string): boolean {
  return WORKFLOW_FILE_NAMES.includes(path.basename(file));
}

export function detect(file: string): "workflow" | undefined {
  return candidate(file) ? "workflow" : undefined;
}
