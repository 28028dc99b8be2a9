import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseSettingsFile, SettingsFileError } from "../../../common/settings-file";

describe("settings.json (parseSettingsFile)", () => {
  it("reads JSON with line and block comments, keeping // inside strings", () => {
    const text = [
      "// workspace settings",
      "{",
      "  /* how runs go */",
      '  "infraflow.polycrate.mode": "local", // no container',
      '  "infraflow.env": { "URL": "https://example.com/a//b" },',
      '  "editor.tabSize": 2',
      "}",
    ].join("\n");
    assert.deepEqual(parseSettingsFile(text, "settings.json"), { "polycrate.mode": "local", env: { URL: "https://example.com/a//b" } });
  });

  it("accepts trailing commas in objects and arrays, as VS Code does", () => {
    const text = '{\n  "infraflow.maxIndexedFiles": 10,\n  "infraflow.fileAssociations": { "ci/*.yaml": "atmos", },\n  "files.exclude": ["a", "b",],\n}\n';
    assert.deepEqual(parseSettingsFile(text, "settings.json"), { maxIndexedFiles: 10, fileAssociations: { "ci/*.yaml": "atmos" } });
  });

  it("reads an empty or comment-only file as no settings", () => {
    assert.deepEqual(parseSettingsFile("", "settings.json"), {});
    assert.deepEqual(parseSettingsFile("// nothing yet\n", "settings.json"), {});
  });

  it("refuses a broken file with the file, line, column and what is wrong", () => {
    const text = '{\n  "infraflow.polycrate.mode": "local"\n  "infraflow.force": true\n}\n';
    assert.throws(() => parseSettingsFile(text, ".vscode/settings.json"), (e: Error) => {
      assert.ok(e instanceof SettingsFileError);
      assert.equal(e.message, ".vscode/settings.json:3:3: a comma was expected; the file is not read.");
      return true;
    });
    assert.throws(() => parseSettingsFile('{ "infraflow.force": true /* open', "s.json"), /s\.json:1:27: a \/\* comment is not closed/);
    assert.throws(() => parseSettingsFile('{ "infraflow.env": { "A": "1" }', "s.json"), /s\.json:1:32: a closing \} was expected/);
  });

  it("refuses a file that is not one object", () => {
    assert.throws(() => parseSettingsFile('["infraflow.force"]', "s.json"), /s\.json: settings must be one JSON object/);
  });
});
