// Entry point of the language server bundle (dist/server.js): the transport comes from the command line
// (--node-ipc from the extension, --stdio for other editors and the CLI's `infraflow lsp --stdio`).
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./server";

startServer(createConnection(ProposedFeatures.all));
