// The CLI's flags on util.parseArgs: the messages of the usage errors (exit 2 in main) name the flag.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { flag, parseFlags, text } from "../../../server/src/cli/args";
import { UsageError } from "../../../server/src/cli/check";
import { parseRunArgs } from "../../../server/src/cli/run";

const FLAGS = { format: text("f"), stack: text("s"), force: flag };
const usage = (fn: () => unknown, re: RegExp): void => assert.throws(fn, (e: unknown) => e instanceof UsageError && re.test(e.message));

describe("parseFlags", () => {
  it("reads long, short and inline values, switches and positionals", () => {
    const r = parseFlags(["a.yaml", "-s", "dev", "--format=json", "--force", "b"], FLAGS, "graph");
    assert.deepEqual({ ...r.values }, { stack: "dev", format: "json", force: true });
    assert.deepEqual(r.positionals, ["a.yaml", "b"]);
  });

  it("says which flag is unknown, and which flags there are", () => {
    usage(() => parseFlags(["--nope"], FLAGS, "graph"), /^Unknown option '--nope' for graph\. Options: --format, --stack, --force\.$/);
    usage(() => parseFlags(["-z"], FLAGS, "graph"), /^Unknown option '-z' for graph\./);
  });

  it("a value missing, or one that looks like a flag, or given to a switch, is a usage error naming the long flag", () => {
    usage(() => parseFlags(["--format"], FLAGS, "check"), /^--format needs a value\.$/);
    usage(() => parseFlags(["-s", "--force"], FLAGS, "check"), /^--stack needs a value\.$/);
    usage(() => parseFlags(["--force=yes"], FLAGS, "check"), /^--force takes no value\.$/);
  });

  it("a flag listed as taking any value takes the next argument, even one that starts with a dash", () => {
    assert.equal(parseFlags(["--format", "--x"], FLAGS, "affected", ["format"]).values.format, "--x");
  });
});

describe("parseRunArgs", () => {
  it("keeps the run's rules on top of the flags", () => {
    assert.deepEqual(parseRunArgs(["w.poly", "release", "--step=build", "--dry-run"], "run"), { file: "w.poly", target: "release", step: "build", dryRun: true, force: false, reverse: false, local: false, json: false, format: "text", withDependencies: false });
    usage(() => parseRunArgs(["w.poly", "--step", "a", "--from-step", "b"], "run"), /do not go together/);
    usage(() => parseRunArgs(["--resume", "0"], "run"), /takes a run number/);
    usage(() => parseRunArgs(["w.poly", "--resume", "2"], "run"), /takes no FILE/);
    usage(() => parseRunArgs(["w.poly", "--bogus"], "plan"), /^Unknown option '--bogus' for plan\./);
  });
});
