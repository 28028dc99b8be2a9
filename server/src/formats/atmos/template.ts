// Go templates in stack manifests, rendered where Atmos would render them and the inputs are static: field paths
// of the component's context (`{{ .vars.stage }}`, `{{ .atmos_component }}`), literals, pipelines and the Sprig and
// Gomplate functions whose result depends only on their arguments (`upper`, `default`, `strings.Title`, …).
// Functions that read the outside world when Atmos runs (`env`, `exec`, `datasource`, `atmos.Component`, …) make the
// whole string "resolved by Atmos at run time": it stays as written, never a guessed value. So do control
// structures (`if`, `range`) and anything else this evaluator does not know.

/** What rendering a string gave. */
export type TemplateResult =
  | { kind: "text"; text: string }
  /** The template calls a function whose value Atmos only knows when it runs (the name is given). */
  | { kind: "runtime"; fn: string }
  /** Valid Go template syntax this evaluator does not render (control structures, unknown functions, missing keys). */
  | { kind: "unsupported" }
  /** Not a valid Go template: Atmos fails to parse it. `offset` is where in the text. */
  | { kind: "error"; message: string; offset: number }
  /**
   * With `missingKey: "error"`, an action reads a key its data does not have: text/template stops with
   * `executing ... at <.field>: map has no entry for key "key"`. `offset`/`end` delimit the action (`{{ … }}`).
   */
  | { kind: "missing"; field: string; key: string; offset: number; end: number };

/** The text with every action rendered, or undefined when one of them cannot be rendered here. */
export function renderTemplate(text: string, ctx: Record<string, unknown>): string | undefined {
  const r = evalTemplate(text, ctx);
  return r.kind === "text" ? r.text : undefined;
}

/** Renders every string of a plain value (maps and lists walked), keeping what cannot be rendered. */
export function renderDeep(v: unknown, ctx: Record<string, unknown>): unknown {
  if (typeof v === "string") return renderTemplate(v, ctx) ?? v;
  if (Array.isArray(v)) return v.map((x) => renderDeep(x, ctx));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, renderDeep(x, ctx)]));
  return v;
}

/** The syntax error Go's text/template parser reports for this text, if any. */
export function templateSyntaxError(text: string): { message: string; offset: number } | undefined {
  if (!text.includes("{{")) return undefined;
  const s = split(text);
  if ("error" in s) return s.error;
  for (const a of s.parts) {
    if (typeof a === "string" || a.comment) continue;
    const p = parseAction(a.body, a.offset);
    if (p.kind === "error") return { message: p.message, offset: p.offset };
  }
  return undefined;
}

export interface TemplateOptions {
  /**
   * text/template's `missingkey`: `error` (Atmos's default for imports) fails on a key the data does not have
   * (the result is `missing`); `default` (`ignore_missing_template_values`) renders it as `<no value>`. Unset, a
   * missing key leaves the template as written.
   */
  missingKey?: "error" | "default";
  /**
   * Render what can be rendered and keep every other action as written (for a whole manifest rendered with an
   * import's context: its run-time parts are then rendered by Atmos later, when it renders the component).
   */
  partial?: boolean;
}

/** Renders a template; see TemplateResult. */
export function evalTemplate(text: string, ctx: Record<string, unknown>, options: TemplateOptions = {}): TemplateResult {
  if (!text.includes("{{")) return { kind: "text", text };
  const s = split(text);
  if ("error" in s) return { kind: "error", ...s.error };
  let out = "";
  let unsupported = false;
  let runtime: string | undefined;
  for (const a of s.parts) {
    if (typeof a === "string") {
      out += a;
      continue;
    }
    if (a.comment) continue;
    const p = parseAction(a.body, a.offset);
    if (p.kind === "error") return { kind: "error", message: p.message, offset: p.offset };
    const v = p.kind === "control" ? UNSUPPORTED : evalPipeline(p.pipeline, ctx, options.missingKey);
    if (v instanceof Missing) return { kind: "missing", field: v.field, key: v.key, offset: a.at, end: a.at + a.raw.length };
    const f = v instanceof Fail ? undefined : goFormat(v);
    if (f !== undefined) {
      out += f;
      continue;
    }
    if (options.partial) out += a.raw;
    else if (v instanceof Fail && v.runtime) runtime ??= v.runtime;
    else unsupported = true;
  }
  if (runtime) return { kind: "runtime", fn: runtime };
  if (unsupported) return { kind: "unsupported" };
  return { kind: "text", text: out };
}

// ---- Splitting text into literal text and actions (text/template's lexer: trim markers, comments, quotes). ----

interface Action {
  body: string;
  /** The action as written, delimiters included. */
  raw: string;
  /** Offset of the body in the template text. */
  offset: number;
  /** Offset of the action's `{{` in the template text. */
  at: number;
  comment: boolean;
}

function split(text: string): { parts: Array<string | Action> } | { error: { message: string; offset: number } } {
  const parts: Array<string | Action> = [];
  let i = 0;
  let pendingTrim = false;
  while (i < text.length) {
    const open = text.indexOf("{{", i);
    let lit = open < 0 ? text.slice(i) : text.slice(i, open);
    if (pendingTrim) lit = lit.replace(/^\s+/, "");
    if (open < 0) {
      parts.push(lit);
      break;
    }
    let start = open + 2;
    // `{{- ` trims the whitespace before the action (the dash must be followed by a space).
    if (text[start] === "-" && /\s/.test(text[start + 1] ?? "")) {
      lit = lit.replace(/\s+$/, "");
      start += 1;
    }
    parts.push(lit);
    const end = findClose(text, start);
    if (end < 0) return { error: { message: "unclosed action: '{{' without a matching '}}'", offset: open } };
    let bodyEnd = end;
    pendingTrim = false;
    // ` -}}` trims the whitespace after the action.
    if (text[end - 1] === "-" && /\s/.test(text[end - 2] ?? "")) {
      bodyEnd = end - 1;
      pendingTrim = true;
    }
    const body = text.slice(start, bodyEnd);
    const trimmed = body.trim();
    if (trimmed.startsWith("/*")) {
      if (!trimmed.endsWith("*/")) return { error: { message: "unclosed comment", offset: start } };
      parts.push({ body, raw: text.slice(open, end + 2), offset: start, at: open, comment: true });
    } else parts.push({ body, raw: text.slice(open, end + 2), offset: start, at: open, comment: false });
    i = end + 2;
  }
  return { parts };
}

/** The index of the `}}` that closes an action starting at `i`, skipping quoted strings; -1 if none. */
function findClose(text: string, i: number): number {
  // A comment runs to `*/` whatever it holds.
  const lead = /^\s*\/\*/.exec(text.slice(i, i + 64));
  if (lead) {
    const end = text.indexOf("*/", i + lead[0].length);
    return end < 0 ? -1 : text.indexOf("}}", end + 2);
  }
  let quote: string | undefined;
  for (let j = i; j < text.length; j++) {
    const c = text[j]!;
    if (quote) {
      if (c === "\\" && quote !== "`") j++;
      else if (c === quote) quote = undefined;
      else if (c === "\n" && quote !== "`") return -1;
      continue;
    }
    if (c === '"' || c === "`" || c === "'") quote = c;
    else if (c === "}" && text[j + 1] === "}") return j;
  }
  return -1;
}

// ---- Parsing one action. ----

type Node =
  | { t: "lit"; v: unknown }
  | { t: "field"; base?: Node; path: string[] }
  | { t: "ident"; name: string }
  | { t: "pipe"; p: Pipeline };
type Command = Node[];
type Pipeline = Command[];

type Parsed = { kind: "pipeline"; pipeline: Pipeline } | { kind: "control" } | { kind: "error"; message: string; offset: number };

const KEYWORDS = new Set(["if", "else", "end", "range", "with", "define", "template", "block", "break", "continue"]);

interface Tok {
  k: "str" | "num" | "ident" | "field" | "dot" | "var" | "pipe" | "(" | ")" | "assign" | "," | "char";
  v: string;
  at: number;
}

function lex(body: string, base: number): Tok[] | { message: string; offset: number } {
  const out: Tok[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    const at = base + i;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < body.length && body[j] !== '"') j += body[j] === "\\" ? 2 : 1;
      if (j >= body.length) return { message: "unterminated quoted string", offset: at };
      out.push({ k: "str", v: body.slice(i, j + 1), at });
      i = j + 1;
    } else if (c === "`") {
      const j = body.indexOf("`", i + 1);
      if (j < 0) return { message: "unterminated raw quoted string", offset: at };
      out.push({ k: "str", v: body.slice(i, j + 1), at });
      i = j + 1;
    } else if (c === "'") {
      const j = body.indexOf("'", i + 1);
      if (j < 0) return { message: "unterminated character constant", offset: at };
      out.push({ k: "char", v: body.slice(i, j + 1), at });
      i = j + 1;
    } else if (c === "|") {
      out.push({ k: "pipe", v: c, at });
      i++;
    } else if (c === "(" || c === ")" || c === ",") {
      out.push({ k: c, v: c, at });
      i++;
    } else if (c === ":" && body[i + 1] === "=") {
      out.push({ k: "assign", v: ":=", at });
      i += 2;
    } else if (c === "=") {
      out.push({ k: "assign", v: "=", at });
      i++;
    } else if (c === "." || c === "$") {
      const m = /^[.$][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*/.exec(body.slice(i))!;
      const s = m[0];
      if (c === "$") out.push({ k: "var", v: s, at });
      else if (s === ".") out.push({ k: "dot", v: s, at });
      else if (/^\.[0-9]/.test(s)) {
        const n = /^\.[0-9]+(?:[eE][+-]?[0-9]+)?/.exec(body.slice(i))![0];
        out.push({ k: "num", v: n, at });
        i += n.length;
        continue;
      } else out.push({ k: "field", v: s, at });
      i += s.length;
    } else if (/[0-9+-]/.test(c)) {
      const m = /^[+-]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+)/.exec(body.slice(i));
      if (!m) return { message: `unexpected "${c}" in command`, offset: at };
      out.push({ k: "num", v: m[0], at });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(body.slice(i))!;
      out.push({ k: "ident", v: m[0], at });
      i += m[0].length;
    } else {
      return { message: `unexpected "${c}" in command`, offset: at };
    }
  }
  return out;
}

function parseAction(body: string, offset: number): Parsed {
  const toks = lex(body, offset);
  if (!Array.isArray(toks)) return { kind: "error", ...toks };
  if (!toks.length) return { kind: "error", message: "missing value for command", offset };
  const first = toks[0]!;
  if (first.k === "ident" && KEYWORDS.has(first.v)) return { kind: "control" };
  if (toks.some((t) => t.k === "assign" || t.k === "var" || t.k === ",")) {
    // Variables are valid Go but outside this evaluator; still check the parentheses balance.
    let depth = 0;
    for (const t of toks) {
      if (t.k === "(") depth++;
      if (t.k === ")" && --depth < 0) return { kind: "error", message: "unexpected right paren", offset: t.at };
    }
    if (depth > 0) return { kind: "error", message: "unclosed left paren", offset };
    return { kind: "control" };
  }
  let pos = 0;
  let nesting = 0;
  const err = (message: string, at: number): Parsed => ({ kind: "error", message, offset: at });
  const parsePipeline = (closing: boolean): Pipeline | Parsed => {
    const cmds: Pipeline = [];
    let cmd: Command = [];
    while (pos < toks.length) {
      const t = toks[pos]!;
      if (t.k === ")") {
        if (!closing) return err("unexpected right paren", t.at);
        break;
      }
      if (t.k === "pipe") {
        if (!cmd.length) return err("missing command before '|'", t.at);
        cmds.push(cmd);
        cmd = [];
        pos++;
        continue;
      }
      const n = parseOperand();
      if ("kind" in n) return n;
      cmd.push(n);
    }
    if (!cmd.length) return err(cmds.length ? "missing command after '|'" : "missing value for command", toks[Math.min(pos, toks.length - 1)]!.at);
    cmds.push(cmd);
    return cmds;
  };
  const parseOperand = (): Node | Parsed => {
    const t = toks[pos++]!;
    let n: Node;
    switch (t.k) {
      case "str":
        n = { t: "lit", v: t.v.startsWith("`") ? t.v.slice(1, -1) : unquote(t.v) };
        if ((n as { v: unknown }).v === undefined) return err(`invalid syntax in string ${t.v}`, t.at);
        break;
      case "char":
        return { kind: "control" };
      case "num": {
        const v = Number(t.v.replace(/_/g, ""));
        if (Number.isNaN(v)) return err(`bad number syntax: "${t.v}"`, t.at);
        n = { t: "lit", v };
        break;
      }
      case "dot":
        n = { t: "field", path: [] };
        break;
      case "field":
        n = { t: "field", path: t.v.slice(1).split(".") };
        break;
      case "ident":
        if (t.v === "true" || t.v === "false") n = { t: "lit", v: t.v === "true" };
        else if (t.v === "nil") n = { t: "lit", v: null };
        else if (KEYWORDS.has(t.v)) return err(`unexpected <${t.v}> in command`, t.at);
        else n = { t: "ident", name: t.v };
        break;
      case "(": {
        // Hostile nesting: valid Go, but past this depth it is left for Atmos (no deep recursion here).
        if (++nesting > 100) return { kind: "control" };
        const p = parsePipeline(true);
        nesting--;
        if (!Array.isArray(p)) return p;
        if (toks[pos]?.k !== ")") return err("unclosed left paren", t.at);
        pos++;
        n = { t: "pipe", p };
        // A field chained on a parenthesised value: `(…).x.y`.
        const next = toks[pos];
        if (next?.k === "field" && next.at === toks[pos - 1]!.at + 1) {
          pos++;
          n = { t: "field", base: n, path: next.v.slice(1).split(".") };
        }
        break;
      }
      default:
        return err(`unexpected "${t.v}" in operand`, t.at);
    }
    return n;
  };
  const p = parsePipeline(false);
  if (!Array.isArray(p)) return p;
  if (pos < toks.length) return err(`unexpected "${toks[pos]!.v}" in command`, toks[pos]!.at);
  return { kind: "pipeline", pipeline: p };
}

function unquote(s: string): string | undefined {
  try {
    // Go's interpreted strings and JSON share the common escapes; \x, \a, \v and octal are Go's own.
    const fixed = s.replace(/\\(x[0-9a-fA-F]{2}|a|v|[0-7]{3}|')/g, (_m, e: string) => {
      if (e === "a") return "\\u0007";
      if (e === "v") return "\\u000b";
      if (e === "'") return "'";
      if (e.startsWith("x")) return `\\u00${e.slice(1)}`;
      return `\\u${parseInt(e, 8).toString(16).padStart(4, "0")}`;
    });
    return JSON.parse(fixed) as string;
  } catch {
    return undefined;
  }
}

// ---- Evaluation. ----

class Fail {
  constructor(readonly runtime?: string) {}
}
const UNSUPPORTED = new Fail();

/** A key missing from a map under missingkey=error: the field as written and the key. */
class Missing extends Fail {
  constructor(
    readonly field: string,
    readonly key: string,
  ) {
    super();
  }
}

type MissingKey = TemplateOptions["missingKey"];

function evalPipeline(p: Pipeline, ctx: Record<string, unknown>, missing: MissingKey): unknown {
  let prev: unknown;
  let has = false;
  for (const cmd of p) {
    const v = evalCommand(cmd, ctx, has ? [prev] : [], missing);
    if (v instanceof Fail) return v;
    prev = v;
    has = true;
  }
  return prev;
}

function evalCommand(cmd: Command, ctx: Record<string, unknown>, piped: unknown[], missing: MissingKey): unknown {
  const head = cmd[0]!;
  if (head.t === "ident") {
    const args: unknown[] = [];
    for (const a of cmd.slice(1)) {
      const v = evalNode(a, ctx, missing);
      if (v instanceof Fail) return v;
      args.push(v);
    }
    return call(head.name, [...args, ...piped]);
  }
  // A value (field, literal, parenthesised pipeline) takes no arguments and cannot be piped into.
  if (cmd.length > 1 || piped.length) return UNSUPPORTED;
  return evalNode(head, ctx, missing);
}

function evalNode(n: Node, ctx: Record<string, unknown>, missing: MissingKey): unknown {
  switch (n.t) {
    case "lit":
      return n.v;
    case "ident":
      return call(n.name, []);
    case "pipe":
      return evalPipeline(n.p, ctx, missing);
    case "field": {
      let cur: unknown = n.base ? evalNode(n.base, ctx, missing) : ctx;
      if (cur instanceof Fail) return cur;
      for (const k of n.path) {
        // A missing key of a map: an error (missingkey=error), or (missingkey=default) the zero value, nil.
        if (isMap(cur) && !Object.hasOwn(cur, k) && missing === "default") return null;
        if (isMap(cur) && !Object.hasOwn(cur, k) && missing === "error" && !n.base) return new Missing(`.${n.path.join(".")}`, k);
        if (!isMap(cur) || !Object.hasOwn(cur, k)) return UNSUPPORTED;
        cur = cur[k];
      }
      return cur === undefined ? UNSUPPORTED : cur;
    }
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

// Functions that read the environment, files, the network, the clock, randomness or other components' state: their
// value exists only when Atmos runs.
const RUNTIME = /^(env|expandenv|getenv|exec|datasource|ds|datasourceExists|datasourceReachable|include|defineDatasource|now|date|dateInZone|date_in_zone|unixEpoch|ago|htmlDate|htmlDateInZone|uuidv4|randAlpha|randAlphaNum|randNumeric|randAscii|randBytes|randInt|shuffle|genPrivateKey|genCA|genSelfSignedCert|genSignedCert|derivePassword|getHostByName|tmpl\..*|atmos\..*|env\..*|file\..*|filepath\..*|aws\..*|gcp\..*|vault\..*|sockaddr\..*|net\..*|time\..*|random\..*|uuid\..*|crypto\..*)$/;

function call(name: string, args: unknown[]): unknown {
  if (RUNTIME.test(name)) return new Fail(name);
  // Own names only: `constructor` or `toString` of Object.prototype are no template functions.
  const f = Object.hasOwn(FUNCS, name) ? FUNCS[name] : undefined;
  if (!f) return UNSUPPORTED;
  try {
    const v = f(...args);
    return v === undefined ? UNSUPPORTED : v;
  } catch {
    return UNSUPPORTED;
  }
}

type Fn = (...a: unknown[]) => unknown;

const str = (v: unknown): string => {
  if (typeof v !== "string") throw new Error("not a string");
  return v;
};
const int = (v: unknown): number => {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new Error("not an int");
  return v;
};

/** Sprig's strval / Gomplate's conv.ToString: what fmt.Sprint prints. */
function strval(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "<nil>";
  const f = goFormat(v);
  if (f === undefined) throw new Error("not printable");
  return f;
}

/** Sprig's `empty`: the zero value of its type. */
function empty(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isMap(v)) return Object.keys(v).length === 0;
  return false;
}

function goTitle(s: string): string {
  // strings.Title: a letter after a separator (anything but a letter, digit or underscore) is upper-cased.
  const sep = (r: string): boolean => {
    if (r.charCodeAt(0) < 0x80) return !/[A-Za-z0-9_]/.test(r);
    if (/[\p{L}\p{N}]/u.test(r)) return false;
    return /\s/u.test(r);
  };
  let prev = " ";
  let out = "";
  for (const r of s) {
    out += sep(prev) ? r.toUpperCase() : r;
    prev = r;
  }
  return out;
}

/** strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const r of s) {
    const c = r.codePointAt(0)!;
    if (r === '"' || r === "\\") out += `\\${r}`;
    else if (r === "\n") out += "\\n";
    else if (r === "\t") out += "\\t";
    else if (r === "\r") out += "\\r";
    else if (r === "\x07") out += "\\a";
    else if (r === "\b") out += "\\b";
    else if (r === "\f") out += "\\f";
    else if (r === "\v") out += "\\v";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if (c === 0x20 || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(r)) out += r;
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += `\\U${c.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}

/** encoding/json.Marshal: map keys sorted, HTML characters escaped. */
function goJson(v: unknown): string {
  const canon = (x: unknown): unknown => (Array.isArray(x) ? x.map(canon) : isMap(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, canon(x[k])])) : x);
  return JSON.stringify(canon(v) ?? null)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** fmt.Sprintf with the common verbs (%s %v %d %q %t %%); anything else is not rendered here. */
function goPrintf(format: string, args: unknown[]): string {
  let i = 0;
  const out = format.replace(/%([%svdqt])/g, (_m, verb: string) => {
    if (verb === "%") return "%";
    if (i >= args.length) throw new Error("missing argument");
    const a = args[i++];
    if (verb === "q") return goQuote(str(a));
    if (verb === "d") return String(int(a));
    if (verb === "t") {
      if (typeof a !== "boolean") throw new Error("not a bool");
      return String(a);
    }
    return strval(a);
  });
  if (/%[^%svdqt]/.test(format.replace(/%%/g, "")) || i !== args.length) throw new Error("unsupported format");
  return out;
}

// `repeat` with a hostile count must not allocate without bound: past this size it is left for Atmos to render.
const MAX_REPEAT = 1 << 20;
const repeat = (n: unknown, s: string): string => {
  const count = Math.max(0, int(n));
  if (count * s.length > MAX_REPEAT) throw new Error("too large");
  return s.repeat(count);
};

const stringList = (v: unknown): string[] => {
  if (!Array.isArray(v)) throw new Error("not a list");
  return v.filter((x) => x !== null && x !== undefined).map(strval);
};

const FUNCS: Record<string, Fn> = {
  // Sprig (masterminds/sprig): strings.
  upper: (s) => str(s).toUpperCase(),
  lower: (s) => str(s).toLowerCase(),
  title: (s) => goTitle(str(s)),
  untitle: (s) => str(s).replace(/(^|\s)(\S)/g, (_m, a: string, b: string) => a + b.toLowerCase()),
  trim: (s) => str(s).trim(),
  trimAll: (cut, s) => trimCutset(str(s), str(cut)),
  trimPrefix: (p, s) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s)),
  trimSuffix: (p, s) => (str(p) && str(s).endsWith(str(p)) ? str(s).slice(0, -str(p).length) : str(s)),
  replace: (o, n, s) => str(s).split(str(o)).join(str(n)),
  repeat: (n, s) => repeat(n, str(s)),
  nospace: (s) => str(s).replace(/\s/gu, ""),
  trunc: (n, s) => (int(n) < 0 ? str(s).slice(Math.max(0, str(s).length + int(n))) : str(s).slice(0, int(n))),
  contains: (sub, s) => str(s).includes(str(sub)),
  hasPrefix: (p, s) => str(s).startsWith(str(p)),
  hasSuffix: (p, s) => str(s).endsWith(str(p)),
  quote: (...a) => a.filter((x) => x !== null && x !== undefined).map((x) => goQuote(strval(x))).join(" "),
  squote: (...a) => a.filter((x) => x !== null && x !== undefined).map((x) => `'${strval(x)}'`).join(" "),
  cat: (...a) => a.filter((x) => x !== null && x !== undefined).map(strval).join(" "),
  toString: (v: unknown) => strval(v),
  toJson: (v) => goJson(v),
  join: (sep, v) => stringList(typeof v === "string" ? [v] : v).join(str(sep)),
  splitList: (sep, s) => str(s).split(str(sep)),
  split: (sep, s) => Object.fromEntries(str(s).split(str(sep)).map((x, i) => [`_${i}`, x])),
  // Sprig: defaults and lists.
  default: (d, ...given) => (given.length === 0 || empty(given[0]) ? d : given[0]),
  empty: (v) => empty(v),
  coalesce: (...a) => a.find((x) => !empty(x)) ?? null,
  ternary: (t, f, c) => {
    if (typeof c !== "boolean") throw new Error("not a bool");
    return c ? t : f;
  },
  list: (...a) => a,
  dict: (...a) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < a.length; i += 2) out[strval(a[i])] = i + 1 < a.length ? a[i + 1] : "";
    return out;
  },
  // text/template built-ins.
  printf: (f, ...a) => goPrintf(str(f), a),
  print: (...a) => a.map((x, i) => (i > 0 && typeof x !== "string" && typeof a[i - 1] !== "string" ? " " : "") + strval(x)).join(""),
  len: (v) => (typeof v === "string" ? new TextEncoder().encode(v).length : Array.isArray(v) ? v.length : isMap(v) ? Object.keys(v).length : undefined),
  index: (v, ...keys) => {
    let cur = v;
    for (const k of keys) {
      if (Array.isArray(cur)) cur = cur[int(k)];
      else if (isMap(cur)) cur = str(k) in cur ? cur[str(k)] : null;
      else throw new Error("cannot index");
    }
    return cur;
  },
  not: (v) => empty(v),
  and: (...a) => a.find((x) => empty(x)) ?? a[a.length - 1],
  or: (...a) => a.find((x) => !empty(x)) ?? a[a.length - 1],
  eq: (a, ...b) => {
    if (!b.length) throw new Error("missing argument");
    return b.some((x) => scalarEq(a, x));
  },
  ne: (a, b) => !scalarEq(a, b),
  // Gomplate (hairyhenderson/gomplate) strings namespace: the subject is the last argument.
  "strings.Title": (s) => goTitle(strval(s)),
  "strings.Quote": (s) => goQuote(strval(s)),
  "strings.Squote": (s) => `'${strval(s).replace(/'/g, "''")}'`,
  "strings.ToUpper": (s) => strval(s).toUpperCase(),
  "strings.ToLower": (s) => strval(s).toLowerCase(),
  "strings.TrimSpace": (s) => strval(s).trim(),
  "strings.Trim": (cut, s) => trimCutset(strval(s), str(cut)),
  "strings.TrimPrefix": (p, s) => (strval(s).startsWith(str(p)) ? strval(s).slice(str(p).length) : strval(s)),
  "strings.TrimSuffix": (p, s) => (str(p) && strval(s).endsWith(str(p)) ? strval(s).slice(0, -str(p).length) : strval(s)),
  "strings.ReplaceAll": (o, n, s) => strval(s).split(str(o)).join(str(n)),
  "strings.Contains": (sub, s) => strval(s).includes(str(sub)),
  "strings.HasPrefix": (p, s) => strval(s).startsWith(str(p)),
  "strings.HasSuffix": (p, s) => strval(s).endsWith(str(p)),
  "strings.Split": (sep, s) => strval(s).split(str(sep)),
  "strings.Repeat": (n, s) => repeat(n, strval(s)),
  "strings.Trunc": (n, s) => strval(s).slice(0, Math.max(0, int(n))),
  "conv.ToString": (v) => strval(v),
  "conv.Join": (v, sep) => stringList(v).join(str(sep)),
};

function scalarEq(a: unknown, b: unknown): boolean {
  if ((a !== null && typeof a === "object") || (b !== null && typeof b === "object")) throw new Error("incomparable");
  return a === b;
}

function trimCutset(s: string, cut: string): string {
  const set = new Set([...cut]);
  const chars = [...s];
  let i = 0;
  let j = chars.length;
  while (i < j && set.has(chars[i]!)) i++;
  while (j > i && set.has(chars[j - 1]!)) j--;
  return chars.slice(i, j).join("");
}

/** How text/template prints a value (fmt's %v); undefined for what it would print as Go-specific structures. */
function goFormat(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  // A nil value (a key without a value, or missing under missingkey=default).
  if (v === null) return "<no value>";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") {
    if (Number.isInteger(v) && Math.abs(v) < 1e21) return String(v);
    if (!Number.isFinite(v)) return undefined;
    // %v of a float64 is %g with the shortest representation: Go writes exponents with at least two digits.
    const s = String(v);
    return /e[+-]\d$/.test(s) ? s.replace(/e([+-])(\d)$/, "e$10$2") : s;
  }
  if (Array.isArray(v)) {
    const parts = v.map((x) => (x === null ? "<nil>" : goFormat(x)));
    return parts.every((p) => p !== undefined) ? `[${parts.join(" ")}]` : undefined;
  }
  if (isMap(v)) {
    const parts = Object.keys(v)
      .sort()
      .map((k) => {
        const x = v[k];
        const f = x === null ? "<nil>" : goFormat(x);
        return f === undefined ? undefined : `${k}:${f}`;
      });
    return parts.every((p) => p !== undefined) ? `map[${parts.join(" ")}]` : undefined;
  }
  return undefined;
}
