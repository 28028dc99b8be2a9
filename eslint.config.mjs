// Only the client may import `vscode`; common/ stays free of Node and DOM APIs too (see STYLE.md).
import tseslint from "typescript-eslint";

const noVscode = {
  paths: [{ name: "vscode", message: "Only client/ imports vscode." }],
};
const noEngine = { group: ["**/engine/**"], message: "The language server does not run steps: plan with common/run-order.ts; only the CLI uses engine/." };
const nodeBuiltins = ["fs", "path", "os", "child_process", "url", "util", "events", "stream", "crypto", "net"];

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "out/**", ".vscode-test/**", "examples/**", "test/fixtures/**", "bench/out/**", "test-results/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    // The bin shim and the test/e2e harness are plain CommonJS run by node.
    files: ["bin/**/*.js", "**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["server/**/*.ts", "webview/**/*.ts", "webview/**/*.tsx", "test/unit/**/*.ts", "test/lsp/**/*.ts"],
    rules: { "no-restricted-imports": ["error", noVscode] },
  },
  {
    // Tests build an index through test/support/ws.ts `newIndex`, which rethrows what the index would contain:
    // an index built directly would hide a format bug from its test.
    files: ["test/unit/**/*.ts", "test/lsp/**/*.ts", "test/fuzz/**/*.ts", "test/support/**/*.ts"],
    rules: {
      "no-restricted-syntax": ["error", { selector: "NewExpression[callee.name='WorkspaceIndex']", message: "Build a test's index with newIndex() or workspace() from test/support/ws.ts." }],
    },
  },
  {
    // The language server never runs anything: only the CLI (server/src/cli) uses the engine.
    files: ["server/src/**/*.ts"],
    ignores: ["server/src/cli/**"],
    rules: {
      "no-restricted-imports": ["error", { paths: noVscode.paths, patterns: [noEngine] }],
    },
  },
  {
    // Formats are called through FormatModule and see the workspace only through WorkspaceView (a graph edit
    // through EditContext): they never import the features or the index that call them.
    files: ["server/src/formats/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: noVscode.paths, patterns: [noEngine, { group: ["**/features/**", "**/index/**"], message: "A format sees the workspace through WorkspaceView and EditContext (formats/types.ts)." }] },
      ],
    },
  },
  {
    // The run engine serves the extension host and the CLI: plain Node, no vscode, and nothing of the formats or
    // the language server (a plan comes in as a RunPlan from common/).
    files: ["engine/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: noVscode.paths, patterns: [{ group: ["**/server/**", "**/client/**", "**/webview/**"], message: "engine/ depends on common/ and Node only." }] },
      ],
    },
  },
  {
    files: ["common/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            ...noVscode.paths,
            ...nodeBuiltins.flatMap((n) => [
              { name: n, message: "common/ must not import Node APIs." },
              { name: `node:${n}`, message: "common/ must not import Node APIs." },
            ]),
          ],
        },
      ],
    },
  },
);
