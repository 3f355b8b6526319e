// Why a check is graded weaker than its requirement, in words, the same in every output that
// shows a check's level (console, JUnit, HTML): "graded SHOULD under a MUST requirement
// because …". The reason is the case file's `weakerBecause`, carried by the check's result.
import type { CheckResult, Level, RunReport } from '../suites/core/types.js';

/** Each requirement's level, by id, as the report gives it. */
export function requirementLevels(report: Pick<RunReport, 'requirements'>): ReadonlyMap<string, Level> {
  return new Map(report.requirements.map((r) => [r.id, r.level]));
}

/**
 * "graded SHOULD under a MUST requirement because …", or undefined for a check at its
 * requirement's level. Without the requirement's level (a report that lacks it), the words
 * say only that it is weaker.
 */
export function gradedText(check: CheckResult, requirementLevel: Level | undefined): string | undefined {
  if (check.weakerBecause === undefined) return undefined;
  const under = requirementLevel ? `under a ${requirementLevel} requirement` : 'weaker than its requirement';
  return `graded ${check.level} ${under} because ${midSentence(check.weakerBecause)}`;
}

/** A reason's text after "because": its first word lowercased when it is a plain capitalized word ("The", "A"), else as written ("A-24:", "TAXII", a quote). */
function midSentence(reason: string): string {
  return reason.replace(/^([A-Z])(?=[a-z]* )/, (c) => c.toLowerCase());
}
