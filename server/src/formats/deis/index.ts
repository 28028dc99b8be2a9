// Deis Workflow: `Procfile` (a YAML mapping of process type to command) and the `.env` file of
// `deis config:push` beside it. See FORMATS.md, section 5, and the "What Infraflow does" decisions.
// Neither file kind has a shape: their rules have codes of their own (`deis/invalid-process-type`, …), and a
// Procfile's keys are names, not fields, so all checks are in the analysis.
import type { FormatModule } from "../types";
import { analyze } from "./analyze";
import { complete } from "./complete";
import { candidate, detect } from "./detect";
import { parseEnv } from "./env";
import { graph } from "./graph";
import { hover } from "./hover";
import { plan, runnables } from "./plan";
import { parseProcfile, PROCESS_TYPE } from "./procfile";

export const deisFormat: FormatModule = {
  id: "deis",
  codePrefix: "deis",
  candidate,
  detect,
  parse: (text, kind, ws) => (kind === "env" ? parseEnv(text) : parseProcfile(text, ws)),
  shape: () => undefined,
  analyze,
  complete,
  hover,
  graph,
  runnables,
  plan,
  checkName(kind, name) {
    if (kind === "process" && !PROCESS_TYPE.test(name)) return `'${name}' is not a valid process type: use lowercase letters, digits and single hyphens.`;
    if (kind === "config" && !/^[a-z_]+[a-z0-9_]*$/i.test(name)) return `'${name}' is not a valid config key: use letters, digits and '_', not starting with a digit.`;
    return undefined;
  },
};

export type { DeisFileModel } from "./analyze";
export type { ConfigEntry, EnvFileModel, InvalidLine } from "./env";
export type { ProcessType, ProcfileModel } from "./procfile";
export { isSecretKey, readEnv } from "./env";
export { PROCESS_TYPE, readProcfile } from "./procfile";
