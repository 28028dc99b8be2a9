// `infraflow describe component C -s S`: Atmos's `describe component`, computed by the editor's engine without
// running Atmos, in Atmos's own layout so that the two outputs diff cleanly.
import * as fs from "node:fs";
import * as path from "node:path";
import { CONFIG_NAMES } from "../formats/atmos/config";
import { describe, render, type DescribeFormat } from "../formats/atmos/describe-output";
import { engineFor } from "../formats/atmos/stacks";
import { flag, parseFlags, text } from "./args";
import { indexFor, UsageError } from "./check";

/** The folder of the nearest `atmos.yaml` at or above `dir` (where Atmos looks for it), or undefined. */
export function atmosRootFor(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; ) {
    if (CONFIG_NAMES.some((n) => fs.existsSync(path.join(d, n)))) return d;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

export function describeCommand(args: string[], cwd: string, out: (s: string) => void, err: (s: string) => void): number {
  const [what, ...rest] = args;
  if (what !== "component") throw new UsageError(what ? `describe knows 'component', not '${what}'.` : "describe needs 'component C -s STACK'.");
  const { values: v, positionals: names } = parseFlags(rest, { stack: text("s"), format: text("f"), provenance: flag }, "describe");
  const { stack, format = "yaml", provenance = false } = v;
  if (names.length !== 1) throw new UsageError("describe component takes one COMPONENT.");
  if (!stack) throw new UsageError("describe component needs the stack: -s STACK.");
  if (format !== "yaml" && format !== "json") throw new UsageError(`--format must be yaml or json, not '${format}'.`);
  if (provenance && format === "json") throw new UsageError("--provenance prints YAML with comments; it does not go with --format json.");
  const root = atmosRootFor(cwd);
  if (!root) {
    err(`infraflow: no Atmos workspace: no ${CONFIG_NAMES.join(" or ")} in ${cwd} or any folder above it.`);
    return 1;
  }
  const index = indexFor(root);
  const r = describe(engineFor(index), stack, names[0]!);
  if (!r.ok) {
    err(`infraflow: ${r.message}`);
    return 1;
  }
  out(render(r.description, { format: format as DescribeFormat, provenance }).text.replace(/\n$/, ""));
  return 0;
}
