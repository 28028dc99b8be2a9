// Graph edits on the host side: the webview sends intents, the server answers with text edits, and they are
// applied with `workspace.applyEdit`, so one graph edit is one undo step in the editor, the document gets dirty as
// usual, and a rename spanning files changes every file. QuickPicks, input boxes and the confirmation before a
// removal live here; the server checks names and refuses what it cannot do, with a message we show.
import * as vscode from "vscode";
import type { RequestParam, RequestType } from "vscode-languageclient";
import type { WorkflowGraph } from "../../../common/graph";
import type { GraphEdit, GraphEditResult, NewNodeKind, NodeInfo } from "../../../common/graph-edit";
import { ext } from "../lazy";
import { assertNever, type WebviewToHost } from "../../../common/protocol";
import type { Ctx } from "../ctx";
import { describeEdit, type EditRecord } from "./edit-notice";

export interface GraphEditHost {
  ctx: Ctx;
  /** The graph shown now (its version is the document version the intent was made on). */
  graph(): WorkflowGraph | null;
  /** After an edit was applied: what it did, each file's text before and after, and who imports each file. */
  edited?(record: EditRecord, importedBy: Record<string, string[]>): void;
}

/** Sends one custom request (`pick` names it among ext()'s, read once a client, hence its bundle, exists). */
async function request<P, R>(host: GraphEditHost, pick: (e: ReturnType<typeof ext>) => RequestType<P, R, void>, params: RequestParam<P>): Promise<R | undefined> {
  const client = await host.ctx.whenClient();
  if (!client) {
    void vscode.window.showErrorMessage("Infraflow: the language server is not running, so the graph cannot be edited.");
    return undefined;
  }
  try {
    return await client.sendRequest(pick(ext()), params);
  } catch (err) {
    host.ctx.output.error(`${pick(ext()).method} failed: ${String(err)}`);
    void vscode.window.showErrorMessage(`Infraflow: ${String((err as Error)?.message ?? err)}`);
    return undefined;
  }
}

/** Turns the server's answer into one WorkspaceEdit (one undo step). */
export function toWorkspaceEdit(changes: NonNullable<GraphEditResult["changes"]>): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const [uri, edits] of Object.entries(changes)) {
    const u = vscode.Uri.parse(uri);
    for (const e of edits) we.replace(u, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  }
  return we;
}

/** Sends an intent and applies the answer; shows the server's refusal. Returns whether the text changed. */
export async function applyGraphEdit(host: GraphEditHost, edit: GraphEdit): Promise<boolean> {
  // The intent may change below (written in this stack only), so the message names what was done.
  const graph = host.graph();
  if (!graph) return false;
  if (graph.stale) {
    void vscode.window.showWarningMessage(`Infraflow: ${graph.stale} The graph cannot be edited until the file parses.`);
    return false;
  }
  const ask = (e: GraphEdit) => request(host, (e) => e.graphEditRequest, { uri: graph.uri, version: graph.version, edit: e });
  let r = await ask(edit);
  if (!r) return false;
  if (r.error) {
    void vscode.window.showErrorMessage(`Infraflow: ${r.error}`);
    return false;
  }
  if (!r.changes || !Object.keys(r.changes).length) return false;
  const where = await confirmShared(graph, edit, r);
  if (!where) return false;
  if (where === "stack" && edit.type === "addDependency") {
    edit = { ...edit, scope: "stack" };
    r = await ask(edit);
    if (!r?.changes || r.error) {
      if (r?.error) void vscode.window.showErrorMessage(`Infraflow: ${r.error}`);
      return false;
    }
  }
  const changes = r.changes!;
  const uris = Object.keys(changes);
  const before = await Promise.all(uris.map(async (u) => (await vscode.workspace.openTextDocument(vscode.Uri.parse(u))).getText()));
  const ok = await vscode.workspace.applyEdit(toWorkspaceEdit(changes));
  if (!ok) {
    void vscode.window.showErrorMessage("Infraflow: VS Code did not apply the edit (the file may have changed meanwhile).");
    return false;
  }
  const after = await Promise.all(uris.map(async (u) => (await vscode.workspace.openTextDocument(vscode.Uri.parse(u))).getText()));
  host.edited?.({ text: describeEdit(edit, graph), files: uris.map((uri, i) => ({ uri, before: before[i]!, after: after[i]! })) }, r.importedBy ?? {});
  return true;
}

/**
 * An edit that lands in a file other stacks import (a catalog file) reaches all of them: say so before it is
 * applied, and offer this stack's manifest instead where the format can write it there. A rename is exempt: it
 * changes every file that names the node by design, and its input box says how many.
 */
async function confirmShared(graph: WorkflowGraph, edit: GraphEdit, r: GraphEditResult): Promise<"definition" | "stack" | undefined> {
  if (edit.type === "renameNode") return "definition";
  // Asked whether or not the graph shows that file: a catalog's own graph draws every stack that imports it.
  const shared = Object.entries(r.importedBy ?? {}).find(([, stacks]) => stacks.length > 1);
  if (!shared) return "definition";
  const [uri, stacks] = shared;
  const file = vscode.workspace.asRelativePath(vscode.Uri.parse(uri));
  const here = `Edit ${file} (${stacks.length} stacks)`;
  const manifest = r.stackScope ? vscode.workspace.asRelativePath(vscode.Uri.parse(r.stackScope.manifest)) : undefined;
  const stackOnly = manifest ? `Only this stack (${manifest})` : undefined;
  const pick = await vscode.window.showWarningMessage(
    `${describeEdit(edit, graph)} ${file}, which ${stacks.length} stacks import: ${stacks.join(", ")}.`,
    { modal: true, detail: `The change reaches every stack that imports ${file}.${manifest ? ` To change this stack alone, write it in ${manifest}.` : ""}` },
    here,
    ...(stackOnly ? [stackOnly] : []),
  );
  return pick === here ? "definition" : pick !== undefined && pick === stackOnly ? "stack" : undefined;
}

/** "Add step…": block, then one of its actions, from QuickPicks. */
export async function addStep(host: GraphEditHost, workflow: string, index?: number): Promise<void> {
  const graph = host.graph();
  if (!graph) return;
  const choices = await request(host, (e) => e.stepChoicesRequest, { uri: graph.uri });
  if (!choices) return;
  if (!choices.blocks.length) {
    void vscode.window.showInformationMessage("Infraflow: this workspace has no block with actions to run.");
    return;
  }
  const block = await vscode.window.showQuickPick(
    choices.blocks.map((b) => ({ label: b.name, description: `${b.actions.length} action(s)`, actions: b.actions })),
    { title: `Add a step to '${workflow}' (1/2)`, placeHolder: "Pick the block the step runs" },
  );
  if (!block) return;
  const action = await vscode.window.showQuickPick(block.actions, { title: `Add a step to '${workflow}' (2/2)`, placeHolder: `Pick the action of '${block.label}'` });
  if (!action) return;
  await applyGraphEdit(host, { type: "addStep", workflow, block: block.label, action, index });
}

async function nodeInfo(host: GraphEditHost, nodeId: string): Promise<NodeInfo | undefined> {
  const graph = host.graph();
  if (!graph) return undefined;
  return (await request(host, (e) => e.graphNodeInfoRequest, { uri: graph.uri, nodeId })) ?? undefined;
}

/** "Rename…": an input box prefilled with the name; the server's rename checks the new name and moves references. */
export async function renameNode(host: GraphEditHost, nodeId: string): Promise<void> {
  const info = await nodeInfo(host, nodeId);
  if (!info) return;
  if (info.renameError || info.name === undefined) {
    void vscode.window.showErrorMessage(`Infraflow: ${info.renameError ?? "This node cannot be renamed."}`);
    return;
  }
  const refs = info.references.length;
  const newName = await vscode.window.showInputBox({
    title: `Rename '${info.name}'`,
    value: info.name,
    prompt: refs ? `${refs} reference(s) follow the new name.` : "No other file refers to it.",
    // The server's rename checks the name (format rules, clashes) without changing anything.
    validateInput: async (v) => {
      if (!v.trim()) return "The name is empty.";
      if (v === info.name) return undefined;
      const graph = host.graph();
      const r = graph ? await host.ctx.client?.sendRequest(ext().graphEditRequest, { uri: graph.uri, version: graph.version, edit: { type: "renameNode", nodeId, newName: v } }).catch(() => undefined) : undefined;
      return r?.error;
    },
  });
  if (newName === undefined || newName === info.name) return;
  await applyGraphEdit(host, { type: "renameNode", nodeId, newName });
}

/** "Remove…": the references are listed first, then a modal asks. */
export async function removeNode(host: GraphEditHost, nodeId: string): Promise<void> {
  const graph = host.graph();
  const node = graph?.nodes.find((n) => n.id === nodeId) ?? graph?.groups.find((g) => g.id === nodeId);
  if (!graph || !node) return;
  const info = await nodeInfo(host, nodeId);
  const refs = info?.references ?? [];
  if (refs.length) {
    const locations = refs.map((r) => new vscode.Location(vscode.Uri.parse(r.uri), new vscode.Range(r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character)));
    const at = locations[0]!;
    // The references view, as "Find All References" shows it.
    await vscode.commands.executeCommand("editor.action.showReferences", at.uri, at.range.start, locations);
  }
  const detail = refs.length ? `${refs.length} reference(s) to it stay in the text and will be reported until you change them:\n${refs.slice(0, 8).map((r) => `  ${vscode.workspace.asRelativePath(vscode.Uri.parse(r.uri))}:${r.range.start.line + 1}`).join("\n")}` : "Nothing else refers to it.";
  const pick = await vscode.window.showWarningMessage(`Remove ${node.kind} '${node.label}'?`, { modal: true, detail }, "Remove");
  if (pick !== "Remove") return;
  await applyGraphEdit(host, { type: "removeNode", nodeId });
}

const KIND_WORD: Record<NewNodeKind, string> = { component: "component", alias: "alias", subcomponent: "subcomponent", block: "block", workflow: "workflow" };

/** "Add …": a name, and what the kind needs (a component folder, a template, an action). */
export async function addNode(host: GraphEditHost, kind: NewNodeKind, parent?: string): Promise<void> {
  const name = await vscode.window.showInputBox({ title: `Add ${KIND_WORD[kind]}`, prompt: `The new ${KIND_WORD[kind]}'s name`, validateInput: (v) => (v.trim() ? undefined : "The name is empty.") });
  if (!name) return;
  const extra: Record<string, string> = {};
  const ask = async (key: string, prompt: string, value?: string): Promise<boolean> => {
    const v = await vscode.window.showInputBox({ title: `Add ${KIND_WORD[kind]} '${name}'`, prompt, value });
    if (v === undefined) return false;
    if (v.trim()) extra[key] = v.trim();
    return true;
  };
  if (kind === "component" && !(await ask("component", "Its folder under components/terraform (metadata.component)", name))) return;
  if (kind === "alias" && !(await ask("templateName", "Its env0 template name (optional; or add `vcs:` in the text)"))) return;
  if (kind === "block" && !(await ask("action", "The name of its first action", "run"))) return;
  if (kind === "subcomponent" && !(await ask("source", "Its source (a git URL, a Helm repository or a local folder; optional)"))) return;
  await applyGraphEdit(host, { type: "addNode", kind, name: name.trim(), parent, extra });
}

/** The webview messages that edit the graph. */
export type EditMessage = Extract<WebviewToHost, { type: "edit" | "addStep" | "rename" | "remove" | "addNode" }>;

export async function handleEditMessage(host: GraphEditHost, m: EditMessage): Promise<void> {
  switch (m.type) {
    case "edit":
      await applyGraphEdit(host, m.edit);
      return;
    case "addStep":
      await addStep(host, m.workflow, m.index);
      return;
    case "rename":
      await renameNode(host, m.nodeId);
      return;
    case "remove":
      await removeNode(host, m.nodeId);
      return;
    case "addNode":
      await addNode(host, m.kind, m.parent);
      return;
    default:
      assertNever(m);
  }
}
