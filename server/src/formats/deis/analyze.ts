// Per-file facts for Procfiles and `.env` files: one symbol per process type or config key, and the problems the
// builder, the client (`config:push`) or the controller would reject (FORMATS.md, section 5).
import * as path from "node:path";
import type { Fix, Problem } from "../../core/problem";
import { spanOf } from "../yaml-read";
import { SymbolKinds, type AnalyzeInput, type FileFacts, type SymbolDef } from "../types";
import { configDoc, MASK, processDetail, processDoc } from "./docs";
import { readEnv, type EnvFileModel } from "./env";
import { PROCESS_TYPE, readProcfile, type ProcfileModel } from "./procfile";
import { urlparse, type PyParseResult } from "./urlparse";

export type DeisFileModel = ProcfileModel | EnvFileModel;

/** The controller's key pattern (deis/controller `api/serializers.py`), case-insensitive. */
export const CONFIG_KEY = /^[a-z_]+[a-z0-9_]*$/i;

export function analyze(input: AnalyzeInput): FileFacts {
  return input.kind === "env" ? analyzeEnv(input) : analyzeProcfile(input);
}

function analyzeProcfile(input: AnalyzeInput): FileFacts {
  const model = readProcfile(input.path, input.parsed.root);
  const file = input.path;
  const problems: Problem[] = [];
  const defs: SymbolDef[] = [];
  if (model.notMapping) {
    const span = spanOf(model.notMapping) ?? { start: 0, end: input.text.length };
    problems.push({
      path: file,
      span,
      severity: "error",
      code: "deis/not-a-mapping",
      message: "A Procfile is a YAML mapping of process type to command, one 'type: command' per line (for example 'web: npm start'). Deis cannot read this file.",
      fixes: colonFix(input.text, span, file),
    });
  }
  // The name span of the last process of each name; its line is looked up only for a duplicate's message.
  const seen = new Map<string, { start: number; end: number }>();
  for (const p of model.processes) {
    if (!PROCESS_TYPE.test(p.name)) {
      const better = p.name.toLowerCase().replace(/[_\s.]+/g, "-").replace(/^-+|-+$/g, "");
      problems.push({
        path: file,
        span: p.nameSpan,
        severity: "error",
        code: "deis/invalid-process-type",
        message: `Invalid process type '${p.name}': use lowercase letters, digits and single hyphens (pattern ^[a-z0-9]+(-[a-z0-9]+)*$).`,
        fixes: PROCESS_TYPE.test(better) ? [{ title: `Change to '${better}'`, preferred: true, changes: [{ path: file, span: p.nameSpan, newText: better }] }] : undefined,
      });
    }
    if (p.notString) {
      problems.push({ path: file, span: p.nameSpan, severity: "error", code: "deis/invalid-command", message: `The command of '${p.name}' must be a single line of text, not a list or a mapping.` });
    } else if (!p.command) {
      problems.push({ path: file, span: p.nameSpan, severity: "error", code: "deis/empty-command", message: `Process type '${p.name}' has no command.` });
    }
    const prev = seen.get(p.name);
    if (prev) {
      problems.push({
        path: file,
        span: p.nameSpan,
        severity: "warning",
        code: "deis/duplicate-process-type",
        message: `Process type '${p.name}' is already defined on line ${input.lines.position(prev.start).line + 1}. Deis keeps only this last command.`,
        related: [{ path: file, span: prev, message: `Earlier '${p.name}', which is ignored.` }],
      });
    }
    seen.set(p.name, p.nameSpan);
    defs.push({
      kind: "process",
      name: p.name,
      scope: model.dir,
      path: file,
      nameSpan: p.nameSpan,
      fullSpan: p.span,
      symbolKind: SymbolKinds.Function,
      detail: processDetail(p),
      doc: processDoc(p),
    });
  }
  return { defs, refs: [], problems, model };
}

/** `web npm start` lines: insert the missing colon after the process type. */
function colonFix(text: string, span: { start: number; end: number }, file: string): Fix[] | undefined {
  const changes: Fix["changes"] = [];
  const re = /^([ \t]*)([A-Za-z0-9][A-Za-z0-9_-]*)([ \t]+)(?=\S)/gm;
  const chunk = text.slice(span.start, span.end);
  for (const m of chunk.matchAll(re)) {
    const at = span.start + m.index! + m[1]!.length + m[2]!.length;
    changes.push({ path: file, span: { start: at, end: at + m[3]!.length }, newText: ": " });
  }
  return changes.length ? [{ title: "Add ':' after the process type", preferred: true, changes }] : undefined;
}

function analyzeEnv(input: AnalyzeInput): FileFacts {
  const file = input.path;
  const { entries, invalid } = readEnv(input.text);
  const model: EnvFileModel = { kind: "env", path: file, dir: path.dirname(file), entries, invalid };
  const problems: Problem[] = [];
  const defs: SymbolDef[] = [];
  const err = (span: { start: number; end: number }, code: string, message: string, fixes?: Fix[]): void => {
    problems.push({ path: file, span, severity: "error", code: `deis/${code}`, message, fixes });
  };
  for (const bad of invalid) {
    const lead = /^\s*/.exec(bad.text)![0].length;
    switch (bad.reason) {
      case "export": {
        const m = /^\s*export\s+/.exec(bad.text)!;
        err({ start: bad.lineSpan.start, end: bad.lineSpan.start + m[0].trimEnd().length }, "invalid-line", "'deis config:push' does not understand 'export': write KEY=value.", [
          { title: "Remove 'export'", preferred: true, changes: [{ path: file, span: { start: bad.lineSpan.start, end: bad.lineSpan.start + m[0].length }, newText: "" }] },
        ]);
        break;
      }
      case "blank-with-spaces":
        err(bad.lineSpan, "invalid-line", "A line with only spaces is not KEY=value: 'deis config:push' rejects it. Leave the line empty.", [
          { title: "Remove the spaces", preferred: true, changes: [{ path: file, span: bad.lineSpan, newText: "" }] },
        ]);
        break;
      case "indented-comment":
        err(bad.lineSpan, "invalid-line", "A comment must start with '#' at the beginning of the line: 'deis config:push' rejects an indented one.", [
          { title: "Remove the indentation", preferred: true, changes: [{ path: file, span: { start: bad.lineSpan.start, end: bad.lineSpan.start + lead }, newText: "" }] },
        ]);
        break;
      default:
        err(bad.lineSpan, "invalid-line", `'${bad.text.trim().slice(0, 60)}' is not KEY=value: 'deis config:push' rejects the file.`);
    }
  }
  const first = new Map<string, number>();
  for (const e of entries) {
    if (!CONFIG_KEY.test(e.key)) {
      const trimmed = e.key.trim();
      const why = e.key === "" ? "The key is empty." : trimmed !== e.key ? "Remove the spaces around the key." : "Use letters, digits and '_', not starting with a digit.";
      const fixes: Fix[] | undefined =
        trimmed !== e.key && CONFIG_KEY.test(trimmed) ? [{ title: `Change to '${trimmed}'`, preferred: true, changes: [{ path: file, span: e.keySpan, newText: trimmed }] }] : undefined;
      err(e.key === "" ? e.lineSpan : e.keySpan, "invalid-config-key", `Invalid config key '${e.key}'. ${why}`, fixes);
    }
    checkValue(e, file, err, problems);
    const prev = first.get(e.key);
    if (prev !== undefined) {
      problems.push({
        path: file,
        span: e.keySpan,
        severity: "warning",
        code: "deis/duplicate-config-key",
        message: `'${e.key}' is already set on line ${prev + 1}. The last value wins.`,
        related: [{ path: file, span: entries.find((o) => o.key === e.key)!.keySpan, message: `Earlier '${e.key}', which is replaced.` }],
      });
    } else first.set(e.key, e.line);
    if (e.key !== "") {
      defs.push({
        kind: "config",
        name: e.key,
        scope: model.dir,
        path: file,
        nameSpan: e.keySpan,
        fullSpan: e.lineSpan,
        symbolKind: SymbolKinds.Variable,
        detail: e.secret ? MASK : e.value.length > 40 ? e.value.slice(0, 40) + "…" : e.value,
        doc: configDoc(e),
      });
    }
  }
  return { defs, refs: [], problems, model };
}

function checkValue(e: EnvFileModel["entries"][number], file: string, err: (span: { start: number; end: number }, code: string, message: string, fixes?: Fix[]) => void, problems: Problem[]): void {
  // deis/controller rootfs/api/serializers.py, ConfigSerializer.validate_values compares the keys exactly: `PORT`,
  // `HEALTHCHECK_URL` and keys starting with `HEALTHCHECK_` are checked; `healthcheck_url` is an ordinary key.
  const key = e.key;
  const v = e.value;
  const at = v === "" ? e.keySpan : e.valueSpan;
  if (key === "PORT") {
    const n = /^\d+$/.test(v) ? Number(v) : NaN;
    if (!(n >= 1 && n <= 65535)) err(at, "invalid-port", `PORT must be a whole number from 1 to 65535${v === "" ? "" : `, not '${v}'`}.`);
  } else if (key === "HEALTHCHECK_URL") {
    checkHealthcheckUrl(e, file, err);
  } else if (key.startsWith("HEALTHCHECK_")) {
    if (!/^\d+$/.test(v.trim())) err(at, "invalid-healthcheck-value", `${e.key} must be a number${v === "" ? "" : `, not '${e.secret ? MASK : v}'`}.`);
  }
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) {
    problems.push({
      path: file,
      span: e.valueSpan,
      severity: "information",
      code: "deis/quoted-value",
      message: "The quotes are part of the value: 'deis config:push' sends everything after '=' as it is.",
      fixes: [{ title: "Remove the quotes", changes: [{ path: file, span: e.valueSpan, newText: v.slice(1, -1) }] }],
    });
  }
}

/**
 * deis/controller rootfs/api/serializers.py, ConfigSerializer.validate_values, for `HEALTHCHECK_URL`: the value
 * goes through Python's `urlparse` (see urlparse.ts); it is refused when the path is empty, then when there is a
 * query, a fragment or a netloc (host). Nothing else is looked at: a scheme alone (`http:/healthz`), `;params`
 * and a path without a leading '/' (`healthz`) all pass. The messages are the controller's.
 */
function checkHealthcheckUrl(e: EnvFileModel["entries"][number], file: string, err: (span: { start: number; end: number }, code: string, message: string, fixes?: Fix[]) => void): void {
  const at = e.value === "" ? e.keySpan : e.valueSpan;
  let u: PyParseResult;
  try {
    u = urlparse(e.value);
  } catch {
    // Python raises ValueError before the checks run: the controller answers with a server error, and the push fails.
    err(at, "invalid-healthcheck-url", `${e.key} has a '[' without ']' (or the other way round) in its host: the controller's URL parser fails on it ("Invalid IPv6 URL") and the config is refused.`);
    return;
  }
  if (!u.path) {
    err(at, "invalid-healthcheck-url", `${e.key} is missing a URI path (such as /healthz). Without it no health check can be done.`);
    return;
  }
  if (u.query || u.fragment || u.netloc) {
    const path = u.path + (u.params ? `;${u.params}` : "");
    const fixes: Fix[] | undefined = acceptedHealthcheckUrl(path) ? [{ title: `Change to '${path}'`, preferred: true, changes: [{ path: file, span: e.valueSpan, newText: path }] }] : undefined;
    err(at, "invalid-healthcheck-url", `${e.key} can only be a URI path (such as /healthz) that does not contain other things such as query params.`, fixes);
  }
}

function acceptedHealthcheckUrl(value: string): boolean {
  try {
    const u = urlparse(value);
    return !!u.path && !u.query && !u.fragment && !u.netloc;
  } catch {
    return false;
  }
}
