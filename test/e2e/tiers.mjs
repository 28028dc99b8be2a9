// The real-VS-Code tiers of test/run.mjs. Each runs one launcher in a child process (so that its signal
// handlers and process.exit cannot touch the outer runner), streams its lines, and returns the counts of its
// `##infraflow-summary` line. The launchers provision code-server and Chromium on first use (quietly; a fresh
// CI machine pays about 3 minutes once). INFRAFLOW_SKIP_E2E=1 skips these tiers.
//   exthost  the mocha suite in the extension host, extension loaded from the source tree; then the untrusted-workspace
//            part of the suite in a second launch with workspace trust on
//   vsix     the same suite against the extension installed from `npm run package`'s .vsix
//   ui       Playwright drives the workbench: explorer, squiggles, completion, hover, command palette
//   start    `npm start` as the README gives it: the URL it prints serves the workbench with the extension
import { spawn } from "node:child_process";
import * as path from "node:path";

/**
 * A launcher that runs longer than this is killed and counted as failed: each launcher has deadlines of its own,
 * and this one catches a hang anywhere else (a cold provisioning of one code-server takes about 4 minutes).
 */
const LAUNCHER_TIMEOUT_MS = Number(process.env.INFRAFLOW_E2E_LAUNCHER_TIMEOUT ?? 20 * 60 * 1000);

function runLauncher(root, script, args) {
  if (process.env.INFRAFLOW_SKIP_E2E === "1") {
    console.log("(skipped: INFRAFLOW_SKIP_E2E=1)");
    return Promise.resolve({ passed: 0, failed: 0, skipped: 1 });
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, script), "--no-build", ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    // SIGTERM first: the launcher's cleanup stops code-server and Chromium and checks for orphans.
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.log(`${script} ${args.join(" ")}: still running after ${LAUNCHER_TIMEOUT_MS / 1000} s, stopping it`);
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 15000).unref();
    }, LAUNCHER_TIMEOUT_MS);
    let summary;
    let buf = "";
    const onLine = (line) => {
      const m = /^##infraflow-summary (\{.*\})$/.exec(line);
      if (m) summary = JSON.parse(m[1]);
      // The launcher's own closing line would read as a second total; test/run.mjs prints the tier's.
      else if (!/^\d+ passed, \d+ failed/.test(line)) console.log(line);
    };
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (buf) onLine(buf);
      if (timedOut) {
        summary = { passed: summary?.passed ?? 0, failed: (summary?.failed ?? 0) + 1, skipped: summary?.skipped ?? 0 };
      } else if (!summary) {
        console.log(`${script} ended without a summary (exit ${code})`);
        summary = { passed: 0, failed: 1, skipped: 0 };
      } else if (code !== 0 && summary.failed === 0) {
        console.log(`${script} exited with ${code}`);
        summary.failed++;
      }
      resolve(summary);
    });
  });
}

/** Runs launchers one after the other (they share the 2 cores) and adds up their counts. */
async function runAll(root, runs) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const [script, args] of runs) {
    const s = await runLauncher(root, script, args);
    for (const k of Object.keys(total)) total[k] += s[k] ?? 0;
  }
  return total;
}

export default {
  // The second launch opens the workspace untrusted and runs only suite/*.untrusted.test.js (about 25 s); the
  // third runs the suite again on the oldest VS Code that engines.vscode admits (scripts/vscode/versions.env).
  exthost: {
    needsBuild: true,
    run: ({ root }) =>
      runAll(root, [
        ["test/e2e/run-exthost.mjs", []],
        ["test/e2e/run-exthost.mjs", ["--workspace-trust"]],
        ["test/e2e/run-exthost.mjs", ["--vscode", "oldest"]],
      ]),
  },
  vsix: { needsBuild: true, run: ({ root }) => runLauncher(root, "test/e2e/run-exthost.mjs", ["--vsix"]) },
  ui: { needsBuild: true, run: ({ root }) => runLauncher(root, "test/e2e/ui/run-ui.mjs", []) },
  // The README's `npm start`, through npm: the printed URL serves the workbench on examples/; Ctrl+C stops it all.
  start: { needsBuild: true, run: ({ root }) => runLauncher(root, "test/e2e/run-start.mjs", []) },
};
