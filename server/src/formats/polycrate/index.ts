// Placeholder: the polycrate format is being written.
import type { FormatModule } from "../types";

export const polycrateFormat: FormatModule = {
  id: "polycrate",
  codePrefix: "poly",
  candidate: () => false,
  detect: () => undefined,
  shape: () => undefined,
  analyze: () => ({ defs: [], refs: [], problems: [] }),
};
