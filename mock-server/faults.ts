// The catalog of faults the mock can be switched into. Each is a named, documented deviation
// from the reference behaviour; `breaks` lists the suite cases it makes fail and is filled in
// by the suite's author (the fault-matrix test checks it).
import type { Fault } from '../suites/core/types.js';

const CATALOG = {
  'discovery-wrong-type': { description: 'The discovery message has `type` "discovery-v2".', breaks: ['discovery.get'] },
  'api-bases-plain-http': { description: 'The discovery message advertises its API Bases as http:// URLs.', breaks: ['discovery.api-bases-https'] },
  'discovery-no-api-bases': { description: 'The discovery message lists no API Bases (`api-bases` is []).', breaks: ['discovery.lists-api-bases'] },
  'api-status-wrong-type': { description: 'The api-status message has `type` "status".', breaks: ['api-base.get'] },
  'wrong-media-type': { description: 'Every response has Content-Type application/json instead of application/taxii+json.', breaks: ['api-base.media-type', 'collections.list', 'collections.get', 'channels.list'] },
  'ignore-accept': { description: 'Never answers 406: serves JSON whatever the Accept header says.', breaks: ['status-codes.406-not-acceptable'] },
  'strict-accept': { description: 'Answers 406 unless Accept is exactly application/taxii+json (absent, */* and parameters fail).', breaks: ['discovery.accept-wildcard', 'discovery.no-accept', 'discovery.accept-with-parameters', 'status-codes.200-ok', 'status-codes.no-406-for-taxii-json', 'channels.accept-wildcard'] },
  'strict-content-type': { description: 'Answers 415 unless Content-Type is exactly application/taxii+json: parameters such as `; version=2.0` are refused.', breaks: ['status-codes.no-415-for-taxii-json'] },
  'ignore-content-type': { description: 'Never answers 415: any request body is parsed as JSON whatever its Content-Type.', breaks: ['status-codes.415-unsupported-media-type'] },
  'no-405': { description: 'A method not allowed on a known URL gets 404 instead of 405.', breaks: ['status-codes.405-method-not-allowed'] },
  'lax-names': { description: 'No name validation anywhere: invalid names in paths get 404 (or are served), creates with invalid names succeed.', breaks: ['names.path-129-chars', 'names.path-underscore', 'names.path-dot', 'names.path-space', 'names.path-encoded-slash', 'names.path-unicode', 'names.path-dot-dot', 'names.path-semicolon', 'names.path-plus', 'names.path-tilde', 'names.path-empty', 'names.channel-path-129-chars', 'names.channel-path-underscore', 'names.channel-path-encoded-slash', 'names.create-empty', 'names.create-129-chars', 'names.create-underscore', 'names.create-dot', 'names.create-space', 'names.create-slash', 'names.create-unicode', 'names.create-newline', 'names.create-collection-underscore', 'names.create-collection-129-chars'] },
  'strict-names': { description: 'A narrower name rule than the pre-draft\'s: names of 1 or 128 characters, made only of digits, starting or ending with a hyphen, or holding upper-case letters are refused with 400 (in paths and in creates).', breaks: ['names.valid-1-char', 'names.valid-128-chars', 'names.valid-hyphens-only', 'names.valid-leading-hyphen', 'names.valid-digits-only', 'names.valid-mixed', 'names.valid-channel-128-chars', 'names.create-128-chars', 'names.create-collection-mixed-case'] },
  'ignore-max-size': { description: 'X-Max-Size is ignored: the whole body is sent however large.', breaks: ['max-size.honoured'] },
  'max-size-bounds-wrong': { description: 'X-Max-Size equal to the minimum (9437184) or above 4294967296 is refused with 400 (an off-by-one and an invented upper bound).', breaks: ['max-size.minimum-accepted', 'max-size.large-accepted'] },
  'lax-max-size': { description: 'X-Max-Size values below 9437184 or not a decimal number are accepted (no 400).', breaks: ['max-size.below-minimum', 'max-size.not-a-number', 'max-size.negative', 'max-size.hexadecimal'] },
  'auth-disabled': { description: 'No authentication at all: every request is served as the main user, with or without credentials.', breaks: ['status-codes.401-unauthorized', 'auth.none-discovery', 'auth.none-api-base', 'auth.none-channels', 'auth.none-collection', 'auth.wrong-password', 'auth.unknown-user', 'auth.unsupported-scheme', 'auth.bearer-garbage'] },
  'no-www-authenticate': { description: '401 answers carry no WWW-Authenticate header.', breaks: ['auth.none-api-base', 'auth.wrong-password', 'auth.bearer-garbage'] },
  'auth-failure-403': { description: 'Failed authentication gets 403 instead of 401.', breaks: ['status-codes.401-unauthorized', 'auth.none-discovery', 'auth.unknown-user'] },
  'jwt-no-signature-check': { description: 'Bearer tokens are decoded without verifying their signature (alg none is still refused).', breaks: ['auth.bearer-bad-signature'] },
  'jwt-alg-none': { description: 'Unsigned bearer tokens (alg none) are accepted.', breaks: ['auth.bearer-alg-none'] },
  'jwt-ignore-exp': { description: 'Expired bearer tokens are accepted.', breaks: ['auth.bearer-expired'] },
  'no-basic': { description: 'HTTP Basic is refused (401) at every API Base except its token endpoint: only bearer tokens get in.', breaks: ['auth.basic-accepted'] },
  'no-token-endpoint': { description: 'The token endpoint [API-Base]token/ answers 404.', breaks: ['auth.token-issued'] },
  'no-bearer': { description: 'Bearer tokens are never accepted (401), although the token endpoint issues them.', breaks: ['auth.bearer-accepted'] },
  'no-authorization': { description: 'Authorisation is not enforced: listings still report each caller\'s rights (can-read/can-write false where they lack them), but 403 is never sent and restricted resources are served.', breaks: ['status-codes.403-forbidden', 'auth.forbidden-channel', 'channels.forbidden-post-403'] },
  'created-200': { description: 'Creates (channels, collections) answer 200 instead of 201.', breaks: ['status-codes.201-created', 'collections.create', 'channels.create'] },
  'accepted-200': { description: 'POSTs of TAXII data to channels and collections answer 200 instead of 202.', breaks: ['status-codes.202-accepted', 'channels.post-accepted'] },
  'no-204': { description: 'A channel GET with nothing new answers 200 with an empty taxii-data message at once (no long poll, no 204).', breaks: ['status-codes.204-no-content', 'long-poll.waits-then-204'] },
  'bad-json-500': { description: 'Malformed JSON request bodies get 500 instead of 400.', breaks: ['status-codes.400-bad-request'] },
  'schema-lax': { description: 'Request bodies are not validated against their schema: wrong types are accepted with 201/202.', breaks: ['collections.bad-body', 'collections.create-wrong-message', 'channels.bad-body'] },
  'read-only-writable': { description: 'The read-only channel accepts POSTs (202) and the write-only channel serves GETs: no 501.', breaks: ['status-codes.501-not-implemented', 'channels.read-only-501'] },
  'name-filter-ignored': { description: 'The `name` query parameter of the channel listing is ignored: every channel is listed.', breaks: ['channels.list-filter-no-match', 'channels.list-filter-exact'] },
  'delete-ignored': { description: 'DELETE of a channel or collection answers 200 but the resource stays.', breaks: ['channels.delete'] },
  'put-ignored': { description: 'PUT of a channel answers 200 but changes (or creates) nothing.', breaks: ['channels.put-modifies'] },
  'lose-messages': { description: 'POSTs answer 202 but every second object received is silently dropped (channels and collections).', breaks: ['collections.post-then-get', 'channels.subscription-delivers'] },
  'long-poll-no-wait': { description: 'A channel GET with nothing new answers 204 at once instead of waiting for news (no long poll).', breaks: ['long-poll.waits-then-204'] },
  'long-poll-late': { description: 'A waiting channel GET is not woken by a POST: it answers (200 with the news, or 204) only when its long-poll wait ends.', breaks: ['long-poll.wakes-on-post', 'long-poll.every-subscriber'] },
  'long-poll-stale-204': { description: 'A waiting channel GET is not woken by a POST and does not look again when its wait ends: it answers 204, and what was posted meanwhile comes with the next GET.', breaks: ['long-poll.wakes-on-post', 'long-poll.every-subscriber', 'long-poll.exactly-once'] },
  'wake-first-waiter-only': { description: 'A POST wakes only one of the GETs waiting on a channel; the others answer (with the news) only when their long-poll wait ends.', breaks: ['long-poll.every-subscriber'] },
  'msg-age-ignored': { description: 'Channel messages are never purged: msg-age is ignored, a subscriber away longer than msg-age still gets them.', breaks: ['long-poll.msg-age-purge'] },
  'msg-age-purged-on-write': { description: 'msg-age is enforced only when a message is posted: a GET delivers messages older than msg-age when nothing was posted since.', breaks: ['long-poll.msg-age-purge'] },
  'deliver-twice': { description: 'The last message of each channel delivery is delivered again at the start of the next GET of that subscription.', breaks: ['long-poll.exactly-once'] },
  'deliver-twice-after-wake': { description: 'The last message delivered to a GET woken by a POST is delivered again at the start of the next GET of that subscription (deliveries to GETs that did not wait are exact).', breaks: ['long-poll.exactly-once'] },
  'deliver-out-of-order': { description: 'The objects of one channel POST are delivered in reverse order.', breaks: ['long-poll.order-kept'] },
  'deliver-sorted': { description: 'The objects of a channel delivery are sorted by id instead of coming in the order the server accepted them.', breaks: ['long-poll.order-kept'] },
  'one-subscriber-only': { description: 'Only the first subscription ever made on a channel gets its messages: every other subscriber waits and gets 204.', breaks: ['long-poll.every-subscriber'] },
  'no-channel-details': { description: '[API-Base]channels/<name>/details/ answers 404.', breaks: ['channels.details'] },
  'collection-filter-ignored': { description: 'The collection query parameters `type`, `id` and `added-after` are ignored (`limit` still applies).', breaks: ['collections.filter-type'] },
  'unknown-is-200': { description: 'A GET of an unknown API Base, or of an unknown (validly named) channel, channel details or collection, answers 200 (an api-status message or empty content) instead of 404.', breaks: ['api-base.unknown-is-404', 'collections.unknown-is-404', 'channels.unknown-is-404'] },
  'extra-properties': { description: 'Every JSON message sent carries an undeclared extra property "x-mock-extra": true.', breaks: ['schemas.discovery', 'schemas.api-status', 'schemas.channel-listing', 'schemas.channel-details', 'schemas.repository-listing', 'schemas.taxii-data', 'schemas.channel-status', 'schemas.collection-status', 'schemas.taxii-status'] },
  'invalid-field-types': { description: 'Message fields have wrong JSON types: booleans as "yes"/"no", msg-age as a number, http-status, counts and expires-in as strings, subscribers as one string.', breaks: ['schemas.channel-listing', 'schemas.channel-details', 'schemas.taxii-status', 'schemas.token', 'channels.listing-rights'] },
  'plain-error-bodies': { description: 'Error responses are text/plain prose instead of `error` messages.', breaks: ['schemas.error'] },
  'tls-weak-suites': { description: 'TLS also accepts suites weaker than the baseline: AES128-SHA (RSA key exchange, 128-bit CBC, SHA-1), ECDHE-RSA-AES128-GCM-SHA256, ECDHE-RSA-AES128-SHA256, CAMELLIA128-SHA, AECDH-AES256-SHA (anonymous) and TLS_AES_128_GCM_SHA256.', breaks: ['tls.refuses-rsa-kx', 'tls.refuses-aes128-cbc', 'tls.refuses-aes128-gcm', 'tls.refuses-sha1-mac', 'tls.refuses-legacy-128', 'tls.refuses-anon', 'tls.refuses-tls13-aes128'] },
  'tls-legacy-versions': { description: 'TLS 1.0 and 1.1 are accepted (with ECDHE-RSA-AES256-SHA).', breaks: ['tls.refuses-tls10', 'tls.refuses-tls11'] },
  'tls-no-baseline': { description: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384 is not offered (AEAD suites only).', breaks: ['tls.baseline-suite'] },
  'tls-expired-cert': { description: 'The certificate expired yesterday.', breaks: ['tls.certificate-current'] },
  'tls-wrong-name': { description: 'The certificate is for wrong-host.invalid, not for the host the mock listens on.', breaks: ['tls.certificate-name'] },
  'tls-ecdsa-cert': { description: 'The certificate has an ECDSA key, so no ECDHE_RSA suite can be negotiated.', breaks: ['tls.certificate-rsa-key', 'tls.baseline-suite'] },
  'tls-rsa-1024': { description: 'The certificate has a 1024-bit RSA key.', breaks: ['tls.certificate-rsa-2048'] },
  'dns-no-record': { description: 'With --dns-port: the DNS responder has no SRV record for _taxii._tcp.<domain> (NXDOMAIN).', breaks: ['srv.record-exists'] },
  'dns-dead-port': { description: 'With --dns-port: the SRV record points at a port where nothing listens.', breaks: ['srv.discovery-answers', 'srv.every-target-serves'] },
  'dns-no-service': { description: 'With --dns-port: the SRV record is the "." answer (RFC 2782: the service is decidedly not available).', breaks: ['srv.record-usable'] },
  'dns-no-address': { description: 'With --dns-port: the SRV target has no A or AAAA record.', breaks: ['srv.targets-resolve', 'srv.discovery-answers'] },
  'plain-http': { description: 'The server also answers plain HTTP (no TLS) on the same port, serving TAXII messages in the clear.', breaks: ['tls.plain-http-refused', 'tls.plain-http-port'] },
  'collections-key-channels': { description: 'The repository-listing message names its array `channels` (the pre-draft\'s wording) instead of `collections`. The suite notes this but accepts it.', breaks: [] },
  'taxii1-wrong-namespace': { description: 'TAXII 1.x answers are written in another binding\'s XML namespace (1.1 answers in the 1.0 namespace, 1.0 and draft answers in the 1.1 one), while the headers still name the negotiated binding.', breaks: ['discovery.request', 'headers.response-headers', 'messages.in-response-to', 'errors.bad-message-malformed', 'negotiation.accept-other-binding'] },
  'taxii1-no-in-response-to': { description: 'TAXII 1.x responses (status messages included) carry no in_response_to.', breaks: ['messages.in-response-to', 'messages.error-in-response-to', 'errors.bad-message-malformed', 'negotiation.accept-other-binding', 'discovery.request', 'discovery.service-records', 'feed-management.information', 'feed-management.pause', 'feed-management.resume', 'poll.open-range', 'poll.content-binding', 'poll.by-subscription'] },
  'taxii1-wrong-in-response-to': { description: 'TAXII 1.x responses carry a fresh message id as in_response_to instead of the request\'s message id.', breaks: ['messages.in-response-to', 'messages.error-in-response-to', 'negotiation.accept-other-binding', 'inbox.unsolicited'] },
  'taxii1-bad-message-id': { description: 'TAXII 1.x answers carry a message id that breaks the binding\'s format (1.1: "not a uri", 1.0: "msg-1", draft: "12345").', breaks: ['messages.message-id', 'messages.draft-binding', 'discovery.request'] },
  'taxii1-error-as-http-500': { description: 'TAXII 1.x error status messages are sent with HTTP 500 instead of HTTP 200.', breaks: ['errors.bad-message-malformed', 'errors.bad-message-invalid', 'errors.bad-message-no-subscription-id', 'errors.unsupported-service', 'errors.unauthorized', 'errors.denied', 'errors.unsupported-protocol', 'errors.unknown-protocol', 'errors.unsupported-message-binding', 'errors.unsupported-accept', 'errors.not-found-feed', 'errors.not-found-subscription', 'errors.unrecognized-action', 'errors.action-of-another-binding', 'errors.pending', 'headers.content-type-not-xml', 'poll.after-unsubscribe'] },
  'taxii1-missing-headers': { description: 'TAXII 1.x answers lack X-TAXII-Content-Type, X-TAXII-Protocol and X-TAXII-Services (Content-Type stays).', breaks: ['headers.response-headers', 'headers.error-headers', 'headers.services-header', 'discovery.request'] },
  'taxii1-wrong-content-type': { description: 'TAXII 1.x answers have Content-Type text/plain instead of application/xml.', breaks: ['headers.response-headers', 'headers.error-headers', 'discovery.request', 'negotiation.accept-list', 'negotiation.same-binding'] },
  'taxii1-ignore-binding-negotiation': { description: 'TAXII 1.x answers are always in the 1.1 binding, whatever X-TAXII-Accept and X-TAXII-Content-Type say.', breaks: ['negotiation.accept-other-binding'] },
  'taxii1-ignore-protocol-header': { description: 'X-TAXII-Protocol is not checked: a wrong or plain-HTTP protocol id gets no UNSUPPORTED_PROTOCOL.', breaks: ['errors.unsupported-protocol', 'errors.unknown-protocol'] },
  'taxii1-extension-rejected': { description: 'A TAXII 1.x request with extended headers gets BAD_MESSAGE instead of having them ignored.', breaks: ['messages.extension-ignored', 'messages.extension-any-structure'] },
  'taxii1-no-bad-message': { description: 'Malformed, hostile or invalid TAXII 1.x requests get FAILURE instead of BAD_MESSAGE.', breaks: ['errors.bad-message-malformed', 'errors.bad-message-dtd', 'errors.bad-message-invalid', 'errors.bad-message-no-subscription-id'] },
  'taxii1-unrecognized-value-as-bad-message': { description: 'A subscription action the binding does not define gets BAD_MESSAGE instead of UNRECOGNIZED-VALUE.', breaks: ['errors.unrecognized-action', 'errors.action-of-another-binding'] },
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
  'taxii1-discovery-plain-http': { description: 'The TAXII 1.x Discovery Response (and feed records) advertise http:// addresses with the plain-HTTP protocol binding id.', breaks: ['discovery.addresses-answer'] },
} satisfies Record<string, Omit<Fault, 'name'>>;

/** The name of a fault of the catalog (typos in `faults.has(...)` fail to compile). */
export type FaultName = keyof typeof CATALOG;

export const FAULTS: Fault[] = Object.entries(CATALOG).map(([name, f]) => ({
  name,
  description: f.description,
  breaks: [...f.breaks],
}));

const NAMES = new Set(FAULTS.map((f) => f.name));

/** Throws an Error naming every unknown fault and listing the valid ones. */
export function checkFaultNames(names: readonly string[]): void {
  const unknown = names.filter((n) => !NAMES.has(n));
  if (unknown.length > 0) {
    throw new Error(
      `unknown fault${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; ` +
        `valid faults: ${[...NAMES].join(', ')}`,
    );
  }
}

/** The faults a running mock has switched on. */
export class FaultSet {
  private readonly on: ReadonlySet<string>;
  constructor(names: readonly string[]) {
    checkFaultNames(names);
    this.on = new Set(names);
  }
  has(name: FaultName): boolean {
    return this.on.has(name);
  }
  get names(): string[] {
    return [...this.on];
  }
}
