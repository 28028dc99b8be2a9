// The run feature, wired once per activation: controller, terminal tasks, lenses, gutter and history view.
import * as vscode from "vscode";
import type { Ctx } from "../ctx";
import { runController, type RunController } from "./controller";
import { RunDecorations } from "./decorations";
import { RunLenses } from "./lenses";
import { RunTaskProvider } from "./tasks";
import { RunsTree } from "./tree";

export interface RunFeature {
  runs: RunController;
  lenses: RunLenses;
  tasks: RunTaskProvider;
  decorations: RunDecorations;
  tree: RunsTree;
}

const features = new WeakMap<Ctx, RunFeature>();

/** Registers everything runs need; called from activate(), and idempotent. */
export function runFeature(ctx: Ctx): RunFeature {
  let f = features.get(ctx);
  if (f) return f;
  const runs = runController(ctx);
  f = { runs, lenses: new RunLenses(runs), tasks: new RunTaskProvider(runs), decorations: new RunDecorations(runs), tree: new RunsTree(runs) };
  features.set(ctx, f);
  ctx.subscriptions.push(f.lenses, f.tasks, f.decorations, f.tree);
  // The view shows in the Explorer once the extension is active (a workspace with files Infraflow serves).
  void vscode.commands.executeCommand("setContext", "infraflow.runsAvailable", true);
  return f;
}
