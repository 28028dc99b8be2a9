// Gives a detected Deis `.env` file our `deis-env` language (highlighting) when no other extension claimed it.
// The language is not bound to `.env` by file name, so unrelated `.env` files stay as they are.
import * as vscode from "vscode";
import { ext } from "./lazy";
import type { Ctx } from "./ctx";

export async function assignLanguage(ctx: Ctx, doc: vscode.TextDocument): Promise<void> {
  if (doc.uri.scheme !== "file" || doc.languageId !== "plaintext" || !doc.uri.path.endsWith("/.env")) return;
  const client = await ctx.whenClient();
  if (!client) return;
  try {
    const info = await client.sendRequest(ext().fileInfoRequest, { uri: doc.uri.toString() });
    if (info.format === "deis" && info.kind === "env") await vscode.languages.setTextDocumentLanguage(doc, "deis-env");
  } catch {
    // The server is restarting: the next open will try again.
  }
}
