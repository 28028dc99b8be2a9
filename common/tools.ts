// The command-line tools a run may need, with the setting that names each one and where to install it. Plain
// data: the preflight check (extension and CLI) and its messages read it.
import type { RunSettings } from "./run";

export interface ToolInfo {
  /** What the tool is called in messages: `Atmos CLI`. */
  name: string;
  /** The `infraflow.*` setting that names its executable, when there is one. */
  setting?: string;
  /** The tool's installation instructions. */
  installUrl: string;
  /** Polycrate: local mode runs the actions' scripts without the CLI. */
  localMode?: boolean;
}

/**
 * Tools whose executable comes from a setting, by the RunSettings key that holds it. Each install page is the one the
 * tool's own project points to:
 * - Polycrate: polycrate/polycrate docs/6_installation.md, published at docs.polycrate.io (its installer is served
 *   from there too: `curl https://docs.polycrate.io/get-polycrate.sh`).
 * - Atmos: the page Atmos itself names in its upgrade hints ("Install Atmos: https://atmos.tools/install").
 * - Fabrikate: microsoft/fabrikate README.md, "Getting Started": install `fab` from the releases page (the README
 *   has no Installation section to link to).
 * - Deis Workflow: deis/workflow-cli README.md, "Installation" (the quick start's install-cli-tools page of
 *   deis/workflow was published on deis.com, whose docs are gone).
 */
const CONFIGURED: Array<{ key: keyof RunSettings; info: ToolInfo }> = [
  { key: "polycrateExecutable", info: { name: "Polycrate CLI", setting: "infraflow.polycrate.executable", installUrl: "https://docs.polycrate.io/6_installation/", localMode: true } },
  { key: "atmosExecutable", info: { name: "Atmos CLI", setting: "infraflow.atmos.executable", installUrl: "https://atmos.tools/install" } },
  { key: "fabExecutable", info: { name: "Fabrikate CLI", setting: "infraflow.fabrikate.executable", installUrl: "https://github.com/microsoft/fabrikate/releases" } },
  { key: "deisExecutable", info: { name: "Deis Workflow CLI", setting: "infraflow.deis.executable", installUrl: "https://github.com/deis/workflow-cli#installation" } },
];

/** Tools that plans run by their own name (env0's default command, local scripts). */
const FIXED: Record<string, ToolInfo> = {
  terraform: { name: "Terraform", installUrl: "https://developer.hashicorp.com/terraform/install" },
  tofu: { name: "OpenTofu", installUrl: "https://opentofu.org/docs/intro/install/" },
  bash: { name: "bash", installUrl: "https://www.gnu.org/software/bash/" },
};

/** What a step's executable is, given the settings that named it; undefined for a program Infraflow knows nothing of. */
export function toolFor(executable: string, settings: RunSettings): ToolInfo | undefined {
  const hit = CONFIGURED.find((t) => settings[t.key] === executable);
  return hit?.info ?? FIXED[executable];
}
