// Import resolution as Atmos does it: relative to the stacks base path (or to the importing file for `./` and
// `../`), with or without the `.yaml`/`.yml` extension, and with globs (`catalog/*`, `catalog/**`).
import * as path from "node:path";
import picomatch from "picomatch";
import { isYaml, relPosix, type AtmosConfig } from "./config";
import type { AtmosImport } from "./model";

export interface ImportHost {
  exists(p: string): boolean;
  /** YAML files below a folder. */
  yamlFiles(dir: string): string[];
}

const GLOB = /[*?[\]{}]/;

/** The files an import names, in a stable order; undefined when it cannot be resolved locally (templates, remote). */
export function resolveImport(imp: Pick<AtmosImport, "path" | "dynamic">, from: string, config: AtmosConfig, host: ImportHost): string[] | undefined {
  if (imp.dynamic) return undefined;
  const p = imp.path.trim();
  if (!p) return [];
  const relative = p.startsWith("./") || p.startsWith("../");
  const base = relative ? path.dirname(from) : config.stacksBase;
  if (path.isAbsolute(p)) return candidates(p).filter((c) => host.exists(c)).slice(0, 1);
  if (GLOB.test(p)) {
    const pattern = relPosix(base, path.resolve(base, p));
    const m = picomatch(pattern, { dot: true });
    const withExt = /\.ya?ml$/i.test(pattern);
    // Globs never match outside the base folder they start from.
    const dir = path.resolve(base, p.split(/[*?[{]/)[0]!.replace(/[^/]*$/, "") || ".");
    return host
      .yamlFiles(dir)
      .filter((f) => {
        const rel = relPosix(base, f);
        return m(rel) || (!withExt && m(rel.replace(/\.ya?ml$/i, "")));
      })
      .sort();
  }
  // A path with its extension (`prod.defaults.tmpl`, `x.yaml.tmpl`) names that file; without one, Atmos tries the YAML extensions.
  for (const c of candidates(path.resolve(base, p))) if (host.exists(c) && (isYamlOrTemplate(c) || /\.tmpl$/.test(c))) return [c];
  return [];
}

function candidates(abs: string): string[] {
  if (isYaml(abs) || /\.tmpl$/.test(abs)) return [abs];
  return [abs + ".yaml", abs + ".yml", abs + ".yaml.tmpl", abs + ".yml.tmpl"];
}

function isYamlOrTemplate(p: string): boolean {
  return isYaml(p) || /\.ya?ml\.tmpl$/i.test(p);
}
