// Builds the language client's document selector from detection: Polycrate by language, Atmos from the
// atmos.yaml base paths (or every YAML file when no atmos.yaml exists, for content detection), env0 by name,
// the user's associations, and files that carry an `# infraflow:` modeline.
import * as vscode from "vscode";
import { atmosGlobs, atmosPaths, joinPosix, NAME_GLOBS } from "../../common/detection";
import type { InfraflowSettings } from "../../common/settings";
import { lsp } from "./lazy";
import type { Filter } from "./lsp/index";

export type { Filter };

function posix(p: string): string {
  return p.split("\\").join("/");
}

export async function buildSelector(settings: InfraflowSettings, modelineFiles: readonly string[]): Promise<Filter[]> {
  const out: Filter[] = [{ scheme: "file", language: "polycrate" }];
  const configs = await vscode.workspace.findFiles("**/atmos.yaml", "**/node_modules/**", 50);
  for (const uri of configs) {
    let raw: unknown;
    try {
      // The YAML parser comes with the language client's bundle (a workspace without atmos.yaml never needs it here).
      raw = lsp().parseYaml(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString("utf8"));
    } catch {
      raw = {};
    }
    const dir = posix(vscode.Uri.joinPath(uri, "..").fsPath);
    for (const g of atmosGlobs(atmosPaths(raw))) out.push({ scheme: "file", language: "yaml", pattern: joinPosix(dir, g) });
  }
  if (!configs.length) out.push({ scheme: "file", language: "yaml" });
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const root = posix(folder.uri.fsPath);
    for (const g of NAME_GLOBS) out.push({ scheme: "file", pattern: joinPosix(root, g) });
    for (const [glob, fmt] of Object.entries(settings.fileAssociations)) {
      if (fmt === "off") continue;
      out.push({ scheme: "file", pattern: glob.startsWith("/") ? glob : joinPosix(root, glob.includes("/") ? glob : `**/${glob}`) });
    }
  }
  for (const f of modelineFiles) out.push({ scheme: "file", pattern: posix(f) });
  return out;
}
