// Rules that need one file only get its model and text; rules across files are WorkspaceRules (../types).
import type { Problem } from "../../../core/problem";
import type { PolyFileModel } from "../model";

export interface FileRule {
  id: string;
  check(model: PolyFileModel, text: string): Problem[];
}
