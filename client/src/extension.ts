// Activation: wiring only. Builds the context, registers commands, views and providers, and starts the language
// server without waiting for it: the language client (dist/lsp-client.js) loads after activate() returned, and
// whatever needs it awaits ctx.whenClient().
import * as vscode from "vscode";
import { commands } from "./commands";
import { Ctx } from "./ctx";
import { describeDocs } from "./describe";
import { graphController } from "./graph/controller";
import { assignLanguage } from "./languages";
import { createRunFeature } from "./runs";

let ctx: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): { ctx: Ctx } {
  ctx = new Ctx(context);
  const c = ctx;
  for (const [id, factory] of Object.entries(commands)) context.subscriptions.push(vscode.commands.registerCommand(id, factory(c)));
  // The graph panel's serializer must be registered during activation, so that a reload restores the panel.
  graphController(c);
  // Atmos describe documents: their content and link providers must exist before a restored editor asks.
  describeDocs(c);
  // Runs: the task provider, lenses, gutter, diagnostics and history view (they follow the client's restarts). The
  // graph shows the states of its nodes that the runs report (at first, the history's).
  const runs = createRunFeature(c);
  const graph = graphController(c);
  const states = runs.controller.nodeStates();
  if (Object.keys(states).length) graph.setStatus(states);
  context.subscriptions.push(runs.controller.onDidChangeNodeStates((s) => graph.setStatus(s)));
  const atmosWatcher = vscode.workspace.createFileSystemWatcher("**/atmos.yaml");
  context.subscriptions.push(
    atmosWatcher,
    atmosWatcher.onDidCreate(() => void c.refreshSelector()),
    atmosWatcher.onDidChange(() => void c.refreshSelector()),
    atmosWatcher.onDidDelete(() => void c.refreshSelector()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("infraflow.fileAssociations")) void c.refreshSelector();
    }),
    vscode.workspace.onDidOpenTextDocument((d) => {
      c.noteDocument(d);
      void assignLanguage(c, d);
    }),
  );
  for (const d of vscode.workspace.textDocuments) c.noteDocument(d);
  c.start().then(
    () => {
      for (const d of vscode.workspace.textDocuments) void assignLanguage(c, d);
    },
    (err: unknown) => {
      c.output.error(`The Infraflow language server did not start: ${String(err)}`);
      void vscode.window.showErrorMessage("Infraflow: the language server did not start. See the Infraflow output.");
    },
  );
  return { ctx: c };
}

export async function deactivate(): Promise<void> {
  await ctx?.stop();
  ctx = undefined;
}
