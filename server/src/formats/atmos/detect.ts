// Which files are Atmos manifests. With an `atmos.yaml`, every YAML file under `stacks.base_path` is a stack
// manifest (deployable or not: catalog files and excluded `_defaults.yaml` are imported, so they are manifests too)
// and every YAML file under `workflows.base_path` is a workflow manifest. Without one, the content decides, and
// only a mapping made of Atmos root keys with components, imports or workflows is claimed.
import * as path from "node:path";
import type { Node } from "yaml";
import { entries, get, isMap, isSeq, items } from "../yaml-read";
import type { WorkspaceView } from "../types";
import { findConfig, isConfigName, isUnder, isYaml } from "./config";

export const STACK_ROOT_KEYS = new Set([
  "import", "vars", "env", "settings", "terraform", "helmfile", "packer", "components", "overrides", "hooks", "name", "locals", "metadata",
  "kubernetes", "helm", "compositions", "secrets", "dependencies", "generate", "version",
]);
const WORKFLOW_ROOT_KEYS = new Set(["name", "description", "workflows"]);
const COMPONENT_SECTIONS = ["terraform", "helmfile", "packer", "kubernetes", "helm"];

export function candidate(file: string, ws: WorkspaceView): boolean {
  if (!isYaml(file) || isConfigName(file)) return false;
  const config = findConfig(file, ws);
  if (config) return isUnder(file, config.stacksBase) || isUnder(file, config.workflowsBase);
  // No atmos.yaml: read files in a `stacks` folder, where Atmos repositories keep their manifests.
  return path.dirname(file).split(path.sep).includes("stacks");
}

export function detect(file: string, text: string, ws: WorkspaceView): string | undefined {
  if (!isYaml(file) || isConfigName(file)) return undefined;
  const config = findConfig(file, ws);
  const root = text.trim() ? ws.parseYaml(text).root : null;
  if (root && isForeign(root)) return undefined;
  if (config) {
    if (isUnder(file, config.workflowsBase)) return "workflow";
    // The manifest schema tells the kinds apart by the `workflows` key, wherever the file is.
    if (isUnder(file, config.stacksBase)) return root && isMap(root) && get(root, "workflows") !== null && byContent(root) === "workflow" ? "workflow" : "stack";
    return undefined;
  }
  return byContent(root);
}

/** Well-known YAML that is never an Atmos manifest, even in a stacks folder. */
function isForeign(root: Node): boolean {
  if (!isMap(root)) return false;
  const keys = new Set(entries(root).map((e) => e.key));
  if (keys.has("apiVersion") && keys.has("kind")) return true; // Kubernetes
  if (keys.has("on") && keys.has("jobs")) return true; // GitHub Actions
  if (keys.has("services") && !keys.has("components")) return true; // docker-compose
  return false;
}

export function byContent(root: Node | null): "stack" | "workflow" | undefined {
  if (!root || !isMap(root)) return undefined;
  const keys = entries(root).map((e) => e.key);
  if (!keys.length) return undefined;
  if (keys.every((k) => WORKFLOW_ROOT_KEYS.has(k)) && keys.includes("workflows")) {
    const wfs = entries(get(root, "workflows"));
    const ok =
      wfs.length > 0 &&
      wfs.every((w) => isMap(w.value) && isSeq(get(w.value, "steps"))) &&
      wfs.some((w) => items(get(w.value, "steps")).some((st) => isMap(st) && entries(st).some((e) => e.key === "command" || e.key === "type")));
    return ok ? "workflow" : undefined;
  }
  if (!keys.every((k) => STACK_ROOT_KEYS.has(k))) return undefined;
  const comps = get(root, "components");
  const hasComponents = isMap(comps) && entries(comps).some((e) => COMPONENT_SECTIONS.includes(e.key) && isMap(e.value));
  const hasImports = isSeq(get(root, "import"));
  return hasComponents || hasImports ? "stack" : undefined;
}
