// Types for test/support/reporter.mjs, so that its unit test can import it.
export default function reporter(source: AsyncIterable<{ type: string; data: any }>): AsyncGenerator<string, void, unknown>;
