// Atmos YAML functions in stack manifests. `!include` of a local file is replaced by the file's content before
// anything merges, as Atmos's YAML reader does (pkg/utils/yaml_include_by_extension.go and yaml_utils.go): JSON
// and YAML are parsed, `.tf`/`.tfvars`/`.hcl` are read as HCL attributes, anything else (and `!include.raw`) is
// the text. An optional yq expression picks a part. The rest (`!env`, `!exec`, `!store`, `!terraform.output`,
// `!terraform.state`, `!template`, remote includes, yq expressions we cannot evaluate) only Atmos knows, at run
// time: they stay as their expression, marked as such.
import * as path from "node:path";
import YAML from "yaml";

/** The outcome of a tagged value: the value Atmos would put there, or the expression it resolves at run time. */
export type FunctionValue = { kind: "value"; value: unknown } | { kind: "runtime"; expression: string };

export interface IncludeHost {
  readText(p: string): string | undefined;
  /** The folder `!include` paths fall back to (atmos.yaml `base_path`). */
  basePath: string;
}

const REMOTE = /^(https?|s3|gcs|git|github\.com|git::|s3::|gcs::)[:/]/i;

/** Evaluates `!include` / `!include.raw` of a local file; every other tag is a run-time value. */
export function evalTag(tag: string, arg: string, manifest: string, host: IncludeHost): FunctionValue {
  const expression = `${tag} ${arg}`.trim();
  if (tag !== "!include" && tag !== "!include.raw") return { kind: "runtime", expression };
  const [file, ...rest] = splitArgs(arg);
  if (!file || REMOTE.test(file)) return { kind: "runtime", expression };
  const abs = findLocal(file, manifest, host);
  const text = abs ? host.readText(abs) : undefined;
  if (!abs || text === undefined) return { kind: "runtime", expression };
  let value: unknown;
  if (tag === "!include.raw") value = text;
  else {
    const ext = path.extname(abs).toLowerCase();
    try {
      if (ext === ".json") value = JSON.parse(text);
      else if (ext === ".yaml" || ext === ".yml") value = YAML.parse(text);
      else if (ext === ".tf" || ext === ".tfvars" || ext === ".hcl") value = parseHclAttributes(text);
      else value = text;
    } catch {
      return { kind: "runtime", expression };
    }
    if (value === undefined) return { kind: "runtime", expression };
  }
  const query = rest.join(" ").trim();
  if (!query) return { kind: "value", value };
  const picked = yqPath(value, query);
  return picked.ok ? { kind: "value", value: picked.value } : { kind: "runtime", expression };
}

function splitArgs(arg: string): string[] {
  return arg.trim().split(/\s+/).filter(Boolean);
}

// Atmos's findLocalFile: an absolute path, else relative to the manifest, else relative to base_path.
function findLocal(file: string, manifest: string, host: IncludeHost): string | undefined {
  if (path.isAbsolute(file)) return host.readText(file) !== undefined ? file : undefined;
  for (const c of [path.resolve(path.dirname(manifest), file), path.resolve(host.basePath, file)]) if (host.readText(c) !== undefined) return c;
  return undefined;
}

/** A yq path of keys and indexes (`.a.b`, `.list[0]`, `."k"`); anything richer is not evaluated here. */
export function yqPath(v: unknown, q: string): { ok: true; value: unknown } | { ok: false } {
  if (q === ".") return { ok: true, value: v };
  const re = /\.(?:"([^"]+)"|([A-Za-z_][\w-]*))|\[(\d+)\]/y;
  let cur = v;
  let i = 0;
  while (i < q.length) {
    re.lastIndex = i;
    const m = re.exec(q);
    if (!m) return { ok: false };
    i = re.lastIndex;
    if (m[3] !== undefined) cur = Array.isArray(cur) ? cur[Number(m[3])] : undefined;
    else cur = cur && typeof cur === "object" && !Array.isArray(cur) ? (cur as Record<string, unknown>)[m[1] ?? m[2]!] : undefined;
  }
  return { ok: true, value: cur === undefined ? null : cur };
}

/**
 * The top-level attributes of an HCL file (`name = value`) whose values are literals: strings, numbers, bools,
 * null, lists and objects. Blocks and expressions make the whole file unreadable here (an exception).
 */
export function parseHclAttributes(text: string): Record<string, unknown> {
  const src = text.replace(/(^|[^:"])(#|\/\/)[^\n]*/g, "$1").replace(/\/\*[\s\S]*?\*\//g, "");
  let i = 0;
  const ws = (nl = true) => {
    while (i < src.length && (nl ? /[\s,]/ : /[ \t\r,]/).test(src[i]!)) i++;
  };
  const ident = (): string => {
    const m = /^[A-Za-z_][\w-]*/.exec(src.slice(i));
    if (!m) throw new Error(`HCL: name expected at ${i}`);
    i += m[0].length;
    return m[0];
  };
  const value = (): unknown => {
    ws();
    const c = src[i];
    if (c === '"') {
      const m = /^"((?:[^"\\]|\\.)*)"/.exec(src.slice(i));
      if (!m || m[1]!.includes("${")) throw new Error("HCL: string");
      i += m[0].length;
      return JSON.parse(`"${m[1]}"`) as string;
    }
    if (c === "[") {
      i++;
      const out: unknown[] = [];
      for (ws(); src[i] !== "]"; ws()) {
        if (i >= src.length) throw new Error("HCL: list");
        out.push(value());
      }
      i++;
      return out;
    }
    if (c === "{") {
      i++;
      const out: Record<string, unknown> = {};
      for (ws(); src[i] !== "}"; ws()) {
        if (i >= src.length) throw new Error("HCL: object");
        const k = src[i] === '"' ? (value() as string) : ident();
        ws(false);
        if (src[i] !== "=" && src[i] !== ":") throw new Error("HCL: = expected");
        i++;
        out[k] = value();
      }
      i++;
      return out;
    }
    const m = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)(?![\w.])/.exec(src.slice(i));
    if (!m) throw new Error(`HCL: literal expected at ${i}`);
    i += m[0].length;
    return m[0] === "true" ? true : m[0] === "false" ? false : m[0] === "null" ? null : Number(m[0]);
  };
  const out: Record<string, unknown> = {};
  for (ws(); i < src.length; ws()) {
    const k = ident();
    ws(false);
    if (src[i] !== "=") throw new Error("HCL: only attributes are read");
    i++;
    out[k] = value();
  }
  return out;
}
