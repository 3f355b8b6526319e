// The registry of step kinds: a step of a case names one of them by its key. Adding a kind
// is one module in steps/ and one line here; the case format (case-format.ts), the loader,
// the executor and `explain` all read this list. (`parallel`, a group of steps run at the
// same time, is part of the format itself, not a kind.)
import type { StepKind } from './steps/kind.js';
import { requestStep } from './steps/request.js';
import { tlsStep } from './steps/tls.js';
import { dnsStep } from './steps/dns.js';
import { pollStep } from './steps/poll.js';
import { pagesStep } from './steps/pages.js';

/** Every step kind; `explain` lists their evidence in this order. */
export const STEP_KINDS = [requestStep, tlsStep, dnsStep, pollStep, pagesStep] as const;

/** The same, each as a plain StepKind. */
export const KINDS: readonly StepKind[] = STEP_KINDS;

/** The kind a step names (the loader made sure it names exactly one, or is a parallel group). */
export function stepKindOf(step: object): StepKind | undefined {
  return KINDS.find((k) => k.key in step);
}

/** The value under the step's kind key. */
export function stepSpec(step: object, kind: StepKind): unknown {
  return (step as Record<string, unknown>)[kind.key];
}
