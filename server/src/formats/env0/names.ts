// Alias names. env0 does not publish a rule for them; it uses them as graph node ids and in `needs`, and every
// alias in its docs and in the example files is letters, digits, `-` and `_`. We take that, plus `.`, as the rule.

export const ALIAS = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export const ALIAS_MESSAGE = "'{name}' is not a valid alias: use letters, digits, '-', '_' and '.', starting with a letter, digit or '_'.";

/** Why a new name is refused for a symbol kind, or undefined when it is fine. */
export function checkName(kind: string, name: string): string | undefined {
  if (kind === "alias" && !ALIAS.test(name)) return ALIAS_MESSAGE.replace("{name}", name);
  return undefined;
}

/** Whether a value is (or contains) a `${VAR}` reference that env0 fills in at deploy time. */
export function isInterpolated(value: string): boolean {
  return /\$\{[^}]*\}/.test(value);
}
