// The `infraflow` task provider: every runnable of every served file appears in "Tasks: Run Task" and can be
// written in tasks.json. The tasks execute in a Pseudoterminal (terminal.ts); their logic is task-def.ts.
import * as vscode from "vscode";
import { atmosGlobs, atmosPaths, NAME_GLOBS } from "../../../common/detection";
import type { Runnable } from "../../../common/run";
import { ext, lsp } from "../lazy";
import type { RunController } from "./controller";
import { definitionFile, taskLabel, tasksFor, toDefinition, TASK_TYPE, type InfraflowTaskDefinition } from "./task-def";

/** The most files the provider asks about, so that a huge workspace does not stall "Run Task". */
const MAX_FILES = 500;

export class RunTaskProvider implements vscode.TaskProvider, vscode.Disposable {
  private readonly registration: vscode.Disposable;

  constructor(private readonly runs: RunController) {
    this.registration = vscode.tasks.registerTaskProvider(TASK_TYPE, this);
  }

  /** Files that may hold runnables: the names detection knows, the Atmos manifests, and open documents. */
  private async candidates(): Promise<vscode.Uri[]> {
    const exclude = "**/node_modules/**";
    const found = new Map<string, vscode.Uri>();
    const add = (u: vscode.Uri): void => void (u.scheme === "file" && found.set(u.toString(), u));
    // One search per glob: a single pattern with nested braces ({…,**/component.{yaml,json}}) matches nothing.
    for (const g of NAME_GLOBS) for (const u of await vscode.workspace.findFiles(g, exclude, MAX_FILES)) add(u);
    for (const cfg of await vscode.workspace.findFiles("**/atmos.yaml", exclude, 20)) {
      let raw: unknown = {};
      try {
        raw = lsp().parseYaml(Buffer.from(await vscode.workspace.fs.readFile(cfg)).toString("utf8"));
      } catch {
        // An unreadable atmos.yaml: its defaults.
      }
      const dir = vscode.Uri.joinPath(cfg, "..");
      for (const g of atmosGlobs(atmosPaths(raw))) for (const u of await vscode.workspace.findFiles(new vscode.RelativePattern(dir, g), exclude, MAX_FILES)) add(u);
    }
    for (const d of vscode.workspace.textDocuments) add(d.uri);
    return [...found.values()].slice(0, MAX_FILES);
  }

  async provideTasks(token: vscode.CancellationToken): Promise<vscode.Task[]> {
    if (!vscode.workspace.isTrusted) return [];
    // "Run Task" may ask before the language client started (the onCommand activation): wait for it.
    const client = await this.runs.ctx.whenClient();
    if (!client) return [];
    const files = await this.candidates();
    const out: vscode.Task[] = [];
    // A few requests at a time: the server answers from its index.
    for (let i = 0; i < files.length && !token.isCancellationRequested; i += 16) {
      const batch = files.slice(i, i + 16);
      const lists = await Promise.all(batch.map((u) => client.sendRequest(ext().runnablesRequest, { uri: u.toString() }).then((l) => l ?? [], () => [] as Runnable[])));
      batch.forEach((u, j) => {
        const list = lists[j]!;
        if (!list.length) return;
        const folder = vscode.workspace.getWorkspaceFolder(u);
        const file = toDefinition({ uri: u.toString(), runnable: "" }, u.fsPath, folder?.uri.fsPath).file;
        for (const t of tasksFor(list, file)) out.push(this.runs.task(t.def, folder ?? vscode.TaskScope.Workspace, t.label, t.detail ?? (folder ? file : undefined)));
      });
    }
    return out;
  }

  /** A task from tasks.json: the same definition object, executed by our terminal. */
  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const def = task.definition as Partial<InfraflowTaskDefinition>;
    if (!vscode.workspace.isTrusted || def.type !== TASK_TYPE || typeof def.file !== "string" || typeof def.runnable !== "string") return undefined;
    const folder = typeof task.scope === "object" ? task.scope : undefined;
    const names = this.runs.names.get(vscode.Uri.file(definitionFile({ file: def.file }, folder?.uri.fsPath)).toString());
    // VS Code wants the very definition object it passed in: `task` keeps it as it is.
    return this.runs.task(task.definition as InfraflowTaskDefinition, task.scope ?? vscode.TaskScope.Workspace, task.name || taskLabel(def as InfraflowTaskDefinition, names));
  }

  dispose(): void {
    this.registration.dispose();
  }
}
