// The server's background scan: the workspace is read in slices that give the event loop back, a newer scan ends
// an older one, `ready()` says when it is done, and the walk stops at a bound on entries looked at.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validate } from "../../../server/src/features/validate";
import { memoryHost, type FileSystemHost } from "../../../server/src/index/host";
import { WALK_LIMIT } from "../../../server/src/index/workspace-index";
import { newIndex } from "../../support/ws";

/** An env0 workspace of `n` folders, each with a workflow whose `b` needs `a`. */
function env0Files(n: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`/ws/app${i}/env0.workflow.yaml`] = "environments:\n  a:\n    name: A\n    templateName: t\n  b:\n    name: B\n    templateName: t\n    needs: [a]\n";
  return files;
}

describe("background scan", () => {
  it("reads the workspace in slices: the event loop runs between them, and ready() resolves with every file", async () => {
    const index = newIndex(memoryHost(env0Files(200)));
    index.background = true;
    index.scanSliceMs = 0; // a slice per file
    const seen: Array<{ files: number; done: boolean }> = [];
    index.onScanProgress = (p) => seen.push({ files: p.files, done: p.done });
    index.setRoots(["/ws"]);
    assert.equal(index.isScanning, true);
    // A callback queued now runs while the scan is still going: it yields.
    const during = await new Promise<number>((resolve) => setImmediate(() => resolve(index.paths().length)));
    assert.ok(during > 0 && during < 200, `files read when the first callback ran: ${during}`);
    await index.ready();
    assert.equal(index.isScanning, false);
    assert.equal(index.paths().length, 200);
    assert.ok(seen.some((p) => !p.done), "progress reported on the way");
    assert.deepEqual(seen.at(-1), { files: 200, done: true });
    assert.deepEqual(validate(index, "/ws/app7/env0.workflow.yaml"), []);
  });

  it("reads a small workspace in its first slice and is ready at once", async () => {
    const index = newIndex(memoryHost(env0Files(3)));
    index.background = true;
    index.setRoots(["/ws"]);
    await index.ready();
    assert.equal(index.paths().length, 3);
    assert.equal(index.isScanning, false);
  });

  it("a newer scan ends the older one; open documents keep their editor text", async () => {
    const index = newIndex(memoryHost({ ...env0Files(50), "/other/env0.workflow.yaml": "environments:\n  x:\n    name: X\n    templateName: t\n" }));
    index.background = true;
    index.scanSliceMs = 0;
    index.setRoots(["/ws"]);
    index.openOrChange("/ws/app1/env0.workflow.yaml", "environments:\n  z:\n    name: Z\n    templateName: t\n    needs: [nope]\n", 3);
    index.setRoots(["/other"]);
    await index.ready();
    const paths = index.paths().sort();
    assert.deepEqual(paths, ["/other/env0.workflow.yaml", "/ws/app1/env0.workflow.yaml"]);
    assert.ok(validate(index, "/ws/app1/env0.workflow.yaml").some((d) => JSON.stringify(d.message).includes("nope")));
  });

  it("the scan at once (CLI, tests) is unchanged: setRoots returns with every file", () => {
    const index = newIndex(memoryHost(env0Files(20)));
    index.setRoots(["/ws"]);
    assert.equal(index.isScanning, false);
    assert.equal(index.paths().length, 20);
  });

  it("says the file bound cut the scan only when a folder had more files of ours than infraflow.maxIndexedFiles", async () => {
    const files = { ...env0Files(3) };
    for (let i = 0; i < 3; i++) files[`/other/app${i}/env0.workflow.yaml`] = files[`/ws/app${i}/env0.workflow.yaml`]!;
    for (const background of [false, true]) {
      // Two folders of three files each, four allowed per folder: nothing is cut, though six files are served.
      const index = newIndex(memoryHost(files));
      index.background = background;
      index.settings = { ...index.settings, maxIndexedFiles: 4 };
      index.setRoots(["/ws", "/other"]);
      await index.ready();
      assert.equal(index.paths().length, 6);
      assert.equal(index.stats().limited, undefined, `background ${background}`);
      // Two allowed per folder: the third file of each is left out, and the status says why.
      index.settings = { ...index.settings, maxIndexedFiles: 2 };
      index.setRoots(["/ws", "/other"]);
      await index.ready();
      assert.equal(index.paths().length, 4);
      assert.equal(index.stats().limited, "files", `background ${background}`);
    }
  });

  it("stops walking after WALK_LIMIT directory entries, and says so", () => {
    // A folder of many entries that are not ours, then one of ours after them: it is never reached.
    let listed = 0;
    const big = Array.from({ length: WALK_LIMIT + 10 }, (_, i) => ({ name: `f${i}.txt`, isDir: false, isFile: true }));
    const host: FileSystemHost = {
      readFile: (p) => (p === "/ws/z/env0.workflow.yaml" ? "environments:\n  a:\n    name: A\n    templateName: t\n" : ""),
      size: () => 0,
      exists: () => false,
      readDir: (dir) => {
        listed++;
        if (dir === "/ws") return [{ name: "a", isDir: true, isFile: false }, { name: "z", isDir: true, isFile: false }];
        if (dir === "/ws/a") return big;
        if (dir === "/ws/z") return [{ name: "env0.workflow.yaml", isDir: false, isFile: true }];
        return [];
      },
      realpath: (p) => p,
    };
    const index = newIndex(host);
    index.setRoots(["/ws"]);
    assert.equal(index.paths().length, 0);
    assert.equal(index.stats().limited, "walk");
    assert.equal(listed, 2, "the walk ended inside /ws/a");
  });
});
