// The real-VS-Code tiers of test/run.mjs. Each runs one launcher in a child process (so that its signal
// handlers and process.exit cannot touch the outer runner), streams its lines, and returns the counts of its
// `##infraflow-summary` line. The launchers provision code-server and Chromium on first use (quietly; a fresh
// CI machine pays about 3 minutes once). INFRAFLOW_SKIP_E2E=1 skips these tiers.
//   exthost  the mocha suite in the extension host, extension loaded from the source tree; then the untrusted-workspace
//            part of the suite in a second launch with workspace trust on
//   vsix     the same suite against the extension installed from `npm run package`'s .vsix
//   ui       Playwright drives the workbench: explorer, squiggles, completion, hover, command palette
import { spawn } from "node:child_process";
import * as path from "node:path";

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
      if (buf) onLine(buf);
      if (!summary) {
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
  // The second launch opens the workspace untrusted and runs only suite/*.untrusted.test.js (about 25 s).
  exthost: {
    needsBuild: true,
    run: ({ root }) =>
      runAll(root, [
        ["test/e2e/run-exthost.mjs", []],
        ["test/e2e/run-exthost.mjs", ["--workspace-trust"]],
      ]),
  },
  vsix: { needsBuild: true, run: ({ root }) => runLauncher(root, "test/e2e/run-exthost.mjs", ["--vsix"]) },
  ui: { needsBuild: true, run: ({ root }) => runLauncher(root, "test/e2e/ui/run-ui.mjs", []) },
};
