// Ordering of RFC 2119 levels and what a failed check at each level means for a verdict.
import type { Level, Verdict } from './types.js';

/** The RFC 2119 levels (the case and requirement formats take them from here). */
export const LEVELS = ['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'] as const;

const STRENGTH: Record<Level, number> = { MUST: 3, 'MUST NOT': 3, SHOULD: 2, 'SHOULD NOT': 2, MAY: 1 };

export function strongest(levels: readonly Level[]): Level {
  let best: Level = 'MAY';
  for (const l of levels) if (STRENGTH[l] > STRENGTH[best]) best = l;
  return best;
}

/** How much stronger level a is than level b: positive stronger, 0 as strong (MUST and MUST NOT alike), negative weaker. */
export function strengthAbove(a: Level, b: Level): number {
  return STRENGTH[a] - STRENGTH[b];
}

/** MUST and MUST NOT: what a conformant implementation cannot do without. */
export function isMandatory(level: Level): boolean {
  return STRENGTH[level] === 3;
}

/** A failed MUST is a failure; a failed SHOULD or MAY is a warning. */
export function verdictOfFailedCheck(level: Level): Verdict {
  return STRENGTH[level] === 3 ? 'fail' : 'warn';
}

const VERDICT_RANK: Record<Verdict, number> = { pass: 0, info: 1, skip: 2, warn: 3, error: 4, fail: 5 };

/** The worse of two verdicts: fail > error > warn > skip > info > pass. */
export function worse(a: Verdict, b: Verdict): Verdict {
  return VERDICT_RANK[a] >= VERDICT_RANK[b] ? a : b;
}

/** What a check's result carries of its case-file check's level: its reason for being weaker than its requirement, when it gives one. */
export function weakerOf(check: { weakerBecause?: string }): { weakerBecause?: string } {
  return check.weakerBecause === undefined ? {} : { weakerBecause: check.weakerBecause };
}
