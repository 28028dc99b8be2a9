// Deis files are found by name: `Procfile` anywhere, and `.env` only when a `Procfile` is beside it, because
// `.env` is a name many tools use (FORMATS.md, "What Infraflow does": detection never claims unrelated files).
import * as path from "node:path";
import type { WorkspaceView } from "../types";

export function candidate(file: string): boolean {
  const base = path.basename(file);
  return base === "Procfile" || base === ".env";
}

export function detect(file: string, _text: string, ws: WorkspaceView): "procfile" | "env" | undefined {
  const base = path.basename(file);
  if (base === "Procfile") return "procfile";
  if (base === ".env" && ws.exists(path.join(path.dirname(file), "Procfile"))) return "env";
  return undefined;
}
