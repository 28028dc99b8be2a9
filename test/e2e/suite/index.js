/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the extension host require()s the suite. */
// Entry point of the extension-host suite (`extensionTestsPath`). VS Code calls run() inside the real
// extension host; the same file serves both launchers (desktop @vscode/test-electron and code-server).
// It prints one line per test and closes with `##infraflow-summary {...}`, the line test/run.mjs adds up;
// it also writes the counts to $INFRAFLOW_E2E_RESULTS when set, a channel that does not depend on how the
// launcher forwards console output.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
// mocha 12 is an ES module. Node 22.12+ (VS Code 1.9x on newer code-server) and Node 20.19+ (code-server 4.93, the
// oldest VS Code we test) both load it with require(), but hand back its namespace: the class is the named export.
const mochaModule = require("mocha");
const Mocha = mochaModule.Mocha ?? mochaModule.default ?? mochaModule;

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END, EVENT_SUITE_BEGIN } = Mocha.Runner.constants;

/** One line per test, the failures with their stacks at the end, then the summary line. */
class LineReporter {
  constructor(runner) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const failures = [];
    const say = (s) => console.log(s);
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (suite.title) say(`${"  ".repeat(depth(suite))}${suite.title}`);
    });
    runner.on(EVENT_TEST_PASS, (t) => {
      counts.passed++;
      say(`${"  ".repeat(depth(t))}✓ ${t.title} (${t.duration} ms)`);
    });
    runner.on(EVENT_TEST_PENDING, (t) => {
      counts.skipped++;
      say(`${"  ".repeat(depth(t))}- ${t.title} (skipped)`);
    });
    runner.on(EVENT_TEST_FAIL, (t, err) => {
      counts.failed++;
      failures.push(`${t.fullTitle()}:\n${err && err.stack ? err.stack : String(err)}`);
      // The reason at once, on the line: a run cut off before its end still says why each test failed.
      say(`${"  ".repeat(depth(t))}✗ ${t.title}: ${String((err && err.message) || err).split("\n")[0]}`);
    });
    runner.once(EVENT_RUN_END, () => {
      if (failures.length) say(`\nFailures:\n${failures.map((f) => `- ${f}`).join("\n\n")}`);
      say(`##infraflow-summary ${JSON.stringify(counts)}`);
      if (process.env.INFRAFLOW_E2E_RESULTS) {
        fs.writeFileSync(process.env.INFRAFLOW_E2E_RESULTS, JSON.stringify({ ...counts, failures }));
      }
    });
  }
}

function depth(node) {
  let d = 0;
  for (let p = node.parent; p && !p.root; p = p.parent) d++;
  return d;
}

exports.run = function run() {
  const mocha = new Mocha({
    ui: "bdd",
    // Real VS Code: activation and the first language-server round trip take seconds on 2 cores.
    timeout: Number(process.env.INFRAFLOW_E2E_TEST_TIMEOUT ?? 30000),
    reporter: LineReporter,
    color: false,
  });
  if (process.env.INFRAFLOW_E2E_GREP) mocha.grep(process.env.INFRAFLOW_E2E_GREP);
  // `*.untrusted.test.js` need an untrusted workspace: they run alone when the launcher leaves workspace trust on
  // (INFRAFLOW_E2E_TRUST=on), and the rest runs when it is off.
  const untrusted = process.env.INFRAFLOW_E2E_TRUST === "on";
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith(".test.js") && f.endsWith(".untrusted.test.js") === untrusted);
  for (const f of files.sort()) {
    mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
    } catch (e) {
      console.error(e);
      reject(e);
    }
  });
};
