// The second client bundle (dist/lsp-client.js): vscode-languageclient and the YAML parser, about 500 KB that
// activate() must not wait on. client/src/lazy.ts loads it on first use, which is after activate() returned;
// everything else of the client (commands, views, lenses, tasks) is in dist/client.js and sees this module only
// through `import type`.
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { DESCRIBE_COMMAND } from "../../../common/lsp-ext";
import { WATCHED_FILES_GLOB } from "../../../common/formats";
import type { InfraflowSettings } from "../../../common/settings";

export { parse as parseYaml } from "yaml";
// The custom LSP methods, built with this bundle's vscode-jsonrpc (the language client's): see ext() in lazy.ts.
export * as ext from "../../../common/lsp-ext";
// The exports write YAML too, so they live here rather than in the activation bundle.
export { EXPORT_SETTINGS, exportPlan, repositoryRoot } from "../../../server/src/export";
export type { LanguageClient };

/** One entry of the language client's document selector (client/src/selector.ts builds them from detection). */
export interface Filter {
  scheme?: string;
  language?: string;
  pattern?: string;
}

export interface ClientSetup {
  /** dist/server.js */
  serverModule: string;
  selector: Filter[];
  output: vscode.LogOutputChannel;
  settings: InfraflowSettings;
}

/** The language client for our server (over IPC), not started yet. */
export function createClient(s: ClientSetup): LanguageClient {
  const serverOptions: ServerOptions = {
    run: { module: s.serverModule, transport: TransportKind.ipc },
    debug: { module: s.serverModule, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6019"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: s.selector as LanguageClientOptions["documentSelector"],
    outputChannel: s.output,
    initializationOptions: { settings: s.settings },
    // Hovers link to "Describe Component in Stack…" for the other stacks of a component: that one command, no other.
    markdown: { isTrusted: { enabledCommands: [DESCRIBE_COMMAND] } },
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher(WATCHED_FILES_GLOB),
        // Folders made and removed (a checkout, a copy): on Linux, VS Code's watcher does not report files written
        // into a folder just after it is made, so the server walks each new folder itself. Other paths are ignored.
        vscode.workspace.createFileSystemWatcher("**/*", false, true, false),
      ],
    },
  };
  return new LanguageClient("infraflow", "Infraflow", serverOptions, clientOptions);
}
