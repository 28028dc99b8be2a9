// The shapes of a Fabrikate `component.yaml|json` and a `config/<env>.yaml|json`, after microsoft/fabrikate
// `internal/core/component.go` and `config.go` (FORMATS.md, section 4). Fabrikate itself ignores unknown keys
// (#179 asks for enforcement), so unknown keys are warnings. Both shapes nest; the shape language has no
// references, so the nesting is unrolled to a depth no real definition reaches.
import { s, type ObjectShape, type Shape } from "../../core/shape";

export const COMPONENT_TYPES = ["component", "helm", "static"];
export const METHODS = ["git", "helm", "local", "http"];
export const HOOK_NAMES = ["before-install", "after-install", "before-generate", "after-generate"];

/** Levels of `subcomponents` described by the shapes; deeper levels are accepted as they are. */
const DEPTH = 8;

const TYPE_DOC =
  "How Fabrikate generates this component: `component` (default) is a Fabrikate definition with its own subcomponents, " +
  "`helm` renders a Helm chart with `helm template`, `static` copies the Kubernetes manifests found under `path`.";
const METHOD_DOC =
  "How `fab install` fetches `source`: `git` clones it into `components/<name>`, `helm` fetches a chart from a Helm repository, " +
  "`local` uses a folder on disk, `http` downloads a single manifest (only with `type: static`). Without a method, `source` is a local path.";

function hooksShape(): ObjectShape {
  const hook = (when: string) => s.array(s.string(), { doc: `Shell commands run with \`sh -c\` in the component's folder ${when}. The first failing command stops the run.` });
  return s.object(
    {
      "before-install": hook("before `fab install` fetches the component"),
      "after-install": hook("after `fab install` fetched the component"),
      "before-generate": hook("before `fab generate` renders the component"),
      "after-generate": hook("after `fab generate` rendered the component"),
    },
    // Unknown hook names are reported by the analysis (fab/unknown-hook), with a suggestion.
    { unknown: "ignore", noun: "hooks", doc: "Commands run around install and generate." },
  );
}

function componentShape(depth: number, isSub: boolean): ObjectShape {
  const sub: Shape = depth > 0 ? componentShape(depth - 1, true) : s.any();
  return s.object(
    {
      name: s.string({ doc: "The component's name: the folder `fab install` uses under `components/`, and the key under `subcomponents` in config files." }),
      type: s.string({ enum: COMPONENT_TYPES, doc: TYPE_DOC }),
      // Deprecated, but reported by the analysis (fab/deprecated-generator) with a quick fix, not by the shape.
      generator: s.string({ enum: COMPONENT_TYPES, doc: "Deprecated name of `type`: Fabrikate logs a warning and copies it to `type`, over the value of `type` when both are set." }),
      method: s.string({ enum: METHODS, doc: METHOD_DOC }),
      source: s.string({ doc: "Where the component comes from: a git URL, a Helm repository URL, a local path, or an http(s) URL of a manifest." }),
      path: s.string({ doc: "git: the folder inside the repository · helm: the chart name · local: a sub folder · static: the folder of the manifests." }),
      version: s.string({ doc: "git: a commit SHA or tag to check out · helm: the chart version." }),
      branch: s.string({ doc: "git only: the branch to clone." }),
      hooks: hooksShape(),
      subcomponents: s.array(sub, { doc: "Components generated with this one, each with its own name, type, method and source.", itemSnippet: "name: $1\n  type: ${2|component,helm,static|}\n  source: $3", title: "subcomponent" }),
      repositories: s.map(s.string(), { deprecated: "Fabrikate no longer reads `repositories`; give each helm component its own `source` with `method: helm`." }),
    },
    // A subcomponent needs a name: it is its folder under `components/` and its key in config files.
    { unknown: "warning", noun: "component", title: "component", doc: "A Fabrikate component.", required: isSub ? ["name"] : undefined },
  );
}

function configShape(depth: number): ObjectShape {
  const sub: Shape = depth > 0 ? configShape(depth - 1) : s.any();
  return s.object(
    {
      namespace: s.string({ doc: "The Kubernetes namespace the component is generated into." }),
      injectNamespace: s.bool({ doc: "Add `metadata.namespace` to every generated resource that has none." }),
      disabled: s.bool({ doc: "Skip this component (and its subcomponents) when generating this environment." }),
      config: s.any({ doc: "Free-form values: the Helm values of a helm component, or values read by the component's own templates." }),
      subcomponents: s.map(sub, { doc: "Configuration of subcomponents, by name. Config set here wins over the subcomponent's own config files." }),
    },
    { unknown: "warning", noun: "config", title: "config" },
  );
}

export const COMPONENT_SHAPE: ObjectShape = componentShape(DEPTH, false);
export const CONFIG_SHAPE: ObjectShape = {
  ...configShape(DEPTH),
  doc: "The configuration of one environment: `fab generate ENV` reads `config/ENV.yaml` (or `.json`) of every component.",
};
