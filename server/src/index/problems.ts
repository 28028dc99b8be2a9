// The problems of a file: its own (syntax, shape, per-file facts), its references that resolve nowhere (with a
// did-you-mean fix), and the workspace rules' (whole-workspace rules once per change, per-file rules file by file).
import type { FormatId } from "../../../common/formats";
import type { Problem } from "../core/problem";
import { ShapeMemo, validateShape } from "../core/shape";
import { closest as closestName } from "../core/suggest";
import type { FormatModule, IndexedFile, SymbolDef, SymbolRef, WorkspaceView } from "../formats/types";
import { push } from "./symbols";

/**
 * What problems need of the index: the view rules are given (their memos are keyed by it), the formats, how a
 * reference resolves, the change count that says when a result is stale, and the index's way of containing a
 * format's exception.
 */
export interface ProblemContext extends WorkspaceView {
  readonly formats: readonly FormatModule[];
  format(id: FormatId): FormatModule | undefined;
  /** The definitions a reference points at. */
  resolveRef(format: FormatId, ref: SymbolRef): SymbolDef[];
  /** Bumped on every change: problems computed for an older value are stale. */
  readonly changeCount: number;
  /** Runs format code defensively: an exception is contained, and the caller gets the fallback. */
  contain<T>(fn: () => T, fallback: T): T;
}

export class Problems {
  /** Shape checks kept per node of the index's parse trees, so a keystroke re-checks only what it changed. */
  private readonly shapeMemo = new ShapeMemo();
  private ruleCache?: { gen: number; byPath: Map<string, Problem[]> };
  /** Problems per analysis object: all of them for one generation, and the file's own ones for its lifetime. */
  private readonly problemCache = new WeakMap<IndexedFile, { gen: number; problems: Problem[] }>();
  private readonly ownCache = new WeakMap<IndexedFile, Problem[]>();
  /** Whether each reference resolved, with what its resolution read (see resolves). */
  private readonly resolved = new WeakMap<SymbolRef, { deps: readonly unknown[]; resolves: boolean }>();

  constructor(private readonly ws: ProblemContext) {}

  /** Every problem of one file: syntax, shape, per-file facts, unresolved references and workspace rules. */
  of(p: string): Problem[] {
    const f = this.ws.file(p);
    if (!f) return [];
    // The same analysis in the same generation has the same problems: answer again without recomputing.
    const cached = this.problemCache.get(f);
    if (cached && cached.gen === this.ws.changeCount) return cached.problems;
    const fmt = this.ws.format(f.format)!;
    const out: Problem[] = [...this.ownProblems(f, fmt)];
    if (!f.large) {
      for (const r of f.facts.refs) {
        if (!r.unresolved) continue;
        if (this.resolves(fmt, r)) continue;
        out.push({ path: p, span: r.span, severity: r.unresolved.severity ?? "error", code: r.unresolved.code, message: r.unresolved.message, fixes: this.didYouMean(f.format, r) });
      }
      out.push(...(this.ruleProblems().get(p) ?? []));
      for (const rule of fmt.rules ?? []) if (rule.checkFile) out.push(...this.ws.contain(() => rule.checkFile!(this.ws, p), [] as Problem[]));
    }
    this.problemCache.set(f, { gen: this.ws.changeCount, problems: out });
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
        message: `This file is larger than ${this.ws.settings.maxFileSizeKb} KB (infraflow.maxFileSizeKb): only syntax is checked.`,
      });
    } else {
      const shape = fmt.shape(f.kind);
      if (shape && f.parsed.doc && f.parsed.doc.errors.length === 0) out.push(...this.ws.contain(() => validateShape(f.parsed.root, shape, { prefix: fmt.codePrefix, path: p, memo: this.shapeMemo }), []));
      out.push(...f.facts.problems);
    }
    this.ownCache.set(f, out);
    return out;
  }

  /**
   * Whether a reference resolves, checked again only when something its resolution reads changed (resolveDeps): an
   * edit re-checks the references in the text it changed and those whose inputs it changed, not every reference of
   * the workspace. The references of an unchanged file (or of an entry an edit kept) are the same objects.
   */
  private resolves(fmt: FormatModule, r: SymbolRef): boolean {
    const deps = fmt.resolveDeps?.(r, this.ws);
    if (deps) {
      const hit = this.resolved.get(r);
      if (hit && hit.deps.length === deps.length && hit.deps.every((d, i) => d === deps[i])) return hit.resolves;
    }
    const resolves = this.ws.resolveRef(fmt.id, r).length > 0;
    if (deps) this.resolved.set(r, { deps, resolves });
    return resolves;
  }

  private didYouMean(format: FormatId, r: SymbolRef): Problem["fixes"] {
    const names = new Set(this.ws.defs(format, r.kind, r.scope).map((d) => d.name));
    const guess = closestName(r.name, names);
    if (!guess) return undefined;
    return [{ title: `Change to '${guess}'`, preferred: true, changes: [{ path: r.path, span: r.span, newText: guess }] }];
  }

  /** The problems of the rules that can only be checked whole (the others are asked file by file), once per change. */
  private ruleProblems(): Map<string, Problem[]> {
    if (this.ruleCache?.gen === this.ws.changeCount) return this.ruleCache.byPath;
    const byPath = new Map<string, Problem[]>();
    for (const fmt of this.ws.formats) {
      for (const rule of fmt.rules ?? []) {
        if (rule.checkFile) continue;
        for (const pr of this.ws.contain(() => rule.check(this.ws), [] as Problem[])) push(byPath, pr.path, pr);
      }
    }
    this.ruleCache = { gen: this.ws.changeCount, byPath };
    return byPath;
  }
}
