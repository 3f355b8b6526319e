// The JSON Schemas of the taxii21 profile (schemas/taxii21/): every TAXII 2.1 resource of the
// facts sheet's §3 and the STIX content TAXII carries, loaded by the shared validator
// (loadSchemaSet('taxii21')), each with valid and invalid instances, the sheet's own examples
// where it has them, and json-schema-faker generating valid seed content from a fixed seed.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateSync } from 'json-schema-faker';
import { GENERATION_OPTIONS, loadSchemaSet, schemasDir, type JsonSchemaDoc } from '../../schemas/validator.js';
import type { ProfileId } from '../../suites/core/types.js';
import { compileStandalone, hasExternalRef } from '../helpers/bundled-schema.js';

// The registry's ProfileId learns 'taxii21' when the profile is wired in; the folder loads now.
const PROFILE = 'taxii21' as ProfileId;
const set = loadSchemaSet(PROFILE);

const RESOURCES = ['api-root', 'collection', 'collections', 'discovery', 'envelope', 'error', 'manifest', 'manifest-record', 'status', 'versions'];
const STIX_KINDS = ['stix-identity', 'stix-indicator', 'stix-ipv4-addr', 'stix-malware', 'stix-marking-definition', 'stix-relationship', 'stix20-indicator'];
const STIX = ['stix-object', 'stix-seed', ...STIX_KINDS];
const ALL = [...RESOURCES, ...STIX].sort();
const MAX_INT = 9007199254740991;

const TS = '2016-11-02T12:34:34.123456Z';
const UUID = '2d086da7-4bdc-4f91-900e-d77486753710';
const UUID2 = '91a7b528-80eb-42ed-a74d-c6fbd5a26116';
const TAXII21 = 'application/taxii+json;version=2.1';

const indicator = {
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created_by_ref: 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
  created: '2016-04-06T20:03:48.000Z',
  modified: '2016-04-06T20:03:48.000Z',
  indicator_types: ['malicious-activity'],
  name: 'Poison Ivy Malware',
  description: 'This file is part of Poison Ivy',
  pattern: "[file:hashes.'SHA-256' = 'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c']",
  pattern_type: 'stix',
  valid_from: '2016-01-01T00:00:00Z',
};
const malware = {
  type: 'malware',
  spec_version: '2.1',
  id: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b',
  created: '2016-04-06T20:07:09.000Z',
  modified: '2016-04-06T20:07:09.000Z',
  name: 'Poison Ivy',
  is_family: true,
  malware_types: ['remote-access-trojan'],
};
const identity = {
  type: 'identity',
  spec_version: '2.1',
  id: 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
  created: '2016-04-06T20:03:00.000Z',
  modified: '2016-04-06T20:03:00.000Z',
  name: 'ACME Widget, Inc.',
  identity_class: 'organization',
  sectors: ['technology'],
};
const relationship = {
  type: 'relationship',
  spec_version: '2.1',
  id: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad',
  created: '2016-04-06T20:06:37.000Z',
  modified: '2016-04-06T20:06:37.000Z',
  relationship_type: 'indicates',
  source_ref: indicator.id,
  target_ref: malware.id,
};
const marking = {
  type: 'marking-definition',
  spec_version: '2.1',
  id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  created: '2017-01-20T00:00:00.000Z',
  definition_type: 'statement',
  definition: { statement: 'Copyright 2019, Example Corp' },
};
const ipv4 = {
  type: 'ipv4-addr',
  spec_version: '2.1',
  id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd',
  value: '198.51.100.3',
};
const indicator20 = {
  type: 'indicator',
  id: indicator.id,
  created: '2016-04-06T20:03:48.000Z',
  modified: '2016-04-06T20:03:48.000Z',
  labels: ['malicious-activity'],
  pattern: indicator.pattern,
  valid_from: '2016-01-01T00:00:00Z',
};
const collection = {
  id: UUID,
  title: 'High Value Indicator Collection',
  description: 'This data collection is for collecting high value IOCs',
  alias: 'high-value-indicators',
  can_read: true,
  can_write: false,
  media_types: ['application/stix+json;version=2.1'],
};
const statusDetails = { id: indicator.id, version: indicator.modified, message: 'stored' };

/** A hand-written valid instance of every schema, with every declared property where sensible. */
const VALID: Record<string, unknown> = {
  discovery: {
    title: 'Some TAXII Server',
    description: 'This TAXII Server contains a listing of',
    contact: 'string containing contact information',
    default: 'https://example.com/api2/',
    api_roots: ['https://example.com/api1/', 'https://example.com/api2/', 'https://net.example.org/api3/'],
  },
  'api-root': {
    title: 'Malware Research Group',
    description: 'A trust group setup for malware researchers',
    versions: [TAXII21],
    max_content_length: 104857600,
  },
  status: {
    id: UUID,
    status: 'complete',
    request_timestamp: TS,
    total_count: 4,
    success_count: 1,
    successes: [statusDetails],
    failure_count: 1,
    failures: [{ id: malware.id, version: malware.modified, message: 'Unable to process object' }],
    pending_count: 2,
    pendings: [{ id: identity.id, version: identity.modified }, { id: ipv4.id, version: 'v1' }],
  },
  collection,
  collections: { collections: [collection, { id: UUID2, title: 'Write only', can_read: false, can_write: true }] },
  'manifest-record': { id: indicator.id, date_added: TS, version: indicator.modified, media_type: 'application/stix+json;version=2.1' },
  manifest: {
    more: true,
    objects: [
      { id: indicator.id, date_added: TS, version: indicator.modified, media_type: 'application/stix+json;version=2.1' },
      { id: malware.id, date_added: '2016-11-02T12:34:34.123457Z', version: malware.modified },
    ],
  },
  envelope: { more: true, next: 'c2Nyb2xsLWlkLTE', objects: [indicator, malware, identity, relationship, marking, ipv4, indicator20] },
  versions: { more: false, versions: ['2016-01-01T01:01:01.000Z', '2016-03-01T01:01:01.000Z'] },
  error: {
    title: 'Error condition XYZ',
    description: 'This error is caused when the application tries to access data...',
    error_id: '1234',
    error_code: '581234',
    http_status: '409',
    external_details: 'http://example.com/ticketnumber1/errorid-1234',
    details: { somekey1: 'somevalue', somekey2: 'some other value' },
  },
  'stix-object': indicator,
  'stix-seed': malware,
  'stix-indicator': indicator,
  'stix-malware': malware,
  'stix-identity': identity,
  'stix-relationship': relationship,
  'stix-marking-definition': marking,
  'stix-ipv4-addr': ipv4,
  'stix20-indicator': indicator20,
};

/** The least each resource may be: required properties only (empty wrappers included). */
const MINIMAL: Record<string, unknown> = {
  discovery: { title: 'x' },
  'api-root': { title: 'x', versions: [TAXII21], max_content_length: 1 },
  status: { id: UUID, status: 'pending', total_count: 0, success_count: 0, failure_count: 0, pending_count: 0 },
  collection: { id: UUID, title: 'x', can_read: false, can_write: false },
  collections: {},
  'manifest-record': { id: 'not-stix', date_added: TS, version: 'v' },
  manifest: {},
  envelope: {},
  versions: {},
  error: { title: 'x' },
  'stix-object': { type: 'x-custom', id: 'x-custom--00000000-0000-0000-0000-000000000000' },
};

const without = (o: unknown, key: string): Record<string, unknown> => {
  const { [key]: _, ...rest } = o as Record<string, unknown>;
  return rest;
};
const withProp = (o: unknown, patch: Record<string, unknown>): Record<string, unknown> => ({ ...(o as object), ...patch });

/** Invalid instances: [schema, why, data, a fragment the error list must contain]. */
const INVALID: Array<[string, string, unknown, string]> = [
  // discovery (§4.1.1)
  ['discovery', 'no title', { api_roots: ['/api1/'] }, "must have required property 'title'"],
  ['discovery', 'an empty api_roots list (§2: omit it instead)', { title: 'x', api_roots: [] }, '/api_roots must NOT have fewer than 1 items'],
  ['discovery', 'an http API Root', { title: 'x', api_roots: ['http://example.com/api1/'] }, '/api_roots/0 must match pattern'],
  ['discovery', 'a default that is no API Root URL', { title: 'x', default: '//x.example/' }, '/default must match pattern'],
  ['discovery', 'api_roots a string', { title: 'x', api_roots: 'https://example.com/api1/' }, '/api_roots must be array'],
  ['discovery', 'apiRoots spelled in camel case (§3.8)', { title: 'x', apiRoots: ['/a/'] }, 'must NOT have additional properties'],
  // api-root (§4.2.1)
  ['api-root', 'versions without 2.1', withProp(VALID['api-root'], { versions: ['application/taxii+json;version=2.0'] }), '/versions must contain at least 1 valid item'],
  ['api-root', 'a version without the version parameter', withProp(VALID['api-root'], { versions: [TAXII21, 'application/taxii+json'] }), '/versions/1 must match pattern'],
  ['api-root', 'a taxii-2.1 token instead of a media type', withProp(VALID['api-root'], { versions: ['taxii-2.1'] }), '/versions/0 must match pattern'],
  ['api-root', 'max_content_length 0', withProp(VALID['api-root'], { max_content_length: 0 }), '/max_content_length must be >= 1'],
  ['api-root', 'max_content_length 2^53', withProp(VALID['api-root'], { max_content_length: MAX_INT + 1 }), '/max_content_length must be <= 9007199254740991'],
  ['api-root', 'max_content_length a string', withProp(VALID['api-root'], { max_content_length: '104857600' }), '/max_content_length must be integer'],
  ['api-root', 'max_content_length 1.5', withProp(VALID['api-root'], { max_content_length: 1.5 }), '/max_content_length must be integer'],
  ['api-root', 'no versions', without(VALID['api-root'], 'versions'), "must have required property 'versions'"],
  // status (§4.3.1)
  ['status', 'an unknown status', withProp(VALID.status, { status: 'completed' }), '/status must be equal to one of the allowed values: "complete", "pending"'],
  ['status', 'a negative count', withProp(VALID.status, { failure_count: -1 }), '/failure_count must be >= 0'],
  ['status', 'a count as a string', withProp(VALID.status, { total_count: '4' }), '/total_count must be integer'],
  ['status', 'an empty successes list', withProp(VALID.status, { successes: [] }), '/successes must NOT have fewer than 1 items'],
  ['status', 'a non-UUID id', withProp(VALID.status, { id: 'status-1' }), '/id must match pattern'],
  ['status', 'a version-1 UUID id', withProp(VALID.status, { id: '2d086da7-4bdc-1f91-900e-d77486753710' }), '/id must match pattern'],
  ['status', 'a millisecond request_timestamp', withProp(VALID.status, { request_timestamp: '2016-11-02T12:34:34.123Z' }), '/request_timestamp must match pattern'],
  ['status', 'a request_timestamp with an offset', withProp(VALID.status, { request_timestamp: '2016-11-02T12:34:34.123456+00:00' }), '/request_timestamp must match pattern'],
  ['status', 'no pending_count', without(VALID.status, 'pending_count'), "must have required property 'pending_count'"],
  ['status', 'a failure without a message is fine, without an id is not', withProp(VALID.status, { failures: [{ version: 'v' }] }), "/failures/0 must have required property 'id'"],
  // collection (§5.2.1)
  ['collection', 'can_read a string', withProp(collection, { can_read: 'true' }), '/can_read must be boolean'],
  ['collection', 'no can_write', without(collection, 'can_write'), "must have required property 'can_write'"],
  ['collection', 'an empty media_types list', withProp(collection, { media_types: [] }), '/media_types must NOT have fewer than 1 items'],
  ['collection', 'a media type that is not one', withProp(collection, { media_types: ['stix 2.1'] }), '/media_types/0 must match pattern'],
  ['collection', 'an id that is no UUID', withProp(collection, { id: 'high-value-indicators' }), '/id must match pattern'],
  ['collection', 'canRead spelled in camel case', withProp(without(collection, 'can_read'), { canRead: true }), "must have required property 'can_read'"],
  // collections (§5.1.1)
  ['collections', 'an empty collections list (§5.1.1: omit the key)', { collections: [] }, '/collections must NOT have fewer than 1 items'],
  ['collections', 'a collection without a title', { collections: [without(collection, 'title')] }, "/collections/0 must have required property 'title'"],
  // manifest-record and manifest (§5.3.1)
  ['manifest-record', 'a millisecond date_added', { id: indicator.id, date_added: '2016-11-02T12:34:34.123Z', version: 'v' }, '/date_added must match pattern'],
  ['manifest-record', 'no version', { id: indicator.id, date_added: TS }, "must have required property 'version'"],
  ['manifest-record', 'an empty version', { id: indicator.id, date_added: TS, version: '' }, '/version must NOT have fewer than 1 characters'],
  ['manifest', 'an empty objects list (§5.3.1: omit the key)', { objects: [] }, '/objects must NOT have fewer than 1 items'],
  ['manifest', 'more as a string', { more: 'false' }, '/more must be boolean'],
  ['manifest', 'a record without date_added', { objects: [{ id: indicator.id, version: 'v' }] }, "/objects/0 must have required property 'date_added'"],
  // envelope (§3.7)
  ['envelope', 'an empty objects list (T21-DT-05)', { objects: [] }, '/objects must NOT have fewer than 1 items'],
  ['envelope', 'an object without a type', { objects: [without(indicator, 'type')] }, "/objects/0 must have required property 'type'"],
  ['envelope', 'an id that is not <type>--<uuid>', { objects: [withProp(indicator, { id: 'indicator-1' })] }, '/objects/0/id must match pattern'],
  ['envelope', 'a created without Z', { objects: [withProp(indicator, { created: '2016-04-06T20:03:48.000' })] }, '/objects/0/created must match pattern'],
  ['envelope', 'a spec_version that is no version', { objects: [withProp(indicator, { spec_version: 'two' })] }, '/objects/0/spec_version must match pattern'],
  ['envelope', 'a bundle as a whole body', { type: 'bundle', id: 'bundle--1', objects: [indicator] }, 'must NOT have additional properties'],
  ['envelope', 'next as a number', { more: true, next: 2 }, '/next must be string'],
  // versions (§5.8.1)
  ['versions', 'an empty versions list (§5.8.1: omit the key)', { versions: [] }, '/versions must NOT have fewer than 1 items'],
  ['versions', 'a version as a number', { versions: [20160101] }, '/versions/0 must be string'],
  // error (§3.6.1)
  ['error', 'http_status as an integer (it is a string)', { title: 'x', http_status: 404 }, '/http_status must be string'],
  ['error', 'http_status that is no status code', { title: 'x', http_status: 'Not Found' }, '/http_status must match pattern'],
  ['error', 'no title', { description: 'x' }, "must have required property 'title'"],
  ['error', 'details as a list', { title: 'x', details: ['a'] }, '/details must be object'],
  ['error', 'external_details that is no URL', { title: 'x', external_details: 'see the docs' }, '/external_details must match format "uri"'],
  // STIX seed kinds
  ['stix-indicator', 'no pattern_type (a 2.0 indicator)', without(indicator, 'pattern_type'), "must have required property 'pattern_type'"],
  ['stix-indicator', 'spec_version 2.0', withProp(indicator, { spec_version: '2.0' }), '/spec_version must be equal to constant "2.1"'],
  ['stix-indicator', 'an id of another type', withProp(indicator, { id: malware.id }), '/id must match pattern'],
  ['stix-indicator', 'a created of second precision (STIX 2.1: milliseconds)', withProp(indicator, { created: '2016-04-06T20:03:48Z' }), '/created must match pattern'],
  ['stix-malware', 'a family without a name', without(malware, 'name'), "must have required property 'name'"],
  ['stix-identity', 'an unknown identity class', withProp(identity, { identity_class: 'company' }), '/identity_class must be equal to one of the allowed values'],
  ['stix-relationship', 'a relationship to a relationship', withProp(relationship, { target_ref: relationship.id }), '/target_ref must match pattern'],
  ['stix-marking-definition', 'a modified (markings are unversioned)', withProp(marking, { modified: marking.created }), 'must NOT have additional properties ("modified")'],
  ['stix-marking-definition', 'no definition', without(marking, 'definition'), "must have required property 'definition'"],
  ['stix-ipv4-addr', 'a created (SCOs have none)', withProp(ipv4, { created: '2016-04-06T20:03:48.000Z' }), 'must NOT have additional properties ("created")'],
  ['stix-ipv4-addr', 'spec_version 2.0', withProp(ipv4, { spec_version: '2.0' }), '/spec_version must be equal to constant "2.1"'],
  ['stix-ipv4-addr', 'a value that is no address', withProp(ipv4, { value: '198.51.100.300' }), '/value must match format "ipv4"'],
  ['stix-ipv4-addr', 'a UUIDv4 id (SCO ids are v5)', withProp(ipv4, { id: 'ipv4-addr--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }), '/id must match pattern'],
  ['stix20-indicator', 'a spec_version (2.0 objects have none)', withProp(indicator20, { spec_version: '2.0' }), 'must NOT have additional properties ("spec_version")'],
  ['stix20-indicator', 'no labels', without(indicator20, 'labels'), "must have required property 'labels'"],
  ['stix-seed', 'an object of no seed kind', { type: 'campaign', id: 'campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }, '/ must match exactly one schema in oneOf'],
  ['stix-object', 'no id', { type: 'indicator' }, "must have required property 'id'"],
  ['stix-object', 'an id with upper-case hex', withProp(indicator, { id: 'indicator--8E2E2D2B-17D4-4CBF-938F-98EE46B3CD3F' }), '/id must match pattern'],
  ['stix-object', 'a type in capitals', withProp(indicator, { type: 'Indicator' }), '/type must match pattern'],
];

function expectValid(name: string, data: unknown): void {
  expect(set.validate(name, data), `${name}: ${JSON.stringify(data)}`).toEqual({ valid: true, errors: [] });
}
function expectInvalid(name: string, data: unknown, fragment: string): void {
  const r = set.validate(name, data);
  expect(r.valid, `${name} should reject ${JSON.stringify(data)}`).toBe(false);
  expect(r.errors.some((e) => e.includes(fragment)), `errors ${JSON.stringify(r.errors)} should mention ${fragment}`).toBe(true);
}

describe('taxii21 schema files', () => {
  it('loadSchemaSet(\'taxii21\') loads one schema per resource and STIX kind', () => {
    expect(set.profile).toBe('taxii21');
    expect([...set.names].sort()).toEqual(ALL);
    const files = fs.readdirSync(schemasDir(PROFILE)).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual([...ALL.map((n) => `${n}.json`), 'defs.json'].sort());
  });

  it.each(ALL)('%s: 2020-12 with its $id', (name) => {
    const s = set.schema(name);
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.$id).toBe(`https://taxii-conform.dev/schemas/taxii21/${name}.json`);
  });

  it.each(RESOURCES)('%s: exact names only, plus custom properties named as §7.1.1 says', (name) => {
    const s = set.schema(name);
    expect(s.additionalProperties).toBe(false);
    expect(Object.keys(s.patternProperties as object)).toEqual(['^[a-z0-9_]{3,250}$']);
    const valid = VALID[name] as Record<string, unknown>;
    expectValid(name, withProp(valid, { x_example_com_customfield: 'x' }));
    expectValid(name, withProp(valid, { ['a'.repeat(250)]: 1 }));
    expectInvalid(name, withProp(valid, { ['a'.repeat(251)]: 1 }), 'must NOT have additional properties');
    expectInvalid(name, withProp(valid, { xy: 1 }), 'must NOT have additional properties ("xy")');
    expectInvalid(name, withProp(valid, { 'x-example-field': 1 }), 'must NOT have additional properties ("x-example-field")');
    expectInvalid(name, withProp(valid, { X_Example: 1 }), 'must NOT have additional properties ("X_Example")');
  });

  it('the seed kinds are closed; the TAXII view of a STIX object is open', () => {
    for (const k of STIX_KINDS) expect(set.schema(k).additionalProperties, k).toBe(false);
    expect(set.schema('stix-object').additionalProperties).toBe(true);
    expectValid('stix-object', withProp(indicator, { x_acme_score: 5, kill_chain_phases: [{ kill_chain_name: 'k', phase_name: 'p' }] }));
  });
});

describe.each(ALL)('%s', (name) => {
  it('accepts a hand-written instance', () => expectValid(name, VALID[name]));

  if (MINIMAL[name] !== undefined) {
    it('accepts the least instance (required properties only)', () => expectValid(name, MINIMAL[name]));
  }

  it('rejects a missing required property, naming it', () => {
    const required = (set.schema(name).required as string[] | undefined) ?? [];
    for (const key of required) expectInvalid(name, without(VALID[name], key), `must have required property '${key}'`);
  });

  it('rejects what is not an object', () => {
    expect(set.validate(name, [VALID[name]]).valid).toBe(false);
    expect(set.validate(name, 'x').valid).toBe(false);
  });

  const mine = INVALID.filter(([n]) => n === name);
  if (mine.length > 0) {
    it.each(mine.map(([, why, data, fragment]) => [why, data, fragment] as const))('rejects %s', (_why, data, fragment) => {
      expectInvalid(name, data, fragment);
    });
  }
});

describe('data types (§2, sheet §3.1 and Appendix A)', () => {
  const withTs = (t: string): unknown => ({ objects: [{ id: indicator.id, date_added: t, version: 'v' }] });

  it('a TAXII timestamp has exactly six fractional digits, UTC Z, and is a real date', () => {
    for (const ok of ['2016-11-02T12:34:34.123456Z', '2020-02-29T23:59:59.000000Z', '2000-02-29T00:00:00.999999Z', '0001-01-01T00:00:00.000000Z']) {
      expectValid('manifest', withTs(ok));
    }
    for (const bad of [
      '2016-11-02T12:34:34Z', // no fraction
      '2016-11-02T12:34:34.123Z', // milliseconds (§1.7.1's erratum, A-14)
      '2016-11-02T12:34:34.1234567Z', // seven digits
      '2016-11-02T12:34:34.123456z', // lower-case z
      '2016-11-02T12:34:34.123456+00:00', // an offset, not Z
      '2016-11-02 12:34:34.123456Z', // a space for T
      '2021-02-29T00:00:00.000000Z', // not a leap year
      '1900-02-29T00:00:00.000000Z', // not a leap year either
      '2016-04-31T00:00:00.000000Z', // April has 30 days
      '2016-11-02T24:00:00.000000Z', // hour 24
    ]) {
      expectInvalid('manifest', withTs(bad), '/objects/0/date_added must match pattern');
    }
  });

  it('the sheet\'s flawed example timestamps are refused (A-14)', () => {
    // The spec's 202 example: five fractional digits; and the malformed one it prints elsewhere.
    expectInvalid('status', withProp(MINIMAL.status, { request_timestamp: '2016-11-02T12:34:34.12345Z' }), '/request_timestamp must match pattern');
    expectInvalid('status', withProp(MINIMAL.status, { request_timestamp: '2016-11-04T03:04:051Z' }), '/request_timestamp must match pattern');
  });

  it('STIX timestamps (versions) take any fraction, and the sheet\'s match[version] examples are STIX timestamps', () => {
    // §3.4.1 examples: match[version]=2016-01-01T01:01:01.000Z and 2018-03-02T01:01:01.123Z.
    expectValid('stix-object', withProp(indicator, { created: '2016-01-01T01:01:01.000Z', modified: '2018-03-02T01:01:01.123Z' }));
    expectValid('stix-object', withProp(indicator, { modified: '2016-01-01T01:01:01Z' }));
    expectValid('stix-object', withProp(indicator, { modified: '2016-01-01T01:01:01.123456789Z' }));
    expectInvalid('stix-object', withProp(indicator, { modified: '2016-01-01T01:01:01.Z' }), '/modified must match pattern');
  });

  it('identifiers are version-4 UUIDs, in either case', () => {
    expectValid('collection', withProp(collection, { id: UUID.toUpperCase() }));
    expectInvalid('collection', withProp(collection, { id: '2d086da7-4bdc-5f91-900e-d77486753710' }), '/id must match pattern');
    expectInvalid('collection', withProp(collection, { id: '2d086da7-4bdc-4f91-c00e-d77486753710' }), '/id must match pattern');
  });

  it('integers stop at 2^53-1', () => {
    expectValid('api-root', withProp(VALID['api-root'], { max_content_length: MAX_INT }));
    expectValid('status', withProp(MINIMAL.status, { total_count: MAX_INT }));
    expectInvalid('status', withProp(MINIMAL.status, { total_count: MAX_INT + 1 }), '/total_count must be <= 9007199254740991');
  });
});

describe('the sheet\'s own examples', () => {
  it('API Root URLs the sheet calls valid pass, those it calls invalid fail (§4.1.1)', () => {
    for (const ok of ['https://taxii.example.com:443/', 'https://someserver.example.net/apiroot1/', '/someapiroot/']) {
      expectValid('discovery', { title: 't', api_roots: [ok], default: ok });
    }
    for (const bad of ['//someserver.example.com/apiroot1', '../someapiroot/', 'https://foo.edu/bar?baz']) {
      expectInvalid('discovery', { title: 't', api_roots: [bad] }, '/api_roots/0 must match pattern');
      expectInvalid('discovery', { title: 't', default: bad }, '/default must match pattern');
    }
    // No rule says an entry ends in "/" (A-26: a case warns), and the scheme is case-insensitive.
    expectValid('discovery', { title: 't', api_roots: ['https://example.com/api1', 'HTTPS://example.com/api2/'] });
  });

  it('the spec\'s 202 status example fails only where the sheet says it is flawed (A-23, A-14)', () => {
    const example = {
      id: UUID,
      status: 'pending',
      request_timestamp: '2016-11-02T12:34:34.12345Z',
      total_count: 4,
      success_count: 1,
      successes: [{ id: indicator.id }],
      failure_count: 0,
      pending_count: 3,
    };
    const r = set.validate('status', example);
    expect(r.errors.sort()).toEqual([
      "/successes/0 must have required property 'version'",
      '/request_timestamp must match pattern "' + (set.defs().$defs as Record<string, { pattern: string }>).timestamp!.pattern + '" (got "2016-11-02T12:34:34.12345Z")',
    ].sort());
    expectValid('status', { ...example, request_timestamp: '2016-11-02T12:34:34.123450Z', successes: [statusDetails] });
  });

  it('the media types of Appendix A: api-root versions need the versioned TAXII type', () => {
    const root = (versions: string[]): unknown => ({ title: 't', versions, max_content_length: 104857600 });
    expectValid('api-root', root([TAXII21]));
    // RFC 7231 spellings of the same media type: case, spaces around ";", a quoted value.
    expectValid('api-root', root(['Application/TAXII+JSON; Version=2.1']));
    expectValid('api-root', root(['application/taxii+json;version="2.1"']));
    // A server that also speaks 2.0 may list 2.0's type, which used the alias name.
    expectValid('api-root', root([TAXII21, 'application/vnd.oasis.taxii+json; version=2.0']));
    expectInvalid('api-root', root(['application/taxii+json']), '/versions/0 must match pattern');
    expectInvalid('api-root', root(['application/stix+json;version=2.1']), '/versions/0 must match pattern');
    expectInvalid('api-root', root(['application/vnd.oasis.taxii+json;version=2.1']), '/versions must contain at least 1 valid item');
  });

  it('collection media_types and record media_type hold STIX media types (A-32)', () => {
    for (const mt of ['application/stix+json', 'application/stix+json;version=2.1', 'application/stix+json; version="2.0"']) {
      expectValid('collection', withProp(collection, { media_types: [mt] }));
      expectValid('manifest-record', withProp(VALID['manifest-record'], { media_type: mt }));
    }
  });

  it('wrappers with nothing in them are empty objects or carry more: false (§3.1)', () => {
    for (const name of ['envelope', 'manifest', 'versions']) {
      expectValid(name, {});
      expectValid(name, { more: false });
    }
    expectValid('collections', {});
  });

  it('manifest and versions tolerate a string next (A-11)', () => {
    expectValid('manifest', { more: true, next: 'abc', objects: (VALID.manifest as { objects: unknown[] }).objects });
    expectValid('versions', { more: true, next: 'abc', versions: ['2016-01-01T01:01:01.000Z'] });
    expectInvalid('manifest', { more: true, next: 1 }, '/next must be string');
  });
});

describe('STIX content', () => {
  it('every seed kind is a STIX object as TAXII sees it, and fits in an envelope', () => {
    for (const k of STIX_KINDS) expectValid('stix-object', VALID[k]);
    expectValid('envelope', { objects: STIX_KINDS.map((k) => VALID[k]) });
  });

  it('the TAXII view takes 2.0 objects (no spec_version), SCOs (no created/modified) and custom objects', () => {
    expectValid('stix-object', indicator20);
    expectValid('stix-object', without(ipv4, 'spec_version'));
    expectValid('stix-object', MINIMAL['stix-object']);
    expectValid('stix-ipv4-addr', without(ipv4, 'spec_version'));
  });

  it('stix-seed takes every 2.1 seed kind and no 2.0 object', () => {
    for (const k of STIX_KINDS.filter((x) => x.startsWith('stix-'))) expectValid('stix-seed', VALID[k]);
    expect(set.validate('stix-seed', indicator20).valid).toBe(false);
  });
});

describe('bundled schemas', () => {
  it.each(ALL)('%s: self-contained, and it agrees with the schema', (name) => {
    const b = set.bundled(name);
    expect(hasExternalRef(b)).toBe(false);
    const v = compileStandalone(b);
    expect(v(VALID[name])).toBe(true);
    for (const [n, , data] of INVALID) if (n === name) expect(v(data)).toBe(false);
  });
});

describe('json-schema-faker', () => {
  const SEEDS = [1, 42, 20240601];
  const generate = (name: string, seed: number, more: object = {}): Record<string, unknown> =>
    generateSync(set.generationSchema(name) as never, { ...GENERATION_OPTIONS, seed, refDepthMax: 20, ...more } as never) as Record<string, unknown>;

  it.each([...STIX_KINDS, 'stix-seed'])('%s: a seeded instance validates as itself, as a STIX object and in an envelope; the seed reproduces it', (name) => {
    for (const seed of SEEDS) {
      for (const more of [{}, { alwaysFakeOptionals: true, minItems: 1 }]) {
        const a = generate(name, seed, more);
        expect(generate(name, seed, more)).toEqual(a);
        expectValid(name, a);
        expectValid('stix-object', a);
        expectValid('envelope', { objects: [a] });
        expect(String(a.id).startsWith(`${String(a.type)}--`), JSON.stringify(a)).toBe(true);
      }
    }
  });

  it('stix-seed gives every kind over a few seeds, and a different seed gives a different object', () => {
    const types = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) types.add(String(generate('stix-seed', seed).type));
    expect([...types].sort()).toEqual(['identity', 'indicator', 'ipv4-addr', 'malware', 'marking-definition', 'relationship']);
    expect(generate('stix-indicator', 1)).not.toEqual(generate('stix-indicator', 2));
  });

  it('seed kinds carry spec_version as STIX says: always on SDOs/SROs, optional on the SCO, never on 2.0', () => {
    let scoWith = 0;
    let scoWithout = 0;
    for (let seed = 1; seed <= 30; seed++) {
      for (const k of ['stix-indicator', 'stix-malware', 'stix-identity', 'stix-relationship', 'stix-marking-definition']) {
        expect(generate(k, seed).spec_version, k).toBe('2.1');
      }
      expect(generate('stix20-indicator', seed).spec_version).toBeUndefined();
      if (generate('stix-ipv4-addr', seed).spec_version === '2.1') scoWith++;
      else scoWithout++;
    }
    expect(scoWith).toBeGreaterThan(0);
    expect(scoWithout).toBeGreaterThan(0);
  });

  it.each(RESOURCES)('%s: generated instances validate too', (name) => {
    for (const seed of SEEDS) {
      expectValid(name, generate(name, seed));
      expectValid(name, generate(name, seed, { alwaysFakeOptionals: true, minItems: 1 }));
    }
  });

  it('the generation view of a STIX kind is what the schema is (closed already)', () => {
    const g = set.generationSchema('stix-indicator') as JsonSchemaDoc;
    expect(g.additionalProperties).toBe(false);
    expect(Object.keys(g.properties as object)).toEqual(Object.keys(set.schema('stix-indicator').properties as object));
  });
});
