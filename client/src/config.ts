// Reads the `infraflow.*` settings (declared in package.json, typed in common/settings.ts).
import * as vscode from "vscode";
import { normalizeSettings, type InfraflowSettings } from "../../common/settings";

export function readSettings(): InfraflowSettings {
  const c = vscode.workspace.getConfiguration("infraflow");
  return normalizeSettings({
    fileAssociations: c.get("fileAssociations"),
    maxFileSizeKb: c.get("maxFileSizeKb"),
    maxIndexedFiles: c.get("maxIndexedFiles"),
  });
}
