// Go templates in stack manifests, rendered where Atmos would render them and the inputs are static: field paths
// of the component's context (`{{ .vars.stage }}`, `{{ .settings.context.x }}`, `{{ .atmos_component }}`) and
// string literals. Anything else (functions, pipelines, conditionals) is left as written for Atmos to render.
// An action; a raw string inside it may itself hold `{{ }}`.
const ACTION = /\{\{(-?)\s*(`[^`]*`|.*?)\s*(-?)\}\}/gs;
const PATH = /^(\.[A-Za-z_][A-Za-z0-9_-]*)+$/;
const LITERAL = /^"((?:[^"\\]|\\.)*)"$/;
// A Go raw string: how a manifest writes a template that Atmos must leave for a later pass.
const RAW = /^`([^`]*)`$/;

/** The text with every action rendered, or undefined when one of them cannot be rendered here. */
export function renderTemplate(text: string, ctx: Record<string, unknown>): string | undefined {
  if (!text.includes("{{")) return text;
  let ok = true;
  let out = text.replace(ACTION, (_m, _l: string, expr: string) => {
    const v = evaluate(expr, ctx);
    if (v === undefined) ok = false;
    return v ?? "";
  });
  if (!ok) return undefined;
  // Trim markers: `{{-` eats the whitespace before the action, `-}}` the whitespace after it.
  if (/\{\{-|-\}\}/.test(text)) {
    out = text
      .replace(/\s*\{\{-/g, "{{")
      .replace(/-\}\}\s*/g, "}}")
      .replace(ACTION, (_m, _l: string, expr: string) => evaluate(expr, ctx) ?? "");
  }
  return out;
}

function evaluate(expr: string, ctx: Record<string, unknown>): string | undefined {
  const raw = RAW.exec(expr);
  if (raw) return raw[1];
  const lit = LITERAL.exec(expr);
  if (lit) return JSON.parse(`"${lit[1]}"`) as string;
  if (!PATH.test(expr)) return undefined;
  let cur: unknown = ctx;
  for (const k of expr.slice(1).split(".")) {
    if (!cur || typeof cur !== "object" || Array.isArray(cur) || !(k in (cur as object))) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return typeof cur === "string" || typeof cur === "number" || typeof cur === "boolean" ? String(cur) : undefined;
}

/** Renders every string of a plain value (maps and lists walked), keeping what cannot be rendered. */
export function renderDeep(v: unknown, ctx: Record<string, unknown>): unknown {
  if (typeof v === "string") return renderTemplate(v, ctx) ?? v;
  if (Array.isArray(v)) return v.map((x) => renderDeep(x, ctx));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, renderDeep(x, ctx)]));
  return v;
}
