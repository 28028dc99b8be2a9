// Commands, as a record of factories so that each one sees the context (rust-analyzer style).
import * as vscode from "vscode";
import type { Ctx } from "./ctx";
import { describeDocs, type DescribeArgs } from "./describe";
import { openExamples } from "./examples";
import { graphController } from "./graph/controller";
import { runCommands } from "./runs/commands";

type Factory = (ctx: Ctx) => (...args: any[]) => unknown;

export const commands: Record<string, Factory> = {
  "infraflow.restartServer": (ctx) => async () => {
    await ctx.restart();
    vscode.window.setStatusBarMessage("Infraflow language server restarted", 3000);
  },
  "infraflow.showOutput": (ctx) => () => ctx.output.show(true),
  "infraflow.showGraph": (ctx) => (uri?: vscode.Uri) => graphController(ctx).show(uri),
  "infraflow.showDependents": (ctx) => () => graphController(ctx).showDependents(),
  // From the palette or the graph's toolbar; tests pass the ref.
  "infraflow.affectedSince": (ctx) => (ref?: string) => graphController(ctx).affectedSince(typeof ref === "string" ? ref : undefined),
  // From the palette (no argument, or the editor's URI from a menu) or a hover link ({ component, stack }).
  "infraflow.describeComponent": (ctx) => (args?: DescribeArgs | vscode.Uri) => describeDocs(ctx).run(args instanceof vscode.Uri ? undefined : args),
  "infraflow.openExamples": (ctx) => () => openExamples(ctx),
  ...runCommands,
};
