// The run feature of one activation: controller, terminal tasks, lenses, gutter and history view. The Ctx owns it
// (activate() creates it once); it disposes of its parts with the context.
import * as vscode from "vscode";
import type { Ctx } from "../ctx";
import { RunController } from "./controller";
import { RunDecorations } from "./decorations";
import { RunLenses } from "./lenses";
import { RunTaskProvider } from "./tasks";
import { RunsTree } from "./tree";

export interface RunFeature {
  controller: RunController;
  lenses: RunLenses;
  tasks: RunTaskProvider;
  decorations: RunDecorations;
  tree: RunsTree;
}

/** Creates everything runs need; its parts are disposed with the context's subscriptions. */
export function createRunFeature(ctx: Ctx): RunFeature {
  const controller = new RunController(ctx);
  const f: RunFeature = { controller, lenses: new RunLenses(controller), tasks: new RunTaskProvider(controller), decorations: new RunDecorations(controller), tree: new RunsTree(controller) };
  ctx.subscriptions.push(controller, f.lenses, f.tasks, f.decorations, f.tree);
  // The view shows in the Explorer once the extension is active (a workspace with files Infraflow serves).
  void vscode.commands.executeCommand("setContext", "infraflow.runsAvailable", true);
  return f;
}
