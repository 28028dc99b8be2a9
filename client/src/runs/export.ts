// "Infraflow: Export Workflow…": the plan of a runnable as a GitHub Actions workflow or an Argo Workflow, opened as
// an untitled YAML document or saved under .github/workflows/. The export itself (server/src/export) is in the
// second bundle, with the YAML library: it loads on first use, never during activation.
import * as path from "node:path";
import * as vscode from "vscode";
import type { Runnable, RunPlan } from "../../../common/run";
import type { Ctx } from "../ctx";
import { ext, lsp } from "../lazy";
import { exportChoices, runnableAt, type Choice } from "./export-choices";
import { rawRunSettings } from "./settings";
import { runsOf } from "./index";

type Target = "github-actions" | "argo";
type Destination = "untitled" | "workflows";

/** What the command may be given (by a test or another extension) instead of asking. */
export interface ExportRequest {
  uri?: string | vscode.Uri;
  runnable?: string;
  action?: string;
  withDependencies?: boolean;
  target?: Target;
  destination?: Destination;
}

async function askTarget(): Promise<Target | undefined> {
  const items: Array<vscode.QuickPickItem & { target: Target }> = [
    { label: "GitHub Actions", description: "one job per step, workflow_dispatch", target: "github-actions" },
    { label: "Argo Workflows", description: "a Workflow with a DAG template", target: "argo" },
  ];
  return (await vscode.window.showQuickPick(items, { placeHolder: "Export to which engine?" }))?.target;
}

async function askChoice(list: Runnable[], line: number | undefined): Promise<Choice | undefined> {
  const choices = exportChoices(list);
  if (choices.length <= 1) return choices[0];
  const here = line === undefined ? undefined : runnableAt(list, line);
  const items = choices.map((c) => ({ label: c.label, description: c.runnable === here?.id ? "at the cursor" : undefined, choice: c }));
  // What the cursor is in comes first.
  items.sort((a, b) => Number(b.choice.runnable === here?.id) - Number(a.choice.runnable === here?.id));
  return (await vscode.window.showQuickPick(items, { placeHolder: "Export what?", matchOnDescription: true }))?.choice;
}

async function askDestination(target: Target): Promise<Destination | undefined> {
  if (target !== "github-actions") return "untitled";
  const items: Array<vscode.QuickPickItem & { destination: Destination }> = [
    { label: "Open as an untitled document", destination: "untitled" },
    { label: "Save under .github/workflows/", destination: "workflows" },
  ];
  return (await vscode.window.showQuickPick(items, { placeHolder: "Where to?" }))?.destination;
}

/** Exports a runnable; returns the document shown, or undefined when the user cancelled or it failed (with a message). */
export async function exportWorkflow(ctx: Ctx, req: ExportRequest = {}): Promise<vscode.TextDocument | undefined> {
  const editor = vscode.window.activeTextEditor;
  const uri = req.uri ? (typeof req.uri === "string" ? vscode.Uri.parse(req.uri) : req.uri) : editor?.document.uri;
  if (!uri || uri.scheme !== "file") {
    void vscode.window.showInformationMessage("Infraflow: open a workflow file (saved on disk) to export something from it.");
    return undefined;
  }
  const target = req.target ?? (await askTarget());
  if (!target) return undefined;
  let choice: Choice | undefined = req.runnable ? { runnable: req.runnable, label: req.runnable, action: req.action, withDependencies: req.withDependencies } : undefined;
  if (!choice) {
    const doc = await vscode.workspace.openTextDocument(uri);
    const list = await runsOf(ctx).lenses.runnablesOf(doc);
    if (!exportChoices(list).length) {
      void vscode.window.showInformationMessage("Infraflow: nothing in this file can be exported.");
      return undefined;
    }
    choice = await askChoice(list, editor?.document.uri.toString() === uri.toString() ? editor.selection.active.line : undefined);
    if (!choice) return undefined;
  }
  const client = await ctx.whenClient();
  if (!client) {
    void vscode.window.showErrorMessage("Infraflow: the language server is not running, so nothing can be planned.");
    return undefined;
  }
  const lib = lsp();
  let text: string;
  let root: string;
  let plan: RunPlan;
  try {
    const params = { uri: uri.toString(), runnable: choice.runnable, action: choice.action, withDependencies: choice.withDependencies, settings: { ...rawRunSettings(uri), ...lib.EXPORT_SETTINGS } };
    plan = await client.sendRequest(ext().planRequest, params);
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
    root = lib.repositoryRoot(uri.fsPath, folder);
    text = lib.exportPlan(plan, target, { root });
  } catch (err) {
    void vscode.window.showErrorMessage(`Infraflow could not export this: ${String((err as Error)?.message ?? err)}`);
    return undefined;
  }
  const destination = req.destination ?? (await askDestination(target));
  if (!destination) return undefined;
  if (destination === "untitled") {
    const doc = await vscode.workspace.openTextDocument({ language: "yaml", content: text });
    await vscode.window.showTextDocument(doc);
    return doc;
  }
  const name = `${plan.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "infraflow"}.yml`;
  const file = vscode.Uri.file(path.join(root, ".github", "workflows", name));
  let exists = false;
  try {
    await vscode.workspace.fs.stat(file);
    exists = true;
  } catch {
    // A new file.
  }
  if (exists && req.destination === undefined) {
    const answer = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(file)} exists. Replace it?`, { modal: true }, "Replace");
    if (answer !== "Replace") return undefined;
  }
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(doc);
  return doc;
}
