// Deterministic mutations of YAML-ish text for the fuzz harness: the same seed always gives the same inputs.

/** A small, fast, seedable PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Mutation = (text: string, r: () => number) => string;

const int = (r: () => number, n: number): number => Math.floor(r() * n);
const lines = (t: string): string[] => t.split("\n");

export const MUTATIONS: Record<string, Mutation> = {
  byteFlip(t, r) {
    const chars = [...t];
    for (let i = 0, n = 1 + int(r, 8); i < n && chars.length; i++) chars[int(r, chars.length)] = String.fromCharCode(int(r, 0x3000));
    return chars.join("");
  },
  truncate(t, r) {
    return t.slice(0, int(r, t.length + 1));
  },
  indentShift(t, r) {
    const ls = lines(t);
    for (let i = 0, n = 1 + int(r, 4); i < n && ls.length; i++) {
      const k = int(r, ls.length);
      ls[k] = r() < 0.5 ? " ".repeat(1 + int(r, 5)) + ls[k] : ls[k]!.replace(/^ {1,4}/, "");
    }
    return ls.join("\n");
  },
  swapLines(t, r) {
    const ls = lines(t);
    if (ls.length < 2) return t;
    const a = int(r, ls.length);
    const b = int(r, ls.length);
    [ls[a], ls[b]] = [ls[b]!, ls[a]!];
    return ls.join("\n");
  },
  keySwap(t, r) {
    // Replace one key with another key of the same file.
    const keys = [...t.matchAll(/^(\s*-?\s*)([A-Za-z_][\w.-]*):/gm)].map((m) => m[2]!);
    if (keys.length < 2) return t;
    const from = keys[int(r, keys.length)]!;
    const to = keys[int(r, keys.length)]!;
    return t.replace(new RegExp(`(^\\s*-?\\s*)${from.replace(/[.]/g, "\\.")}:`, "m"), `$1${to}:`);
  },
  duplicateBlock(t, r) {
    const ls = lines(t);
    const a = int(r, ls.length);
    const n = 1 + int(r, 6);
    return [...ls.slice(0, a + n), ...ls.slice(a, a + n), ...ls.slice(a + n)].join("\n");
  },
  aliasGames(t, r) {
    // Anchors and aliases, including a billion-laughs style expansion and a self-referencing alias.
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]", "d: &d [*c, *c, *c, *c, *c, *c, *c, *c]", "e: [*d, *d, *d, *d, *d, *d, *d, *d]"];
    const choices = [bomb.join("\n"), "x: &x\n  y: *x", "<<: *nowhere", `k: &a v\nj: *a\n${t}`, t.replace(/: ([A-Za-z][\w-]*)$/m, ": &anc $1\nmore: *anc")];
    const pick = choices[int(r, choices.length)]!;
    return r() < 0.5 ? `${t}\n${pick}` : `${pick}\n${t}`;
  },
  hugeScalar(t, r) {
    const big = "x".repeat(100_000 + int(r, 400_000));
    const ls = lines(t);
    const k = int(r, ls.length);
    ls[k] = `${ls[k]}${r() < 0.5 ? ` ${big}` : ""}\nhuge: "${big}"`;
    return ls.join("\n");
  },
  deepNesting(t, r) {
    const depth = 200 + int(r, 5000);
    const kind = int(r, 3);
    const nest = kind === 0 ? "[".repeat(depth) + "]".repeat(depth) : kind === 1 ? "{a: ".repeat(depth) + "1" + "}".repeat(depth) : Array.from({ length: Math.min(depth, 600) }, (_, i) => `${" ".repeat(i * 2)}k${i}:`).join("\n") + " v";
    return r() < 0.5 ? `${t}\nnested: ${nest}` : nest;
  },
  controlChars(t, r) {
    const bad = ["\u0000", "\uFEFF", "\r", "\t", "\u2028", "\uD800", "\u0007"];
    const chars = [...t];
    for (let i = 0, n = 1 + int(r, 10); i < n; i++) chars.splice(int(r, chars.length + 1), 0, bad[int(r, bad.length)]!);
    return chars.join("");
  },
  tagGames(t, r) {
    const tags = ["!include", "!!binary", "!!map", "!!str", "!terraform.output", "!env", "!!set", "!<tag:yaml.org,2002:int>"];
    return t.replace(/: (\S)/, `: ${tags[int(r, tags.length)]} $1`);
  },
  typeConfusion(t, r) {
    // A scalar value becomes a list, a mapping, null or a number (and back).
    const replacements = ["[a, b]", "{x: 1}", "~", "null", "123", "-1", "true", '""', "[]", "{}", "0x1F", "1e400", ".nan"];
    const ms = [...t.matchAll(/: ([^\n#]+)$/gm)];
    if (!ms.length) return t;
    const m = ms[int(r, ms.length)]!;
    const at = m.index! + 2;
    return t.slice(0, at) + replacements[int(r, replacements.length)] + t.slice(at + m[1]!.length);
  },
  deleteLines(t, r) {
    const ls = lines(t);
    const a = int(r, ls.length);
    ls.splice(a, 1 + int(r, 4));
    return ls.join("\n");
  },
  protoKeys(t, r) {
    const evil = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"];
    let out = t;
    for (let i = 0, n = 1 + int(r, 3); i < n; i++) {
      const e = evil[int(r, evil.length)]!;
      out = r() < 0.5 ? out.replace(/(^\s*-?\s*)(name|block|action|component|from|alias):\s*\S+/m, `$1$2: ${e}`) : out.replace(/^(\s*-?\s*)[A-Za-z_][\w.-]*:/m, `$1${e}:`);
    }
    return out;
  },
  unicodeNames(t, r) {
    const names = ["日本", "ünïcödé", "emoji-😀", "rtl-\u202Eevil", "zero\u200Bwidth", "a".repeat(5000), "x y", "a:b", "-dash", "$(touch pwned)", "`id`", "a;rm -rf", "'\"quote"];
    return t.replace(/(name|block|action|component):\s*\S+/, `$1: ${JSON.stringify(names[int(r, names.length)])}`);
  },
  multiDoc(t) {
    return `${t}\n---\n${t}\n...\n---\n`;
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

export function mutate(text: string, r: () => number): { name: string; text: string } {
  const name = MUTATION_NAMES[int(r, MUTATION_NAMES.length)]!;
  let out = MUTATIONS[name]!(text, r);
  // Sometimes stack a second mutation.
  if (r() < 0.3) out = MUTATIONS[MUTATION_NAMES[int(r, MUTATION_NAMES.length)]!]!(out, r);
  return { name, text: out };
}
