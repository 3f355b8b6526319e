// The TAXII 2.1 profile's conformant variants: the freedoms the standard leaves that the
// reference mock takes one way (docs/taxii21.md, "Mock freedoms"), each with the sheet's
// words that allow it. The whole taxii21 suite passes under each.
import { defineVariants, type VariantEntry, type VariantSet } from '../variants.js';

const PAGE = 'the server MAY return fewer than the client asked for when its own limit is lower. The server may lower `limit`, never raise it.';
const TOKEN = '`next`: opaque to clients and server-specific (e.g. "a DB auto-id, a scroll id, a cursor id").';
const TIES = 'Order among equal `date_added` values is not specified.';
const ORDER = 'Get Collections MUST return collections in a consistent order across requests. No particular order is required.';
const ROOTS = '`{api-root}`: the API Root\'s base URL, taken from discovery. It may be absolute (`https`) or relative (starting with `/`).';
const ERROR_BODY = '§3.1 makes an error body optional; "an error with no body is a pass".';
const BAD_BODY = 'Invalid JSON, or a body that is not an envelope: 400 and 422 both pass.';
const STATUS = 'A 202 whose status is already `complete` is normal; the pending→complete transition is configurable (A-22).';
const SLASH = 'A-25: only a client MUST ends paths in `/`; "A server may redirect, answer 404 or serve the request".';

const TABLE = {
  'taxii21-page-size-1': {
    description: 'The server\'s page size is 1 (default 5).',
    freedom: PAGE,
    conflicts: ['taxii21-page-size-2', 'taxii21-page-size-1000'],
    skips: { 'headers.date-added-values': 'one record a page: no page has a first and a last record to tell apart' },
  },
  'taxii21-page-size-2': { description: 'The server\'s page size is 2.', freedom: PAGE, conflicts: ['taxii21-page-size-1000'] },
  'taxii21-page-size-1000': { description: 'The server\'s page size is 1000: every collection fits one page.', freedom: PAGE },
  'taxii21-next-offset': { description: '`next` tokens are plain integer offsets (applied to the query they come with).', freedom: TOKEN, conflicts: ['taxii21-next-server-side'] },
  'taxii21-next-server-side': { description: '`next` tokens are random ids the server keeps, each bound to its query.', freedom: TOKEN },
  'taxii21-next-envelope-only': {
    description: '`next` is given on envelopes only, never on manifest or versions (which a client pages with added_after); every seeded date_added is distinct, so that no page boundary falls inside a run of equal ones.',
    freedom: '`next` "MAY be supplied alongside `"more": true`"; "only `envelope` defines a `next` property" (A-11).',
    conflicts: ['taxii21-ties-reversed'],
  },
  'taxii21-date-added-distinct': { description: 'Every seeded object has its own date_added (no run of equal ones).', freedom: TIES, conflicts: ['taxii21-ties-reversed'] },
  'taxii21-ties-reversed': { description: 'Items with equal date_added come in reverse id order.', freedom: TIES },
  'taxii21-collections-reversed': { description: 'Get Collections lists the collections in reverse title order.', freedom: ORDER, conflicts: ['taxii21-collections-by-id'] },
  'taxii21-collections-by-id': { description: 'Get Collections lists the collections by id.', freedom: ORDER },
  'taxii21-roots-absolute': { description: 'Discovery lists the API Roots as absolute https URLs.', freedom: ROOTS },
  'taxii21-roots-other-paths': { description: 'The API Roots live under /taxii2/roots/ (e.g. /taxii2/roots/a/) instead of /taxii2/api1/….', freedom: ROOTS },
  'taxii21-no-default': { description: 'Discovery gives no `default` API Root.', freedom: '`default`: "The API Root a client MAY use by default. … Absent means there is no default."' },
  'taxii21-discovery-authenticated': { description: 'Discovery needs credentials like the API Roots (401 without).', freedom: 'A-27: "The spec does not say whether discovery may be unauthenticated. 200 and 401 both pass."' },
  'taxii21-auth-silent': {
    description: 'A request that fails authentication gets no answer: the connection is closed.',
    freedom: 'Servers MAY **not respond at all** to unauthorized requests (§8.2.2 item 10).',
    conflicts: ['taxii21-auth-404'],
    skips: {
      'auth.without-credentials': 'no answer to a request without credentials: A-06 skips, citing T21-SEC-11',
      'auth.wrong-password': 'no answer to a wrong password: A-06 skips, citing T21-SEC-11',
      'auth.root-endpoints': 'no answer to a request without credentials: A-06 skips, citing T21-SEC-11',
      'auth.challenge': 'no 401 is ever sent, so there is no challenge to check',
      'auth.challenge-writes': 'no 401 is ever sent, so there is no challenge to check',
      'discovery.without-credentials': 'with taxii21-discovery-authenticated, Discovery too gives no answer without credentials: A-06 skips, citing T21-SEC-11',
    },
  },
  'taxii21-auth-404': { description: 'No or wrong credentials on the collection endpoints get 404 instead of 401.', freedom: 'On the collection endpoints (§5.1–§5.8) a failed authentication MUST get **401 or 404**.' },
  'taxii21-denied-404': { description: 'can_read false on the read endpoints and can_write false on Add Objects get 404 instead of 403.', freedom: 'Authenticated, can_read false: manifest, objects, object, versions: 403 or 404; can_write false: add objects: 403 or 404.' },
  'taxii21-list-unusable': { description: 'Get Collections also lists the collection the caller can neither read nor write (both flags false).', freedom: 'A-08: the server may omit them from Get Collections; "The spec does not say whether a collection with both flags false should be listed."' },
  'taxii21-error-no-body': { description: 'Errors have no body (the TAXII Content-Type stays).', freedom: ERROR_BODY, conflicts: ['taxii21-error-minimal'] },
  'taxii21-error-minimal': { description: 'Error bodies carry only `title` (no optional properties).', freedom: ERROR_BODY },
  'taxii21-serve-any-accept': { description: 'An Accept without a TAXII range (*/*, application/json, none) is served TAXII 2.1 instead of 406.', freedom: 'A-02: "The server MAY serve it or MAY answer 406 (T21-EP-07)."' },
  'taxii21-process-json': { description: 'A POST with Content-Type application/json is processed as an envelope instead of 415.', freedom: 'A Content-Type not defined for the endpoint MAY be processed, or MAY get 415.' },
  'taxii21-bad-body-422': { description: 'Invalid JSON gets 422 too (default: 400 for invalid JSON, 422 for a body that is no envelope).', freedom: BAD_BODY, conflicts: ['taxii21-bad-body-400'] },
  'taxii21-bad-body-400': { description: 'A body that is no envelope gets 400 too.', freedom: BAD_BODY },
  'taxii21-custom-property-422': { description: 'A POSTed object with a custom property (x_…) makes the POST 422 (default: ignored, the object stored).', freedom: 'Unknown custom properties in a posted resource: the server MAY refuse with 422 or MAY silently ignore them (§7.1.1).' },
  'taxii21-unsupported-spec-422': { description: 'An object of an unsupported spec version makes the whole POST 422 (default: 202 with it under `failures`).', freedom: 'An unsupported spec version: 422, or 202 with the object under `failures`, both pass.' },
  'taxii21-status-complete-at-once': { description: 'Add Objects answers 202 with a status already `complete`.', freedom: STATUS, conflicts: ['taxii21-status-pending-1s'] },
  'taxii21-status-pending-1s': { description: 'A status stays `pending` for 1 s after the POST (default: for 2 polls).', freedom: STATUS },
  'taxii21-status-counts-only': { description: 'Status resources give the counts only, no `successes`/`failures`/`pendings` lists.', freedom: 'per-object outcomes: counts (required) and optional `successes`, `failures` and `pendings` lists' },
  'taxii21-no-request-timestamp': { description: 'Status resources give no `request_timestamp`.', freedom: '`request_timestamp`: optional, when the monitored request was made.' },
  'taxii21-status-bad-id-400': { description: 'Get Status of an id that is no UUID answers 400 (default 404).', freedom: 'A-42: "404 and 400 both pass."' },
  'taxii21-filtered-out-404': { description: 'Get an Object of a known id whose filters exclude every version answers 404 (default 200 {}).', freedom: 'A-17: "a known id whose filters exclude every version may get 200 with an empty envelope or 404, and both pass"' },
  'taxii21-deleted-404': { description: 'Get Objects with match[id] naming only deleted objects answers 404 (default 200 {}).', freedom: 'A-18: "200 with an empty envelope or 404 both pass"' },
  'taxii21-delete-latest-only': { description: 'DELETE without match[version] deletes the latest version only (default: every version).', freedom: 'A-19: "It could delete every version, or only the latest (the default is `last`)."' },
  'taxii21-unknown-match-400': { description: 'An unknown match[field] answers 400 (default: ignored).', freedom: '"servers MAY ignore fields they don\'t understand" (an allowance, not a duty: refusing is conformant)' },
  'taxii21-other-type-seeded': { description: 'The read-write collection also holds an `x-taxii-conform-widget` object (a type outside STIX 2.1).', freedom: 'Types not defined in STIX 2.1: "other types MAY be served"' },
  'taxii21-alias-404': { description: 'A collection\'s alias in the {id} slot of a path answers 404 (default: served).', freedom: 'A-35: "Nothing requires servers to route aliases"' },
  'taxii21-slash-redirect': { description: 'A path without its trailing / is redirected (301) to the path with it.', freedom: SLASH, conflicts: ['taxii21-slash-serve'] },
  'taxii21-slash-serve': { description: 'A path without its trailing / is served as if it had it.', freedom: SLASH },
  'taxii21-lowercase-headers': {
    description: 'Response header names the server writes in lower case, in another order (Content-Type first, the others reversed), on every answer (errors and empty answers too); those node\'s HTTP layer adds (Date, Connection) keep their spelling.',
    freedom: '§3.2: "HTTP header names are case-insensitive"; TAXII 2.1 is a RESTful API over HTTPS (§1.6): the order of header fields is not significant (RFC 7230 3.2.2).',
  },
  'taxii21-chunked-bodies': {
    description: 'Every response body (errors too) is sent with Transfer-Encoding: chunked, in 1 KiB chunks, without Content-Length.',
    freedom: 'TAXII 2.1 is a RESTful API over HTTPS (§1.6): chunked transfer coding is HTTP/1.1\'s own (RFC 7230 4.1), a sender\'s choice every recipient must read.',
  },
  'taxii21-no-media-types': { description: 'The read-only collection omits `media_types`, and its manifest records omit `media_type`.', freedom: '`media_types` absent means `["application/stix+json"]`; a record\'s `media_type` is optional.' },
  'taxii21-custom-properties': { description: 'Every TAXII resource carries a custom property `x_taxii_conform_note`.', freedom: 'Custom properties (§7.1.1) may appear on any resource.' },
  'taxii21-empty-last-page': { description: 'A walk ends with one empty page: the page holding the last item still says `more: true` (with `next`), and the page after it is {}.', freedom: 'A `"more": true` page may be followed by an empty page, when objects were deleted in between (§3.5).' },
  'taxii21-delete-everywhere': { description: 'DELETE removes the object from every collection of the API Root, not only the one named.', freedom: 'other collections holding the same object MAY also stop returning it' },
  'taxii21-object-match-400': { description: 'match[id] or match[type] on Get an Object or DELETE answers 400 (default: ignored).', freedom: 'A-16: `match[id]` or `match[type]` on these endpoints "may be ignored or answered 400 (I)"' },
  'taxii21-root-params-400': { description: 'Query parameters on Discovery, API Root, Status, Get Collections and Get a Collection answer 400 (default: ignored).', freedom: 'A-37: "None are defined, and no 400 is listed. Ignoring them is expected; 400 is I."' },
  'taxii21-basic-only': { description: 'The second API Root takes HTTP Basic only (no bearer tokens, no token/ URL).', freedom: 'Each API Root MUST have a unique URL and MAY use its own authentication (§4.2).' },
  'taxii21-ecdsa-certificate': {
    description: 'The server certificate has an ECDSA P-256 key (TLS 1.2 with ECDHE-ECDSA suites): no RSA certificate.',
    freedom: '§8.2.2 asks for TLS 1.2 and 1.3 and names no certificate key type: the pre-draft\'s ECDHE_RSA suite is not 2.1\'s (T21-SEC-02, A-30).',
  },
  'taxii21-client-certificates': {
    description: 'The server asks every client for a certificate (optional), verifies it by PKIX against the mock\'s own client CA, and authenticates a verified one as the user its CN names; a client without one, or with one that fails, authenticates as before (Basic, Bearer).',
    freedom: 'T21-CERT-01: "The server may verify client certificates and use them for authentication"; T21-CERT-02: "If it does, PKIX is the default policy."',
  },
  'taxii21-plain-http-redirect': {
    description: 'Plain HTTP on the TLS port answers 308 Permanent Redirect to the same path over https (no TAXII in the clear).',
    freedom: 'A-29: nothing requires a server to refuse plain HTTP; "a redirect to `https` passes" (T21-SEC-01).',
  },
  'taxii21-roots-other-origin': {
    description: 'The API Roots are served on another origin (another port of the same host): Discovery lists them as absolute https URLs there (a client sends its credentials there only when allowed: `run --allow-origin`).',
    freedom: ROOTS + ' Each API Root MUST have a unique URL (§4.2); nothing ties it to the Discovery server\'s origin.',
    conflicts: ['taxii21-roots-absolute'],
  },
  'taxii21-roots-per-user': { description: 'Discovery lists only the API Roots the caller may use (anonymous: the public one).', freedom: '`api_roots`: "the list MAY be filtered per client"' },
} as const satisfies Record<string, VariantEntry>;

/** A variant name of this profile (typos in `variants.has(...)` fail to compile). */
export type Taxii21VariantName = keyof typeof TABLE;
export type Taxii21Variants = VariantSet<Taxii21VariantName>;

export const TAXII21_VARIANTS = defineVariants('taxii21', TABLE);

/** The page size a variant sets, if one does. */
const PAGE_SIZES: Partial<Record<Taxii21VariantName, number>> = { 'taxii21-page-size-1': 1, 'taxii21-page-size-2': 2, 'taxii21-page-size-1000': 1000 };

/** The server's page size: a page-size variant's, else the mock's page size option (`mock --page-size`), else 5. */
export function pageSizeOf(v: Taxii21Variants, option?: number): number {
  const set = Object.entries(PAGE_SIZES).find(([name]) => v.has(name as Taxii21VariantName));
  return set ? (set[1] as number) : (option ?? 5);
}

/** How long a status stays pending: the pending variant's 1 s, else the mock's option (`mock --status-pending-ms`); undefined: two polls. */
export function statusPendingMsOf(v: Taxii21Variants, option?: number): number | undefined {
  return v.has('taxii21-status-pending-1s') ? 1000 : option;
}
