// Placeholder: the atmos format is being written.
import type { FormatModule } from "../types";

export const atmosFormat: FormatModule = {
  id: "atmos",
  codePrefix: "atmos",
  candidate: () => false,
  detect: () => undefined,
  shape: () => undefined,
  analyze: () => ({ defs: [], refs: [], problems: [] }),
};
