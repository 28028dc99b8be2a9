// Settings shared by the extension, the server and the CLI. Each key is declared in package.json too.
import type { FormatId } from "./formats";

export interface InfraflowSettings {
  /** Glob (relative to the workspace folder, or absolute) → format, or "off" to never serve matching files. */
  fileAssociations: Record<string, FormatId | "off">;
  /** Files larger than this get syntax-only diagnostics. */
  maxFileSizeKb: number;
  /** Upper bound on the number of files the workspace scan reads per folder. */
  maxIndexedFiles: number;
}

export const DEFAULT_SETTINGS: InfraflowSettings = {
  fileAssociations: {},
  maxFileSizeKb: 2048,
  maxIndexedFiles: 5000,
};

/** Merges a partial, untrusted settings object (from the client or a settings.json) over the defaults. */
export function normalizeSettings(raw: unknown): InfraflowSettings {
  const out: InfraflowSettings = { ...DEFAULT_SETTINGS, fileAssociations: {} };
  if (!raw || typeof raw !== "object") return out;
  const r = raw as Record<string, unknown>;
  if (r.fileAssociations && typeof r.fileAssociations === "object") {
    for (const [k, v] of Object.entries(r.fileAssociations as Record<string, unknown>)) {
      if (typeof v === "string") out.fileAssociations[k] = v as FormatId | "off";
    }
  }
  if (typeof r.maxFileSizeKb === "number" && r.maxFileSizeKb > 0) out.maxFileSizeKb = r.maxFileSizeKb;
  if (typeof r.maxIndexedFiles === "number" && r.maxIndexedFiles > 0) out.maxIndexedFiles = r.maxIndexedFiles;
  return out;
}
