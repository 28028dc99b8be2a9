// Fabrikate files are `component.yaml|json` with the Fabrikate shape, and `config/<env>.yaml|json` beside one.
// `component.yaml` is a common name (Backstage catalog entries, OpenAPI fragments, Kubernetes-style manifests),
// so a file is only claimed when its content says Fabrikate (FORMATS.md, "What Infraflow does": detection never
// claims unrelated YAML).
import * as path from "node:path";
import type { Node } from "../../core/yaml";
import { entries, isMap, str } from "../yaml-read";
import type { WorkspaceView } from "../types";
import { COMPONENT_TYPES, HOOK_NAMES, METHODS } from "./shapes";

export const COMPONENT_FILES = ["component.yaml", "component.json"];
const CONFIG_EXT = /\.(yaml|json)$/;

/** Keys that belong to other tools' `component.yaml`: Kubernetes-style objects, Backstage, OpenAPI. */
const FOREIGN_KEYS = new Set(["apiVersion", "kind", "metadata", "spec", "openapi", "swagger", "info", "paths", "components", "$schema"]);
const COMPONENT_KEYS = new Set(["name", "type", "generator", "method", "source", "path", "version", "branch", "hooks", "subcomponents", "repositories"]);

export function isComponentName(file: string): boolean {
  return COMPONENT_FILES.includes(path.basename(file));
}

/** For `<dir>/config/<env>.yaml|json`: the component folder `<dir>`. */
export function configOwnerDir(file: string): string | undefined {
  if (!CONFIG_EXT.test(path.basename(file))) return undefined;
  const configDir = path.dirname(file);
  if (path.basename(configDir) !== "config") return undefined;
  return path.dirname(configDir);
}

export function candidate(file: string): boolean {
  return isComponentName(file) || configOwnerDir(file) !== undefined;
}

/** Whether a parsed component root has the Fabrikate shape on its own. */
export function looksLikeComponent(root: Node | null): boolean {
  if (!isMap(root)) return false;
  const es = entries(root);
  if (es.some((e) => FOREIGN_KEYS.has(e.key))) return false;
  for (const e of es) {
    const v = str(e.value);
    if (e.key === "subcomponents") return true;
    if ((e.key === "type" || e.key === "generator") && v !== undefined && COMPONENT_TYPES.includes(v)) return true;
    if (e.key === "method" && v !== undefined && METHODS.includes(v)) return true;
    if (e.key === "hooks" && entries(e.value).some((h) => HOOK_NAMES.includes(h.key))) return true;
  }
  return false;
}

function hasConfigFiles(dir: string, ws: WorkspaceView): boolean {
  const configDir = path.join(dir, "config");
  if (!ws.exists(configDir)) return false;
  return ws.listFiles(configDir).some((f) => path.dirname(f) === configDir && CONFIG_EXT.test(f));
}

/** Whether a component file is a Fabrikate component: by its content, or by a `config/` folder beside it. */
export function isFabrikateComponent(file: string, text: string, ws: WorkspaceView): boolean {
  if (!isComponentName(file)) return false;
  const root = ws.parseYaml(text).root;
  if (looksLikeComponent(root)) return true;
  // A plain `name:` file with only Fabrikate keys is ours when environments sit beside it.
  if (!isMap(root)) return false;
  const keys = entries(root).map((e) => e.key);
  return keys.includes("name") && keys.every((k) => COMPONENT_KEYS.has(k)) && hasConfigFiles(path.dirname(file), ws);
}

/** The Fabrikate component file of a folder, if there is one (YAML is tried before JSON, as Fabrikate does). */
export function componentFileOf(dir: string, ws: WorkspaceView): string | undefined {
  for (const name of COMPONENT_FILES) {
    const p = path.join(dir, name);
    if (!ws.exists(p)) continue;
    const text = ws.readText(p);
    if (text !== undefined && isFabrikateComponent(p, text, ws)) return p;
  }
  return undefined;
}

export function detect(file: string, text: string, ws: WorkspaceView): "component" | "config" | undefined {
  if (isComponentName(file)) return isFabrikateComponent(file, text, ws) ? "component" : undefined;
  const owner = configOwnerDir(file);
  if (owner !== undefined && componentFileOf(owner, ws)) return "config";
  return undefined;
}
