// The formats Infraflow serves. Shared by the client (document selectors), the server and the CLI.

export const FORMAT_IDS = ["polycrate", "atmos", "env0", "fabrikate", "deis"] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

export function isFormatId(value: unknown): value is FormatId {
  return typeof value === "string" && (FORMAT_IDS as readonly string[]).includes(value);
}

/** The modeline that forces a format for one file: `# infraflow: atmos` on the first line. */
export const MODELINE = /^#\s*infraflow:\s*([a-z0-9-]+)\s*$/;

/** Reads the modeline of a document, if any. `off` (or `none`) means: never serve this file. */
export function readModeline(text: string): FormatId | "off" | undefined {
  const end = text.indexOf("\n");
  const first = (end === -1 ? text : text.slice(0, end)).replace(/\r$/, "").replace(/^\uFEFF/, "");
  const m = MODELINE.exec(first.trim());
  if (!m) return undefined;
  if (m[1] === "off" || m[1] === "none") return "off";
  return isFormatId(m[1]) ? m[1] : undefined;
}

/**
 * The files whose changes on disk the server is told of, whatever their content: every file a format may serve, and
 * those an Atmos manifest may read by path (`!include` of JSON or YAML). The client watches them by this glob.
 */
const WATCHED_EXTENSIONS = ["poly", "yaml", "yml", "json"];
const WATCHED_NAMES = ["Procfile", ".env"];
export const WATCHED_FILES_GLOB = `**/{${[...WATCHED_EXTENSIONS.map((e) => `*.${e}`), ...WATCHED_NAMES].join(",")}}`;

/** Whether a path is one WATCHED_FILES_GLOB matches (by its last part, either separator). */
export function isWatchedFile(p: string): boolean {
  const name = p.slice(Math.max(p.lastIndexOf("/"), p.lastIndexOf("\\")) + 1);
  return WATCHED_NAMES.includes(name) || WATCHED_EXTENSIONS.some((e) => name.endsWith(`.${e}`));
}
