// Alias names. env0 puts no rule on them: its published workflow-file schema gives `environments` as an object whose
// `additionalProperties` are sub-environments, with no `propertyNames` pattern (docs "Workflow File JSON Schema",
// copy in ../shared/corpus/env0/workflow-file.schema.json), and env0's own template repository uses aliases such
// as `'2'`. What env0 does check is that `needs` names aliases of the same file (reported as env0/unknown-alias)
// and, through YAML itself, that an alias appears once. So any key is an alias; only a rename or a graph edit
// written in place needs a name that reads back as itself where it is written.
import { readsBackPlain } from "../../core/yaml";

/**
 * Why a new name is refused for a symbol kind, or undefined when it is fine. A rename replaces the name's text in
 * place (the alias key and every `needs` entry, quoted or not), so the name must read back as itself written plain
 * in a block mapping and in a flow list, and must not carry a quote or a backslash that would end or escape a
 * quoted occurrence. This is a limit of editing in place, not a rule of env0.
 */
export function checkName(kind: string, name: string): string | undefined {
  if (kind !== "alias") return undefined;
  if (!name.trim()) return "The new alias is empty.";
  if (!readsBackPlain(name) || /['"\\]/.test(name)) {
    return `'${name}' would need quoting in YAML, and a rename writes the name in place without quotes. env0 accepts any alias; to use this one, rename the key and its 'needs' entries by hand and quote them.`;
  }
  return undefined;
}

/** Whether a value is (or contains) a `${VAR}` reference that env0 fills in at deploy time. */
export function isInterpolated(value: string): boolean {
  return /\$\{[^}]*\}/.test(value);
}
