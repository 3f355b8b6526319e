// TAXII 1.1 multi-part poll results in the mock (the `taxii1-multi-part` variant, and the
// faults that get them wrong): a poll whose answer holds more than PART_SIZE content blocks is
// answered in parts of PART_SIZE blocks: part 1 says more="true", names its result set
// (result_id) and its number; each later part is fetched with a Poll Fulfillment Request
// (collection, result id, part number) and the last says more="false". A result set is kept
// for its caller and collection; an unknown result id or part gets NOT_FOUND. TAXII 1.0 and
// the 2012 draft have no multi-part results: an answer in them is always whole.
import type { ErrorMessage, PollFulfillmentRequest, PollResponse } from '../../suites/taxii1/model.js';
import { errorMessage, type ServiceCall } from './services.js';

/** Content blocks a part holds. */
export const PART_SIZE = 2;
/** Result sets kept at most (the oldest is dropped first): a client that never fetches its parts does not grow the mock. */
export const RESULTS_KEPT = 64;

/** A result set answered in parts: whose, of which collection, and the parts (without their message header). */
export interface StoredResult {
  user: string;
  feed: string;
  parts: Array<Omit<PollResponse, 'message-id' | 'in-response-to'>>;
}

/** The faults that answer polls in parts (each its wrong way), with the variant. */
const SPLITTING = ['taxii1-more-on-last-part', 'taxii1-part-numbers-from-0', 'taxii1-part-numbers-repeat', 'taxii1-fulfillment-first-part'] as const;

/** Whether this answer goes out in parts: the variant or a multi-part fault, an answer binding that has them. */
export function answersInParts(call: ServiceCall): boolean {
  return call.binding.multiPart && (call.variants.has('taxii1-multi-part') || SPLITTING.some((f) => call.faults.has(f)));
}

/** The whole answer, or its first part (the rest kept for Poll Fulfillment Requests). */
export function firstPart(call: ServiceCall, whole: PollResponse): PollResponse {
  const blocks = whole['content-blocks'];
  if (!answersInParts(call) || blocks.length <= PART_SIZE) return whole;
  const { 'message-id': _m, 'in-response-to': _r, ...rest } = whole;
  const count = Math.ceil(blocks.length / PART_SIZE);
  const id = `urn:taxii-conform:mock:result:${call.state.nextResult++}`;
  const parts = Array.from({ length: count }, (_, i) => ({
    ...rest,
    'content-blocks': blocks.slice(i * PART_SIZE, (i + 1) * PART_SIZE),
    message: `part ${i + 1} of ${count}: ${Math.min(PART_SIZE, blocks.length - i * PART_SIZE)} of ${blocks.length} content blocks`,
    more: i < count - 1 || call.faults.has('taxii1-more-on-last-part'),
    'result-id': id,
    'result-part-number': call.faults.has('taxii1-part-numbers-repeat') ? 1 : i + 1,
  }));
  call.state.results.set(id, { user: call.user, feed: whole['feed-name'], parts });
  while (call.state.results.size > RESULTS_KEPT) call.state.results.delete(call.state.results.keys().next().value!);
  return { ...call.header, ...parts[0]! };
}

/** A Poll Fulfillment Request: the part asked for (part 1 when none is named), or NOT_FOUND. */
export function fulfill(call: ServiceCall, req: PollFulfillmentRequest): PollResponse | ErrorMessage {
  const r = call.state.results.get(req['result-id']);
  const notFound = (what: string): ErrorMessage =>
    errorMessage(call, 'NOT-FOUND', what, { 'error-detail': [{ name: 'ITEM', value: req['result-id'] }] });
  // Another caller's result set, or another collection's, is not one this caller can name.
  if (!r || r.user !== call.user || r.feed !== req['feed-name']) {
    return notFound(`no poll result of the collection ${JSON.stringify(req['feed-name'])} has the id ${JSON.stringify(req['result-id'])}${answersInParts(call) ? '' : ': this server answers every poll whole'}`);
  }
  const asked = req['result-part-number'] ?? 1;
  // part-numbers-from-0 names its parts 0, 1, 2… (written so after validation: respond.ts), and is asked for them so.
  const index = call.faults.has('taxii1-fulfillment-first-part') ? 0 : call.faults.has('taxii1-part-numbers-from-0') ? asked : asked - 1;
  const part = r.parts[index];
  if (!part || index < 0) return notFound(`the result ${JSON.stringify(req['result-id'])} has parts 1 to ${r.parts.length}, not ${asked}`);
  return { ...call.header, ...part };
}
