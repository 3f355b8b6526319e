// The pre-draft's faults: each names the cases of the taxii2-predraft suite it breaks (the
// fault-matrix test checks it). The host's faults that break its TLS and srv cases are
// claimed here with those cases (host-faults.ts has their descriptions). A fault that
// `governs` requirements of the coverage spec (suites/taxii2-predraft/coverage.ts) breaks them
// on every URL they govern, and can be switched on for one of those URL kinds only
// (`ignore-accept@get-collection`: test/integration/fault-matrix-scoped.test.ts).
import { PREDRAFT_COVERAGE } from '../../suites/taxii2-predraft/coverage.js';
import { claim, defineFaults, type FaultSet } from '../faults.js';

const TABLE = {
  'discovery-wrong-type': { description: 'The discovery message has `type` "discovery-v2".', breaks: ['discovery.get'] },
  'api-bases-plain-http': { description: 'The discovery message advertises its API Bases as http:// URLs.', breaks: ['discovery.api-bases-https'] },
  'api-bases-relative': { description: 'The discovery message lists its API Bases as relative references (/api1/), as TAXII 2.1 allows and the pre-draft\'s examples never do.', breaks: ['discovery.api-bases-urls'] },
  'api-bases-malformed': { description: 'The discovery message lists its API Bases as an unfilled template (https://{host}/api1/): no URL at all.', breaks: ['discovery.api-bases-urls', 'schemas.discovery'] },
  'discovery-no-api-bases': { description: 'The discovery message lists no API Bases (`api-bases` is []).', breaks: ['discovery.lists-api-bases'] },
  'api-status-wrong-type': { description: 'The api-status message has `type` "status".', breaks: ['api-base.get'] },
  'wrong-media-type': { description: 'Every response has Content-Type application/json instead of application/taxii+json.', breaks: ['api-base.media-type', 'collections.list', 'collections.get', 'channels.list'] },
  'ignore-accept': { description: 'Never answers 406: serves JSON whatever the Accept header says.', breaks: ['status-codes.406-not-acceptable', 'status-codes.406-discovery', 'status-codes.406-api-base', 'status-codes.406-create-channel', 'status-codes.406-channel', 'status-codes.406-post-channel', 'status-codes.406-collections', 'status-codes.406-create-collection', 'status-codes.406-collection', 'status-codes.406-post-collection'], governs: ['T2-STATUS-406'] },
  'strict-accept': { description: 'Answers 406 unless Accept is exactly application/taxii+json (absent, */* and parameters fail).', breaks: ['discovery.accept-wildcard', 'discovery.no-accept', 'discovery.accept-with-parameters', 'status-codes.200-ok', 'status-codes.no-406-for-taxii-json', 'channels.accept-wildcard'] },
  'strict-content-type': { description: 'Answers 415 unless Content-Type is exactly application/taxii+json: parameters such as `; version=2.0` are refused.', breaks: ['status-codes.no-415-for-taxii-json'] },
  'ignore-content-type': { description: 'Never answers 415: any request body is parsed as JSON whatever its Content-Type.', breaks: ['status-codes.415-unsupported-media-type', 'status-codes.415-post-channel', 'status-codes.415-create-collection', 'status-codes.415-post-collection'], governs: ['T2-STATUS-415'] },
  'no-405': { description: 'A method not allowed on a known URL gets 404 instead of 405.', breaks: ['status-codes.405-method-not-allowed'] },
  'lax-names': { description: 'No name validation anywhere: invalid names in paths get 404 (or are served), creates with invalid names succeed.', breaks: ['names.path-129-chars', 'names.path-underscore', 'names.path-dot', 'names.path-space', 'names.path-encoded-slash', 'names.path-unicode', 'names.path-dot-dot', 'names.path-semicolon', 'names.path-plus', 'names.path-tilde', 'names.path-empty', 'names.channel-path-129-chars', 'names.channel-path-underscore', 'names.channel-path-encoded-slash', 'names.create-empty', 'names.create-129-chars', 'names.create-underscore', 'names.create-dot', 'names.create-space', 'names.create-slash', 'names.create-unicode', 'names.create-newline', 'names.create-collection-underscore', 'names.create-collection-129-chars', 'names.channel-get-underscore', 'names.channel-post-underscore', 'names.collection-post-underscore'], governs: ['T2-NAME-01', 'T2-NAME-02'] },
  'strict-names': { description: 'A narrower name rule than the pre-draft\'s: names of 1 or 128 characters, made only of digits, starting or ending with a hyphen, or holding upper-case letters are refused with 400 (in paths and in creates).', breaks: ['names.valid-1-char', 'names.valid-128-chars', 'names.valid-hyphens-only', 'names.valid-leading-hyphen', 'names.valid-digits-only', 'names.valid-mixed', 'names.valid-channel-128-chars', 'names.create-128-chars', 'names.create-collection-mixed-case'] },
  'ignore-max-size': { description: 'X-Max-Size is ignored: the whole body is sent however large.', breaks: ['max-size.honoured'], governs: ['T2-XHDR-03'] },
  'max-size-bounds-wrong': { description: 'X-Max-Size equal to the minimum (9437184) or above 4294967296 is refused with 400 (an off-by-one and an invented upper bound).', breaks: ['max-size.minimum-accepted', 'max-size.large-accepted'] },
  'lax-max-size': { description: 'X-Max-Size values below 9437184 or not a decimal number are accepted (no 400).', breaks: ['max-size.below-minimum', 'max-size.not-a-number', 'max-size.negative', 'max-size.hexadecimal'] },
  'auth-disabled': { description: 'No authentication at all: every request is served as the main user, with or without credentials.', breaks: ['status-codes.401-unauthorized', 'auth.none-api-base', 'auth.none-channels', 'auth.none-collection', 'auth.wrong-password', 'auth.unknown-user', 'auth.unsupported-scheme', 'auth.bearer-garbage', 'auth.none-create-channel', 'auth.none-channel', 'auth.none-post-channel', 'auth.none-collections', 'auth.none-create-collection', 'auth.none-post-collection'], governs: ['T2-STATUS-401'] },
  'no-www-authenticate': { description: '401 answers carry no WWW-Authenticate header.', breaks: ['auth.none-api-base', 'auth.wrong-password', 'auth.bearer-garbage'] },
  'auth-failure-403': { description: 'Failed authentication gets 403 instead of 401.', breaks: ['status-codes.401-unauthorized', 'auth.none-discovery', 'auth.unknown-user'] },
  'jwt-no-signature-check': { description: 'Bearer tokens are decoded without verifying their signature (alg none is still refused).', breaks: ['auth.bearer-bad-signature'] },
  'jwt-algorithm-only': { description: 'Bearer tokens must name the algorithm the server signs with, but their signature is not verified (the nearest wrong implementation of the signature check: a forged token that changes the algorithm never reaches it).', breaks: ['auth.bearer-bad-signature'] },
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
  'listing-denies-writes': { description: 'The channel listing says can-write false for every channel, though the caller may write them (a listing that lies).', breaks: ['channels.listing-rights'] },
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
  'unknown-is-200': { description: 'An unknown API Base, or an unknown (validly named) channel, channel details or collection, is served as if it existed and were empty instead of 404: a GET answers 200 (an api-status message or empty content), a POST of TAXII data to a channel or collection is accepted (202) and its content dropped.', breaks: ['api-base.unknown-is-404', 'collections.unknown-is-404', 'collections.unknown-post-404', 'channels.unknown-is-404', 'channels.unknown-get-404', 'channels.unknown-post-404'], governs: ['T2-APIBASE-07'] },
  'extra-properties': { description: 'Every JSON message sent carries an undeclared extra property "x-mock-extra": true.', breaks: ['schemas.discovery', 'schemas.api-status', 'schemas.channel-listing', 'schemas.channel-details', 'schemas.repository-listing', 'schemas.taxii-data', 'schemas.channel-status', 'schemas.collection-status', 'schemas.taxii-status'] },
  'invalid-field-types': { description: 'Message fields have wrong JSON types: booleans as "yes"/"no", msg-age as a number, http-status, counts and expires-in as strings, subscribers as one string.', breaks: ['schemas.channel-listing', 'schemas.channel-details', 'schemas.taxii-status', 'schemas.token', 'channels.listing-rights'] },
  'plain-error-bodies': { description: 'Error responses are text/plain prose instead of `error` messages.', breaks: ['schemas.error'] },
  'tls-weak-suites': claim(['tls.refuses-rsa-kx', 'tls.refuses-aes128-cbc', 'tls.refuses-aes128-gcm', 'tls.refuses-sha1-mac', 'tls.refuses-legacy-128', 'tls.refuses-anon', 'tls.refuses-tls13-aes128']),
  'tls-legacy-versions': claim(['tls.refuses-tls10', 'tls.refuses-tls11']),
  'tls-no-baseline': claim(['tls.baseline-suite']),
  'tls-expired-cert': claim(['tls.certificate-current']),
  'tls-wrong-name': claim(['tls.certificate-name']),
  'tls-ecdsa-cert': claim(['tls.certificate-rsa-key', 'tls.baseline-suite']),
  'tls-rsa-1024': claim(['tls.certificate-rsa-2048']),
  'dns-no-record': claim(['srv.record-exists']),
  'dns-dead-port': claim(['srv.discovery-answers', 'srv.every-target-serves']),
  'dns-no-service': claim(['srv.record-usable']),
  'dns-no-address': claim(['srv.targets-resolve', 'srv.discovery-answers']),
  'plain-http': claim(['tls.plain-http-refused', 'tls.plain-http-port']),
} as const;

/** A fault name of this profile (typos in `faults.has(...)` fail to compile). */
export type PredraftFaultName = keyof typeof TABLE;
export type PredraftFaults = FaultSet<PredraftFaultName>;

export const PREDRAFT_FAULTS = defineFaults('taxii2-predraft', TABLE, PREDRAFT_COVERAGE);
