// The TAXII 2.1 profile's faults: each names the planned cases of the taxii21 suite it breaks
// (docs/taxii21.md, "Areas and cases to build"). Most are the nearest wrong implementation of
// one rule (an off-by-one limit, `next` ignored, filters ANDed within a field, added_after
// inclusive, 403 and 404 swapped, a status never final...). The host's TLS, DNS and
// plain-HTTP faults that break its tls and srv cases are claimed here too (a host fault may
// break the cases of several profiles, each claiming it), with those only 2.1's TLS cases
// need (TLS 1.2 or 1.3 missing, RFC 7540 blacklisted suites accepted).
import { claim, defineFaults, type FaultSet } from '../faults.js';

const TABLE = {
  // discovery and API Roots
  'taxii21-discovery-no-title': { description: 'The discovery resource has no `title` (a required property).', breaks: ['discovery.get', 'resources.schemas'] },
  'taxii21-default-not-listed': { description: 'Discovery\'s `default` names an API Root that is not among `api_roots`.', breaks: ['discovery.default-listed'] },
  'taxii21-api-roots-http': { description: 'Discovery lists its API Roots as absolute http:// URLs.', breaks: ['discovery.api-root-urls'] },
  'taxii21-discovery-anonymous-400': { description: 'Discovery without an Authorization header answers 400 (a header it requires).', breaks: ['discovery.without-credentials'] },
  'taxii21-api-root-no-21': { description: 'The api-root resource lists only application/taxii+json;version=2.0 in `versions`.', breaks: ['api-root.get'] },
  'taxii21-api-roots-path-relative': { description: 'Discovery lists its API Roots (and `default`) relative to the Discovery URL without a leading / (api1/ for /taxii2/api1/).', breaks: ['discovery.api-root-urls'] },
  'taxii21-api-roots-malformed': { description: 'Discovery lists its API Roots (and `default`) as an unfilled template (https://{host}/taxii2/api1/): no URL at all.', breaks: ['discovery.api-root-urls'] },
  'taxii21-api-roots-duplicate': { description: 'Discovery lists the first API Root twice: relative, and again as an absolute URL.', breaks: ['api-root.unique-urls'] },
  'taxii21-unknown-root-200': { description: 'A GET of any path under /taxii2/ that is no API Root answers 200 with an api-root resource.', breaks: ['api-root.unknown'] },
  // collections
  'taxii21-quoted-booleans': { description: '`can_read` and `can_write` are the strings "true"/"false".', breaks: ['collections.list', 'resources.schemas'] },
  'taxii21-collections-unstable-order': { description: 'Get Collections lists the collections in another order on every request.', breaks: ['collections.order-stable'] },
  'taxii21-empty-collections-list': { description: 'An API Root without collections answers {"collections": []} instead of omitting the key.', breaks: ['collections.empty-root'] },
  'taxii21-collection-flags-differ': { description: 'Get a Collection answers `can_write` the other way round from the listing.', breaks: ['collections.get-each'] },
  'taxii21-unknown-collection-200': { description: 'Get a Collection of an unknown id answers 200 with a collection of that id.', breaks: ['collections.unknown-id'] },
  'taxii21-alias-duplicate': { description: 'Two collections of the main API Root share the alias `indicators`.', breaks: ['collections.alias-unique'] },
  // objects
  'taxii21-bundle-not-envelope': { description: 'Objects come in a STIX bundle ({"type": "bundle", "id", "objects"}) instead of an envelope.', breaks: ['objects.get', 'objects.get-one', 'resources.schemas'] },
  'taxii21-nothing-matches-404': { description: 'Get Objects where nothing matches answers 404 instead of 200 with an empty envelope.', breaks: ['objects.nothing-matches', 'filtering.stix-type-absent'] },
  'taxii21-get-one-ignores-id': { description: 'Get an Object answers the latest version of every object of the collection.', breaks: ['objects.get-one'] },
  'taxii21-get-one-latest-only': { description: 'Get an Object ignores match[version]: only the latest version comes back.', breaks: ['objects.get-one-all-versions'] },
  'taxii21-unknown-object-empty': { description: 'Get an Object and Get Object Versions of an unknown id answer 200 with an empty resource instead of 404.', breaks: ['objects.get-one-unknown', 'versions.unknown-object'] },
  // filtering
  'taxii21-spec-version-ignored': { description: 'match[spec_version] is ignored everywhere (the default, latest spec version, still applies).', breaks: ['filtering.spec-version', 'objects.get-one-filtered-out', 'versions.nothing'] },
  'taxii21-every-spec-version': { description: 'Without match[spec_version], every spec version of an object is returned, not only the latest.', breaks: ['filtering.spec-version-default'] },
  'taxii21-malformed-params-ignored': { description: 'Malformed limit, added_after and match[version] values are ignored (served as if absent) instead of 400.', breaks: ['filtering.malformed', 'filtering.malformed-delete'] },
  'taxii21-repeated-params-accepted': { description: 'A repeated parameter, a repeated value or `all` with another version is accepted (the first occurrence counts) instead of 400.', breaks: ['filtering.repeated'] },
  'taxii21-added-after-inclusive': { description: 'added_after keeps versions added at that very instant too (>= instead of >).', breaks: ['filtering.added-after'] },
  'taxii21-added-after-on-modified': { description: 'added_after compares with the object\'s `modified` (its version) instead of the date it was added.', breaks: ['filtering.added-after'] },
  'taxii21-match-and-within': { description: 'Comma-separated values within one match field are ANDed instead of ORed.', breaks: ['filtering.match-id', 'filtering.match-type'] },
  'taxii21-match-or-across': { description: 'Different match fields are ORed instead of ANDed.', breaks: ['filtering.match-and'] },
  'taxii21-unknown-type-400': { description: 'match[type] naming a type the collection does not hold answers 400 ("invalid type").', breaks: ['filtering.stix-type-absent'] },
  'taxii21-all-versions-by-default': { description: 'Without match[version], every version of each object is returned instead of the latest.', breaks: ['filtering.version-default'] },
  'taxii21-first-last-swapped': { description: 'match[version]=first selects the latest version and last the earliest.', breaks: ['filtering.version-keywords'] },
  'taxii21-version-one-value-only': { description: 'Of several match[version] values only the first is used.', breaks: ['filtering.version-several'] },
  'taxii21-version-exact-ignored': { description: 'An exact match[version] timestamp is ignored (the latest version comes back).', breaks: ['filtering.version-exact'] },
  'taxii21-first-last-twice': { description: 'match[version]=first,last returns a single-version object twice.', breaks: ['filtering.version-first-last-once'] },
  'taxii21-unversioned-on-date-added': { description: 'An object without `modified` (a marking-definition) gets its date_added as its version instead of `created`.', breaks: ['filtering.unversioned', 'versions.unversioned', 'manifest.versions-agree'] },
  // pagination
  'taxii21-newest-first': { description: 'Objects, manifest records and versions come newest first (descending date_added).', breaks: ['pagination.oldest-first', 'pagination.sorted', 'pagination.follow-next'] },
  'taxii21-limit-off-by-one': { description: 'A page holds one item more than `limit` (and than the server\'s page size).', breaks: ['pagination.limit'] },
  'taxii21-more-missing': { description: '`more` is never sent, even when items remain (`next` still is).', breaks: ['pagination.all-fit', 'pagination.more'] },
  'taxii21-next-ignored': { description: '`next` is ignored: every request answers the first page again.', breaks: ['pagination.follow-next'] },
  'taxii21-object-more-missing': { description: 'Get an Object and Get Object Versions never send `more`, even when versions remain (`next` still is); the manifest and Get Objects page right.', breaks: ['pagination.more-object-endpoints'] },
  'taxii21-object-next-ignored': { description: 'Get an Object and Get Object Versions ignore `next`: every request answers the first page again; the manifest and Get Objects page right.', breaks: ['pagination.follow-next-object-endpoints'] },
  'taxii21-no-next': { description: 'Pages say `more: true` without `next`, and X-TAXII-Date-Added-Last is the date of the page\'s second-to-last item.', breaks: ['pagination.follow-added-after', 'headers.date-added-values'] },
  'taxii21-more-forever': { description: 'After the last item, pages keep saying `more: true` (with `next`) on empty pages.', breaks: ['pagination.empty-follow-up'] },
  'taxii21-next-trusted': { description: 'A `next` token is taken at its word: replayed with another filter, collection or credential, it serves the page of the query it was issued for.', breaks: ['pagination.next-replayed'] },
  // manifest and versions
  'taxii21-manifest-wrong-media-type': { description: 'Manifest records give `media_type` application/stix+json;version=2.0, which the collection does not list.', breaks: ['manifest.get'] },
  'taxii21-empty-lists': { description: 'Empty results carry empty lists (`objects: []`, `versions: []`, `collections: []`) instead of omitting the key.', breaks: ['manifest.empty', 'versions.nothing', 'objects.nothing-matches'] },
  'taxii21-manifest-latest-only': { description: 'The manifest ignores match[version]: one record per object (its latest version).', breaks: ['manifest.per-version'] },
  'taxii21-manifest-filters-ignored': { description: 'The manifest ignores match[type] and match[id].', breaks: ['manifest.filters'] },
  'taxii21-manifest-version-created': { description: 'Manifest records give the object\'s `created` as `version` instead of `modified`.', breaks: ['manifest.versions-agree'] },
  'taxii21-versions-missing-first': { description: 'Get Object Versions leaves out the earliest version.', breaks: ['versions.get'] },
  // add objects and status
  'taxii21-post-200': { description: 'Add Objects answers 200 instead of 202.', breaks: ['add-objects.post'] },
  'taxii21-content-type-exact': { description: 'A POST is refused with 415 unless its Content-Type is exactly application/taxii+json;version=2.1 (a space, other case or quotes are refused).', breaks: ['add-objects.content-type-spellings'] },
  'taxii21-max-content-kib': { description: 'max_content_length is enforced in the wrong unit: bodies over a 4096th of it (256 octets) get 413.', breaks: ['add-objects.small-body'] },
  'taxii21-no-413': { description: 'Bodies larger than max_content_length are accepted (202).', breaks: ['add-objects.too-large'] },
  'taxii21-duplicate-failure': { description: 'Re-posting an object already stored reports it under `failures` ("already exists").', breaks: ['add-objects.duplicate'] },
  'taxii21-malformed-202': { description: 'A body that is not JSON or not an envelope is answered 202 with a status counting 0 objects.', breaks: ['add-objects.malformed'] },
  'taxii21-any-spec-version-stored': { description: 'An object of spec_version 9.9 is stored and reported as a success.', breaks: ['add-objects.unsupported-spec-version'] },
  'taxii21-status-counts-strings': { description: 'The status counts are strings ("1") instead of integers.', breaks: ['status.get'] },
  'taxii21-status-never-final': { description: 'A status stays `pending` however often it is polled.', breaks: ['status.until-final'] },
  'taxii21-status-forgotten': { description: 'A status is forgotten (404) once it has been read as `complete`.', breaks: ['status.retained'] },
  'taxii21-unknown-status-200': { description: 'Get Status of an unknown id answers 200 with a complete, empty status.', breaks: ['status.unknown'] },
  // delete
  'taxii21-delete-204': { description: 'DELETE answers 204 with no Content-Type instead of 200 with the TAXII media type.', breaks: ['delete.object'] },
  'taxii21-delete-ignored': { description: 'DELETE answers 200 but the object stays.', breaks: ['delete.gone'] },
  'taxii21-delete-every-version': { description: 'DELETE ignores match[version]: every version of the object goes.', breaks: ['delete.one-version'] },
  'taxii21-delete-unknown-200': { description: 'DELETE of an unknown object answers 200.', breaks: ['delete.unknown'] },
  'taxii21-delete-403-for-404': { description: 'DELETE on a collection the caller can neither read nor write answers 403 instead of 404 (and Get Collections lists that collection, so that a client finds it).', breaks: ['auth.delete-none'] },
  'taxii21-delete-404-for-403': { description: 'DELETE on a collection the caller can only read, or only write, answers 404 instead of 403.', breaks: ['auth.delete-read-only', 'auth.delete-write-only'] },
  // errors, media types, headers
  'taxii21-error-no-title': { description: 'Error bodies have no `title` (the error resource\'s one required property).', breaks: ['errors.body'] },
  'taxii21-http-status-integer': { description: 'Error bodies give `http_status` as an integer, and one that is not the response\'s status (always 400).', breaks: ['errors.http-status', 'errors.body'] },
  'taxii21-wrong-media-type': { description: 'Every response has Content-Type application/json instead of application/taxii+json;version=2.1: no TAXII message at all.', breaks: ['discovery.get', 'api-root.get', 'objects.get', 'manifest.get', 'media-types.content-type'] },
  'taxii21-no-version-parameter': { description: 'Every response has Content-Type application/taxii+json without the version parameter.', breaks: ['media-types.content-type', 'discovery.get', 'status.get', 'add-objects.post', 'objects.get-one', 'delete.object', 'versions.get'] },
  'taxii21-bare-accept-406': { description: 'Accept: application/taxii+json (no version) gets 406.', breaks: ['media-types.bare-accept'] },
  'taxii21-accept-exact': { description: 'Only Accept: application/taxii+json;version=2.1 written exactly so is served; a space, other case or quotes get 406.', breaks: ['media-types.spellings', 'media-types.bare-accept', 'media-types.accept-every-endpoint', 'media-types.accept-writes'] },
  'taxii21-accept-q-refused': { description: 'An Accept range carrying a q-value is not recognised as TAXII (406 to q-weighted lists).', breaks: ['media-types.q-values'] },
  'taxii21-no-date-added-headers': { description: 'The X-TAXII-Date-Added-First and -Last headers are never sent.', breaks: ['headers.date-added'] },
  'taxii21-date-added-millis': { description: 'TAXII timestamps (date_added, request_timestamp, the X-TAXII-Date-Added headers) have three fractional digits instead of six.', breaks: ['headers.date-added', 'resources.timestamps'] },
  'taxii21-user-agent-required': { description: 'A request without User-Agent is refused with 400.', breaks: ['headers.no-user-agent'] },
  'taxii21-bad-custom-property': { description: 'Every resource carries a property named `X-Mock` (capitals and a hyphen: no valid custom property name).', breaks: ['resources.custom-properties', 'resources.schemas'] },
  // authentication and permissions
  'taxii21-auth-failure-403': { description: 'No or wrong credentials on the collection endpoints get 403 instead of 401 or 404.', breaks: ['auth.without-credentials', 'auth.wrong-password'] },
  'taxii21-wrong-password-accepted': { description: 'A known user with any password is served.', breaks: ['auth.wrong-password'] },
  'taxii21-api-root-anonymous': { description: 'API Root information and Get Status are served without credentials on every API Root.', breaks: ['auth.root-endpoints'] },
  'taxii21-no-www-authenticate': { description: 'A 401 carries no WWW-Authenticate header.', breaks: ['auth.challenge', 'auth.challenge-writes'] },
  'taxii21-no-basic': { description: 'HTTP Basic is not offered: 401s challenge Bearer only and Basic credentials are refused.', breaks: ['auth.basic'] },
  'taxii21-read-not-checked': { description: 'can_read false is not enforced: the write-only collection serves its manifest, objects and versions.', breaks: ['auth.read-denied'] },
  'taxii21-write-not-checked': { description: 'can_write false is not enforced: the read-only collection accepts POSTs (202).', breaks: ['auth.write-denied'] },
  'taxii21-client-certificate-any': {
    description: 'The server asks for client certificates and takes any one presented, whoever issued it, as the main user (no PKIX check).',
    breaks: ['tls.client-certificate'],
  },
  // The host's faults: TLS, plain HTTP, DNS.
  'tls-no-tls12': claim(['tls.tls12-accepted']),
  'tls-no-tls13': claim(['tls.tls13-accepted']),
  'tls-blacklisted-suites': claim(['tls.blacklist-refused']),
  'plain-http': claim(['tls.plain-http']),
  'dns-no-record': claim(['srv.records']),
  'dns-dead-port': claim(['srv.discovery-reachable']),
} as const;

/** A fault name of this profile (typos in `faults.has(...)` fail to compile). */
export type Taxii21FaultName = keyof typeof TABLE;
export type Taxii21Faults = FaultSet<Taxii21FaultName>;

export const TAXII21_FAULTS = defineFaults('taxii21', TABLE);
