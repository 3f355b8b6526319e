// The TAXII 2.1 URL table (the facts sheet's §2.1: 11 endpoints on 9 URLs, §4 and §5 of the
// standard) and the requirements of the 2.1 catalog that govern more than one of them, each
// scope taken from its statement's words: docs/coverage-matrix.md is generated from this and
// the cases, and a test fails when a governed cell has no case and no reason here.
import type { CoverageSpec } from '../core/coverage.js';

const NAME = '[^/?]+';
const QUERY = '(\\?.*)?';
const ROOT = '{api-root}';
const D = '/taxii2/';
const A = `${ROOT}/`;
const STATUS = `${ROOT}/status/{status-id}/`;
const COLLECTIONS = `${ROOT}/collections/`;
const COLLECTION = `${ROOT}/collections/{id}/`;
const MANIFEST = `${ROOT}/collections/{id}/manifest/`;
const OBJECTS = `${ROOT}/collections/{id}/objects/`;
const OBJECT = `${ROOT}/collections/{id}/objects/{object-id}/`;
const VERSIONS = `${ROOT}/collections/{id}/objects/{object-id}/versions/`;

const get = (u: string): string => `GET ${u}`;
const post = (u: string): string => `POST ${u}`;
const del = (u: string): string => `DELETE ${u}`;

/** Every endpoint of the table, in its order. */
const ALL = [get(D), get(A), get(STATUS), get(COLLECTIONS), get(COLLECTION), get(MANIFEST), get(OBJECTS), post(OBJECTS), get(OBJECT), del(OBJECT), get(VERSIONS)];
/** The four GETs that answer pages of a collection's content (§3.2, §3.4: manifest, objects, an object, versions). */
const PAGED = [get(MANIFEST), get(OBJECTS), get(OBJECT), get(VERSIONS)];
/** The endpoints whose tables list URL query parameters (§5.3–§5.8; endpoints 1–5 take none, A-37). */
const FILTERED = [get(MANIFEST), get(OBJECTS), get(OBJECT), del(OBJECT), get(VERSIONS)];

// An API Root is the run's, the empty one setup found, or one the run names under Discovery (`{discovery}<name>/`: one that cannot exist).
const ROOTS = `(\\{apiRoot\\}|\\{emptyApiRoot\\}|\\{discovery\\}${NAME}/)`;

export const TAXII21_COVERAGE: CoverageSpec = {
  urlKinds: [
    { id: 'get-discovery', name: get(D), method: 'GET', url: `^\\{discovery\\}${QUERY}$` },
    { id: 'get-api-root', name: get(A), method: 'GET', url: `^${ROOTS}${QUERY}$` },
    { id: 'get-status', name: get(STATUS), method: 'GET', url: `^${ROOTS}status/${NAME}/${QUERY}$` },
    { id: 'get-collections', name: get(COLLECTIONS), method: 'GET', url: `^${ROOTS}collections/${QUERY}$` },
    { id: 'get-collection', name: get(COLLECTION), method: 'GET', url: `^${ROOTS}collections/${NAME}/${QUERY}$` },
    { id: 'get-manifest', name: get(MANIFEST), method: 'GET', url: `^${ROOTS}collections/${NAME}/manifest/${QUERY}$` },
    { id: 'get-objects', name: get(OBJECTS), method: 'GET', url: `^${ROOTS}collections/${NAME}/objects/${QUERY}$` },
    { id: 'post-objects', name: post(OBJECTS), method: 'POST', url: `^${ROOTS}collections/${NAME}/objects/${QUERY}$` },
    { id: 'get-object', name: get(OBJECT), method: 'GET', url: `^${ROOTS}collections/${NAME}/objects/${NAME}/${QUERY}$` },
    { id: 'delete-object', name: del(OBJECT), method: 'DELETE', url: `^${ROOTS}collections/${NAME}/objects/${NAME}/${QUERY}$` },
    { id: 'get-versions', name: get(VERSIONS), method: 'GET', url: `^${ROOTS}collections/${NAME}/objects/${NAME}/versions/${QUERY}$` },
  ],
  governs: [
    { requirement: 'T21-EP-03', what: "every response's Content-Type is application/taxii+json with version=2.1 (every endpoint, errors included)", urls: ALL, reasons: {} },
    { requirement: 'T21-EP-05', what: 'an Accept naming the TAXII 2.1 type (in any RFC 7231 spelling) is never answered 406 (every endpoint)', urls: ALL, reasons: {} },
    { requirement: 'T21-SEC-12', what: 'a 401 carries WWW-Authenticate with a challenge (every endpoint: RFC 7235 §3.1)', urls: ALL, reasons: {} },
    { requirement: 'T21-HDR-01', what: 'a 2xx carries X-TAXII-Date-Added-First (manifest, objects, an object, versions)', urls: PAGED, reasons: {} },
    { requirement: 'T21-HDR-02', what: 'a 2xx carries X-TAXII-Date-Added-Last (manifest, objects, an object, versions)', urls: PAGED, reasons: {} },
    { requirement: 'T21-HDR-03', what: 'both X-TAXII-Date-Added values are TAXII timestamps (manifest, objects, an object, versions)', urls: PAGED, reasons: {} },
    { requirement: 'T21-FLT-01', what: 'a malformed query parameter gets 400 (every endpoint taking parameters)', urls: FILTERED, reasons: {} },
    { requirement: 'T21-FLT-03', what: 'added_after keeps what was added strictly after it (every endpoint listing added_after)', urls: PAGED, reasons: { [get(OBJECTS)]: 'A-41: objects carry no date_added, so which were added strictly after the value can be told only through the manifest under the same filters; filtering.added-after checks it there', [get(OBJECT)]: 'A-41: the versions of an object carry no date_added, so which were added strictly after the value can be told only through the manifest under the same filters; filtering.added-after checks it there', [get(VERSIONS)]: 'A-41: version strings carry no date_added, so which were added strictly after the value can be told only through the manifest under the same filters; filtering.added-after checks it there' } },
    { requirement: 'T21-FLT-04', what: 'a page holds no more items than limit (every endpoint listing limit)', urls: PAGED, reasons: {} },
    { requirement: 'T21-FLT-07', what: 'more is true while matching items remain (every endpoint listing limit)', urls: PAGED, reasons: {} },
    { requirement: 'T21-PAG-01', what: 'the original query plus next returns the following page (every endpoint listing next)', urls: PAGED, reasons: {} },
    { requirement: 'T21-SORT-01', what: 'items come in ascending date-added order (object and manifest endpoints)', urls: [get(MANIFEST), get(OBJECTS), get(OBJECT), get(VERSIONS)], reasons: { [get(OBJECTS)]: 'A-41: objects carry no date_added, so their order can be told only by correlating each with its manifest record under the same filters, which holds only while the collection does not change; pagination.sorted and pagination.follow-added-after check the order on the manifest', [get(OBJECT)]: 'A-41: objects carry no date_added, so their order can be told only by correlating each with its manifest record under the same filters, which holds only while the collection does not change; pagination.sorted and pagination.follow-added-after check the order on the manifest', [get(VERSIONS)]: 'A-33: whether the statement\'s "object endpoints" take in the Versions list is not stated (its order is not stated at all); versions.get checks it ascending at SHOULD under T21-VER-06' } },
    { requirement: 'T21-FLT-12', what: 'with match[spec_version], no object of an unlisted spec version (every endpoint listing it)', urls: FILTERED, reasons: { [get(MANIFEST)]: 'a manifest record names no spec version (id, date_added, version; media_type is optional, A-32), so which spec version a record describes cannot be seen', [del(OBJECT)]: 'not yet checked: needs an object the run posts in spec_version 2.0 and 2.1, a DELETE with match[spec_version] of one, and a read of the other (A-16 makes the parameter listed there); delete.one-version checks match[version] on DELETE' } },
    { requirement: 'T21-FLT-13', what: 'without match[spec_version], only the latest spec version of each object (every GET listing it)', urls: PAGED, reasons: { [get(MANIFEST)]: 'a manifest record names no spec version (id, date_added, version; media_type is optional, A-32), so which spec version a record describes cannot be seen', [get(VERSIONS)]: 'a version string names no spec version, so whether only the latest spec version was listed cannot be seen' } },
    { requirement: 'T21-FLT-14', what: 'with match[type], only the listed types (manifest and objects)', urls: [get(MANIFEST), get(OBJECTS)], reasons: {} },
    { requirement: 'T21-FLT-15', what: 'a match[type] naming a STIX 2.1 type never errors as invalid (manifest and objects)', urls: [get(MANIFEST), get(OBJECTS)], reasons: {} },
    { requirement: 'T21-FLT-17', what: 'without match[version], only the latest version of each object (object and manifest endpoints)', urls: [get(MANIFEST), get(OBJECTS), get(OBJECT)], reasons: {} },
    { requirement: 'T21-ENV-01', what: 'STIX content is wrapped in an envelope (objects and an object)', urls: [get(OBJECTS), get(OBJECT)], reasons: {} },
  ],
};
