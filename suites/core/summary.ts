// Counts, the gate, and the per-requirement verdicts of a run.
import type { CaseResult, Gate, Requirement, RequirementResult, ReportSummary, Verdict } from './types.js';
import { verdictOfFailedCheck, worse } from './levels.js';

export interface GateConditions {
  /** Setup could not establish what the cases need: never a passing gate. */
  setupProblem?: string;
  /** A filter selected nothing: never a passing gate (a typo must not turn CI green). */
  noneSelected: boolean;
  interrupted: boolean;
}

/** Whether a case's verdict fails the gate (a baseline's known failures don't). */
export function failsGate(c: CaseResult, gate: Gate): boolean {
  if (c.known && c.verdict !== 'error') return false;
  return c.verdict === 'fail' || c.verdict === 'error' || (gate === 'should' && c.verdict === 'warn');
}

export function summarize(cases: readonly CaseResult[], gate: Gate, cond: GateConditions): ReportSummary {
  const count = (v: Verdict): number => cases.filter((c) => c.verdict === v).length;
  const failing = cases.some((c) => failsGate(c, gate));
  const ok = !failing && !cond.setupProblem && !cond.noneSelected && !cond.interrupted;
  return {
    total: cases.length,
    passed: count('pass'),
    failed: count('fail'),
    warned: count('warn'),
    skipped: count('skip'),
    errored: count('error'),
    gate: ok ? 'passed' : 'failed',
  };
}

/** A requirement's verdict: the worst outcome of the checks that cite it, in the cases that ran. */
export function foldRequirements(catalog: readonly Requirement[], cases: readonly CaseResult[]): RequirementResult[] {
  return catalog.map((r) => {
    const citing = cases.filter((c) => c.requirements.includes(r.id));
    let verdict: Verdict | undefined;
    for (const c of citing) {
      const checks = c.checks.filter((ch) => ch.requirement === r.id);
      if (c.verdict === 'skip') verdict = verdict ? worse(verdict, 'skip') : 'skip';
      else if (c.verdict === 'error' && checks.every((ch) => ch.ok)) verdict = worse(verdict ?? 'pass', 'error');
      for (const ch of checks) verdict = worse(verdict ?? 'pass', ch.ok ? 'pass' : verdictOfFailedCheck(ch.level));
    }
    // A requirement passes only if some check held and none failed; all-skipped stays skip.
    if (verdict === 'skip' && citing.some((c) => c.verdict !== 'skip')) verdict = 'pass';
    return {
      id: r.id,
      level: r.level,
      section: r.section,
      text: r.text,
      cases: citing.map((c) => c.id),
      verdict: verdict ?? 'skip',
      ...(r.untestable ? { untestable: r.untestable } : {}),
    };
  });
}
