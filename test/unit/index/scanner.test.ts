// The disk scan alone, without an index: which files it offers within its bounds, symlink loops, skipped folders,
// and the background scan's slices, progress and supersession.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { memoryHost, type DirEntry, type FileSystemHost } from "../../../server/src/index/host";
import { Scanner, WALK_LIMIT, type ScanProgress, type ScanRequest } from "../../../server/src/index/scanner";

const rethrow = (err: unknown): never => {
  throw err;
};

/** A request over `roots` that keeps the `.yaml` files it is offered and records every file offered. */
function request(roots: string[], maxFiles: number): ScanRequest & { offered: string[]; kept: string[] } {
  const offered: string[] = [];
  const kept: string[] = [];
  return {
    roots,
    maxFiles,
    offered,
    kept,
    consider(file) {
      offered.push(file);
      if (!file.endsWith(".yaml")) return false;
      kept.push(file);
      return true;
    },
  };
}

function tree(n: number, dir = "/ws"): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`${dir}/app${i}/stack.yaml`] = "x: 1\n";
  return files;
}

describe("scanner", () => {
  it("bounds the files kept per folder, not the files offered: files not kept do not count", () => {
    const host = memoryHost({ "/ws/a.txt": "", "/ws/b.txt": "", "/ws/c.yaml": "", "/ws/d.txt": "", "/ws/e.yaml": "", "/ws/f.yaml": "", "/other/g.yaml": "", "/other/h.yaml": "" });
    const scanner = new Scanner(host, rethrow);
    const req = request(["/ws", "/other"], 2);
    scanner.scanNow(req);
    // Two kept in /ws (the third .yaml is never offered), two in /other: the bound is per folder.
    assert.deepEqual(req.kept, ["/ws/c.yaml", "/ws/e.yaml", "/other/g.yaml", "/other/h.yaml"]);
    assert.deepEqual(req.offered, ["/ws/a.txt", "/ws/b.txt", "/ws/c.yaml", "/ws/d.txt", "/ws/e.yaml", "/other/g.yaml", "/other/h.yaml"]);
    assert.equal(scanner.limited, "files");

    const all = request(["/ws", "/other"], 3);
    scanner.scanNow(all);
    assert.equal(all.kept.length, 5);
    assert.equal(scanner.limited, undefined, "three per folder: nothing was cut");
  });

  it("stops after WALK_LIMIT directory entries, whatever they are, and says so", () => {
    let listed = 0;
    const big: DirEntry[] = Array.from({ length: WALK_LIMIT + 10 }, (_, i) => ({ name: `f${i}.txt`, isDir: false, isFile: true }));
    const host: FileSystemHost = {
      ...memoryHost({}),
      readDir: (dir) => {
        listed++;
        if (dir === "/ws") return [{ name: "a", isDir: true, isFile: false }, { name: "z", isDir: true, isFile: false }];
        if (dir === "/ws/a") return big;
        if (dir === "/ws/z") return [{ name: "stack.yaml", isDir: false, isFile: true }];
        return [];
      },
    };
    const scanner = new Scanner(host, rethrow);
    const req = request(["/ws"], 1000);
    scanner.scanNow(req);
    assert.deepEqual(req.kept, []);
    assert.equal(req.offered.length, WALK_LIMIT - 1, "WALK_LIMIT entries walked: /ws/a itself, then its files");
    assert.equal(scanner.limited, "walk");
    assert.equal(listed, 2, "the walk ended inside /ws/a");
  });

  it("skips dependency, build and VCS folders, but not files or folders that merely look alike", () => {
    const host = memoryHost({
      "/ws/node_modules/p/stack.yaml": "",
      "/ws/.git/stack.yaml": "",
      "/ws/dist/stack.yaml": "",
      "/ws/sub/vendor/stack.yaml": "",
      "/ws/vendors/stack.yaml": "",
      "/ws/src/stack.yaml": "",
      "/ws/vendor.yaml": "",
    });
    const req = request(["/ws"], 100);
    new Scanner(host, rethrow).scanNow(req);
    assert.deepEqual(req.kept.sort(), ["/ws/src/stack.yaml", "/ws/vendor.yaml", "/ws/vendors/stack.yaml"]);
  });

  it("walks a folder reached twice through a symlink once: a loop ends and no file is offered twice", () => {
    // /ws/a/loop is a link to /ws: listing it lists /ws, and its real path is /ws.
    const base = memoryHost({ "/ws/top.yaml": "", "/ws/a/inner.yaml": "" });
    const host: FileSystemHost = {
      ...base,
      readDir: (dir) => {
        if (dir.startsWith("/ws/a/loop")) return base.readDir("/ws" + dir.slice("/ws/a/loop".length));
        const out = base.readDir(dir);
        return dir === "/ws/a" ? [...out, { name: "loop", isDir: true, isFile: false }] : out;
      },
      realpath: (p) => (p.startsWith("/ws/a/loop") ? "/ws" + p.slice("/ws/a/loop".length) : p),
    };
    const req = request(["/ws"], 100);
    new Scanner(host, rethrow).scanNow(req);
    assert.deepEqual(req.offered.sort(), ["/ws/a/inner.yaml", "/ws/top.yaml"]);
  });

  it("walk() visits up to the bound of files taken, for listFiles", () => {
    const scanner = new Scanner(memoryHost({ "/d/a.txt": "", "/d/b.yaml": "", "/d/c.txt": "", "/d/e.yaml": "", "/d/f.yaml": "" }), rethrow);
    const seen: string[] = [];
    scanner.walk("/d", 2, (p) => (seen.push(p), p.endsWith(".yaml")));
    assert.deepEqual(seen, ["/d/a.txt", "/d/b.yaml", "/d/c.txt", "/d/e.yaml"]);
  });

  it("scans in the background in slices, reports progress, and is done once", async () => {
    const scanner = new Scanner(memoryHost(tree(50)), rethrow);
    scanner.sliceMs = 0; // a slice per file
    const progress: ScanProgress[] = [];
    scanner.onProgress = (p) => progress.push(p);
    const req = request(["/ws"], 1000);
    let done = 0;
    scanner.start(req, () => done++);
    assert.equal(scanner.isScanning, true);
    const during = await new Promise<number>((resolve) => setImmediate(() => resolve(req.kept.length)));
    assert.ok(during > 0 && during < 50, `files kept when the first callback ran: ${during}`);
    await scanner.ready();
    assert.equal(scanner.isScanning, false);
    assert.equal(done, 1);
    assert.equal(req.kept.length, 50);
    assert.ok(progress.some((p) => !p.done), "progress on the way");
    assert.deepEqual(progress.filter((p) => p.done), [{ files: 50, walked: 50, done: true }]);
    assert.deepEqual(progress.at(-1), { files: 50, walked: 50, done: true });
  });

  it("a newer scan ends the older one: only the newer one is done", async () => {
    const scanner = new Scanner(memoryHost({ ...tree(50), ...tree(3, "/other") }), rethrow);
    scanner.sliceMs = 0;
    const progress: ScanProgress[] = [];
    scanner.onProgress = (p) => progress.push(p);
    const first = request(["/ws"], 1000);
    const second = request(["/other"], 1000);
    const done: string[] = [];
    scanner.start(first, () => done.push("first"));
    await new Promise<void>((resolve) => setImmediate(resolve));
    const atSwitch = first.offered.length;
    scanner.start(second, () => done.push("second"));
    await scanner.ready();
    // Turns of the event loop enough for the older scan to finish, were it still going (a slice per file).
    for (let i = 0; i < 60; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(done, ["second"]);
    assert.equal(first.offered.length, atSwitch, "the older scan read no file after the newer one started");
    assert.equal(second.kept.length, 3);
    assert.deepEqual(progress.filter((p) => p.done), [{ files: 3, walked: 3, done: true }]);
  });

  it("hands what a background scan throws to its error callback and ends the scan", async () => {
    const errors: unknown[] = [];
    const scanner = new Scanner(memoryHost(tree(3)), (err) => errors.push(err));
    let done = 0;
    scanner.start(
      {
        roots: ["/ws"],
        maxFiles: 10,
        consider: () => {
          throw new Error("boom");
        },
      },
      () => done++,
    );
    await scanner.ready();
    assert.equal(scanner.isScanning, false);
    assert.equal(done, 0);
    assert.deepEqual(errors.map((e) => (e as Error).message), ["boom"]);
  });
});
