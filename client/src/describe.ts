// "Infraflow: Describe Component in Stack…": Atmos's `describe component`, computed by the language server, shown as
// a read-only YAML document (scheme `infraflow-describe:`) whose values link to the file and line they were written
// at. Running it again for the same (component, stack) refreshes the open document.
import * as vscode from "vscode";
import type { DescribeComponentResult } from "../../common/lsp-ext";
import { ext } from "./lazy";
import type { Ctx } from "./ctx";

export const DESCRIBE_SCHEME = "infraflow-describe";

/** What the command is given: by a hover link (both), by a caller (either), or nothing (the palette). */
export interface DescribeArgs {
  component?: string;
  stack?: string;
}

/** The document of one (component, stack): the names travel in the query, the path only makes the tab title. */
export function describeUri(component: string, stack: string): vscode.Uri {
  const safe = (s: string) => s.replace(/\//g, "\u2215");
  return vscode.Uri.from({ scheme: DESCRIBE_SCHEME, path: `/${safe(component)} @ ${safe(stack)}.yaml`, query: new URLSearchParams({ component, stack }).toString() });
}

function namesOf(uri: vscode.Uri): { component: string; stack: string } | undefined {
  const q = new URLSearchParams(uri.query);
  const component = q.get("component");
  const stack = q.get("stack");
  return component && stack ? { component, stack } : undefined;
}

const docs = new WeakMap<Ctx, DescribeDocs>();

/** The one provider of this activation, registered on first use (activate() calls it). */
export function describeDocs(ctx: Ctx): DescribeDocs {
  let d = docs.get(ctx);
  if (!d) {
    d = new DescribeDocs(ctx);
    docs.set(ctx, d);
    ctx.subscriptions.push(d);
  }
  return d;
}

export class DescribeDocs implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider, vscode.Disposable {
  /** The last answer per document URI: the text and the links of its values. */
  private readonly results = new Map<string, DescribeComponentResult>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly ctx: Ctx) {
    this.disposables = [
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(DESCRIBE_SCHEME, this),
      vscode.languages.registerDocumentLinkProvider({ scheme: DESCRIBE_SCHEME }, this),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === DESCRIBE_SCHEME) this.results.delete(d.uri.toString());
      }),
    ];
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    let r = this.results.get(uri.toString());
    if (!r) {
      // Reopened without the command (a restored editor): ask again.
      const names = namesOf(uri);
      r = names ? await this.fetch(names.component, names.stack) : { error: "Not an Infraflow description.", links: [] };
      this.results.set(uri.toString(), r);
    }
    return r.text ?? `# ${(r.error ?? "").split("\n").join("\n# ")}\n`;
  }

  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    const r = this.results.get(doc.uri.toString());
    if (!r?.text) return [];
    return r.links
      .filter((l) => l.line < doc.lineCount && l.end > l.start)
      .map((l) => {
        const target = vscode.Uri.parse(l.uri).with({ fragment: `L${l.position.line + 1},${l.position.character + 1}` });
        const link = new vscode.DocumentLink(new vscode.Range(l.line, l.start, l.line, l.end), target);
        link.tooltip = l.runtime ? `Resolved by Atmos at run time; written at ${l.label}` : `Set at ${l.label}`;
        return link;
      });
  }

  private async fetch(component: string, stack: string): Promise<DescribeComponentResult> {
    const client = await this.ctx.whenClient();
    if (!client) return { error: "The Infraflow language server is not running.", links: [] };
    return client.sendRequest(ext().describeComponentRequest, { component, stack });
  }

  /**
   * The command: asks for what `args` lacks (the component under the cursor is preselected, and then only the stacks
   * that import its file are offered), describes, and opens (or refreshes) the document. Resolves with its URI, or
   * undefined when cancelled or refused.
   */
  async run(args?: DescribeArgs): Promise<vscode.Uri | undefined> {
    let component = typeof args?.component === "string" ? args.component : undefined;
    let stack = typeof args?.stack === "string" ? args.stack : undefined;
    if (!component || !stack) {
      const client = await this.ctx.whenClient();
      if (!client) {
        void vscode.window.showErrorMessage("Infraflow: the language server is not running.");
        return undefined;
      }
      const editor = vscode.window.activeTextEditor;
      const here = editor?.document.uri.scheme === "file" ? { uri: editor.document.uri.toString(), position: { line: editor.selection.active.line, character: editor.selection.active.character } } : {};
      const choices = await client.sendRequest(ext().describeChoicesRequest, component ? {} : here);
      if (!choices.stacks.length) {
        void vscode.window.showInformationMessage("Infraflow: no Atmos stack in this workspace.");
        return undefined;
      }
      if (!component && choices.atCursor && (!stack || choices.atCursor.stacks.includes(stack))) {
        component = choices.atCursor.component;
        stack ??= await pickOne(choices.atCursor.stacks.length ? choices.atCursor.stacks : choices.stacks, `Describe ${component} in stack…`);
      }
      stack ??= await pickOne(choices.stacks, "Describe a component of stack…");
      if (!stack) return undefined;
      if (!component) {
        const inStack = await client.sendRequest(ext().describeChoicesRequest, { stack });
        const items = (inStack.components ?? []).map((c) => ({ label: c.name, description: c.abstract ? `${c.type}, abstract` : c.type }));
        if (!items.length) {
          void vscode.window.showInformationMessage(`Infraflow: stack ${stack} has no component.`);
          return undefined;
        }
        component = (await vscode.window.showQuickPick(items, { title: `Describe component in ${stack}`, placeHolder: "Component", matchOnDescription: true }))?.label;
        if (!component) return undefined;
      }
    }
    const r = await this.fetch(component, stack);
    if (!r.text) {
      void vscode.window.showErrorMessage(`Infraflow: ${(r.error ?? "no description.").replace(/\n/g, " ")}`);
      return undefined;
    }
    const uri = describeUri(component, stack);
    this.results.set(uri.toString(), r);
    // An open document of the same pair shows the new text (VS Code asks provideTextDocumentContent again).
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== "yaml") await vscode.languages.setTextDocumentLanguage(doc, "yaml");
    // Where it is shown already (a refresh), else beside the editor it was asked from.
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    await vscode.window.showTextDocument(doc, { preview: false, viewColumn: shown?.viewColumn ?? vscode.ViewColumn.Beside });
    return uri;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** A quick pick of names; a single name is taken without asking. */
async function pickOne(names: string[], title: string): Promise<string | undefined> {
  if (names.length === 1) return names[0];
  return vscode.window.showQuickPick(names, { title, placeHolder: "Stack" });
}
