// Where each real example of ../shared/corpus goes so that its tool (and so Infraflow) reads it as it was meant:
// the path it had in its source repository (SOURCES.md). The files are read, never copied into the project.
import * as fs from "node:fs";
import * as path from "node:path";
import { entriesOf } from "./folders";

export const CORPUS = path.resolve(__dirname, "../..", "../shared/corpus");
export const corpusPresent = (system: string): boolean => fs.existsSync(path.join(CORPUS, system));

/** Atmos: corpus file → path below the quick-start-advanced repository root (with qsa.atmos.yaml as atmos.yaml). */
export const ATMOS_PLACES: Record<string, [string, "stack" | "workflow"]> = {
  "qsa.catalog.vpc.defaults.yaml": ["stacks/catalog/vpc/defaults.yaml", "stack"],
  "qsa.catalog.vpc-flow-logs-bucket.defaults.yaml": ["stacks/catalog/vpc-flow-logs-bucket/defaults.yaml", "stack"],
  "qsa.orgs.acme._defaults.yaml": ["stacks/orgs/acme/_defaults.yaml", "stack"],
  "qsa.orgs.acme.plat.dev.us-east-2.yaml": ["stacks/orgs/acme/plat/dev/us-east-2.yaml", "stack"],
  "qsa.workflows.networking.yaml": ["stacks/workflows/networking.yaml", "workflow"],
  "head.qsa.catalog.app-config.defaults.yaml": ["stacks/catalog/app-config/defaults.yaml", "stack"],
  "head.parallel-steps.workflows.parallel.yaml": ["stacks/workflows/parallel.yaml", "workflow"],
  "fixture.complete.workflows.workflow1.yaml": ["stacks/workflows/workflow1.yaml", "workflow"],
  "fixture.complete.catalog.base-component-3.yaml": ["stacks/catalog/terraform/base-component-3.yaml", "stack"],
  "fixture.complete.catalog.derived-component-3.yaml": ["stacks/catalog/terraform/derived-component-3.yaml", "stack"],
  "fixture.depends-on-name-pattern.deploy.prod.us-east-1.yaml": ["stacks/deploy/prod/us-east-1.yaml", "stack"],
  "fixture.terraform-apply-affected.deploy.nonprod.yaml": ["stacks/deploy/nonprod.yaml", "stack"],
};

/** Atmos imports whose targets are not in the corpus: the only errors allowed there. */
export const ATMOS_ABSENT_IMPORTS = new Set([
  "orgs/acme/plat/dev/_defaults",
  "mixins/region/us-east-2",
  "catalog/vpc/dev",
  "catalog/terraform/base-component-1",
  "catalog/terraform/base-component-4",
  "mixins/region/us-east-1",
  "mixins/stage/prod",
]);

/** Fabrikate: corpus file → path (component files with their environments under config/). */
export const FABRIKATE_PLACES: Record<string, string> = {
  "defs.cloud-native.component.yaml": "cloud-native/component.yaml",
  "defs.cloud-native.config.common.yaml": "cloud-native/config/common.yaml",
  "defs.cloud-native.config.azure.yaml": "cloud-native/config/azure.yaml",
  "defs.istio.component.yaml": "istio/component.yaml",
  "defs.jaeger.component.json": "jaeger/component.json",
  "defs.jaeger.config.prod.json": "jaeger/config/prod.json",
  "samples.kafka-strimzi-portworx.component.yaml": "kafka/component.yaml",
  "fab-testdata.disabled.component.yaml": "disabled/component.yaml",
  "fab-testdata.disabled.config.disabled.yaml": "disabled/config/disabled.yaml",
  "fab-testdata.generate-remote-static.component.yaml": "remote/component.yaml",
};

export interface CorpusTree {
  system: string;
  /** Relative path → text. */
  files: Record<string, string>;
  /** Relative paths that SOURCES.md marks NEGATIVE: they must get an error. */
  negative: Set<string>;
  /** Errors a file may have although it is not negative (e.g. imports of files the corpus lacks). */
  allowedError?: (file: string, code: string, message: string) => boolean;
}

const read = (system: string, f: string): string => fs.readFileSync(path.join(CORPUS, system, f), "utf8");
/**
 * The files of a system's folder that `keep` accepts: none when the folder is absent (it is optional), and an
 * error when it is there but holds none, so that its tests cannot silently be zero.
 */
const list = (system: string, keep: (f: string) => boolean = () => true): string[] =>
  corpusPresent(system) ? entriesOf(path.join(CORPUS, system), (f, full) => f !== "SOURCES.md" && fs.statSync(full).isFile() && keep(f), `${system} file`) : [];

/** The systems whose folders corpusTrees() reads; each is optional. */
export const CORPUS_SYSTEMS = ["polycrate", "atmos", "env0", "fabrikate", "deis"] as const;

/** One tree per system (Polycrate and env0: one per file, as each is a workspace of its own). */
export function corpusTrees(): CorpusTree[] {
  const out: CorpusTree[] = [];
  const polyNegative = new Set(["vscode-polycrate.examples.workspace.poly", "vscode-polycrate.examples.block.poly", "legacy-docs.actions-as-map.block.poly"]);
  for (const f of list("polycrate")) {
    const at = f.endsWith("workspace.poly") ? "workspace.poly" : "blocks/x/block.poly";
    out.push({ system: `polycrate/${f}`, files: { [at]: read("polycrate", f) }, negative: polyNegative.has(f) ? new Set([at]) : new Set() });
  }
  if (corpusPresent("atmos")) {
    const files: Record<string, string> = { "atmos.yaml": read("atmos", "qsa.atmos.yaml") };
    for (const [f, [at]] of Object.entries(ATMOS_PLACES)) if (fs.existsSync(path.join(CORPUS, "atmos", f))) files[at] = read("atmos", f);
    out.push({ system: "atmos", files, negative: new Set(), allowedError: (_f, code, message) => code === "atmos/import-not-found" && [...ATMOS_ABSENT_IMPORTS].some((i) => message.includes(`'${i}'`)) });
  }
  for (const f of list("env0", (x) => /\.ya?ml$/.test(x))) {
    out.push({ system: `env0/${f}`, files: { "env0.workflow.yaml": read("env0", f) }, negative: f.startsWith("NEGATIVE.") ? new Set(["env0.workflow.yaml"]) : new Set() });
  }
  if (corpusPresent("fabrikate")) {
    const files: Record<string, string> = {};
    for (const [f, at] of Object.entries(FABRIKATE_PLACES)) if (fs.existsSync(path.join(CORPUS, "fabrikate", f))) files[at] = read("fabrikate", f);
    out.push({ system: "fabrikate", files, negative: new Set() });
  }
  if (corpusPresent("deis")) {
    const files: Record<string, string> = {};
    for (const f of list("deis")) {
      if (f.endsWith(".Procfile")) files[`${f.replace(/\.Procfile$/, "")}/Procfile`] = read("deis", f);
      else if (f.endsWith(".env")) files["docs-managing-app-processes.multi/.env"] = read("deis", f);
    }
    out.push({ system: "deis", files, negative: new Set() });
  }
  return out;
}
