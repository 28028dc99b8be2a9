// The workspace index: every file we serve, open or on disk, detected, parsed and analysed lazily, plus the
// symbol tables and workspace rules derived from them. Everything here can be thrown away and rebuilt. This is
// the facade the server, the CLI and the formats (as WorkspaceView) see; each job is a module of its own: the disk
// scan (scanner.ts), the files and their analysis (files.ts), the symbol tables (symbols.ts), problems
// (problems.ts).
import * as path from "node:path";
import { isWatchedFile, type FormatId } from "../../../common/formats";
import { DEFAULT_SETTINGS, type InfraflowSettings } from "../../../common/settings";
import type { Problem } from "../core/problem";
import type { ParsedYaml } from "../core/yaml";
import type { FormatModule, IndexedFile, SymbolDef, SymbolRef, WorkspaceView } from "../formats/types";
import type { FileSystemHost } from "./host";
import { FileStore } from "./files";
import { Problems } from "./problems";
import { Symbols, type SymbolView } from "./symbols";
import { Scanner, skippedBelow, type ScanProgress, type ScanRequest } from "./scanner";

export { WALK_LIMIT } from "./scanner";

export class WorkspaceIndex implements WorkspaceView {
  settings: InfraflowSettings = DEFAULT_SETTINGS;
  roots: string[] = [];
  /** The files served: detected, parsed and analysed, with the generations that say when to analyse again. */
  private readonly store = new FileStore(this);
  /** The symbol tables, with the part of the document edited last apart. */
  private readonly symbols = new Symbols();
  private readonly byFormat = new Map<FormatId, FormatModule>();
  /** Problems of each file, kept per generation and per analysis. */
  private readonly fileProblems = new Problems(this);
  /**
   * Gets every exception that format code threw and the index contained, going on with a fallback (no result for
   * that file or rule) so that one format's bug never takes the server or the CLI down. By default it goes to
   * console.error: the server's log (vscode-languageserver routes the console there) or the CLI's stderr. Tests
   * set it to rethrow (test/support/ws.ts), so that a format bug fails them whatever environment they run in.
   */
  onContainedError: (err: unknown) => void = logContained();
  /**
   * Scan the disk in the background, in slices (the server), instead of at once inside setRoots (the CLI, tests).
   * Queries answer from what was read so far; `ready()` says when the scan is done.
   */
  background = false;
  /** How long a slice of the background scan may run before it gives the event loop back. */
  get scanSliceMs(): number {
    return this.scanner.sliceMs;
  }
  set scanSliceMs(ms: number) {
    this.scanner.sliceMs = ms;
  }
  /** Told how the background scan advances, and when it is done. */
  get onScanProgress(): ((p: ScanProgress) => void) | undefined {
    return this.scanner.onProgress;
  }
  set onScanProgress(fn: ((p: ScanProgress) => void) | undefined) {
    this.scanner.onProgress = fn;
  }
  /** The disk scan: the folders' files within bounds, at once or in slices. */
  private readonly scanner: Scanner;

  constructor(
    readonly host: FileSystemHost,
    readonly formats: readonly FormatModule[],
  ) {
    for (const f of formats) this.byFormat.set(f.id, f);
    this.scanner = new Scanner(host, (err) => this.onContainedError(err));
  }

  format(id: FormatId): FormatModule | undefined {
    return this.byFormat.get(id);
  }

  parseYaml(text: string): ParsedYaml {
    return this.store.parseYaml(text);
  }

  /** Runs format code defensively: an exception goes to onContainedError, and the caller gets the fallback. */
  contain<T>(fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (err) {
      this.onContainedError(err);
      return fallback;
    }
  }

  // ---- Lifecycle ----

  setSettings(settings: InfraflowSettings): void {
    // The settings a client sends back after `initialize` are usually those it started with: no second scan.
    if (JSON.stringify(settings) === JSON.stringify(this.settings)) return;
    this.settings = settings;
    this.redetectAll();
  }

  /** Sets the workspace folders and scans them. */
  setRoots(roots: string[]): void {
    this.roots = roots.map((r) => path.resolve(r));
    this.store.dropClosed();
    this.rescan();
  }

  /** Scans every root: at once, or in the background when `background` is set. */
  private rescan(): void {
    const req: ScanRequest = { roots: this.roots, maxFiles: this.settings.maxIndexedFiles, consider: (p) => this.store.consider(p) };
    if (this.background) {
      this.store.bump(true);
      this.scanner.start(req, () => this.store.bump(true));
      return;
    }
    this.scanner.scanNow(req);
    this.store.bump(true);
  }

  /** A document was opened or changed in the editor. Returns the file's format, or null. */
  openOrChange(p: string, text: string, version: number): FormatId | null {
    const { format, wasConfig } = this.store.open(p, text, version);
    this.symbols.hot = p;
    if (wasConfig) this.redetectAll();
    return format;
  }

  /** How often open documents were re-parsed incrementally and how often whole (the benchmark reports it). */
  parseStats(): { incremental: number; whole: number } {
    return this.store.parseStats();
  }

  /** A document was closed: fall back to the disk content, if it is one of ours there. */
  close(p: string): void {
    this.store.close(p);
  }

  /**
   * A path created, changed or deleted on disk (watcher). Open documents keep their editor text. Returns whether the
   * index may have changed: the events of paths no format reads (the folder watcher reports every path) are ignored.
   */
  diskChanged(p: string, kind: "created" | "changed" | "deleted"): boolean {
    if (kind === "created" && this.folderCreated(p)) return true;
    // A file the index holds or a format may serve, or one a manifest may read by path.
    if (!isWatchedFile(p) && !this.store.has(p) && !this.store.candidate(p)) {
      // Or a folder removed with files of the index below it: they go with it. (Looked for only outside the
      // folders a scan skips: removing a build folder reports many paths.)
      const root = this.store.rootOf(p);
      if (kind !== "deleted" || root === undefined || skippedBelow(root, p) || !this.store.hasBelow(p)) return false;
    }
    if (this.store.diskChanged(p, kind)) this.redetectAll();
    return true;
  }

  /**
   * A folder made on disk: its files are offered as a scan would (skipped folders and bounds included). VS Code's
   * watcher on Linux does not report files written into a folder just after it is made (a checkout, a copy), so the
   * files' own events may never come. A path that is no folder walks nothing, and returns false.
   */
  private folderCreated(dir: string): boolean {
    const root = this.store.rootOf(dir);
    if (root === undefined || skippedBelow(root, dir)) return false;
    let added = 0;
    let config = false;
    // The files the folder's scan may still keep, counted once a file is found (a created file walks nothing).
    let budget: number | undefined;
    this.scanner.walk(dir, Number.MAX_SAFE_INTEGER, (f) => {
      if (this.store.has(f)) return false;
      budget ??= Math.max(0, this.settings.maxIndexedFiles - this.store.count().files);
      if (added >= budget || !this.store.consider(f)) return false;
      added++;
      config ||= this.store.isConfig(f);
      return true;
    });
    if (!added) return false;
    this.store.bump(true);
    if (config) this.redetectAll();
    return true;
  }

  /** Re-runs detection on every file, after a config file or the settings changed. */
  private redetectAll(): void {
    this.store.redetectOpen();
    this.rescan();
  }

  /** Resolves once no scan is under way (a scan that starts meanwhile is waited for too). */
  ready(): Promise<void> {
    return this.scanner.ready();
  }

  /** A background scan is under way: the index does not hold every file yet. */
  get isScanning(): boolean {
    return this.scanner.isScanning;
  }

  // ---- Queries (WorkspaceView) ----

  files(format?: FormatId): IndexedFile[] {
    return this.store.files(format);
  }

  file(p: string): IndexedFile | undefined {
    return this.store.file(p);
  }

  /** Format and kind of a path without analysing it. */
  detected(p: string): { format: FormatId; kind: string } | undefined {
    return this.store.detected(p);
  }

  paths(): string[] {
    return this.store.paths();
  }

  readText(p: string): string | undefined {
    return this.store.readText(p);
  }

  exists(p: string): boolean {
    return this.store.exists(p);
  }

  listFiles(dir: string): string[] {
    const out: string[] = [];
    this.scanner.walk(dir, this.settings.maxIndexedFiles, (p) => (out.push(p), true));
    return out;
  }

  defs(format: FormatId, kind: string, scope?: string, name?: string): SymbolDef[] {
    const t = this.symbolTables();
    if (scope !== undefined && name !== undefined) return t.defs(format, kind, scope, name);
    const all = t.byKind(format, kind);
    return all.filter((d) => (scope === undefined || d.scope === scope) && (name === undefined || d.name === name));
  }

  /** All references in the workspace to a definition. */
  refsTo(format: FormatId, def: SymbolDef): SymbolRef[] {
    const t = this.symbolTables();
    const direct = t.refs(format, def.kind, def.scope, def.name);
    const fmt = this.byFormat.get(format);
    if (!fmt?.resolve) return direct;
    // Formats with their own resolution: ask for each reference of the same kind.
    const out = new Set(direct);
    for (const f of this.files(format)) {
      for (const r of f.facts.refs) {
        if (r.kind !== def.kind || out.has(r)) continue;
        const targets = fmt.resolve(r, this);
        if (targets?.some((d) => sameDef(d, def))) out.add(r);
      }
    }
    return [...out];
  }

  /** The definitions a reference points at. */
  resolveRef(format: FormatId, ref: SymbolRef): SymbolDef[] {
    const fmt = this.byFormat.get(format);
    const custom = fmt?.resolve?.(ref, this);
    if (custom) return custom;
    return this.symbolTables().defs(format, ref.kind, ref.scope, ref.name);
  }

  private symbolTables(): SymbolView {
    return this.symbols.view(this.store.generation, () => this.files());
  }

  /** Every problem of one file: syntax, shape, per-file facts, unresolved references and workspace rules. */
  problems(p: string): Problem[] {
    return this.fileProblems.of(p);
  }

  /** Bumped on every change: work computed for an older value is stale. */
  get changeCount(): number {
    return this.store.generation;
  }

  /** Bumped when files come, go or change format, or configuration changes (see WorkspaceView.structureCount). */
  get structureCount(): number | undefined {
    return this.scanner.isScanning ? undefined : this.store.analysisGeneration;
  }

  stats(): { files: number; byFormat: Partial<Record<FormatId, number>>; limited?: "files" | "walk" } {
    const { files, byFormat } = this.store.count();
    const limited = this.scanner.limited;
    return limited ? { files, byFormat, limited } : { files, byFormat };
  }
}

export function sameDef(a: SymbolDef, b: SymbolDef): boolean {
  return a.path === b.path && a.nameSpan.start === b.nameSpan.start && a.kind === b.kind && a.name === b.name;
}

/** How a contained error's line starts, which the tests of the built server and CLI look for. */
export const CONTAINED_ERROR = "infraflow: internal error contained";

/**
 * Writes a contained error, each distinct message once (a bug in a parser would otherwise be written on every
 * keystroke), up to a bound.
 */
export function logContained(write: (line: string) => void = (l) => console.error(l)): (err: unknown) => void {
  const seen = new Set<string>();
  return (err) => {
    const key = String((err as Error)?.message ?? err);
    if (seen.has(key) || seen.size >= 100) return;
    seen.add(key);
    write(`${CONTAINED_ERROR} (please report it): ${String((err as Error)?.stack ?? err)}`);
  };
}
