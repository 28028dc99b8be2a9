// The Procfile: the builder reads it with `yaml.Unmarshal` into map[string]string (deis/builder
// `pkg/gitreceive/build.go`), so it is YAML: quoting and `#` comments apply, and a line without `: ` is not a
// process. gopkg.in/yaml.v2 keeps the last of two equal keys, so a duplicate type is reported by us, once, instead
// of the parser's generic "Map keys must be unique".
import * as path from "node:path";
import type { Span } from "../../core/text";
import { parseYaml, type Node, type ParsedYaml } from "../../core/yaml";
import { entries, innerSpan, isMap, isScalar, spanOf, str } from "../yaml-read";
import type { WorkspaceView } from "../types";

export interface ProcessType {
  name: string;
  nameSpan: Span;
  /** The whole `type: command` pair. */
  span: Span;
  /** The command; undefined when empty or not a string. */
  command?: string;
  commandSpan?: Span;
  /** The value is a list or a mapping, which the builder cannot read as a command. */
  notString: boolean;
}

export interface ProcfileModel {
  kind: "procfile";
  path: string;
  dir: string;
  processes: ProcessType[];
  /** The root when it is not a mapping (a plain `web npm start` line reads as one string). */
  notMapping?: Node;
}

export const PROCESS_TYPE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function parseProcfile(text: string, ws?: WorkspaceView): ParsedYaml {
  const parsed = ws ? ws.parseYaml(text) : parseYaml(text);
  const dup = (m: string) => /^Map keys must be unique/.test(m);
  parsed.problems = parsed.problems.filter((p) => !dup(p.message));
  if (parsed.doc) parsed.doc.errors = parsed.doc.errors.filter((e) => e.code !== "DUPLICATE_KEY");
  return parsed;
}

export function readProcfile(file: string, root: Node | null): ProcfileModel {
  const m: ProcfileModel = { kind: "procfile", path: file, dir: path.dirname(file), processes: [] };
  if (root === null || (isScalar(root) && root.value === null)) return m;
  if (!isMap(root)) {
    m.notMapping = root;
    return m;
  }
  for (const e of entries(root)) {
    const command = str(e.value);
    const valueSpan = e.value ? innerSpan(e.value) : undefined;
    m.processes.push({
      name: e.key,
      nameSpan: innerSpan(e.keyNode) ?? spanOf(e.keyNode)!,
      span: spanOf(e.pair) ?? spanOf(e.keyNode)!,
      command: command !== undefined && command.trim() !== "" ? command : undefined,
      commandSpan: valueSpan,
      notString: !!e.value && !isScalar(e.value),
    });
  }
  return m;
}
