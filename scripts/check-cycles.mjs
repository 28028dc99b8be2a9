#!/usr/bin/env node
// Fails on any import cycle among our TypeScript sources (client, server, common, engine, webview), so that the
// layers stay a tree a reader can follow one way. Run by `npm run lint` after eslint, and by the unit tier
// (test/unit/scripts/check-cycles.test.ts). No eslint plugin for this is installed: the TypeScript compiler API
// (installed) parses each file and resolves its imports with the project's own compiler options.
//
// Every static import and re-export counts, `import type` and `import("…").T` in types too: a type-only cycle
// binds the two modules together for a reader as much as a value one. A dynamic `import()` call does not: it is a
// deliberate late load (the CLI starting the server), not a dependency of the module's top level.
//   node scripts/check-cycles.mjs          prints each cycle as a chain of files and exits 1 when there is one
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SOURCE_DIRS = ["client/src", "server/src", "common", "engine", "webview/src"];

/**
 * Cycles that are known and being removed, each as the set of files it goes through. An entry allows exactly a
 * cycle through those files, no other.
 */
const ALLOWED = [];

function sourceFiles() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
    }
  };
  for (const d of SOURCE_DIRS) if (fs.existsSync(path.join(root, d))) walk(path.join(root, d));
  return out.sort();
}

function compilerOptions() {
  const file = path.join(root, "tsconfig.json");
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, root).options;
}

/** The module specifiers a file imports statically (values and types). */
function specifiers(file) {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) out.push(node.moduleSpecifier.text);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) out.push(node.moduleReference.expression.text);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) out.push(node.argument.literal.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** file → the files of ours it imports (relative to the root, with forward slashes). */
export function importGraph() {
  const options = compilerOptions();
  const files = sourceFiles();
  const ours = new Set(files);
  const rel = (p) => path.relative(root, p).split(path.sep).join("/");
  const graph = new Map();
  for (const f of files) {
    const deps = new Set();
    for (const s of specifiers(f)) {
      const r = ts.resolveModuleName(s, f, options, ts.sys).resolvedModule;
      const target = r && path.resolve(r.resolvedFileName);
      if (target && ours.has(target) && target !== f) deps.add(rel(target));
    }
    graph.set(rel(f), [...deps].sort());
  }
  return graph;
}

/** The strongly connected components with more than one file (Tarjan), each as a sorted list of files. */
function components(graph) {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const strong = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const c = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1) out.push(c.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) strong(v);
  return out;
}

/** One shortest cycle through the first file of a component, to show a reader: a → b → … → a. */
function oneCycle(graph, component) {
  const inside = new Set(component);
  const start = component[0];
  const from = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const chain = [];
        for (let x = v; x !== null; x = from.get(x)) chain.unshift(x);
        return [...chain, start];
      }
      if (!from.has(w)) {
        from.set(w, v);
        queue.push(w);
      }
    }
  }
  return component;
}

/** The cycles that are not allowed, each as a chain of files. */
export function findCycles(graph = importGraph(), allowed = ALLOWED) {
  const ok = new Set(allowed.map((a) => [...a].sort().join("\n")));
  return components(graph)
    .filter((c) => !ok.has(c.join("\n")))
    .map((c) => ({ files: c, chain: oneCycle(graph, c) }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cycles = findCycles();
  for (const c of cycles) {
    console.error(`import cycle among ${c.files.length} files:\n  ${c.chain.join("\n  → ")}`);
    if (c.files.length > c.chain.length - 1) console.error(`  (and ${c.files.length - c.chain.length + 1} more files in the same knot: ${c.files.filter((f) => !c.chain.includes(f)).join(", ")})`);
  }
  if (cycles.length) {
    console.error(`${cycles.length} import cycle(s): break each by moving what both sides need into a module both import.`);
    process.exit(1);
  }
  console.log("no import cycles");
}
