// The TAXII 1.x mock's conformant variants: ways of meeting the 1.x bindings that the
// reference mock does not take, each with the sentence (or the silence) that allows it. The
// whole taxii1 suite passes under each, in every binding (test/integration/variant-matrix.test.ts).
import { defineVariants, type VariantEntry, type VariantSet } from '../variants.js';

const TABLE = {
  'taxii1-data-sets': {
    description: 'In TAXII 1.1 the collection "indicators" is a Data Set (collection_type DATA_SET): its polls ignore the timestamp range and return the whole set.',
    freedom:
      'TAXII 1.1 Services 3.2: a Data Set "is an unordered set of content" with no timestamp order; the 1.1 XML binding schema: Inclusive_End_Timestamp "is irrelevant for Data Sets" (a server may keep collections of either type).',
  },
  'taxii1-inbox-requires-destination': {
    description: 'In TAXII 1.1 the Inbox takes content only for a named destination: an Inbox Message without Destination_Collection_Name gets DESTINATION_COLLECTION_ERROR, listing the acceptable destinations.',
    freedom:
      'TAXII 1.1 Services 5.4 (Inbox Exchange): an Inbox Service may require Destination Collection Names; a request without one then gets a Status Message of type DESTINATION_COLLECTION_ERROR.',
  },
  'taxii1-content-reindented': {
    description: 'Content polled back is written out again, indented (a newline and two spaces a level between elements): the same XML, not the same string.',
    freedom:
      'The 1.x Content Block carries content (STIX XML) as a "Content" field; no binding says the content comes back byte for byte, and XML parsers and writers do not keep insignificant whitespace.',
  },
  'taxii1-unsubscribed-in-status': {
    description: 'In TAXII 1.1 a STATUS keeps listing the caller\'s ended subscriptions, each with status UNSUBSCRIBED (and a STATUS of an ended one answers its record).',
    freedom:
      'TAXII 1.1 Subscription_Instance status: ACTIVE, PAUSED or UNSUBSCRIBED; the binding lets a server report subscriptions that have ended, as long as it says so.',
  },
  'taxii1-failure-where-no-type': {
    description: 'Where the answer\'s binding has no status type for an error (Unsupported Service and Unrecognized Value in TAXII 1.0 and 1.1), the answer is FAILURE rather than the closest type (BAD_MESSAGE for an action the binding does not define).',
    freedom:
      'The talk: a service may "always send [Failure] instead of a more specific error message"; TAXII 1.0 and 1.1 define no Unsupported Service and no Unrecognized Value status type, so FAILURE is the generic answer.',
  },
  'taxii1-draft-not-advertised': {
    description: 'To a client of TAXII 1.0 or 1.1 the services advertise only the published bindings (1.0, 1.1), and X-TAXII-Accept asking for the 2012 draft gets UNSUPPORTED_MESSAGE; a client writing the draft is still answered in it.',
    freedom:
      'The HTTP binding: X-TAXII-Accept names the bindings a client accepts, and a server answers in one it supports or with Unsupported Message Binding; no published binding obliges a server to speak the unpublished 2012 draft.',
    skips: {
      'negotiation.accept-other-binding': 'a TAXII 1.0 run asks for the 2012 draft (never 1.1, which a server ignoring X-TAXII-Accept would send anyway); this server does not advertise the draft to a 1.0 client, so the case has no binding to ask for',
    },
  },
  'taxii1-http-protocol-id-accepted': {
    description: 'A request over HTTPS whose X-TAXII-Protocol names plain HTTP is answered as usual (an unknown protocol id is still refused).',
    freedom:
      'The HTTP binding has the sender\'s X-TAXII-Protocol agree with the scheme it uses; it does not oblige a server to refuse a request whose header does not.',
    skips: {
      'errors.unsupported-protocol': 'the server answers a request with X-TAXII-Protocol for HTTP over HTTPS as usual: there is no refusal to check',
    },
  },
  'taxii1-public-discovery': {
    description: 'The Discovery service answers callers without credentials (its Inbox record says available="false" to them); every other service still demands HTTP Basic, and wrong credentials are still refused everywhere.',
    freedom:
      'The talk: "TAXII messages have no support for authentication or encryption. TAXII relies on network protocols for this"; no binding says which services demand it, and a public Discovery service is what deployed servers offer.',
  },
  'taxii1-multi-part': {
    description:
      'In TAXII 1.1 a poll whose answer holds more than 2 content blocks is answered in parts of 2: the first part says more="true" and names its result_id, each part its result_part_number (1, 2, 3…); the next parts are fetched with Poll Fulfillment Requests, the last says more="false". TAXII 1.0 and the 2012 draft have no multi-part results: in them every poll is still answered whole (the variant does not apply).',
    freedom:
      'The TAXII 1.1 XML binding schema: a Poll Response has "more" ("A flag to indicate whether there are more parts to this result set to be retrieved"), "result_id" and "result_part_number" ("the part number of a multi-part response"), and the Poll Fulfillment message ("A request to to collect a prepared result set"): how much of a result one Poll Response holds is the server\'s choice.',
  },
} as const satisfies Record<string, VariantEntry>;

/** A variant name of this profile (typos in `variants.has(...)` fail to compile). */
export type Taxii1VariantName = keyof typeof TABLE;
export type Taxii1Variants = VariantSet<Taxii1VariantName>;

export const TAXII1_VARIANTS = defineVariants('taxii1', TABLE);

/** The collection that is a Data Set under `taxii1-data-sets`. */
export const DATA_SET_FEED = 'indicators';

/**
 * XML written out again with indentation between elements (content-reindented): a newline
 * and two spaces per level wherever one tag follows another; text stays where it is.
 */
export function reindent(xml: string): string {
  let depth = 0;
  let out = '';
  let afterTag = false;
  for (const part of xml.split(/(<[^>]*>)/)) {
    if (part === '') continue;
    if (!part.startsWith('<')) {
      out += part;
      afterTag = part.trim() === '' ? afterTag : false;
      continue;
    }
    const closing = part.startsWith('</');
    if (closing) depth--;
    if (afterTag) out = `${out.trimEnd()}\n${'  '.repeat(Math.max(depth, 0))}`;
    out += part;
    if (!closing && !part.endsWith('/>') && !part.startsWith('<?') && !part.startsWith('<!')) depth++;
    afterTag = true;
  }
  return out;
}
