// Accepted deviations: a baseline lists case ids whose failures do not fail the gate, so
// that only regressions do.
import { readFileSync } from 'node:fs';
import { writeFileSync, renameSync } from 'node:fs';
import type { BaselineOutcome, CaseResult } from './types.js';

export interface BaselineEntry {
  case: string;
  /** Why the deviation is accepted (or the message it failed with). */
  reason?: string;
}

export interface Baseline {
  path: string;
  entries: BaselineEntry[];
}

/** Raised for an unreadable or malformed baseline file; exit code 2. */
export class BaselineError extends Error {
  readonly code = 'TC_BASELINE_INVALID';
}

export function readBaseline(path: string, knownCaseIds: ReadonlySet<string>): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new BaselineError(`cannot read baseline ${path}: ${(e as Error).message}`);
  }
  const list = (data as { known?: unknown })?.known;
  if (!Array.isArray(list)) throw new BaselineError(`baseline ${path}: expected {"known": [{"case": "<id>", "reason": "..."}]}`);
  const entries: BaselineEntry[] = [];
  for (const [i, e] of list.entries()) {
    const id = (e as { case?: unknown })?.case;
    if (typeof id !== 'string') throw new BaselineError(`baseline ${path}: known[${i}] has no "case" id`);
    if (!knownCaseIds.has(id)) throw new BaselineError(`baseline ${path}: known[${i}] names unknown case "${id}"`);
    const reason = (e as { reason?: unknown }).reason;
    entries.push({ case: id, ...(typeof reason === 'string' ? { reason } : {}) });
  }
  return { path, entries };
}

/** A verdict that counts as failing for a baseline (what the gate would fail on, or could). */
const failing = (c: CaseResult): boolean => c.verdict === 'fail' || c.verdict === 'warn' || c.verdict === 'error';

/** Marks known failures; notes the known ones that now pass, so the baseline can be trimmed. */
export function applyBaseline(cases: CaseResult[], b: Baseline, notes: string[]): CaseResult[] {
  const known = new Set(b.entries.map((e) => e.case));
  return cases.map((c) => {
    if (!known.has(c.id)) return c;
    if (c.verdict === 'pass') notes.push(`baseline: ${c.id} now passes; remove it from ${b.path}`);
    // An error is never "known": the probe did not run, so nothing was compared.
    return c.verdict === 'fail' || c.verdict === 'warn' ? { ...c, known: true } : c;
  });
}

/** The run against the baseline: known, new, now passing, not run. */
export function compareToBaseline(cases: readonly CaseResult[], b: Baseline): BaselineOutcome {
  const ran = new Map(cases.map((c) => [c.id, c]));
  const known = cases.filter((c) => c.known).map((c) => c.id);
  const reasons: Record<string, string> = {};
  for (const e of b.entries) if (e.reason !== undefined && known.includes(e.case)) reasons[e.case] = e.reason;
  return {
    file: b.path,
    known,
    newFailures: cases.filter((c) => failing(c) && !c.known).map((c) => c.id),
    nowPassing: b.entries.filter((e) => ran.get(e.case)?.verdict === 'pass').map((e) => e.case),
    notRun: b.entries.filter((e) => !ran.has(e.case)).map((e) => e.case),
    reasons,
  };
}

/** The baseline entry a user pastes to accept a failing case. */
export function baselineEntry(c: CaseResult): BaselineEntry {
  return { case: c.id, reason: c.message };
}

/** Writes the run's failing cases (those that fail the gate, or warn) as a baseline file. */
export function writeBaseline(path: string, cases: readonly CaseResult[]): number {
  const entries = cases.filter((c) => c.verdict === 'fail' || c.verdict === 'warn').map(baselineEntry);
  const tmp = `${path}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify({ known: entries }, null, 2)}\n`);
    renameSync(tmp, path);
  } catch (e) {
    throw new BaselineError(`cannot write baseline ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return entries.length;
}
