// The symbol tables: definitions and references of every file, by format, kind, scope and name, answered in file
// order. The file being edited has a table of its own, so that typing there rebuilds only that part.
import type { IndexedFile, SymbolDef, SymbolRef } from "../formats/types";

/**
 * Items of some files by format, kind, scope and name, in nested maps: the parts are strings that already exist
 * (their hashes are cached), where one joined key per item meant a new string to build and hash every time (at 50k
 * lines, most of the symbol tables' cost). A kind is indexed when first asked for: checking references asks for
 * a few kinds (blocks, components), while the most numerous items (steps) are asked for only by navigation, so
 * a keystroke in a 50k-line file does not index them again.
 */
export class Nested<T extends { kind: string; scope: string; name: string }> {
  private readonly byFormat = new Map<string, Map<string, { all: T[]; scopes: Map<string, Map<string, T[]>> }>>();
  constructor(
    private readonly files: readonly IndexedFile[],
    private readonly itemsOf: (f: IndexedFile) => readonly T[],
  ) {}
  private kindOf(format: string, kind: string): { all: T[]; scopes: Map<string, Map<string, T[]>> } {
    let kinds = this.byFormat.get(format);
    if (!kinds) this.byFormat.set(format, (kinds = new Map()));
    let k = kinds.get(kind);
    if (k) return k;
    k = { all: [], scopes: new Map() };
    kinds.set(kind, k);
    for (const f of this.files) {
      if (f.format !== format) continue;
      for (const item of this.itemsOf(f)) {
        if (item.kind !== kind) continue;
        k.all.push(item);
        let names = k.scopes.get(item.scope);
        if (!names) k.scopes.set(item.scope, (names = new Map()));
        push(names, item.name, item);
      }
    }
    return k;
  }
  get(format: string, kind: string, scope: string, name: string): T[] | undefined {
    return this.kindOf(format, kind).scopes.get(scope)?.get(name);
  }
  all(format: string, kind: string): T[] {
    return this.kindOf(format, kind).all;
  }
}

/** Definitions and references of some files, in file order, each kind indexed on first use. */
export class SymbolTable {
  readonly defs: Nested<SymbolDef>;
  /** References: only references, rename and graph edits ask, never diagnostics. */
  readonly refs: Nested<SymbolRef>;
  constructor(files: IndexedFile[]) {
    this.defs = new Nested(files, (f) => f.facts.defs);
    this.refs = new Nested(files, (f) => f.facts.refs);
  }
}

/**
 * The workspace's symbols: a table of every other file plus one of the file being edited, answered in file order
 * as one table built from all files would.
 */
export class SymbolView {
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

/** The symbol tables of a list of files, kept per generation, with the document edited last apart. */
export class Symbols {
  /** The document edited last: typing there rebuilds only its own part of the symbol tables. */
  hot?: string;
  private tables?: { gen: number; view: SymbolView };
  /** The symbol table of every file but the one being edited, kept while those files stay the same. */
  private baseTable?: { files: IndexedFile[]; table: SymbolTable };

  /** The tables of `allFiles()`, which is asked only when `generation` moved since the last call. */
  view(generation: number, allFiles: () => IndexedFile[]): SymbolView {
    if (this.tables?.gen === generation) return this.tables.view;
    const files = allFiles();
    const hotIndex = this.hot === undefined ? -1 : files.findIndex((f) => f.path === this.hot);
    const others = hotIndex === -1 ? files : files.filter((_, i) => i !== hotIndex);
    let base = this.baseTable;
    if (!base || base.files.length !== others.length || base.files.some((f, i) => f !== others[i])) {
      base = this.baseTable = { files: others, table: new SymbolTable(others) };
    }
    const view = hotIndex === -1 ? new SymbolView(base.table) : new SymbolView(base.table, new SymbolTable([files[hotIndex]!]), new Map(files.map((f, i) => [f.path, i])), hotIndex);
    this.tables = { gen: generation, view };
    return view;
  }
}

/** Adds `v` to the list of `k`. */
export function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}
