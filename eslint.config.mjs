// Only the client may import `vscode`; common/ stays free of Node and DOM APIs too (see STYLE.md).
import tseslint from "typescript-eslint";

const noVscode = {
  paths: [{ name: "vscode", message: "Only client/ imports vscode." }],
};
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
