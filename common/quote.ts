// Shell quoting for the few places where text must pass through a shell: names from YAML never reach a
// shell unquoted.

const SAFE = /^[A-Za-z0-9_\-.,:/=@%+]+$/;

/** Quotes one word for POSIX sh: safe words stay as they are, anything else goes in single quotes. */
export function shellQuote(word: string): string {
  if (word !== "" && SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line a person would type for an argument vector. */
export function commandLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(" ");
}

/**
 * Fills `${name}` placeholders of a command template, each value shell-quoted, so a template such as
 * `env0 deploy --alias ${alias}` stays one safe command whatever the alias holds. Unknown placeholders stay.
 */
export function fillTemplate(template: string, values: Record<string, string | undefined>): string {
  return template.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    const v = values[name];
    return v === undefined ? whole : shellQuote(v);
  });
}
