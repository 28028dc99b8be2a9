// The `infraflow` command: the same core as the editor, for CI and terminals.
import { parseArgs } from "node:util";
import { affectedCommand } from "./affected";
import { parseFlags, text } from "./args";
import { check, formatText, UsageError } from "./check";
import { describeCommand } from "./describe";
import { exportCommand } from "./export";
import { graphCommand } from "./graph";
import { planCommand, runCommand } from "./run";
import { SettingsFileError } from "../../../common/settings-file";

const USAGE = `Usage:
  infraflow check [paths...] [--format text|json]   Report diagnostics (exit 1 when any error)
  infraflow graph [FILE|DIR] [--format json|dot|mermaid] [--stack S] [--component C [--depth N]] [--all]
                                                    Print the dependency graph: all of it (the first 12
                                                    stacks of a larger Atmos repository, the others named;
                                                    --all for every one), one Atmos stack (and what it
                                                    depends on elsewhere), or what lies within N edges
                                                    (default 1) of a component
  infraflow plan FILE [NAME] [--format text|json] [--step S] [--from-step S] [--reverse] [--local]
  infraflow run FILE [NAME] [--step S] [--from-step S] [--dry-run] [--force] [--reverse] [--local] [--json] [--history DIR]
                                                    Run a workflow: exit 0 when it succeeded or passed with
                                                    allowed failures (a warning: "outcome": "passed-allowed"
                                                    in --json), 1 when it failed, 127 when a program it needs
                                                    or a step's working directory is missing (nothing runs),
                                                    130 when cancelled
  infraflow run --resume N [--force] [--local] [--json] [--history DIR]
                                                    Rerun what run #N of the history did not finish: its failed
                                                    steps, what they blocked and what comes after them
  infraflow affected --base REF [DIR] [--format text|json]
                                                    What the files changed since a git ref (and not yet
                                                    committed) affect, with what depends on them
  infraflow describe component C -s STACK [--format yaml|json] [--provenance]
                                                    Atmos's effective configuration of C in STACK, as
                                                    \`atmos describe component\` prints it (exit 1 when unknown)
  infraflow export FILE [NAME] --to github-actions|argo [--action A] [--with-dependencies] [--reverse] [--local] [-o OUT]
                                                    Write the plan as a GitHub Actions or Argo workflow
  infraflow lsp --stdio                             Start the language server on stdio
  infraflow --help | --version`;

export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === "--help" || cmd === "-h" || cmd === "help") {
    out(USAGE);
    return cmd ? 0 : 2;
  }
  if (cmd === "--version" || cmd === "-v") {
    out("0.1.0");
    return 0;
  }
  try {
    switch (cmd) {
      case "check":
        return runCheck(rest, out, err);
      case "plan":
        return planCommand(rest, out);
      case "run":
        return await runCommand(rest, out, err, (text, stream) => (stream === "stdout" ? process.stdout : process.stderr).write(text));
      case "graph":
        return graphCommand(rest, process.cwd(), out, err);
      case "affected":
        return await affectedCommand(rest, process.cwd(), out, err);
      case "describe":
        return describeCommand(rest, process.cwd(), out, err);
      case "export":
        return exportCommand(rest, out, err);
      case "lsp": {
        // A language client may add its own flags (`--clientProcessId=N`): only --stdio is required here.
        if (!parseArgs({ args: rest, options: { stdio: { type: "boolean" } }, allowPositionals: true, strict: false }).values.stdio) throw new UsageError("lsp needs --stdio");
        process.argv = [process.argv[0]!, process.argv[1]!, "--stdio"];
        const { startServer } = await import("../server");
        const { createConnection, ProposedFeatures } = await import("vscode-languageserver/node");
        startServer(createConnection(ProposedFeatures.all));
        return -1; // Keeps running.
      }
      default:
        throw new UsageError(`Unknown command '${cmd}'.`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`infraflow: ${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof SettingsFileError) {
      err(`infraflow: ${e.message}`);
      return 2;
    }
    err(`infraflow: ${String((e as Error)?.stack ?? e)}`);
    return 3;
  }
}

function runCheck(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const { values: v, positionals: paths } = parseFlags(args, { format: text("f") }, "check");
  const { format = "text" } = v;
  if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not '${format}'.`);
  const result = check(paths, process.cwd());
  for (const s of result.skipped) err(`${s}: not a file Infraflow serves (skipped)`);
  if (format === "json") out(JSON.stringify(result.records, null, 2));
  else for (const r of result.records) out(formatText(r));
  // The summary goes to stderr in both formats, so stdout stays plain records (or pure JSON).
  const errors = result.records.filter((r) => r.severity === "error").length;
  const warnings = result.records.filter((r) => r.severity === "warning").length;
  err(`${result.files} file(s) checked: ${errors} error(s), ${warnings} warning(s).`);
  return result.records.some((r) => r.severity === "error") ? 1 : 0;
}

// The bundle (dist/cli.js) is the program: it runs on load, whether started directly or through bin/infraflow.js.
{
  main(process.argv.slice(2), (s) => process.stdout.write(s + "\n"), (s) => process.stderr.write(s + "\n")).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`infraflow: ${String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
