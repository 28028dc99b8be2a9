// Type-level checks of the custom LSP methods (common/lsp-ext.ts), run by `npm run typecheck` (tsc) and never
// executed: each `@ts-expect-error` fails the typecheck if the line below it stops being an error, so a request
// whose params or result drift from its declaration is refused on the client side and on the server side alike.
import type { BaseLanguageClient } from "vscode-languageclient";
import type { Connection } from "vscode-languageserver";
import type { WorkflowGraph } from "../../common/graph";
import { graphEditRequest, graphRequest, indexStatusNotification, planRequest, runnablesRequest } from "../../common/lsp-ext";

declare const client: BaseLanguageClient;
declare const connection: Connection;

export async function clientSide(): Promise<void> {
  // The result type comes from the declaration, with no generic restated at the call.
  const graph: WorkflowGraph | null = await client.sendRequest(graphRequest, { uri: "file:///w/workspace.poly" });
  void graph;
  // @ts-expect-error a param of the wrong type
  await client.sendRequest(graphRequest, { uri: 42 });
  // @ts-expect-error a missing param
  await client.sendRequest(planRequest, { uri: "file:///w/workspace.poly" });
  // @ts-expect-error a param the request does not have
  await client.sendRequest(runnablesRequest, { uri: "file:///w/workspace.poly", stack: "dev" });
  // @ts-expect-error the result is not what the caller assumes
  const wrong: string = await client.sendRequest(runnablesRequest, { uri: "file:///w/workspace.poly" });
  void wrong;
  // @ts-expect-error a notification handler reading a field the params do not have
  client.onNotification(indexStatusNotification, (s) => s.folders);
}

export function serverSide(): void {
  // @ts-expect-error a handler answering with the wrong result
  connection.onRequest(runnablesRequest, () => "none");
  // @ts-expect-error a handler reading a param the request does not have
  connection.onRequest(graphRequest, (params) => params.stack ?? null);
  // @ts-expect-error a graph edit answered without its result shape
  connection.onRequest(graphEditRequest, () => ({ changed: true }));
  // @ts-expect-error a notification sent with the wrong params
  void connection.sendNotification(indexStatusNotification, { files: "many" });
}
