// What the assertions that relate exchanges share: the named step's exchange beside this
// one, and their times in a check's words. Times are the client's (performance.now()); on
// one host, over loopback, the order of two answers is the order the server sent them in.
import type { ExchangeTimes, Timing } from '../types.js';
import type { AssertionOutcome } from './kind.js';

/** A step's name as written in a case, as a check quotes it. */
export const quoted = (step: string): string => `"${step}"`;

/** This exchange's times and the named step's, or the outcome saying which is missing. */
export function pairOf(
  timing: Timing | undefined,
  step: string,
  expected: string,
): { self: ExchangeTimes & { answeredAt: number }; other: ExchangeTimes & { answeredAt: number } } | { missing: AssertionOutcome } {
  if (!timing || timing.self.answeredAt === undefined) return { missing: { ok: false, expected, actual: 'no time recorded for this exchange' } };
  const other = timing.steps.get(step);
  if (!other) return { missing: { ok: false, expected, actual: `step ${quoted(step)} has not run` } };
  if (other.answeredAt === undefined) return { missing: { ok: false, expected, actual: `step ${quoted(step)} got no answer` } };
  return { self: { ...timing.self, answeredAt: timing.self.answeredAt }, other: { ...other, answeredAt: other.answeredAt } };
}

/** `answered 12 ms after "post" was answered` (or before it). */
export function answeredRelative(selfAt: number, otherAt: number, step: string, status: number): string {
  const d = Math.round(selfAt - otherAt);
  const when = selfAt > otherAt ? `${d} ms after` : selfAt < otherAt ? `${-d} ms before` : 'as';
  return `answered ${when} ${quoted(step)} was answered (status ${status})`;
}
