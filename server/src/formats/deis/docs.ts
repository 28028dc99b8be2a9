// Hover and completion text for process types and config entries. Values of secret-looking keys never leave
// the file: they are shown as `••••`.
import type { ConfigEntry } from "./env";
import type { ProcessType } from "./procfile";

export const MASK = "••••";

export const ROUTED_NOTE: Record<string, string> = {
  web: "`web` is the default process of buildpack apps: Deis routes HTTP traffic to it and scales it to 1 on the first deploy.",
  cmd: "`cmd` is the default process of Dockerfile and image apps (the image's `CMD`): Deis routes HTTP traffic to it and scales it to 1 on the first deploy.",
};

export function processDetail(p: ProcessType): string {
  if (p.name === "web") return "routed · buildpack default";
  if (p.name === "cmd") return "routed · Docker default";
  return "process type";
}

function inlineCode(s: string): string {
  const t = s.replace(/\s+/g, " ").trim();
  const fence = t.includes("`") ? "``" : "`";
  return `${fence}${t.length > 200 ? t.slice(0, 200) + "…" : t}${fence}`;
}

// The names `ROUTED_NOTE[name]` can find: its own keys and what every object inherits (`constructor`, …). Each
// process name is a new string, and indexing an object with one costs a string-table lookup per process (a sixth
// of analysing a 10k-line Procfile); a set answers from the hash the name already has. Same notes as before.
const NOTE_KEYS = new Set([...Object.keys(ROUTED_NOTE), ...Object.getOwnPropertyNames(Object.prototype)]);

export function processDoc(p: ProcessType): string {
  // Concatenated rather than joined: the same text, without copying it into a flat string for each process.
  const note = NOTE_KEYS.has(p.name) ? ROUTED_NOTE[p.name] : undefined;
  return (
    `**process type** \`${p.name}\` runs ${p.command ? inlineCode(p.command) : "_(no command)_"}` +
    (note ? `\n\n${note}` : "") +
    `\n\nScale it with \`deis scale ${p.name}=N\` (for example \`deis scale ${p.name}=2\`); \`deis scale ${p.name}=0\` stops it.`
  );
}

export const KEY_NOTES: Record<string, string> = {
  PORT: "The port the `web` or `cmd` process listens on (1–65535). Deis routes traffic to it.",
  HEALTHCHECK_URL: "The path the health check requests, e.g. `/healthz`: a URI path only, with no host, query or fragment. Deprecated in favour of `deis healthchecks:set`.",
};

export function configValueText(e: ConfigEntry): string {
  return e.secret ? MASK : e.value === "" ? "_(empty)_" : inlineCode(e.value);
}

export function configDoc(e: ConfigEntry): string {
  const parts = [`**config** \`${e.key}\` = ${configValueText(e)}`];
  if (e.secret) parts.push("The value looks secret and is not shown.");
  // The controller recognises these keys exactly as written (see checkValue in analyze.ts).
  const note = KEY_NOTES[e.key] ?? (e.key.startsWith("HEALTHCHECK_") ? "A health check setting (a number). Deprecated in favour of `deis healthchecks:set`." : undefined);
  if (note) parts.push(note);
  parts.push("`deis config:push` sends every line of this file; each push creates a new release and redeploys the app.");
  return parts.join("\n\n");
}
