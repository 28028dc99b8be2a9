// Problems are our diagnostics before they become LSP objects: an exact span, a stable code, optional fixes.
import type { Span } from "./text";

export type Severity = "error" | "warning" | "information" | "hint";

export interface TextChange {
  /** Absolute file path the change applies to. */
  path: string;
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  changes: TextChange[];
  /** The fix a user most likely wants, offered first and by "auto fix". */
  preferred?: boolean;
}

export interface Problem {
  path: string;
  span: Span;
  severity: Severity;
  /** Stable code, prefixed with the format: `poly/unknown-block`, `atmos/dependency-cycle`. */
  code: string;
  message: string;
  fixes?: Fix[];
  tags?: Array<"unnecessary" | "deprecated">;
  related?: Array<{ path: string; span: Span; message: string }>;
}
