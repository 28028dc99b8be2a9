// Completion of common process types in a Procfile and of the keys Deis itself reads in `.env`.
import type { CompletionCandidate, CursorRequest } from "../types";
import type { DeisFileModel } from "./analyze";
import { KEY_NOTES, ROUTED_NOTE } from "./docs";

/** LSP CompletionItemKind values used here. */
const FUNCTION = 3;
const VARIABLE = 6;

const PROCESS_TYPES: Array<[string, string]> = [
  ["web", ROUTED_NOTE.web!],
  ["worker", "A background process: not routed, scaled with `deis scale worker=N`."],
  ["cmd", ROUTED_NOTE.cmd!],
];

const ENV_KEYS: Array<[string, string]> = [
  ["PORT", KEY_NOTES.PORT!],
  ["HEALTHCHECK_URL", KEY_NOTES.HEALTHCHECK_URL!],
  ["HEALTHCHECK_INITIAL_DELAY", "Seconds before the first health check."],
  ["HEALTHCHECK_TIMEOUT", "Seconds before a health check times out."],
  ["HEALTHCHECK_PERIOD_SECONDS", "Seconds between health checks."],
  ["HEALTHCHECK_SUCCESS_THRESHOLD", "Successes in a row for the process to count as healthy."],
  ["HEALTHCHECK_FAILURE_THRESHOLD", "Failures in a row for the process to be restarted."],
];

export function complete(req: CursorRequest): CompletionCandidate[] {
  const model = req.file.facts.model as DeisFileModel | undefined;
  if (!model) return [];
  const lineStart = req.file.text.lastIndexOf("\n", req.offset - 1) + 1;
  const before = req.file.text.slice(lineStart, req.offset);
  if (model.kind === "procfile") {
    if (!/^[a-z0-9-]*$/.test(before)) return [];
    const have = new Set(model.processes.map((p) => p.name));
    return PROCESS_TYPES.filter(([n]) => !have.has(n) || n === before).map(([n, doc]) => ({ label: n, insertText: `${n}: $0`, snippet: true, itemKind: FUNCTION, detail: "process type", doc }));
  }
  if (!/^[A-Za-z0-9_]*$/.test(before)) return [];
  const have = new Set(model.entries.map((e) => e.key));
  return ENV_KEYS.filter(([k]) => !have.has(k)).map(([k, doc]) => ({ label: k, insertText: `${k}=`, itemKind: VARIABLE, detail: "read by Deis", doc }));
}
