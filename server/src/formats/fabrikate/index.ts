// Microsoft Fabrikate: `component.yaml|json` and `config/<env>.yaml|json`. See FORMATS.md, section 4, and the
// "What Infraflow does" decisions: `generator` is deprecated (warning and quick fix), config files are checked
// against the component tree, unknown subcomponent names are warnings.
//
// Detection of a config file depends on its component file, but component files are not declared as config
// files of the index (`isConfigFile`): that would re-scan the workspace on every keystroke in a component.yaml.
// A config file is re-detected when it changes or the workspace is rescanned.
import type { FormatModule } from "../types";
import { analyze } from "./analyze";
import { complete } from "./complete";
import { candidate, detect } from "./detect";
import { graph } from "./graph";
import { fabrikateEdits } from "./graph-edits";
import { hover } from "./hover";
import { plan, runnables } from "./plan";
import { checkName, resolve } from "./resolve";
import { COMPONENT_SHAPE, CONFIG_SHAPE } from "./shapes";

export const fabrikateFormat: FormatModule = {
  id: "fabrikate",
  codePrefix: "fab",
  candidate,
  detect,
  // A file forced to Fabrikate without being recognised is served as a component.
  shape: (kind) => (kind === "config" ? CONFIG_SHAPE : COMPONENT_SHAPE),
  analyze,
  resolve,
  complete,
  hover,
  checkName,
  graph,
  graphEdits: fabrikateEdits,
  runnables,
  plan,
  // The schemas are published but bound to no file name: `component.yaml` and `config/*.yaml` are names many
  // other tools use (Backstage, for one), and a file-name match would put our schema on their files too. Our
  // own server claims Fabrikate files by their shape; other YAML tooling can point at the schema explicitly.
  schemas: [
    {
      fileName: "fabrikate-component.schema.json",
      kind: "component",
      title: "Fabrikate component",
      description: "A Fabrikate component.yaml or component.json: type, method, source, hooks and subcomponents.",
      fileMatch: [],
    },
    {
      fileName: "fabrikate-config.schema.json",
      kind: "config",
      title: "Fabrikate environment config",
      description: "A Fabrikate config/<env>.yaml or .json: namespace, values and per-subcomponent configuration of one environment.",
      fileMatch: [],
    },
  ],
};

export type {
  Children,
  ComponentFileModel,
  ComponentModel,
  ComponentType,
  ConfigFileModel,
  ConfigNode,
  ConfigValue,
  EnvironmentModel,
  FabFileModel,
  HookModel,
  Method,
  ValueAt,
} from "./model";
export { childrenOf, componentAt, componentTree, configFiles, environments, fileModel, localSourceDir, walk } from "./model";
export { PRECEDENCE } from "./hover";
