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
 * Quotes one word for PowerShell: safe words stay as they are, anything else goes in single quotes, inside which
 * PowerShell expands nothing (`$`, backticks and `;` are literal) and a quote is written twice.
 */
export function powerShellQuote(word: string): string {
  // Fewer bare words than sh: a comma makes an array and a leading `@` splats in PowerShell's argument mode.
  if (/^[A-Za-z0-9_./:=+][A-Za-z0-9_./:=+-]*$/.test(word)) return word;
  return `'${word.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/**
 * Fills `${name}` placeholders of a command template, each value quoted for the shell that runs it (POSIX sh by
 * default), so a template such as `env0 deploy --alias ${alias}` stays one safe command whatever the alias holds.
 * Unknown placeholders stay.
 */
export function fillTemplate(template: string, values: Record<string, string | undefined>, quote: (word: string) => string = shellQuote): string {
  return template.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    const v = values[name];
    return v === undefined ? whole : quote(v);
  });
}
