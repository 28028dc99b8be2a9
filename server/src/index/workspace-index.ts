// The workspace index: every file we serve, open or on disk, detected, parsed and analysed lazily, plus the
// symbol tables and workspace rules derived from them. Everything here can be thrown away and rebuilt.
import * as path from "node:path";
import picomatch from "picomatch";
import { readModeline, type FormatId } from "../../../common/formats";
import { DEFAULT_SETTINGS, type InfraflowSettings } from "../../../common/settings";
import type { Problem } from "../core/problem";
import { ShapeMemo, validateShape } from "../core/shape";
import { LineIndex } from "../core/text";
import { OwnedTrees, YamlCache, type ParsedYaml } from "../core/yaml";
import type { FormatModule, IndexedFile, SymbolDef, SymbolRef, WorkspaceView } from "../formats/types";
import type { FileSystemHost } from "./host";
import { Scanner, type ScanProgress, type ScanRequest } from "./scanner";

export { WALK_LIMIT } from "./scanner";

interface Entry {
  path: string;
  text: string;
  version: number;
  open: boolean;
  format: FormatId | null;
  kind: string | null;
  analysed?: IndexedFile;
  analysedAt?: number;
}

/**
 * Items by format, kind, scope and name, in nested maps: the parts are strings that already exist (their hashes
 * are cached), where one joined key per item meant a new string to build and hash every time (at 50k lines, most
 * of the symbol tables' cost).
 */
class Nested<T extends { kind: string; scope: string; name: string }> {
  private readonly byFormat = new Map<string, Map<string, { all: T[]; scopes: Map<string, Map<string, T[]>> }>>();
  add(format: string, item: T): void {
    let kinds = this.byFormat.get(format);
    if (!kinds) this.byFormat.set(format, (kinds = new Map()));
    let k = kinds.get(item.kind);
    if (!k) kinds.set(item.kind, (k = { all: [], scopes: new Map() }));
    k.all.push(item);
    let names = k.scopes.get(item.scope);
    if (!names) k.scopes.set(item.scope, (names = new Map()));
    push(names, item.name, item);
  }
  get(format: string, kind: string, scope: string, name: string): T[] | undefined {
    return this.byFormat.get(format)?.get(kind)?.scopes.get(scope)?.get(name);
  }
  all(format: string, kind: string): T[] | undefined {
    return this.byFormat.get(format)?.get(kind)?.all;
  }
}

/** Definitions and references of some files, in file order. */
class SymbolTable {
  readonly defs = new Nested<SymbolDef>();
  private refMap?: Nested<SymbolRef>;
  constructor(private readonly files: IndexedFile[]) {
    for (const f of files) for (const d of f.facts.defs) this.defs.add(f.format, d);
  }
  /** References, indexed on first use: only references, rename and graph edits ask, never diagnostics. */
  get refs(): Nested<SymbolRef> {
    if (this.refMap) return this.refMap;
    const refs = new Nested<SymbolRef>();
    for (const f of this.files) for (const r of f.facts.refs) refs.add(f.format, r);
    return (this.refMap = refs);
  }
}

/**
 * The workspace's symbols: a table of every other file plus one of the file being edited, answered in file order
 * as one table built from all files would.
 */
class SymbolView {
  private readonly merged = new Map<string, SymbolDef[]>();
  constructor(
    private readonly base: SymbolTable,
    private readonly hot?: SymbolTable,
    private readonly order?: Map<string, number>,
    private readonly hotIndex = -1,
  ) {}
  defs(format: string, kind: string, scope: string, name: string): SymbolDef[] {
    return this.merge(this.base.defs.get(format, kind, scope, name), this.hot?.defs.get(format, kind, scope, name));
  }
  refs(format: string, kind: string, scope: string, name: string): SymbolRef[] {
    return this.merge(this.base.refs.get(format, kind, scope, name), this.hot?.refs.get(format, kind, scope, name));
  }
  byKind(format: string, kind: string): SymbolDef[] {
    const key = `${format}\u0000${kind}`;
    const hit = this.merged.get(key);
    if (hit) return hit;
    const out = this.merge(this.base.defs.all(format, kind), this.hot?.defs.all(format, kind));
    this.merged.set(key, out);
    return out;
  }
  /** The base's items of files before the edited one, the edited one's, then the rest. */
  private merge<T extends { path: string }>(a: T[] | undefined, b: T[] | undefined): T[] {
    if (!b?.length) return a ?? [];
    if (!a?.length) return b;
    let k = 0;
    while (k < a.length && (this.order!.get(a[k]!.path) ?? 0) < this.hotIndex) k++;
    return [...a.slice(0, k), ...b, ...a.slice(k)];
  }
}

export class WorkspaceIndex implements WorkspaceView {
  settings: InfraflowSettings = DEFAULT_SETTINGS;
  roots: string[] = [];
  private entries = new Map<string, Entry>();
  /** Bumped on any change; derived tables are cached per generation. */
  private generation = 0;
  /** Bumped when something that other files' analysis depends on changes (configs, files added or removed). */
  private analysisGeneration = 0;
  /** Open documents' parse trees, re-parsed incrementally as they are edited. */
  private readonly owned = new OwnedTrees();
  /** This index's parses (shared by text, and the open documents' own trees): no other index sees them. */
  private readonly yaml = new YamlCache(this.owned);
  /** Shape checks kept per node of the trees above, so a keystroke re-checks only what it changed. */
  private readonly shapeMemo = new ShapeMemo();
  private tables?: { gen: number; view: SymbolView };
  /** The symbol table of every file but the one being edited, kept while those files stay the same. */
  private baseTable?: { files: IndexedFile[]; table: SymbolTable };
  /** The document edited last: typing there rebuilds only its own part of the symbol tables. */
  private hot?: string;
  private ruleCache?: { gen: number; byPath: Map<string, Problem[]> };
  private byFormat = new Map<FormatId, FormatModule>();
  /** Problems per analysis object: all of them for one generation, and the file's own ones for its lifetime. */
  private problemCache = new WeakMap<IndexedFile, { gen: number; problems: Problem[] }>();
  private ownCache = new WeakMap<IndexedFile, Problem[]>();
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
    return this.yaml.parse(text);
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
    for (const [p, e] of this.entries) if (!e.open) this.entries.delete(p);
    this.rescan();
  }

  /** Scans every root: at once, or in the background when `background` is set. */
  private rescan(): void {
    const req: ScanRequest = { roots: this.roots, maxFiles: this.settings.maxIndexedFiles, consider: (p) => !this.entries.get(p)?.open && this.readFromDisk(p) };
    if (this.background) {
      this.bump(true);
      this.scanner.start(req, () => this.bump(true));
      return;
    }
    this.scanner.scanNow(req);
    this.bump(true);
  }

  /** A document was opened or changed in the editor. Returns the file's format, or null. */
  openOrChange(p: string, text: string, version: number): FormatId | null {
    const existing = this.entries.get(p);
    const wasConfig = this.isConfig(p);
    const e: Entry = { path: p, text, version, open: true, format: null, kind: null };
    // Opening a file read from disk: its parse (no other file's: identical texts share one) becomes the document's.
    const tree = existing && !existing.open ? existing.analysed?.parsed : undefined;
    if (tree?.doc && !this.owned.has(p) && ![...this.entries.values()].some((x) => x !== existing && x.analysed?.parsed === tree)) this.yaml.adopt(p, existing!.analysed!.text, tree);
    // Parses of an open document's text are its own: re-parsed incrementally from keystroke to keystroke.
    this.yaml.asOwner(p, text, () => this.detectInto(e));
    this.entries.set(p, e);
    this.hot = p;
    const structural = !existing || existing.format !== e.format || existing.kind !== e.kind;
    this.bump(structural || wasConfig);
    if (wasConfig) this.redetectAll();
    return e.format;
  }

  /** How often open documents were re-parsed incrementally and how often whole (the benchmark reports it). */
  parseStats(): { incremental: number; whole: number } {
    return { ...this.owned.stats };
  }

  /** A document was closed: fall back to the disk content, if it is one of ours there. */
  close(p: string): void {
    this.entries.delete(p);
    this.owned.release(p);
    this.readFromDisk(p);
    this.bump(true);
  }

  /** A file changed on disk (watcher). Open documents keep their editor text. */
  diskChanged(p: string, kind: "created" | "changed" | "deleted"): void {
    const e = this.entries.get(p);
    if (e?.open) return;
    if (kind === "deleted") {
      this.entries.delete(p);
      // A deleted folder: drop everything below it.
      const prefix = p.endsWith(path.sep) ? p : p + path.sep;
      for (const k of [...this.entries.keys()]) if (k.startsWith(prefix) && !this.entries.get(k)!.open) this.entries.delete(k);
    } else {
      this.entries.delete(p);
      if (this.inRoots(p)) this.readFromDisk(p);
    }
    this.bump(true);
    if (this.isConfig(p)) this.redetectAll();
  }

  private isConfig(p: string): boolean {
    return this.formats.some((f) => f.isConfigFile?.(p));
  }

  private inRoots(p: string): boolean {
    return this.roots.some((r) => p === r || p.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
  }

  private bump(structural: boolean): void {
    this.generation++;
    if (structural) this.analysisGeneration++;
  }

  /** Re-runs detection on every file, after a config file or the settings changed. */
  private redetectAll(): void {
    // Open documents go back first, so that detection reads their editor text (an unsaved atmos.yaml).
    const open = [...this.entries.values()].filter((e) => e.open);
    this.entries.clear();
    for (const e of open) this.entries.set(e.path, { ...e, format: null, kind: null, analysed: undefined });
    for (const e of open) this.yaml.asOwner(e.path, e.text, () => this.detectInto(this.entries.get(e.path)!));
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

  /** Reads and detects a file from disk; keeps it when a format claims it. */
  private readFromDisk(p: string): boolean {
    const forced = this.association(p);
    if (forced === "off") return false;
    if (!forced && !this.formats.some((f) => this.contain(() => f.candidate(p, this), false))) return false;
    const text = this.host.readFile(p);
    if (text === undefined) return false;
    const e: Entry = { path: p, text, version: 0, open: false, format: null, kind: null };
    this.detectInto(e);
    if (!e.format) return false;
    this.entries.set(p, e);
    return true;
  }

  /** The format a setting forces on this path, if any. */
  private association(p: string): FormatId | "off" | undefined {
    for (const [glob, fmt] of Object.entries(this.settings.fileAssociations)) {
      const matchers = [picomatch(glob, { dot: true })];
      const candidates = [p, ...this.roots.filter((r) => p.startsWith(r)).map((r) => path.relative(r, p).split(path.sep).join("/"))];
      if (candidates.some((c) => matchers.some((m) => m(c)) || (!glob.includes("/") && picomatch(glob, { dot: true })(path.basename(c))))) return fmt;
    }
    return undefined;
  }

  private detectInto(e: Entry): void {
    const mode = readModeline(e.text);
    const forced = mode ?? this.association(e.path);
    if (forced === "off") return;
    const order = forced ? this.formats.filter((f) => f.id === forced) : this.formats;
    for (const f of order) {
      const kind = this.contain(() => f.detect(e.path, e.text, this), undefined);
      if (kind) {
        e.format = f.id;
        e.kind = kind;
        return;
      }
    }
    if (forced) {
      // Forced but not recognised: serve it as the format's default kind.
      const f = this.byFormat.get(forced);
      const kind = f ? this.contain(() => f.detect(e.path, "", this), undefined) : undefined;
      e.format = forced;
      e.kind = kind ?? "default";
    }
  }

  // ---- Queries (WorkspaceView) ----

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
    return this.entries.get(p)?.text ?? this.host.readFile(p);
  }

  exists(p: string): boolean {
    return this.entries.has(p) || this.host.exists(p);
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
    if (this.tables?.gen === this.generation) return this.tables.view;
    const files = this.files();
    const hotIndex = this.hot === undefined ? -1 : files.findIndex((f) => f.path === this.hot);
    const others = hotIndex === -1 ? files : files.filter((_, i) => i !== hotIndex);
    let base = this.baseTable;
    if (!base || base.files.length !== others.length || base.files.some((f, i) => f !== others[i])) {
      base = this.baseTable = { files: others, table: new SymbolTable(others) };
    }
    const view = hotIndex === -1 ? new SymbolView(base.table) : new SymbolView(base.table, new SymbolTable([files[hotIndex]!]), new Map(files.map((f, i) => [f.path, i])), hotIndex);
    this.tables = { gen: this.generation, view };
    return view;
  }


  // ---- Analysis ----

  private analyse(e: Entry): IndexedFile | undefined {
    if (!e.format || !e.kind) return undefined;
    if (e.analysed && e.analysedAt === this.analysisGeneration && e.analysed.version === e.version && e.analysed.text === e.text) return e.analysed;
    const fmt = this.byFormat.get(e.format)!;
    const lines = new LineIndex(e.text);
    const large = e.text.length > this.settings.maxFileSizeKb * 1024;
    let parsed: ParsedYaml;
    if (e.analysed && e.analysed.text === e.text) parsed = e.analysed.parsed;
    else {
      const parse = (): ParsedYaml => this.contain(() => (fmt.parse ? fmt.parse(e.text, e.kind!, this) : this.yaml.parse(e.text)), { root: null, doc: null, problems: [] } as ParsedYaml);
      parsed = e.open ? this.yaml.asOwner(e.path, e.text, parse) : parse();
    }
    const facts = large
      ? { defs: [], refs: [], problems: [] }
      : this.contain(() => fmt.analyze({ path: e.path, text: e.text, kind: e.kind!, parsed, lines }, this), {
          defs: [],
          refs: [],
          problems: [{ path: e.path, span: { start: 0, end: 0 }, severity: "error" as const, code: `${fmt.codePrefix}/internal`, message: "Infraflow could not analyse this file (internal error)." }],
        });
    e.analysed = { path: e.path, text: e.text, version: e.version, format: e.format, kind: e.kind, lines, parsed, facts, large };
    e.analysedAt = this.analysisGeneration;
    return e.analysed;
  }

  /** Every problem of one file: syntax, shape, per-file facts, unresolved references and workspace rules. */
  problems(p: string): Problem[] {
    const f = this.file(p);
    if (!f) return [];
    // The same analysis in the same generation has the same problems: answer again without recomputing.
    const cached = this.problemCache.get(f);
    if (cached && cached.gen === this.generation) return cached.problems;
    const fmt = this.byFormat.get(f.format)!;
    const out: Problem[] = [...this.ownProblems(f, fmt)];
    if (!f.large) {
      for (const r of f.facts.refs) {
        if (!r.unresolved) continue;
        if (this.resolveRef(f.format, r).length > 0) continue;
        out.push({ path: p, span: r.span, severity: r.unresolved.severity ?? "error", code: r.unresolved.code, message: r.unresolved.message, fixes: this.didYouMean(f.format, r) });
      }
      out.push(...(this.ruleProblems().get(p) ?? []));
      for (const rule of fmt.rules ?? []) if (rule.checkFile) out.push(...this.contain(() => rule.checkFile!(this, p), [] as Problem[]));
    }
    this.problemCache.set(f, { gen: this.generation, problems: out });
    return out;
  }

  /**
   * Syntax, shape and per-file facts problems: they depend on the file's text and analysis alone, so they are
   * computed once per analysis (the shape walk is the costly part), however often other files change.
   */
  private ownProblems(f: IndexedFile, fmt: FormatModule): Problem[] {
    const hit = this.ownCache.get(f);
    if (hit) return hit;
    const p = f.path;
    const out: Problem[] = f.parsed.problems.map((sp) => ({ path: p, span: sp.span, severity: sp.severity, code: `${fmt.codePrefix}/syntax`, message: sp.message }));
    if (f.large) {
      out.push({
        path: p,
        span: { start: 0, end: 0 },
        severity: "information",
        code: `${fmt.codePrefix}/large-file`,
        message: `This file is larger than ${this.settings.maxFileSizeKb} KB (infraflow.maxFileSizeKb): only syntax is checked.`,
      });
    } else {
      const shape = fmt.shape(f.kind);
      if (shape && f.parsed.doc && f.parsed.doc.errors.length === 0) out.push(...this.contain(() => validateShape(f.parsed.root, shape, { prefix: fmt.codePrefix, path: p, memo: this.shapeMemo }), []));
      out.push(...f.facts.problems);
    }
    this.ownCache.set(f, out);
    return out;
  }

  private didYouMean(format: FormatId, r: SymbolRef): Problem["fixes"] {
    const names = new Set(this.defs(format, r.kind, r.scope).map((d) => d.name));
    const guess = closestName(r.name, names);
    if (!guess) return undefined;
    return [{ title: `Change to '${guess}'`, preferred: true, changes: [{ path: r.path, span: r.span, newText: guess }] }];
  }

  /** The problems of the rules that can only be checked whole (the others are asked file by file), once per change. */
  private ruleProblems(): Map<string, Problem[]> {
    if (this.ruleCache?.gen === this.generation) return this.ruleCache.byPath;
    const byPath = new Map<string, Problem[]>();
    for (const fmt of this.formats) {
      for (const rule of fmt.rules ?? []) {
        if (rule.checkFile) continue;
        for (const pr of this.contain(() => rule.check(this), [] as Problem[])) push(byPath, pr.path, pr);
      }
    }
    this.ruleCache = { gen: this.generation, byPath };
    return byPath;
  }

  /** Bumped on every change: work computed for an older value is stale. */
  get changeCount(): number {
    return this.generation;
  }

  /** Bumped when files come, go or change format, or configuration changes (see WorkspaceView.structureCount). */
  get structureCount(): number | undefined {
    return this.scanner.isScanning ? undefined : this.analysisGeneration;
  }

  stats(): { files: number; byFormat: Partial<Record<FormatId, number>>; limited?: "files" | "walk" } {
    const byFormat: Partial<Record<FormatId, number>> = {};
    let files = 0;
    for (const e of this.entries.values()) {
      if (!e.format) continue;
      files++;
      byFormat[e.format] = (byFormat[e.format] ?? 0) + 1;
    }
    const limited = this.scanner.limited;
    return limited ? { files, byFormat, limited } : { files, byFormat };
  }
}

import { closest as closestName } from "../core/suggest";

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
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
