// Types for test/support/run-tier.mjs, so that its unit test can import it.
export interface TierSummary {
  passed: number;
  failed: number;
  skipped: number;
}
export function runNodeTests(
  files: string[],
  opts: { name: string; cwd: string; testTimeoutMs: number; tierTimeoutMs: number },
): { summary: TierSummary; output: string; notes: string[] };
