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

/**
 * The run feature of each context (one per activation): the context owns it through its subscriptions, and the
 * context does not import the runs (they import the context).
 */
const features = new WeakMap<Ctx, RunFeature>();

/** The run feature createRunFeature made for this context. */
export function runsOf(ctx: Ctx): RunFeature {
  const f = features.get(ctx);
  if (!f) throw new Error("The run feature is used before activate() created it.");
  return f;
}

/** Creates everything runs need; its parts are disposed with the context's subscriptions. */
export function createRunFeature(ctx: Ctx): RunFeature {
  const controller = new RunController(ctx);
  const f: RunFeature = { controller, lenses: new RunLenses(controller), tasks: new RunTaskProvider(controller), decorations: new RunDecorations(controller), tree: new RunsTree(controller) };
  ctx.subscriptions.push(controller, f.lenses, f.tasks, f.decorations, f.tree);
  features.set(ctx, f);
  // The view shows in the Explorer once the extension is active (a workspace with files Infraflow serves).
  void vscode.commands.executeCommand("setContext", "infraflow.runsAvailable", true);
  return f;
}
