import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readModeline } from "../../../common/formats";
import { atmosGlobs, atmosPaths } from "../../../common/detection";

describe("modeline", () => {
  it("reads a format or off from the first line only", () => {
    assert.equal(readModeline("# infraflow: atmos\nx: 1"), "atmos");
    assert.equal(readModeline("#infraflow:off\n"), "off");
    assert.equal(readModeline("x: 1\n# infraflow: atmos"), undefined);
    assert.equal(readModeline("# infraflow: nonsense\n"), undefined);
  });
});

describe("atmos.yaml paths", () => {
  it("builds globs from base paths, with defaults", () => {
    const p = atmosPaths({ base_path: "./", stacks: { base_path: "stacks", included_paths: ["orgs/**/*"] }, workflows: { base_path: "stacks/workflows" } });
    assert.deepEqual(atmosGlobs(p), ["stacks/**/*.{yaml,yml}", "stacks/workflows/**/*.{yaml,yml}"]);
    assert.deepEqual(atmosGlobs(atmosPaths(null)), ["stacks/**/*.{yaml,yml}"]);
  });
});
