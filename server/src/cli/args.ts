// The flags of every `infraflow` subcommand, read by Node's `util.parseArgs` (strict: an unknown flag, a value
// missing or given to a flag that takes none, is a usage error, exit 2), with its errors in our words.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./check";

export type Flags = NonNullable<ParseArgsConfig["options"]>;

/** A value flag (`--step S`, `--step=S`; `short` for `-s S`). */
export const text = (short?: string) => ({ type: "string" as const, ...(short ? { short } : {}) });
/** A switch (`--force`). */
export const flag = { type: "boolean" as const };

/**
 * The flags and the positional arguments of `command`. A value that starts with `-` must be written
 * `--flag=-value` (so `--step --force` says that --step needs a value rather than taking `--force`), except for
 * the flags in `anyValue`, which take the next argument whatever it is (`affected --base` hands it to git's own
 * check, which refuses an option-looking ref with its own message).
 */
export function parseFlags<F extends Flags>(args: string[], options: F, command: string, anyValue: ReadonlyArray<keyof F & string> = []) {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    joined.push(anyValue.some((n) => a === `--${n}`) && i + 1 < args.length ? `${a}=${args[++i]}` : a);
  }
  try {
    return parseArgs({ args: joined, options, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const msg = String(err?.message ?? e);
    const name = /'(-[^',\s]+)/.exec(msg)?.[1] ?? "";
    const long = Object.entries(options).find(([, o]) => `-${o.short}` === name)?.[0];
    const shown = long ? `--${long}` : name;
    switch (err?.code) {
      case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
        throw new UsageError(`Unknown option '${name}' for ${command}. Options: ${Object.keys(options).map((k) => `--${k}`).join(", ")}.`);
      case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
        throw new UsageError(/does not take an argument/.test(msg) ? `${shown} takes no value.` : `${shown} needs a value.`);
      default:
        throw new UsageError(msg);
    }
  }
}
