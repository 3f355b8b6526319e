// The TAXII 1.x mock's faults: each names the cases of the taxii1 suite it breaks, in every
// binding where the case's exchange exists (the fault-matrix test checks it).
import { defineFaults, type FaultSet } from '../faults.js';

const TABLE = {
  'taxii1-wrong-namespace': { description: 'TAXII 1.x answers are written in another binding\'s XML namespace (1.1 answers in the 1.0 namespace, 1.0 and draft answers in the 1.1 one), while the headers still name the negotiated binding.', breaks: ['discovery.request', 'headers.response-headers', 'messages.in-response-to', 'errors.bad-message-malformed', 'negotiation.accept-other-binding'] },
  'taxii1-no-in-response-to': { description: 'TAXII 1.x responses (status messages included) carry no in_response_to.', breaks: ['messages.in-response-to', 'messages.error-in-response-to', 'errors.bad-message-malformed', 'negotiation.accept-other-binding', 'discovery.request', 'discovery.service-records', 'feed-management.information', 'feed-management.pause', 'feed-management.resume', 'poll.open-range', 'poll.content-binding', 'poll.by-subscription'] },
  'taxii1-wrong-in-response-to': { description: 'TAXII 1.x responses carry a fresh message id as in_response_to instead of the request\'s message id.', breaks: ['messages.in-response-to', 'messages.error-in-response-to', 'negotiation.accept-other-binding', 'inbox.unsolicited'] },
  'taxii1-bad-message-id': { description: 'TAXII 1.x answers carry a message id that breaks the binding\'s format (1.1: "not a uri", 1.0: "msg-1", draft: "12345").', breaks: ['messages.message-id', 'messages.draft-binding', 'discovery.request'] },
  'taxii1-error-as-http-500': { description: 'TAXII 1.x error status messages are sent with HTTP 500 instead of HTTP 200.', breaks: ['errors.bad-message-malformed', 'errors.bad-message-invalid', 'errors.bad-message-no-subscription-id', 'errors.unsupported-service', 'errors.unauthorized', 'errors.denied', 'errors.unsupported-protocol', 'errors.unknown-protocol', 'errors.unsupported-message-binding', 'errors.unsupported-accept', 'errors.not-found-feed', 'errors.not-found-subscription', 'errors.unrecognized-action', 'errors.action-of-another-binding', 'errors.pending', 'headers.content-type-not-xml', 'poll.after-unsubscribe'] },
  'taxii1-missing-headers': { description: 'TAXII 1.x answers lack X-TAXII-Content-Type, X-TAXII-Protocol and X-TAXII-Services (Content-Type stays).', breaks: ['headers.response-headers', 'headers.error-headers', 'headers.services-header', 'discovery.request'] },
  'taxii1-wrong-content-type': { description: 'TAXII 1.x answers have Content-Type text/plain instead of application/xml.', breaks: ['headers.response-headers', 'headers.error-headers', 'discovery.request', 'negotiation.accept-list', 'negotiation.same-binding'] },
  'taxii1-ignore-binding-negotiation': { description: 'TAXII 1.x answers are always in the 1.1 binding, whatever X-TAXII-Accept and X-TAXII-Content-Type say.', breaks: ['negotiation.accept-other-binding'] },
  'taxii1-ignore-protocol-header': { description: 'X-TAXII-Protocol is not checked: a wrong or plain-HTTP protocol id gets no UNSUPPORTED_PROTOCOL.', breaks: ['errors.unknown-protocol'] },
  'taxii1-extension-rejected': { description: 'A TAXII 1.x request with extended headers gets BAD_MESSAGE instead of having them ignored.', breaks: ['messages.extension-ignored', 'messages.extension-any-structure'] },
  'taxii1-no-bad-message': { description: 'Malformed, hostile or invalid TAXII 1.x requests get FAILURE instead of BAD_MESSAGE.', breaks: ['errors.bad-message-malformed', 'errors.bad-message-dtd', 'errors.bad-message-invalid', 'errors.bad-message-no-subscription-id'] },
  'taxii1-unrecognized-value-as-not-found': { description: 'A subscription action the binding does not define gets NOT_FOUND instead of UNRECOGNIZED-VALUE (the 2012 draft) or BAD_MESSAGE (TAXII 1.0 and 1.1, which have no Unrecognized Value type).', breaks: ['errors.unrecognized-action', 'errors.action-of-another-binding'] },
  'taxii1-get-allowed': { description: 'The TAXII 1.x services answer GET like POST (with a status message) instead of HTTP 405.', breaks: ['headers.post-only'] },
  'taxii1-auth-disabled': { description: 'No authentication on the TAXII 1.x services: every request is served as the main user, with or without credentials.', breaks: ['errors.unauthorized'] },
  'taxii1-no-denied': { description: 'No authorisation on the TAXII 1.x services: the reader may send to the Inbox, the main user may use the restricted feed, and read-only feeds take Inbox content (no DENIED).', breaks: [] },
  'taxii1-not-found-as-empty': { description: 'A Poll Request for an unknown feed gets an empty Poll Response instead of NOT_FOUND.', breaks: ['errors.not-found-feed', 'messages.error-in-response-to'] },
  'taxii1-pending-no-wait': { description: 'The PENDING answer (poll of the feed slow) carries no retry interval (no ESTIMATED_WAIT detail, no status detail).', breaks: ['errors.pending'] },
  'taxii1-ignore-content-binding': { description: 'Content bindings are not checked: a poll for a content binding the feed lacks gets every block, and the Inbox takes any content binding (no UNSUPPORTED_CONTENT).', breaks: ['errors.unsupported-content-poll', 'errors.unsupported-content-inbox'] },
  'taxii1-poll-ignores-range': { description: 'Poll Requests get every block of the feed, whatever their begin and end timestamps.', breaks: ['poll.begin-only', 'poll.end-only'] },
  'taxii1-subscription-status-wrong': { description: 'The STATUS subscription action answers with no subscription records, whatever the caller has.', breaks: ['feed-management.subscribe', 'feed-management.status', 'feed-management.subscribe-push', 'feed-management.modify', 'feed-management.subscription-status'] },
  'taxii1-unsubscribe-ignored': { description: 'UNSUBSCRIBE answers as if it worked, but the subscription stays active (STATUS still lists it, polls through it still work).', breaks: ['feed-management.unsubscribe', 'poll.after-unsubscribe'] },
  'taxii1-inbox-loses-content': { description: 'The Inbox answers SUCCESS but stores nothing: a later poll does not return what was sent.', breaks: ['inbox.then-poll', 'inbox.destination'] },
  'taxii1-unknown-status-type': { description: 'STIX (Inbox) messages are acknowledged with the unrecognised status type urn:taxii-conform:mock:accepted instead of SUCCESS (a reader must take it for FAILURE).', breaks: ['inbox.unsolicited', 'inbox.then-poll', 'inbox.solicited', 'inbox.destination'] },
  'taxii1-address-malformed': { description: 'The TAXII 1.x Discovery Response (and feed records) advertise every address as an unfilled template (https://{host}/taxii1/…): no URL at all.', breaks: ['discovery.service-records'] },
  'taxii1-discovery-plain-http': { description: 'The TAXII 1.x Discovery Response (and feed records) advertise http:// addresses with the plain-HTTP protocol binding id.', breaks: ['discovery.addresses-answer'] },
} as const;

/** A fault name of this profile (typos in `faults.has(...)` fail to compile). */
export type Taxii1FaultName = keyof typeof TABLE;
export type Taxii1Faults = FaultSet<Taxii1FaultName>;

export const TAXII1_FAULTS = defineFaults('taxii1', TABLE);
