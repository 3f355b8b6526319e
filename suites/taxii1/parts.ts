// TAXII 1.1 multi-part poll results, as the suite follows them (the profile's parts hook,
// suites/core/steps/parts.ts): a Poll Response with more="true" names its result set
// (result_id); each next part is asked for with a Poll Fulfillment Request naming the
// collection, the result id and the part number (1, 2, 3…), until a part says more is false.
// TAXII 1.0 and the 2012 draft answer every poll whole: their Poll Responses never say more.
import type { PartsHook } from '../core/profile.js';
import { preview } from '../core/bounds.js';
import { describeAnswer, type PollFulfillmentRequest, type PollResponse } from './model.js';

/** The next part to ask for after part `n`, `done` at the last, or why the parts cannot be followed on. */
export function nextPart(part: unknown, n: number, first: unknown): ReturnType<PartsHook['next']> {
  const m = part as Partial<PollResponse> | undefined;
  if (m?.type !== 'poll-response') {
    // A first answer that is no Poll Response (a status message) has no parts.
    return n === 1 ? { done: true } : { stop: `the answer to the Poll Fulfillment Request for part ${n} is ${describeAnswer(part) ?? `a ${preview((m as { type?: unknown } | undefined)?.type)} message`}, not a Poll Response` };
  }
  const f = first as Partial<PollResponse>;
  if (n > 1) {
    // The part asked for, of the result set asked for (absent: part 1, the XSD's default).
    const number = m['result-part-number'] ?? 1;
    if (number !== n) return { stop: `asked for part ${n}, the answer is part ${preview(number)}` };
    if (m['result-id'] !== undefined && m['result-id'] !== f['result-id']) return { stop: `asked for result ${preview(f['result-id'])}, the answer is part of ${preview(m['result-id'])}` };
  }
  if (m.more !== true) return { done: true };
  const id = f['result-id'];
  if (typeof id !== 'string' || id === '') return { stop: 'it announces more parts (more="true") without a result_id to ask for them by' };
  const request: Omit<PollFulfillmentRequest, 'message-id'> = { type: 'poll-fulfillment', 'feed-name': String(f['feed-name'] ?? ''), 'result-id': id, 'result-part-number': n + 1 };
  return { request };
}

export const TAXII1_PARTS: PartsHook = { items: '/content-blocks', next: nextPart };
