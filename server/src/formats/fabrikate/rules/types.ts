// Rules that need one component file only get its model and text; rules over config files need the workspace.
import type { Problem } from "../../../core/problem";
import type { ComponentFileModel } from "../model";

export interface ComponentRule {
  id: string;
  check(model: ComponentFileModel, text: string): Problem[];
}
