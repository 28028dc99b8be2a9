// "Open Examples…" (the Get Started walkthrough's first step): copies the examples that ship with the extension to
// a folder the user picks, then opens the copy, so runs and graph edits never write inside the extension.
import * as vscode from "vscode";
import type { Ctx } from "./ctx";

export async function openExamples(ctx: Ctx): Promise<void> {
  const source = vscode.Uri.joinPath(ctx.extension.extensionUri, "examples");
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, title: "Where should the Infraflow examples go?", openLabel: "Copy the examples here" });
  const parent = picked?.[0];
  if (!parent) return;
  // A folder of that name already there is kept: the copy gets the next free name.
  let target = vscode.Uri.joinPath(parent, "infraflow-examples");
  for (let n = 2; await exists(target); n++) target = vscode.Uri.joinPath(parent, `infraflow-examples-${n}`);
  try {
    await vscode.workspace.fs.copy(source, target, { overwrite: false });
  } catch (err) {
    void vscode.window.showErrorMessage(`Infraflow: could not copy the examples to ${target.fsPath}: ${String((err as Error)?.message ?? err)}`);
    return;
  }
  await vscode.commands.executeCommand("vscode.openFolder", target);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
