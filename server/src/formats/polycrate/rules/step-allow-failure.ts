// `allow_failure` exists on workflows only; on a step Polycrate ignores it. The quick fix moves it: it removes
// the step's line and, when the workflow has no `allow_failure` yet, adds `allow_failure: true` above `steps:`.
import type { Fix, Problem } from "../../../core/problem";
import type { Span } from "../../../core/text";
import type { PolyFileModel, StepModel, WorkflowModel } from "../model";
import type { FileRule } from "../../types";

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl === -1 ? text.length : nl + 1;
}

/** The text to delete so that the step's `allow_failure` pair disappears with its line, keeping the rest. */
export function removalSpan(text: string, step: StepModel): Span {
  const af = step.allowFailure!;
  const lineStart = lineStartOf(text, af.keySpan.start);
  const before = text.slice(lineStart, af.keySpan.start);
  const after = nextLineStart(text, af.pairSpan.end);
  if (/^\s*$/.test(before)) return { start: lineStart, end: after };
  // The pair follows `- ` on the item's first line: pull the next key of the item up to its place.
  const col = af.keySpan.start - lineStart;
  for (let at = after; at < step.span.end && at < text.length; at = nextLineStart(text, at)) {
    const line = text.slice(at, nextLineStart(text, at)).replace(/\r?\n$/, "");
    if (/^\s*(#.*)?$/.test(line)) continue;
    const indent = /^ */.exec(line)![0].length;
    if (indent === col) return { start: af.keySpan.start, end: at + indent };
    break;
  }
  const end = text.indexOf("\n", af.pairSpan.end);
  return { start: af.keySpan.start, end: end === -1 ? text.length : end };
}

function fixFor(path: string, text: string, wf: WorkflowModel, step: StepModel): Fix {
  const remove = { path, span: removalSpan(text, step), newText: "" };
  if (wf.allowFailure || step.allowFailure!.value !== true || !wf.stepsKeySpan) {
    return { title: "Remove 'allow_failure' from the step", preferred: true, changes: [remove] };
  }
  const at = wf.stepsKeySpan.start;
  const indent = " ".repeat(at - lineStartOf(text, at));
  return {
    title: `Move 'allow_failure' to workflow '${wf.name}'`,
    preferred: true,
    changes: [{ path, span: { start: at, end: at }, newText: `allow_failure: true\n${indent}` }, remove],
  };
}

export const stepAllowFailure: FileRule<PolyFileModel> = {
  id: "step-allow-failure",
  check(model, text) {
    const out: Problem[] = [];
    for (const wf of model.workflows) {
      for (const step of wf.steps) {
        if (!step.allowFailure) continue;
        out.push({
          path: model.path,
          span: step.allowFailure.keySpan,
          severity: "warning",
          code: "poly/step-allow-failure",
          message: "'allow_failure' on a step is ignored by Polycrate. Set it on the workflow: then a failing step does not stop the workflow.",
          fixes: [fixFor(model.path, text, wf, step)],
        });
      }
    }
    return out;
  },
};
