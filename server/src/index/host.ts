// File-system access for the index, behind a small interface so tests can use an in-memory tree.
import * as fs from "node:fs";
import * as path from "node:path";

export interface DirEntry {
  name: string;
  isDir: boolean;
  isFile: boolean;
}

export interface FileSystemHost {
  readFile(p: string): string | undefined;
  size(p: string): number | undefined;
  exists(p: string): boolean;
  readDir(dir: string): DirEntry[];
  /** The canonical path (symlinks resolved), to stop symlink loops. */
  realpath(p: string): string;
}

export const nodeHost: FileSystemHost = {
  readFile(p) {
    try {
      return fs.readFileSync(p, "utf8");
    } catch {
      return undefined;
    }
  },
  size(p) {
    try {
      return fs.statSync(p).size;
    } catch {
      return undefined;
    }
  },
  exists(p) {
    return fs.existsSync(p);
  },
  readDir(dir) {
    try {
      return fs.readdirSync(dir, { withFileTypes: true }).map((d) => {
        let isDir = d.isDirectory();
        let isFile = d.isFile();
        if (d.isSymbolicLink()) {
          try {
            const st = fs.statSync(path.join(dir, d.name));
            isDir = st.isDirectory();
            isFile = st.isFile();
          } catch {
            // A dangling link is neither.
          }
        }
        return { name: d.name, isDir, isFile };
      });
    } catch {
      return [];
    }
  },
  realpath(p) {
    try {
      return fs.realpathSync(p);
    } catch {
      return p;
    }
  },
};

/** An in-memory tree keyed by absolute POSIX paths, for tests. */
export function memoryHost(files: Record<string, string>): FileSystemHost & { files: Map<string, string> } {
  const map = new Map(Object.entries(files).map(([k, v]) => [path.posix.normalize(k), v]));
  const dirs = (): Set<string> => {
    const set = new Set<string>();
    for (const f of map.keys()) {
      let d = path.posix.dirname(f);
      while (!set.has(d)) {
        set.add(d);
        const up = path.posix.dirname(d);
        if (up === d) break;
        d = up;
      }
    }
    return set;
  };
  return {
    files: map,
    readFile: (p) => map.get(p),
    size: (p) => map.get(p)?.length,
    exists: (p) => map.has(p) || dirs().has(p),
    readDir(dir) {
      const out = new Map<string, DirEntry>();
      const prefix = dir.endsWith("/") ? dir : dir + "/";
      for (const f of map.keys()) {
        if (!f.startsWith(prefix)) continue;
        const rest = f.slice(prefix.length);
        const slash = rest.indexOf("/");
        const name = slash === -1 ? rest : rest.slice(0, slash);
        out.set(name, { name, isDir: slash !== -1, isFile: slash === -1 });
      }
      return [...out.values()];
    },
    realpath: (p) => p,
  };
}
