// A folder made on disk is walked by the index (VS Code's watcher on Linux does not report files written into a
// folder just after it is made, as a checkout does); the folder watcher's events for paths no format reads change
// nothing; a removed folder takes what was indexed below it.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normalizeSettings } from "../../../common/settings";
import { memoryHost } from "../../../server/src/index/host";
import { newIndex } from "../../support/ws";

const CONFIG = ['base_path: "."', "stacks:", '  base_path: "stacks"', "  included_paths:", '    - "deploy/**/*"', '  name_pattern: "{stage}"', ""].join("\n");
const stack = (stage: string) => ["vars:", `  stage: ${stage}`, "components:", "  terraform:", "    vpc:", "      vars: {}", ""].join("\n");

function setup() {
  const host = memoryHost({ "/ws/atmos.yaml": CONFIG, "/ws/stacks/deploy/dev.yaml": stack("dev") });
  const index = newIndex(host);
  index.setRoots(["/ws"]);
  return { host, index };
}

describe("folders made and removed on disk", () => {
  it("a new folder's files are indexed from the folder's own event", () => {
    const { host, index } = setup();
    host.files.set("/ws/stacks/deploy/prod/main.yaml", stack("prod"));
    host.files.set("/ws/stacks/deploy/prod/eu/main.yaml", stack("eu"));
    assert.equal(index.file("/ws/stacks/deploy/prod/main.yaml"), undefined, "not indexed before the event");
    const before = index.changeCount;
    assert.equal(index.diskChanged("/ws/stacks/deploy/prod", "created"), true);
    assert.ok(index.file("/ws/stacks/deploy/prod/main.yaml"), "the folder's file");
    assert.ok(index.file("/ws/stacks/deploy/prod/eu/main.yaml"), "a file of a folder inside it");
    assert.ok(index.changeCount > before, "the index says it changed");
  });

  it("a new atmos.yaml in a new folder is read as configuration (files below it are detected again)", () => {
    const { host, index } = setup();
    host.files.set("/ws/other/atmos.yaml", CONFIG);
    host.files.set("/ws/other/stacks/deploy/qa.yaml", stack("qa"));
    assert.equal(index.diskChanged("/ws/other", "created"), true);
    assert.equal(index.file("/ws/other/stacks/deploy/qa.yaml")?.format, "atmos");
  });

  it("paths no format reads change nothing: a file of another kind, an empty or skipped folder, a path outside the folders", () => {
    const { host, index } = setup();
    host.files.set("/ws/components/terraform/vpc/main.tf", "");
    host.files.set("/ws/node_modules/pkg/stack.yaml", stack("x"));
    host.files.set("/elsewhere/stacks/a.yaml", stack("y"));
    const before = index.changeCount;
    assert.equal(index.diskChanged("/ws/components/terraform/vpc/main.tf", "created"), false);
    assert.equal(index.diskChanged("/ws/components/terraform/vpc", "created"), false, "a folder with nothing of ours");
    assert.equal(index.diskChanged("/ws/node_modules/pkg", "created"), false, "a folder the scan skips");
    assert.equal(index.diskChanged("/elsewhere/stacks", "created"), false, "outside the workspace folders");
    assert.equal(index.diskChanged("/ws/components/terraform/vpc/main.tf", "deleted"), false);
    assert.equal(index.diskChanged("/ws/components/terraform/vpc", "deleted"), false, "a folder with nothing indexed below");
    assert.equal(index.diskChanged("/ws/node_modules/pkg", "deleted"), false, "a folder the scan skips");
    assert.equal(index.changeCount, before, "nothing to check again");
    assert.equal(index.file("/ws/node_modules/pkg/stack.yaml"), undefined);
  });

  it("keeps to infraflow.maxIndexedFiles, as a scan does", () => {
    const { host, index } = setup();
    index.setSettings(normalizeSettings({ maxIndexedFiles: 3 }));
    const served = index.paths().length;
    assert.ok(served < 3);
    for (const s of ["a", "b", "c"]) host.files.set(`/ws/stacks/deploy/new/${s}.yaml`, stack(s));
    assert.equal(index.diskChanged("/ws/stacks/deploy/new", "created"), true);
    const kept = ["a", "b", "c"].filter((s) => index.file(`/ws/stacks/deploy/new/${s}.yaml`));
    assert.equal(kept.length, 3 - served, "as many as fit under the bound");
    assert.equal(index.paths().length, 3);
  });

  it("a removed folder takes its indexed files with it", () => {
    const { host, index } = setup();
    host.files.set("/ws/stacks/deploy/prod/main.yaml", stack("prod"));
    index.diskChanged("/ws/stacks/deploy/prod", "created");
    host.files.delete("/ws/stacks/deploy/prod/main.yaml");
    assert.equal(index.diskChanged("/ws/stacks/deploy/prod", "deleted"), true);
    assert.equal(index.file("/ws/stacks/deploy/prod/main.yaml"), undefined);
    assert.ok(index.file("/ws/stacks/deploy/dev.yaml"), "the rest stays");
  });

  it("events of watched files still change the index as before", () => {
    const { host, index } = setup();
    host.files.set("/ws/stacks/deploy/qa.yaml", stack("qa"));
    assert.equal(index.diskChanged("/ws/stacks/deploy/qa.yaml", "created"), true);
    assert.ok(index.file("/ws/stacks/deploy/qa.yaml"));
  });
});
