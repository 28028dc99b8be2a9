// Run plans and run events: what the server plans, the engine executes and every run view consumes.
import type { TextRange } from "./graph";

/** How a step's command is written: an argument vector (no shell at all), or a script for a shell. */
export type StepCommand =
  | { argv: string[] }
  /** A script the user wrote in the workflow file (e.g. a Polycrate action script, an Atmos shell step). */
  | { shell: string; interpreter?: "bash" | "sh" };

export interface PlanStep {
  id: string;
  label: string;
  command: StepCommand;
  /** Absolute working directory. */
  cwd: string;
  env?: Record<string, string>;
  /** Step ids that must succeed first (DAG plans); sequential plans use the order of `steps`. */
  needs: string[];
  /** A failure of this step does not fail the run (Polycrate `allow_failure` on the workflow). */
  allowFailure?: boolean;
  /** Skipped without running (env0 `disabled`). */
  disabled?: boolean | string;
  /** Confirmations asked before the step runs, outermost first (Polycrate prompts; env0 approvals). */
  prompts?: Array<{ message: string; kind: "prompt" | "approval" }>;
  /** Where the step is written, for status in the editor. */
  uri?: string;
  range?: TextRange;
  /** The graph node the step stands for. */
  nodeId?: string;
  /** A step the engine cannot run locally (e.g. an Atmos step type without a local runner): reported, not run. */
  unsupported?: string;
}

export interface RunPolicy {
  /** `sequential`: one after another in order; `dag`: as soon as `needs` allow, up to `maxConcurrency`. */
  mode: "sequential" | "dag";
  maxConcurrency: number;
  /** `stop`: the first failure stops the run; `continue`: keep going; `block-descendants`: only what needs it is blocked. */
  onFailure: "stop" | "continue" | "block-descendants";
}

export interface RunPlan {
  title: string;
  /** The document the plan comes from. */
  uri?: string;
  format?: string;
  /** Prompts that apply to the whole run (Polycrate workflow prompt). */
  prompts?: Array<{ message: string; kind: "prompt" | "approval" }>;
  policy: RunPolicy;
  steps: PlanStep[];
  /** Problems found while planning (an unknown block, a step with no command…). */
  warnings?: string[];
}

export type StepState = "queued" | "running" | "succeeded" | "failed" | "skipped" | "blocked" | "cancelled";

export type RunEvent =
  | { type: "run-started"; at: number; plan: RunPlan }
  | { type: "step-queued"; stepId: string }
  | { type: "step-started"; stepId: string; at: number; commandLine: string; pid?: number }
  | { type: "step-output"; stepId: string; stream: "stdout" | "stderr"; text: string }
  | { type: "step-finished"; stepId: string; at: number; exitCode: number | null; signal?: string | null; durationMs: number; state: "succeeded" | "failed"; allowed?: boolean }
  | { type: "step-skipped"; stepId: string; reason: string }
  | { type: "step-blocked"; stepId: string; by: string }
  | { type: "step-cancelled"; stepId: string }
  | { type: "prompt"; stepId?: string; message: string; answer: boolean }
  | { type: "run-finished"; at: number; outcome: "succeeded" | "failed" | "cancelled"; durationMs: number; states: Record<string, StepState> };

/** Options for one execution of a plan. */
export interface RunOptions {
  /** Run only this step. */
  only?: string;
  /** Drop the steps before this one (sequential) or run it and its descendants (DAG). */
  fromStep?: string;
  /** Run only these steps (rerun failed). */
  subset?: string[];
  /** Print what would run; run nothing. */
  dryRun?: boolean;
  /** Reverse order (destroy): dependents first. */
  reverse?: boolean;
  /** Answer yes to every prompt. */
  force?: boolean;
}
