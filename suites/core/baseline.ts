// Accepted deviations: a baseline lists case ids whose failures do not fail the gate, so
// that only regressions do.
import { readFileSync } from 'node:fs';
import type { CaseResult } from './types.js';

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

/** Marks known failures; notes the known ones that now pass, so the baseline can be trimmed. */
export function applyBaseline(cases: CaseResult[], b: Baseline, notes: string[]): CaseResult[] {
  const known = new Set(b.entries.map((e) => e.case));
  return cases.map((c) => {
    if (!known.has(c.id)) return c;
    if (c.verdict === 'pass') notes.push(`baseline: ${c.id} now passes; remove it from ${b.path}`);
    return c.verdict === 'fail' || c.verdict === 'warn' ? { ...c, known: true } : c;
  });
}
