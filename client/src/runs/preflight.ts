// What the editor offers when a run cannot start because a program it needs is missing: one message that names
// it, with the fixes that apply (point the setting at it, run Polycrate in local mode, install it).
import * as vscode from "vscode";
import type { MissingExecutable } from "../../../engine/preflight";
import { fixChoices } from "./preflight-choices";

/** Shows the one message; "Use local mode" switches the workspace setting and runs the same thing again. */
export async function offerFixes(missing: MissingExecutable[], message: string, scope: vscode.Uri, runAgain: () => Thenable<void> | void): Promise<void> {
  const config = vscode.workspace.getConfiguration("infraflow", scope);
  const choices = fixChoices(missing, config.get<string>("polycrate.mode") ?? "cli");
  const picked = await vscode.window.showErrorMessage(`Infraflow: ${message}`, ...choices.map((c) => c.title));
  const choice = choices.find((c) => c.title === picked);
  switch (choice?.kind) {
    case "setting":
      await vscode.commands.executeCommand("workbench.action.openSettings", choice.target);
      break;
    case "localMode":
      await config.update("polycrate.mode", "local", vscode.workspace.getWorkspaceFolder(scope) ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Workspace);
      await runAgain();
      break;
    case "install":
      await vscode.env.openExternal(vscode.Uri.parse(choice.target));
      break;
    default:
      break;
  }
}
