// The file store alone, with a fake format: which files it keeps, how detection is forced, and analysis once per
// change of what it depends on.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_SETTINGS } from "../../../common/settings";
import type { FormatModule } from "../../../server/src/formats/types";
import { FileStore, type FileStoreContext } from "../../../server/src/index/files";
import { memoryHost } from "../../../server/src/index/host";

/** A store over `files` with one format that claims `.yaml` files whose text starts `kind: <k>`, counting its work. */
function store(files: Record<string, string>, fileAssociations: Record<string, string> = {}) {
  const host = memoryHost(files);
  const counts = { reads: 0, analyses: 0 };
  const format = {
    id: "polycrate",
    codePrefix: "poly",
    candidate: (p: string) => p.endsWith(".yaml"),
    detect: (_p: string, text: string) => /^kind: (\w+)/.exec(text)?.[1],
    isConfigFile: (p: string) => p.endsWith("/config.yaml"),
    shape: () => undefined,
    analyze: () => (counts.analyses++, { defs: [], refs: [], problems: [] }),
  } as unknown as FormatModule;
  const ctx = {
    settings: { ...DEFAULT_SETTINGS, fileAssociations },
    roots: ["/ws"],
    host: { ...host, readFile: (p: string) => (counts.reads++, host.readFile(p)) },
    formats: [format],
    format: (id: string) => (id === "polycrate" ? format : undefined),
    contain: <T>(fn: () => T) => fn(),
  } as unknown as FileStoreContext;
  return { files: new FileStore(ctx), counts };
}

describe("file store", () => {
  it("keeps the files a format claims, reads no file that no format would, and leaves open documents alone", () => {
    const { files, counts } = store({ "/ws/a.yaml": "kind: block\n", "/ws/b.yaml": "other: 1\n", "/ws/c.txt": "kind: block\n" });
    assert.equal(files.consider("/ws/a.yaml"), true);
    assert.equal(files.consider("/ws/b.yaml"), false, "read, but no format detects it");
    assert.equal(files.consider("/ws/c.txt"), false);
    assert.equal(counts.reads, 2, "the .txt file is not a candidate: never read");
    assert.deepEqual(files.paths(), ["/ws/a.yaml"]);
    assert.deepEqual(files.detected("/ws/a.yaml"), { format: "polycrate", kind: "block" });
    files.open("/ws/a.yaml", "kind: edited\n", 2);
    assert.equal(files.consider("/ws/a.yaml"), false);
    assert.equal(files.readText("/ws/a.yaml"), "kind: edited\n");
    assert.deepEqual(files.count(), { files: 1, byFormat: { polycrate: 1 } });
  });

  it("forces a format by modeline or infraflow.fileAssociations, and turns a file off", () => {
    const { files } = store({ "/ws/x.txt": "# infraflow: polycrate\nname: x\n", "/ws/y.conf": "name: y\n", "/ws/off.yaml": "# infraflow: off\nkind: block\n" }, { "*.conf": "polycrate" });
    files.consider("/ws/y.conf");
    files.consider("/ws/off.yaml");
    files.open("/ws/x.txt", "# infraflow: polycrate\nname: x\n", 1);
    // Forced but not recognised: the format's default kind.
    assert.deepEqual(files.detected("/ws/y.conf"), { format: "polycrate", kind: "default" });
    assert.deepEqual(files.detected("/ws/x.txt"), { format: "polycrate", kind: "default" });
    assert.equal(files.detected("/ws/off.yaml"), undefined);
  });

  it("analyses a file once, again when its text or the structure changes, not when another file is typed in", () => {
    const { files, counts } = store({ "/ws/a.yaml": "kind: block\n", "/ws/b.yaml": "kind: block\n" });
    files.consider("/ws/a.yaml");
    files.consider("/ws/b.yaml");
    const a = files.file("/ws/a.yaml");
    assert.equal(files.file("/ws/a.yaml"), a);
    assert.equal(counts.analyses, 1);
    // Typing in b (same kind): a's analysis stands; only the change count moves.
    files.open("/ws/b.yaml", "kind: block\n", 1);
    const { generation, analysisGeneration } = files;
    files.open("/ws/b.yaml", "kind: block\n# typed\n", 2);
    assert.deepEqual([files.generation, files.analysisGeneration], [generation + 1, analysisGeneration]);
    assert.equal(files.file("/ws/a.yaml"), a);
    // b's kind changes: everything depending on the structure is analysed again.
    files.open("/ws/b.yaml", "kind: other\n", 3);
    assert.equal(files.analysisGeneration, analysisGeneration + 1);
    assert.notEqual(files.file("/ws/a.yaml"), a);
  });

  it("says when an opened or changed file is a configuration file", () => {
    const { files } = store({ "/ws/config.yaml": "kind: config\n" });
    assert.equal(files.open("/ws/config.yaml", "kind: config\n", 1).wasConfig, true);
    assert.equal(files.open("/ws/a.yaml", "kind: block\n", 1).wasConfig, false);
    assert.equal(files.diskChanged("/ws/config.yaml", "changed"), false, "open: its editor text stands");
    files.close("/ws/config.yaml");
    assert.equal(files.diskChanged("/ws/config.yaml", "changed"), true);
  });
});
