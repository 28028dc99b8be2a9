// The files the index serves, open or on disk: each detected (modeline, infraflow.fileAssociations, the formats'
// own detection), parsed through this index's YAML cache and analysed lazily, once per change.
import * as path from "node:path";
import picomatch from "picomatch";
import { readModeline, type FormatId } from "../../../common/formats";
import { NodeMemo } from "../core/node-memo";
import { LineIndex } from "../core/text";
import { OwnedTrees, YamlCache, type ParsedYaml } from "../core/yaml";
import type { FormatModule, IndexedFile, WorkspaceView } from "../formats/types";
import type { FileSystemHost } from "./host";

interface Entry {
  path: string;
  text: string;
  version: number;
  open: boolean;
  format: FormatId | null;
  kind: string | null;
  analysed?: IndexedFile;
  analysedAt?: number;
  /** An open document's line index of an earlier text: the next one is derived from it (LineIndex.after). */
  earlierLines?: LineIndex;
}

/**
 * What the files need of the index that holds them: the view format code is given (its memos are keyed by it),
 * the formats, the disk, and the index's way of containing a format's exception.
 */
export interface FileStoreContext extends WorkspaceView {
  readonly host: FileSystemHost;
  readonly formats: readonly FormatModule[];
  format(id: FormatId): FormatModule | undefined;
  /** Runs format code defensively: an exception is contained, and the caller gets the fallback. */
  contain<T>(fn: () => T, fallback: T): T;
}

export class FileStore {
  private readonly entries = new Map<string, Entry>();
  /** Bumped on any change; derived tables are cached per generation. */
  private gen = 0;
  /** Bumped when something that other files' analysis depends on changes (configs, files added or removed). */
  private analysisGen = 0;
  /** Open documents' parse trees, re-parsed incrementally as they are edited. */
  private readonly owned = new OwnedTrees();
  /** This index's parses (shared by text, and the open documents' own trees): no other index sees them. */
  private readonly yaml = new YamlCache(this.owned);
  /** What formats derived from entries of open documents, kept across keystrokes (see NodeMemo). */
  private readonly nodeMemo = new NodeMemo();

  constructor(private readonly ws: FileStoreContext) {}

  get generation(): number {
    return this.gen;
  }

  get analysisGeneration(): number {
    return this.analysisGen;
  }

  bump(structural: boolean): void {
    this.gen++;
    if (structural) this.analysisGen++;
  }

  parseYaml(text: string): ParsedYaml {
    return this.yaml.parse(text);
  }

  /** How often open documents were re-parsed incrementally and how often whole (the benchmark reports it). */
  parseStats(): { incremental: number; whole: number } {
    return { ...this.owned.stats };
  }

  /** Forgets every file read from disk (the folders changed); open documents stay. */
  dropClosed(): void {
    for (const [p, e] of this.entries) if (!e.open) this.entries.delete(p);
  }

  /**
   * A document was opened or changed in the editor. Returns the file's format, or null, and whether the file is a
   * configuration file (the caller then re-detects every file).
   */
  open(p: string, text: string, version: number): { format: FormatId | null; wasConfig: boolean } {
    const existing = this.entries.get(p);
    const wasConfig = this.isConfig(p);
    const e: Entry = { path: p, text, version, open: true, format: null, kind: null, earlierLines: existing?.analysed?.lines ?? existing?.earlierLines };
    // Opening a file read from disk: its parse (no other file's: identical texts share one) becomes the document's.
    const tree = existing && !existing.open ? existing.analysed?.parsed : undefined;
    if (tree?.doc && !this.owned.has(p) && ![...this.entries.values()].some((x) => x !== existing && x.analysed?.parsed === tree)) this.yaml.adopt(p, existing!.analysed!.text, tree);
    // Parses of an open document's text are its own: re-parsed incrementally from keystroke to keystroke.
    this.yaml.asOwner(p, text, () => this.detectInto(e));
    this.entries.set(p, e);
    const structural = !existing || existing.format !== e.format || existing.kind !== e.kind;
    this.bump(structural || wasConfig);
    return { format: e.format, wasConfig };
  }

  /** A document was closed: fall back to the disk content, if it is one of ours there. */
  close(p: string): void {
    this.entries.delete(p);
    this.owned.release(p);
    this.readFromDisk(p);
    this.bump(true);
  }

  /**
   * A file changed on disk (watcher). Open documents keep their editor text. Returns whether it is a configuration
   * file (the caller then re-detects every file).
   */
  diskChanged(p: string, kind: "created" | "changed" | "deleted"): boolean {
    const e = this.entries.get(p);
    if (e?.open) return false;
    if (kind === "deleted") {
      this.entries.delete(p);
      // A deleted folder: drop everything below it.
      const prefix = p.endsWith(path.sep) ? p : p + path.sep;
      for (const k of [...this.entries.keys()]) if (k.startsWith(prefix) && !this.entries.get(k)!.open) this.entries.delete(k);
    } else {
      this.entries.delete(p);
      if (this.rootOf(p) !== undefined) this.readFromDisk(p);
    }
    this.bump(true);
    return this.isConfig(p);
  }

  /** Whether the index holds the file. */
  has(p: string): boolean {
    return this.entries.has(p);
  }

  /** Whether the index holds a file below the folder. */
  hasBelow(dir: string): boolean {
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }

  isConfig(p: string): boolean {
    return this.ws.formats.some((f) => f.isConfigFile?.(p));
  }

  /** The workspace folder a path is (or is in), if any. */
  rootOf(p: string): string | undefined {
    return this.ws.roots.find((r) => p === r || p.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
  }

  /**
   * Re-runs detection on the open documents and forgets the files read from disk, after a config file or the
   * settings changed: the caller scans the disk again.
   */
  redetectOpen(): void {
    // Open documents go back first, so that detection reads their editor text (an unsaved atmos.yaml).
    const open = [...this.entries.values()].filter((e) => e.open);
    this.entries.clear();
    for (const e of open) this.entries.set(e.path, { ...e, format: null, kind: null, analysed: undefined });
    for (const e of open) this.yaml.asOwner(e.path, e.text, () => this.detectInto(this.entries.get(e.path)!));
  }

  /** A file the scan found: read from disk unless it is open (open documents are kept as they are). */
  consider(p: string): boolean {
    return !this.entries.get(p)?.open && this.readFromDisk(p);
  }

  /** Whether a format may serve the file, by its path (or a setting forces one): only such files are read. */
  candidate(p: string): boolean {
    const forced = this.association(p);
    if (forced === "off") return false;
    return !!forced || this.ws.formats.some((f) => this.ws.contain(() => f.candidate(p, this.ws), false));
  }

  /** Reads and detects a file from disk; keeps it when a format claims it. */
  private readFromDisk(p: string): boolean {
    if (!this.candidate(p)) return false;
    const text = this.ws.host.readFile(p);
    if (text === undefined) return false;
    const e: Entry = { path: p, text, version: 0, open: false, format: null, kind: null };
    this.detectInto(e);
    if (!e.format) return false;
    this.entries.set(p, e);
    return true;
  }

  /** The format a setting forces on this path, if any. */
  private association(p: string): FormatId | "off" | undefined {
    for (const [glob, fmt] of Object.entries(this.ws.settings.fileAssociations)) {
      const matchers = [picomatch(glob, { dot: true })];
      const candidates = [p, ...this.ws.roots.filter((r) => p.startsWith(r)).map((r) => path.relative(r, p).split(path.sep).join("/"))];
      if (candidates.some((c) => matchers.some((m) => m(c)) || (!glob.includes("/") && picomatch(glob, { dot: true })(path.basename(c))))) return fmt;
    }
    return undefined;
  }

  private detectInto(e: Entry): void {
    const ws = this.ws;
    const mode = readModeline(e.text);
    const forced = mode ?? this.association(e.path);
    if (forced === "off") return;
    const order = forced ? ws.formats.filter((f) => f.id === forced) : ws.formats;
    for (const f of order) {
      const kind = ws.contain(() => f.detect(e.path, e.text, ws), undefined);
      if (kind) {
        e.format = f.id;
        e.kind = kind;
        return;
      }
    }
    if (forced) {
      // Forced but not recognised: serve it as the format's default kind.
      const f = ws.format(forced);
      const kind = f ? ws.contain(() => f.detect(e.path, "", ws), undefined) : undefined;
      e.format = forced;
      e.kind = kind ?? "default";
    }
  }

  // ---- Queries ----

  files(format?: FormatId): IndexedFile[] {
    const out: IndexedFile[] = [];
    for (const e of this.entries.values()) {
      if (!e.format || (format && e.format !== format)) continue;
      const f = this.analyse(e);
      if (f) out.push(f);
    }
    return out;
  }

  file(p: string): IndexedFile | undefined {
    const e = this.entries.get(p);
    return e ? this.analyse(e) : undefined;
  }

  /** Format and kind of a path without analysing it. */
  detected(p: string): { format: FormatId; kind: string } | undefined {
    const e = this.entries.get(p);
    return e?.format && e.kind ? { format: e.format, kind: e.kind } : undefined;
  }

  paths(): string[] {
    return [...this.entries.keys()].filter((p) => this.entries.get(p)!.format);
  }

  readText(p: string): string | undefined {
    return this.entries.get(p)?.text ?? this.ws.host.readFile(p);
  }

  exists(p: string): boolean {
    return this.entries.has(p) || this.ws.host.exists(p);
  }

  /** Files served, in all and by format. */
  count(): { files: number; byFormat: Partial<Record<FormatId, number>> } {
    const byFormat: Partial<Record<FormatId, number>> = {};
    let files = 0;
    for (const e of this.entries.values()) {
      if (!e.format) continue;
      files++;
      byFormat[e.format] = (byFormat[e.format] ?? 0) + 1;
    }
    return { files, byFormat };
  }

  // ---- Analysis ----

  private analyse(e: Entry): IndexedFile | undefined {
    if (!e.format || !e.kind) return undefined;
    if (e.analysed && e.analysedAt === this.analysisGen && e.analysed.version === e.version && e.analysed.text === e.text) return e.analysed;
    const ws = this.ws;
    const fmt = ws.format(e.format)!;
    const lines = e.earlierLines ? LineIndex.after(e.earlierLines, e.text) : new LineIndex(e.text);
    e.earlierLines = undefined;
    const large = e.text.length > ws.settings.maxFileSizeKb * 1024;
    let parsed: ParsedYaml;
    if (e.analysed && e.analysed.text === e.text) parsed = e.analysed.parsed;
    else {
      const parse = (): ParsedYaml => ws.contain(() => (fmt.parse ? fmt.parse(e.text, e.kind!, ws) : this.yaml.parse(e.text)), { root: null, doc: null, problems: [] } as ParsedYaml);
      parsed = e.open ? this.yaml.asOwner(e.path, e.text, parse) : parse();
    }
    const facts = large
      ? { defs: [], refs: [], problems: [] }
      : ws.contain(() => fmt.analyze({ path: e.path, text: e.text, kind: e.kind!, parsed, lines, memo: e.open ? this.nodeMemo : undefined }, ws), {
          defs: [],
          refs: [],
          problems: [{ path: e.path, span: { start: 0, end: 0 }, severity: "error" as const, code: `${fmt.codePrefix}/internal`, message: "Infraflow could not analyse this file (internal error)." }],
        });
    e.analysed = { path: e.path, text: e.text, version: e.version, format: e.format, kind: e.kind, lines, parsed, facts, large };
    e.analysedAt = this.analysisGen;
    return e.analysed;
  }
}
