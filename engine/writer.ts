// The text of a run, as the terminal and the log file show it: the plan's title, a header per step, the
// steps' output, one line per outcome and a summary table. Pure: it turns RunEvents into text (with `\n`). The
// extension's terminal shows it in colour; the run log of the extension and of the CLI has it plain.
import { outcomeText, type RunEvent, type RunOptions, type RunPlan } from "../common/run";

/** A duration as people read it: `850ms`, `2.1s`, `1m 05s`. */
export function seconds(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m ${String(Math.floor((ms % 60_000) / 1000)).padStart(2, "0")}s`;
}

/** A table with a header row, columns padded to their widest cell (the CLI's summary format). */
export function table(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (r: string[]): string =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!)))
      .join("  ")
      .trimEnd();
  return [fmt(header), ...rows.map(fmt)].join("\n");
}

export interface WriterOptions {
  /** Colour the headers and outcomes with ANSI escapes (the terminal); plain text for the log file. */
  ansi?: boolean;
}

const ESC = "\x1b[";
type Style = "bold" | "dim" | "green" | "red" | "yellow";
const CODES: Record<Style, string> = { bold: "1", dim: "2", green: "32", red: "31", yellow: "33" };

export class RunWriter {
  private n = 0;
  private total = 0;
  private readonly labels: Map<string, string>;
  private readonly rows: string[][] = [];
  /** Output not yet ended by a newline, per step, when steps run side by side and lines get a prefix. */
  private readonly partial = new Map<string, string>();
  private readonly prefixed: boolean;
  /** Whether the last text written ended a line (output does not always end with a newline). */
  private atLineStart = true;

  constructor(
    private readonly plan: RunPlan,
    private readonly opts: RunOptions,
    private readonly wo: WriterOptions = {},
  ) {
    this.labels = new Map(plan.steps.map((s) => [s.id, s.label]));
    this.prefixed = plan.policy.mode === "dag" && plan.policy.maxConcurrency > 1;
  }

  private style(s: Style, text: string): string {
    return this.wo.ansi ? `${ESC}${CODES[s]}m${text}${ESC}0m` : text;
  }

  private label(id: string): string {
    return this.labels.get(id) ?? id;
  }

  /** Text for one event ("" for none). */
  event(e: RunEvent): string {
    const text = this.text(e);
    if (text) this.atLineStart = text.endsWith("\n");
    return text;
  }

  private text(e: RunEvent): string {
    switch (e.type) {
      case "run-started":
        return `${this.style("bold", `${this.plan.title}${this.opts.dryRun ? " (dry run)" : ""}`)}\n${(this.plan.warnings ?? []).map((w) => this.style("yellow", `! ${w}`) + "\n").join("")}`;
      case "step-queued":
        this.total++;
        return "";
      case "step-started":
        return `${this.atLineStart ? "" : "\n"}\n${this.style("bold", `▶ [${++this.n}/${this.total}] ${this.label(e.stepId)}`)}  ${this.style("dim", `$ ${e.commandLine}`)}\n`;
      case "step-output":
        return this.output(e.stepId, e.text);
      case "step-finished": {
        const label = this.label(e.stepId);
        this.rows.push([label, e.state === "succeeded" ? "✓ succeeded" : e.allowed ? "⚠ failed (allowed)" : "✗ failed", e.exitCode === null ? "-" : String(e.exitCode), seconds(e.durationMs)]);
        const line =
          e.state === "succeeded"
            ? this.style("green", `✓ ${label} (${seconds(e.durationMs)})`)
            : this.style(e.allowed ? "yellow" : "red", `${e.allowed ? "⚠" : "✗"} ${label}: ${e.exitCode === null ? "did not run" : `exit ${e.exitCode}`}${e.allowed ? " (allowed)" : ""} (${seconds(e.durationMs)})`);
        return `${this.flush(e.stepId)}${line}\n`;
      }
      case "step-skipped":
        this.rows.push([this.label(e.stepId), "⊘ skipped", "-", "-"]);
        return `${this.style("dim", `⊘ ${this.label(e.stepId)}: ${e.reason}`)}\n`;
      case "step-blocked":
        this.rows.push([this.label(e.stepId), "⊘ blocked", "-", "-"]);
        return `${this.style("dim", `⊘ ${this.label(e.stepId)}: blocked by ${this.label(e.by)}`)}\n`;
      case "step-cancelled":
        this.rows.push([this.label(e.stepId), "◼ cancelled", "-", "-"]);
        return this.flush(e.stepId);
      case "prompt":
        return `? ${e.message} ${e.answer ? "yes" : this.style("red", "no")}\n`;
      case "run-finished": {
        const summary = this.rows.length ? `\n${table(["step", "state", "exit", "time"], this.rows)}\n` : "";
        const colour = e.outcome === "succeeded" ? "green" : e.outcome === "failed" ? "red" : "yellow";
        const rest = this.prefixed ? [...this.partial.keys()].map((id) => this.flush(id)).join("") : this.atLineStart ? "" : "\n";
        return `${rest}${summary}\n${this.style(colour, `${e.outcome === "passed-allowed" ? "⚠ " : ""}Run ${outcomeText(e.outcome, e.allowedFailures)} in ${seconds(e.durationMs)}.`)}\n`;
      }
    }
  }

  /** Output as it comes; when steps run side by side each line starts with its step's label. */
  private output(id: string, text: string): string {
    if (!this.prefixed) return text;
    const buf = (this.partial.get(id) ?? "") + text;
    const end = buf.lastIndexOf("\n");
    if (end < 0) {
      this.partial.set(id, buf);
      return "";
    }
    this.partial.set(id, buf.slice(end + 1));
    const prefix = this.style("dim", `${this.label(id)} │ `);
    return buf
      .slice(0, end + 1)
      .split(/(?<=\n)/)
      .map((l) => prefix + l)
      .join("");
  }

  /** What is left of a step's last line, ended with a newline when the step's output did not end with one. */
  private flush(id: string): string {
    if (!this.prefixed) return this.atLineStart ? "" : "\n";
    const rest = this.partial.get(id);
    this.partial.delete(id);
    return rest ? `${this.style("dim", `${this.label(id)} │ `)}${rest}\n` : "";
  }
}
