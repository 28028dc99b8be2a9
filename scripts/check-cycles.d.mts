// Types for scripts/check-cycles.mjs, so that its unit test can import it.
export const SOURCE_DIRS: string[];
/** file → the files of ours it imports, relative to the repository root. */
export function importGraph(): Map<string, string[]>;
export function findCycles(graph?: Map<string, string[]>, allowed?: string[][]): Array<{ files: string[]; chain: string[] }>;
