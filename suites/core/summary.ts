// The one summary of a run (counts, the gate and why) and the per-requirement verdicts.
// Every output renders this summary; the two mappings below (a case to its summary count,
// a case to its gate outcome) are the only place that decides where a case is counted.
import type { CaseResult, Gate, Requirement, RequirementResult, ReportSummary, SummaryCount, Verdict } from './types.js';
import { isMandatory, verdictOfFailedCheck, worse } from './levels.js';

export interface GateConditions {
  /** Setup could not establish what the cases need: never a passing gate. */
  setupProblem?: string;
  /** A filter selected nothing: never a passing gate (a typo must not turn CI green). */
  noneSelected: boolean;
  interrupted: boolean;
}

/** A known (baselined) deviation: a fail or warn the baseline accepts. An error is never known. */
export function isKnownDeviation(c: CaseResult): boolean {
  return c.known === true && (c.verdict === 'fail' || c.verdict === 'warn');
}

/** The summary count a case falls in: exactly one, so the counts add up to the total. */
export function countOf(c: CaseResult): SummaryCount {
  if (c.notRun) return 'notRun';
  if (isKnownDeviation(c)) return 'known';
  const counts: Record<Verdict, SummaryCount> = { pass: 'passed', fail: 'failed', warn: 'warned', skip: 'skipped', error: 'errored', info: 'info' };
  return counts[c.verdict];
}

/** Whether a case fails the gate: fail, error and not run; warn too under `should`; never a known deviation. */
export function failsGate(c: CaseResult, rule: Gate): boolean {
  const n = countOf(c);
  return n === 'failed' || n === 'errored' || n === 'notRun' || (rule === 'should' && n === 'warned');
}

/**
 * How a case shows where only pass / fail / error / skip exist (JUnit, the plain closing
 * line). `failure` and `error` are the cases that fail the gate:
 *
 * | summary count | gate must | gate should |
 * |---|---|---|
 * | passed        | passed    | passed      |
 * | warned        | passed    | failure     |
 * | failed        | failure   | failure     |
 * | errored, notRun | error   | error       |
 * | skipped, known, info | skipped | skipped |
 */
export type GateOutcome = 'passed' | 'failure' | 'error' | 'skipped';

export function gateOutcome(c: CaseResult, rule: Gate): GateOutcome {
  const n = countOf(c);
  if (n === 'errored' || n === 'notRun') return 'error';
  if (n === 'failed' || (n === 'warned' && rule === 'should')) return 'failure';
  if (n === 'passed' || n === 'warned') return 'passed';
  return 'skipped';
}

/** The summary in gate outcomes (the table above): what JUnit's counts and the closing line say. */
export function gateCounts(s: ReportSummary): Record<GateOutcome, number> {
  const warnFails = s.gateRule === 'should';
  return {
    passed: s.passed + (warnFails ? 0 : s.warned),
    failure: s.failed + (warnFails ? s.warned : 0),
    error: s.errored + s.notRun,
    skipped: s.skipped + s.known + s.info,
  };
}

/** The plain closing line CI log readers look for: `N passed, N failed, N skipped` (failed: every case failing the gate). */
export function closingLine(s: ReportSummary): string {
  const g = gateCounts(s);
  return `${g.passed} passed, ${g.failure + g.error} failed, ${g.skipped} skipped`;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function summarize(cases: readonly CaseResult[], rule: Gate, cond: GateConditions): ReportSummary {
  const n: Record<SummaryCount, number> = { passed: 0, failed: 0, warned: 0, skipped: 0, errored: 0, info: 0, notRun: 0, known: 0 };
  for (const c of cases) n[countOf(c)]++;
  const failing = cases.filter((c) => failsGate(c, rule)).length;
  // A run that checked nothing (every case skipped or an observation) never passes; nor
  // does one in which no MUST-level check ran (only SHOULDs passing proves no conformance).
  const checked = n.passed + n.failed + n.warned + n.errored + n.known;
  const mustChecked = cases.filter((c) => isMandatory(c.level) && ['passed', 'failed', 'warned', 'known'].includes(countOf(c))).length;
  const passed = !cond.interrupted && !cond.noneSelected && !cond.setupProblem && failing === 0 && checked > 0 && mustChecked > 0;
  return { total: cases.length, ...n, gate: passed ? 'passed' : 'failed', gateRule: rule, gateReason: gateReason(n, cases.length, failing, checked, mustChecked, rule, cond) };
}

/** Why the gate passed or failed, one line: the first of these that holds. */
function gateReason(n: Record<SummaryCount, number>, total: number, failing: number, checked: number, mustChecked: number, rule: Gate, cond: GateConditions): string {
  if (cond.interrupted) return `interrupted: the run is partial${n.notRun > 0 ? ` (${plural(n.notRun, 'case')} not run)` : ''}`;
  if (cond.noneSelected) return 'no case selected (check --area and --case)';
  if (n.notRun === total) return 'no case ran: the target could not be reached (see the notes)';
  if (cond.setupProblem) return 'setup found a problem (see the notes)';
  if (failing > 0) return `${plural(failing, 'case')} ${failing === 1 ? 'fails' : 'fail'} the gate (${rule === 'should' ? 'fail, error or warn' : 'fail or error'})`;
  if (checked === 0) return 'nothing was checked: every case was skipped or only observed';
  if (mustChecked === 0) return 'no MUST-level check ran: the cases that ran check only SHOULDs, so nothing shows the target conforms';
  if (n.known > 0) return `passed with ${plural(n.known, 'accepted deviation')} (baseline)`;
  return `every case that ran passes the ${rule} gate`;
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
