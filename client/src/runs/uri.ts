import * as vscode from "vscode";

/** URIs as VS Code prints them, so the server's and the editor's spelling compare equal. */
export function normalizeUri(uri: string): string {
  try {
    return vscode.Uri.parse(uri, true).toString();
  } catch {
    return uri;
  }
}
