// The run commands, as factories of the context (merged into client/src/commands.ts).
import * as fs from "node:fs";
import * as vscode from "vscode";
import type { Runnable } from "../../../common/run";
import type { Ctx } from "../ctx";
import { exportWorkflow, type ExportRequest } from "./export";
import { fromStepRequest, resumeRequest, type RunRecord } from "./history";
import type { RunRequest } from "./task-def";
import type { RunsNode } from "./tree";
import { runsOf } from "./index";

type Factory = (ctx: Ctx) => (...args: any[]) => unknown;

function isRequest(x: unknown): x is RunRequest {
  return !!x && typeof x === "object" && typeof (x as RunRequest).runnable === "string" && (typeof (x as RunRequest).uri === "string" || (x as { uri: unknown }).uri instanceof vscode.Uri);
}

/** A request as commands receive it: from an API caller the `uri` may be a `vscode.Uri` rather than a string. */
function normalizeRequest(x: RunRequest): RunRequest {
  const uri = (x as { uri: unknown }).uri;
  return uri instanceof vscode.Uri ? { ...x, uri: uri.toString() } : x;
}

/** The run a tree node, a run number or nothing (the newest run) stands for. */
function recordOf(ctx: Ctx, arg: unknown): RunRecord | undefined {
  const h = runsOf(ctx).controller.history;
  if (typeof arg === "number") return h.get(arg);
  if (arg && typeof arg === "object" && "kind" in arg) {
    const n = arg as RunsNode;
    return h.get(n.kind === "run" ? n.id : n.runId);
  }
  return h.list()[0];
}

/** Asks which runnable of the active file to run. */
async function pickRunnable(ctx: Ctx): Promise<RunRequest | undefined> {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc) {
    void vscode.window.showInformationMessage("Infraflow: open a workflow file to run something from it, or use Tasks: Run Task.");
    return undefined;
  }
  const list = await runsOf(ctx).lenses.runnablesOf(doc);
  if (!list.length) {
    void vscode.window.showInformationMessage("Infraflow: nothing in this file can be run.");
    return undefined;
  }
  const items = list.flatMap((r) =>
    r.kind === "step" && r.parent
      ? [{ label: `$(debug-step-over) ${r.label}`, description: "step", detail: r.detail, request: { uri: r.uri, runnable: r.parent, step: r.stepId ?? r.id } as RunRequest }]
      : r.actions?.length
        ? r.actions.map((a) => ({ label: `$(play) ${r.label} ${a}`, description: r.kind, detail: r.detail, request: { uri: r.uri, runnable: r.id, action: a } as RunRequest }))
        : [{ label: `$(play) ${r.label}`, description: r.kind, detail: r.detail, request: { uri: r.uri, runnable: r.id } as RunRequest }],
  );
  return (await vscode.window.showQuickPick(items, { placeHolder: "Run what?", matchOnDescription: true, matchOnDetail: true }))?.request;
}

export const runCommands: Record<string, Factory> = {
  /** Runs a request (from a lens), or asks what to run in the active file. */
  "infraflow.run": (ctx) => async (req?: RunRequest) => {
    const r = isRequest(req) ? normalizeRequest(req) : await pickRunnable(ctx);
    if (r) await runsOf(ctx).controller.run(r);
  },
  /** A lens that runs one of several things (a catalog component's action in one of the stacks that import it): asks which. */
  "infraflow.chooseRun": () => async (arg?: { placeHolder?: string; items?: Array<{ label: string; description?: string; command: vscode.Command }> }) => {
    const items = Array.isArray(arg?.items) ? arg.items : [];
    if (!items.length) return;
    const pick = await vscode.window.showQuickPick(items, { placeHolder: arg?.placeHolder, matchOnDescription: true });
    if (pick) await vscode.commands.executeCommand(pick.command.command, ...(pick.command.arguments ?? []));
  },
  /** "with dependencies…": asks for the action, then runs the dependency closure. */
  "infraflow.runWithDependencies": (ctx) => async (r?: Runnable) => {
    if (!r || typeof r.uri !== "string") return;
    const actions = r.actions?.length ? r.actions : [undefined];
    const items = actions.map((a) => ({ label: `${r.label}${a ? ` ${a}` : ""}`, description: a === "destroy" ? "dependents first" : "dependencies first", action: a }));
    const pick = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { placeHolder: `Run ${r.label} with its dependencies: which action?` });
    if (!pick) return;
    const req: RunRequest = { uri: r.uri, runnable: r.id, withDependencies: true };
    if (pick.action) req.action = pick.action;
    await runsOf(ctx).controller.run(req);
  },
  /** Exports a runnable of the active file (or of the request) as a GitHub Actions or Argo workflow. */
  "infraflow.exportWorkflow": (ctx) => (req?: ExportRequest) => exportWorkflow(ctx, req && typeof req === "object" && !(req instanceof vscode.Uri) ? req : req instanceof vscode.Uri ? { uri: req } : {}),
  "infraflow.cancelRun": (ctx) => () => runsOf(ctx).controller.cancel(),
  "infraflow.showRunTerminal": (ctx) => () => runsOf(ctx).controller.showTerminal(),
  "infraflow.runs.rerun": (ctx) => async (arg?: unknown) => {
    const r = recordOf(ctx, arg);
    if (r) await runsOf(ctx).controller.run(r.request);
  },
  "infraflow.runs.rerunFailed": (ctx) => async (arg?: unknown) => {
    const r = recordOf(ctx, arg);
    if (!r) return;
    // The failed steps, what they blocked and what comes after them, from the plan and states the history keeps.
    const req = resumeRequest(r);
    if (!req) {
      void vscode.window.showInformationMessage(`Infraflow: every step of run #${r.id} succeeded; nothing to rerun.`);
      return;
    }
    await runsOf(ctx).controller.run(req);
  },
  /** Runs a past run's plan from one of its steps on (a step of the Runs view: any node of a DAG, a group member). */
  "infraflow.runs.runFromHere": (ctx) => async (arg?: unknown) => {
    if (!arg || typeof arg !== "object" || (arg as RunsNode).kind !== "step") return;
    const node = arg as Extract<RunsNode, { kind: "step" }>;
    const r = runsOf(ctx).controller.history.get(node.runId);
    if (r) await runsOf(ctx).controller.run(fromStepRequest(r, node.stepId));
  },
  "infraflow.runs.openLog": (ctx) => async (arg?: unknown) => {
    const r = recordOf(ctx, arg);
    if (!r) return;
    if (!fs.existsSync(r.log)) {
      void vscode.window.showWarningMessage(`Infraflow: the log of run #${r.id} is gone.`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(r.log));
    await vscode.window.showTextDocument(doc, { preview: true });
  },
  "infraflow.runs.delete": (ctx) => (arg?: unknown) => {
    const r = recordOf(ctx, arg);
    if (!r) return;
    if (r.outcome === "running") {
      void vscode.window.showInformationMessage(`Infraflow: run #${r.id} is still running; cancel it first.`);
      return;
    }
    runsOf(ctx).controller.history.delete(r.id);
    runsOf(ctx).controller.historyEdited();
  },
  "infraflow.runs.clear": (ctx) => async () => {
    const answer = await vscode.window.showWarningMessage("Delete every finished run and its log?", { modal: true }, "Delete");
    if (answer !== "Delete") return;
    runsOf(ctx).controller.history.clear();
    runsOf(ctx).controller.historyEdited();
  },
};
