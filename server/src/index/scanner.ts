// The scan of the workspace folders: which files the index is offered, within bounds, at once or in slices that
// give the event loop back. It knows nothing of formats: whether a file is kept is the caller's `consider`.
import * as path from "node:path";
import type { FileSystemHost } from "./host";

/**
 * Directory entries walked at most per scan, whatever they are: a home folder or a monorepo opened by mistake
 * must not keep the scan busy for minutes when few of its files are ours (infraflow.maxIndexedFiles bounds the
 * files kept, this the files looked at).
 */
export const WALK_LIMIT = 200_000;

/** Folders never scanned: dependencies, build output, VCS metadata, tool caches. */
const SKIP_DIRS = new Set(["node_modules", ".git", ".hg", ".svn", "dist", "out", ".terraform", ".venv", "__pycache__", ".vscode-test", ".cache", "vendor"]);

/** Whether a scan of `root` would skip `p`: a folder on the way from the root is one it never walks. */
export function skippedBelow(root: string, p: string): boolean {
  return path.relative(root, p).split(path.sep).some((part) => SKIP_DIRS.has(part));
}

export interface ScanProgress {
  files: number;
  walked: number;
  done: boolean;
}

/** What a scan reads: the folders, the files kept per folder at most, and who decides whether a file is kept. */
export interface ScanRequest {
  roots: readonly string[];
  /** infraflow.maxIndexedFiles: files kept per folder. */
  maxFiles: number;
  /** Offers a file found by the walk; true when it was kept (it counts against its folder's bound). */
  consider(file: string): boolean;
}

export class Scanner {
  /** How long a slice of the background scan may run before it gives the event loop back. */
  sliceMs = 15;
  /** Told how the background scan advances, and when it is done. */
  onProgress?: (p: ScanProgress) => void;
  private scanId = 0;
  private scanning?: Promise<void>;
  /** Which bound cut the last scan: infraflow.maxIndexedFiles in a folder, or WALK_LIMIT entries walked. */
  limited?: "files" | "walk";

  constructor(
    private readonly host: FileSystemHost,
    /** Gets what a background scan threw: it ends that scan, never the process. */
    private readonly onError: (err: unknown) => void,
  ) {}

  /**
   * Visits the files below a folder once each (a symlink loop ends), skipping dependency and build folders,
   * until `visit` has taken `maxFiles` of them or WALK_LIMIT directory entries were walked.
   */
  walk(root: string, maxFiles: number, visit: (file: string) => boolean, onLimit?: () => void): void {
    const files = this.walkFiles(root, onLimit);
    let budget = maxFiles;
    for (let r = files.next(); !r.done && budget > 0; r = files.next()) if (visit(r.value)) budget--;
  }

  /** The files below a folder, in the order of a depth-first walk; `onLimit` is told when WALK_LIMIT stopped it. */
  private *walkFiles(root: string, onLimit?: () => void): Generator<string, void> {
    const seen = new Set<string>();
    const count = { walked: 0 };
    const host = this.host;
    function* go(dir: string, depth: number): Generator<string, boolean> {
      if (depth > 40) return true;
      const real = host.realpath(dir);
      if (seen.has(real)) return true;
      seen.add(real);
      for (const d of host.readDir(dir)) {
        if (++count.walked > WALK_LIMIT) {
          onLimit?.();
          return false;
        }
        const p = path.join(dir, d.name);
        if (d.isDir) {
          if (!SKIP_DIRS.has(d.name) && !(yield* go(p, depth + 1))) return false;
        } else if (d.isFile) yield p;
      }
      return true;
    }
    yield* go(root, 0);
  }

  /**
   * Offers every root's files (up to `maxFiles` kept per folder), one file per step: the scan at once drains it,
   * the background scan gives the event loop back between slices of steps. Records which bound, if any, cut the
   * scan.
   */
  private *readRoots(req: ScanRequest): Generator<{ files: number; walked: number }, void> {
    this.limited = undefined;
    let files = 0;
    let walked = 0;
    for (const root of req.roots) {
      let budget = req.maxFiles;
      const found = this.walkFiles(root, () => (this.limited = "walk"));
      for (let r = found.next(); !r.done; r = found.next()) {
        if (budget <= 0) {
          this.limited ??= "files";
          break;
        }
        walked++;
        if (req.consider(r.value)) {
          budget--;
          files++;
        }
        yield { files, walked };
      }
    }
  }

  /** Scans at once (the CLI, tests): returns when every root was walked. */
  scanNow(req: ScanRequest): void {
    for (const step = this.readRoots(req); !step.next().done; );
  }

  /**
   * The scan of the disk in slices that give the event loop back between them (a server must answer requests,
   * cancellations and progress while a large repository is read). A newer scan (folders or settings changed)
   * ends an older one. Resolves when this scan is done or superseded; `done` runs only when it is done.
   */
  private async scanInSlices(id: number, req: ScanRequest, done: () => void): Promise<void> {
    let last = { files: 0, walked: 0 };
    let sliceStart = performance.now();
    for (const step of this.readRoots(req)) {
      last = step;
      if (performance.now() - sliceStart < this.sliceMs) continue;
      this.onProgress?.({ ...step, done: false });
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (id !== this.scanId) return;
      sliceStart = performance.now();
    }
    if (id !== this.scanId) return;
    done();
    this.onProgress?.({ ...last, done: true });
  }

  /** Starts a scan of every root in the background (the server's mode), ending any scan under way. */
  start(req: ScanRequest, done: () => void): void {
    const id = ++this.scanId;
    // A small workspace is read in the first slice, before this function returns: the promise is cleared once
    // settled, never by the scan itself (which would run before it is set).
    const scan: Promise<void> = this.scanInSlices(id, req, done)
      .catch((err) => this.onError(err))
      .finally(() => {
        if (this.scanning === scan) this.scanning = undefined;
      });
    this.scanning = scan;
  }

  /** Resolves once no scan is under way (a scan that starts meanwhile is waited for too). */
  async ready(): Promise<void> {
    while (this.scanning) await this.scanning;
  }

  /** A background scan is under way: the caller does not hold every file yet. */
  get isScanning(): boolean {
    return this.scanning !== undefined;
  }
}
