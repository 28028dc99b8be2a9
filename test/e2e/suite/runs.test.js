/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the extension host require()s the suite. */
// Runs in the editor, against test/e2e/workspace/workspace.poly (workflow `deploy`: install-db, install-app) in a
// trusted workspace: the run CodeLenses, the `infraflow` tasks, a run to success, a failure with its diagnostic and
// its rerun, cancelling (Ctrl+C in the run's terminal, and Infraflow: Cancel Run), a run that passes with allowed
// failures (tolerant/workspace.poly), Rerun Failed Steps on an env0 DAG (env0-fake.sh), and the run history.
// The workspace's .vscode/settings.json sets Polycrate's local mode (the actions' scripts run in bash). Failures
// use CLI mode with the executable `false`; slow runs use CLI mode with slow-polycrate.sh (`exec sleep 30`).
"use strict";
const assert = require("node:assert/strict");
const fs = require("node:fs");
const vscode = require("vscode");
const { open, activeExtension, diagnosticsFor, queryUntil, until, lenses, lineOf, taskEnded, newestLog, setSetting, wsUri } = require("./helpers");

const codeOf = (d) => (typeof d.code === "object" && d.code ? String(d.code.value) : String(d.code));
const isRunFailure = (d) => d.source === "infraflow run" && codeOf(d) === "run/failed";
const TASK = "deploy — workspace.poly";

describe("runs", function () {
  let doc;
  let uri;
  /** Lines of the deploy workflow and its steps in workspace.poly. */
  let at;
  /** The run number of the failed install-app run, for the history tests. */
  let failedRun;

  const titlesAt = async (line) => (await lenses(uri)).filter((l) => l.line === line).map((l) => l.title);
  /** Waits until a lens on `line` satisfies `accept(title)`; returns the titles of that line. */
  const lensOn = (line, accept, what) =>
    until(
      async () => {
        const t = await titlesAt(line);
        return t.some(accept) ? t : undefined;
      },
      20000,
      what,
    );
  const run = (req) => taskEnded(() => vscode.commands.executeCommand("infraflow.run", { uri: uri.toString(), ...req }));
  before(async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    doc = await open("workspace.poly");
    uri = doc.uri;
    await activeExtension();
    await diagnosticsFor(uri, (ds) => ds.some((d) => codeOf(d) === "poly/unknown-block"));
    at = { deploy: lineOf(doc, "- name: deploy"), db: lineOf(doc, "- name: install-db"), app: lineOf(doc, "- name: install-app") };
    await setSetting("polycrate.mode", "local");
  });

  after(async () => {
    await setSetting("polycrate.mode", "local");
    await setSetting("polycrate.executable", undefined);
    for (const t of vscode.window.terminals) if (t.name.includes("workspace.poly")) t.dispose();
  });

  it("shows run lenses above the workflow and each step", async () => {
    const all = await queryUntil(
      () => lenses(uri),
      (ls) => ls.some((l) => l.title === "▶ Run workflow"),
      20000,
      "run lenses on workspace.poly",
    );
    const on = (line) => all.filter((l) => l.line === line).map((l) => l.title);
    assert.deepEqual(on(at.deploy), ["▶ Run workflow", "Show graph"]);
    assert.deepEqual(on(at.db), ["▶ Run step", "▶ Run from here"]);
    assert.deepEqual(on(at.app), ["▶ Run step", "▶ Run from here"]);
    const step = all.find((l) => l.line === at.app && l.title === "▶ Run step");
    assert.equal(step.command.command, "infraflow.run");
    assert.deepEqual(step.command.arguments[0], { uri: uri.toString(), runnable: "workflow:deploy", step: "step:deploy#1" });
  });

  it("offers each workflow and step as an infraflow task", async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: "infraflow" });
    const byName = new Map(tasks.map((t) => [t.name, t]));
    const wf = byName.get(TASK);
    assert.ok(wf, `tasks: ${[...byName.keys()].join(", ")}`);
    assert.deepEqual({ ...wf.definition }, { type: "infraflow", file: "workspace.poly", runnable: "workflow:deploy" });
    const step = byName.get("deploy › install-app — workspace.poly");
    assert.ok(step, `tasks: ${[...byName.keys()].join(", ")}`);
    assert.deepEqual({ ...step.definition }, { type: "infraflow", file: "workspace.poly", runnable: "workflow:deploy", step: "step:deploy#1" });
  });

  // hostile/workspace.poly is opened by no test of this suite, so its tasks come from the file search alone
  // (a single findFiles pattern with nested braces once matched nothing here).
  it("offers the tasks of files that no editor has open", async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: "infraflow" });
    const files = new Set(tasks.map((t) => t.definition.file));
    assert.ok(files.has("hostile/workspace.poly"), `task files: ${[...files].join(", ")}`);
  });

  it("runs the workflow as a task; the lenses turn to ✓", async () => {
    const task = await run({ runnable: "workflow:deploy" });
    assert.equal(task.name, TASK);
    for (const line of [at.deploy, at.db, at.app]) await lensOn(line, (t) => t.startsWith("✓"), `a ✓ lens on line ${line + 1}`);
    assert.deepEqual(vscode.languages.getDiagnostics(uri).filter(isRunFailure), []);
  });

  it("a failed step gets a ✗ lens and a run/failed diagnostic, and rerunning it clears both", async () => {
    await setSetting("polycrate.mode", "cli");
    await setSetting("polycrate.executable", "false");
    await run({ runnable: "workflow:deploy", step: "install-app" });
    const titles = await lensOn(at.app, (t) => t.startsWith("✗"), "a ✗ lens on install-app");
    assert.ok(titles.includes("✗ exit 1 · Rerun"), titles.join(" | "));
    const ds = await diagnosticsFor(uri, (all) => all.some(isRunFailure));
    const failures = ds.filter(isRunFailure);
    assert.equal(failures.length, 1, failures.map((d) => d.message).join("\n"));
    assert.ok(failures[0].message.startsWith("Step 'install-app' failed with exit code 1."), failures[0].message);
    assert.equal(failures[0].severity, vscode.DiagnosticSeverity.Error);
    assert.equal(failures[0].range.start.line, at.app);
    failedRun = (await newestLog()).id;

    // The ✗ lens is the rerun: in local mode the step passes.
    await setSetting("polycrate.mode", "local");
    await vscode.window.showTextDocument(doc);
    const lens = (await lenses(uri)).find((l) => l.line === at.app && l.title.startsWith("✗"));
    await taskEnded(() => vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? [])));
    await diagnosticsFor(uri, (all) => !all.some(isRunFailure));
    await lensOn(at.app, (t) => t.startsWith("✓"), "a ✓ lens on install-app after the rerun");
  });

  describe("cancelling", () => {
    const pidFile = () => wsUri("slow-polycrate.pid").fsPath;
    const alive = (pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };

    /** Starts the slow deploy run and resolves once its first step runs (lens and process), with its end. */
    async function startSlow() {
      fs.rmSync(pidFile(), { force: true });
      const script = wsUri("slow-polycrate.sh").fsPath;
      fs.chmodSync(script, 0o755);
      await setSetting("polycrate.mode", "cli");
      await setSetting("polycrate.executable", script);
      let started;
      const ended = taskEnded(() => (started = vscode.commands.executeCommand("infraflow.run", { uri: uri.toString(), runnable: "workflow:deploy" })), "infraflow", 40000);
      await started;
      await lensOn(at.db, (t) => t.startsWith("◌ running"), "a ◌ running lens on install-db");
      const pid = await until(() => fs.existsSync(pidFile()) && Number(fs.readFileSync(pidFile(), "utf8").trim()), 10000, "the slow step's pid file");
      assert.ok(alive(pid), "the slow step runs");
      return { ended, pid };
    }

    async function expectCancelled({ ended, pid }) {
      await ended;
      await until(() => !alive(pid), 10000, `the slow step (pid ${pid}) to be killed`);
      await lensOn(at.deploy, (t) => t === "◼ cancelled", "◼ cancelled on the workflow");
      await lensOn(at.db, (t) => t === "◼ cancelled", "◼ cancelled on install-db");
    }

    afterEach(() => setSetting("polycrate.mode", "local"));

    it("Ctrl+C in the run's terminal cancels the run and kills its step", async () => {
      const slow = await startSlow();
      const ours = () => vscode.window.terminals.filter((t) => t.name.includes(TASK));
      const terminal = vscode.window.activeTerminal && ours().includes(vscode.window.activeTerminal) ? vscode.window.activeTerminal : ours().pop();
      assert.ok(terminal, `terminals: ${vscode.window.terminals.map((t) => t.name).join(", ")}`);
      terminal.sendText("\x03", false);
      await expectCancelled(slow);
    });

    it("Infraflow: Cancel Run cancels the run", async () => {
      const slow = await startSlow();
      await vscode.commands.executeCommand("infraflow.cancelRun");
      await expectCancelled(slow);
    });
  });

  describe("history", () => {
    it("the Runs view opens, and Open Run Log shows the newest run's log", async () => {
      await vscode.commands.executeCommand("infraflow.runs.focus");
      const { id, doc: log } = await newestLog();
      assert.ok(id > failedRun, `newest #${id}, the failure was #${failedRun}`);
      const first = log.lineAt(0).text;
      assert.match(first, new RegExp(`^Infraflow run #${id}: ${TASK}, started \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z$`));
      assert.match(log.getText(), /Run cancelled in/);
    });

    it("Open Run Log takes a run number", async () => {
      await vscode.commands.executeCommand("infraflow.runs.openLog", failedRun);
      const editor = await until(() => vscode.window.activeTextEditor?.document.uri.path.endsWith(`/runs/${failedRun}.log`) && vscode.window.activeTextEditor, 10000, `the log of run #${failedRun}`);
      assert.match(editor.document.lineAt(0).text, new RegExp(`^Infraflow run #${failedRun}: deploy › install-app — workspace.poly, started `));
      assert.match(editor.document.getText(), /Run failed in/);
    });

    it("Rerun and Rerun Failed Steps take a run number", async () => {
      const before = (await newestLog()).id;
      await taskEnded(() => vscode.commands.executeCommand("infraflow.runs.rerunFailed", failedRun));
      const rerunFailed = await newestLog();
      assert.equal(rerunFailed.id, before + 1);
      assert.match(rerunFailed.doc.lineAt(0).text, /: deploy › install-app — workspace\.poly, started /);
      assert.match(rerunFailed.doc.getText(), /Run succeeded in/);

      await taskEnded(() => vscode.commands.executeCommand("infraflow.runs.rerun", before));
      const rerun = await newestLog();
      assert.equal(rerun.id, before + 2);
      assert.match(rerun.doc.lineAt(0).text, new RegExp(`: ${TASK}, started `));
      assert.match(rerun.doc.getText(), /install-db[\s\S]*install-app[\s\S]*Run succeeded in/);
    });

    it("Delete Run takes a run number and removes its log", async () => {
      await vscode.commands.executeCommand("infraflow.runs.openLog", failedRun);
      const path = await until(() => vscode.window.activeTextEditor?.document.uri.path.endsWith(`/runs/${failedRun}.log`) && vscode.window.activeTextEditor.document.uri.fsPath, 10000, "the log");
      await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
      assert.ok(fs.existsSync(path));
      await vscode.commands.executeCommand("infraflow.runs.delete", failedRun);
      assert.ok(!fs.existsSync(path), `${path} is still there`);
      // The run is gone: its log no longer opens.
      await vscode.commands.executeCommand("infraflow.runs.openLog", failedRun);
      assert.ok(!vscode.window.activeTextEditor?.document.uri.path.endsWith(`/runs/${failedRun}.log`));
    });
  });

  describe("allowed failures and resume", () => {
    afterEach(async () => {
      await setSetting("env0.command", undefined);
      await setSetting("force", undefined);
      for (const f of ["tolerant/fail.marker", "env0-calls.log", "env0-fixed.marker"]) fs.rmSync(wsUri(f).fsPath, { force: true });
    });

    it("a run whose failures were all allowed passes with a warning: ⚠ lenses, a Warning diagnostic, the log's last line", async () => {
      const tdoc = await open("tolerant/workspace.poly");
      const turi = tdoc.uri;
      const line = { wf: lineOf(tdoc, "- name: tolerant"), try: lineOf(tdoc, "- name: try") };
      const lensAt = (l, accept, what) =>
        until(
          async () => {
            const t = (await lenses(turi)).filter((x) => x.line === l).map((x) => x.title);
            return t.some(accept) ? t : undefined;
          },
          20000,
          what,
        );
      fs.writeFileSync(wsUri("tolerant/fail.marker").fsPath, "");
      await taskEnded(() => vscode.commands.executeCommand("infraflow.run", { uri: turi.toString(), runnable: "workflow:tolerant" }));
      const wf = await lensAt(line.wf, (t) => t.startsWith("⚠"), "a ⚠ lens on the workflow");
      assert.ok(wf.some((t) => /^⚠ passed with 1 allowed failure · /.test(t)), wf.join(" | "));
      assert.ok(!wf.some((t) => t.startsWith("✓")), `never a success: ${wf.join(" | ")}`);
      const step = await lensAt(line.try, (t) => t.startsWith("⚠"), "a ⚠ lens on the step that failed");
      assert.ok(step.includes("⚠ exit 1 (allowed) · Rerun"), step.join(" | "));
      const warnings = (await diagnosticsFor(turi, (all) => all.some(isRunFailure))).filter(isRunFailure);
      assert.equal(warnings.length, 1, warnings.map((d) => d.message).join("\n"));
      assert.equal(warnings[0].severity, vscode.DiagnosticSeverity.Warning, "an allowed failure is a warning, not an error");
      assert.ok(warnings[0].message.startsWith("Step 'try' failed with exit code 1 (allowed by the workflow"), warnings[0].message);
      const log = await newestLog();
      assert.match(log.doc.getText(), /⚠ Run passed with 1 allowed failure in /);
      assert.doesNotMatch(log.doc.getText(), /Run succeeded/);

      // The next run of that step replaces its warning: it passes now, and the warning is gone.
      fs.rmSync(wsUri("tolerant/fail.marker").fsPath);
      await vscode.window.showTextDocument(tdoc);
      const rerun = (await lenses(turi)).find((l) => l.line === line.try && l.title.startsWith("⚠"));
      await taskEnded(() => vscode.commands.executeCommand(rerun.command.command, ...(rerun.command.arguments ?? [])));
      await diagnosticsFor(turi, (all) => !all.some(isRunFailure));
      await lensAt(line.try, (t) => t.startsWith("✓"), "a ✓ lens on the step after its rerun");
    });

    it("Rerun Failed Steps on an env0 DAG deploys the nodes the failure blocked, and only what did not succeed", async () => {
      await setSetting("env0.command", "sh ../env0-fake.sh ${action} ${alias}");
      await setSetting("force", true);
      const calls = () => (fs.existsSync(wsUri("env0-calls.log").fsPath) ? fs.readFileSync(wsUri("env0-calls.log").fsPath, "utf8").trim().split("\n") : []);
      const euri = (await open("env0/env0.workflow.yaml")).uri;
      await taskEnded(() => vscode.commands.executeCommand("infraflow.run", { uri: euri.toString(), runnable: "workflow", action: "deploy" }));
      assert.deepEqual(calls().sort(), ["deploy cluster", "deploy database", "deploy network"]);
      const failed = await newestLog();
      assert.match(failed.doc.getText(), /app: blocked by database/);
      assert.match(failed.doc.getText(), /Run failed in/);

      fs.writeFileSync(wsUri("env0-fixed.marker").fsPath, "");
      fs.rmSync(wsUri("env0-calls.log").fsPath);
      await taskEnded(() => vscode.commands.executeCommand("infraflow.runs.rerunFailed", failed.id));
      assert.deepEqual(calls(), ["deploy database", "deploy app"], "the failed node, then the node it had blocked");
      const resumed = await newestLog();
      assert.equal(resumed.id, failed.id + 1);
      assert.match(resumed.doc.getText(), /Run succeeded in/);

      // Run From Here on a node of the past run (a step of the Runs view): that node and what needs it.
      fs.rmSync(wsUri("env0-calls.log").fsPath);
      await taskEnded(() => vscode.commands.executeCommand("infraflow.runs.runFromHere", { kind: "step", runId: failed.id, stepId: "alias:cluster" }));
      assert.deepEqual(calls(), ["deploy cluster", "deploy app"]);
    });
  });
});
