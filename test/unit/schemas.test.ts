import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate, generateSync } from 'json-schema-faker';
import {
  GENERATION_OPTIONS,
  loadSchemaSet,
  schemasDir,
  type JsonSchemaDoc,
} from '../../schemas/validator.js';
import { compileStandalone, hasExternalRef } from '../helpers/bundled-schema.js';

const PROFILE = 'taxii2-predraft';
const set = loadSchemaSet(PROFILE);

const MESSAGES = [
  'api-status',
  'channel-create',
  'channel-details',
  'channel-information',
  'channel-listing',
  'channel-status',
  'collection-create',
  'collection-status',
  'discovery',
  'error',
  'repository-information',
  'repository-listing',
  'taxii-data',
  'taxii-status',
  'token',
  'token-request',
];

const NAME_128 = 'a'.repeat(128);
const NAME_129 = 'a'.repeat(129);

const channelInfo = {
  type: 'channel-information',
  name: 'alerts',
  url: 'https://taxii.example.com/trustgroup1/channels/alerts/',
  description: 'Alerts from the SOC',
  subscribers: ['sub-1', 'client.example_2~x'],
  'can-read': true,
  'can-write': false,
  mode: 'read-only',
};
const repoInfo = {
  type: 'repository-information',
  name: 'indicators',
  url: 'https://taxii.example.com/trustgroup1/collections/indicators/',
  description: 'Indicators',
  'can-read': true,
  'can-write': true,
};
const contentObject = {
  type: 'indicator',
  id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created: '2016-04-06T20:03:48.000Z',
  modified: '2016-04-06T20:03:48Z',
  name: 'Bad IP',
  description: 'Seen in phishing',
  labels: ['malicious-activity'],
};

/** A hand-written valid instance of every message, with every declared field where sensible. */
const VALID: Record<string, Record<string, unknown>> = {
  discovery: {
    type: 'discovery',
    'contact-info': 'soc@example.com',
    description: 'Example TAXII server',
    'api-bases': ['https://taxii.example.com/trustgroup1/'],
    'previous-versions': [{ version: 'taxii-1.1', url: 'https://taxii.example.com/taxii11/discovery' }],
  },
  'api-status': { type: 'api-status', 'contact-info': 'soc@example.com', description: 'Trust group 1' },
  'channel-information': channelInfo,
  'channel-listing': { type: 'channel-listing', channels: [channelInfo] },
  'channel-details': {
    type: 'channel-details',
    name: 'alerts',
    'long-poll': true,
    'msg-age': '86400',
    description: 'Alerts',
    mode: 'read-write',
  },
  'channel-create': {
    type: 'channel-create',
    name: 'alerts',
    description: 'Alerts',
    'long-poll': true,
    'msg-age': '3600',
    mode: 'write-only',
  },
  'channel-status': {
    type: 'channel-status',
    name: 'alerts',
    url: 'https://taxii.example.com/trustgroup1/channels/alerts/',
    status: 'created',
  },
  'collection-create': { type: 'collection-create', name: 'indicators', description: 'Indicators' },
  'collection-status': {
    type: 'collection-status',
    name: 'indicators',
    url: 'https://taxii.example.com/trustgroup1/collections/indicators/',
    status: 'deleted',
  },
  'repository-information': repoInfo,
  'repository-listing': { type: 'repository-listing', collections: [repoInfo] },
  'taxii-data': { type: 'taxii-data', objects: [contentObject], more: false },
  'taxii-status': { type: 'taxii-status', status: 'accepted', 'accepted-count': 1, id: 'st-1', description: 'ok' },
  error: {
    type: 'error',
    'http-status': 400,
    title: 'Invalid name',
    description: 'Names match ^[A-Za-z0-9-]{1,128}$',
    'error-code': 'INVALID_NAME',
    details: ['/name must match pattern'],
  },
  'token-request': { type: 'token-request', lifetime: 300 },
  token: { type: 'token', 'access-token': 'eyJhbGciOiJIUzI1NiJ9.e30.sig', 'token-type': 'Bearer', 'expires-in': 3600 },
};

/** Invalid instances per message: [why, data, a fragment the error list must contain]. */
const INVALID: Record<string, Array<[string, unknown, string]>> = {
  discovery: [
    ['no URL in api-bases', { type: 'discovery', 'api-bases': ['not a url'] }, '/api-bases/0 must match format "uri-reference"'],
    ['an unfilled template in api-bases', { type: 'discovery', 'api-bases': ['https://{host}/api1/'] }, '/api-bases/0 must match format "uri-reference"'],
    ['ftp api base', { type: 'discovery', 'api-bases': ['ftp://example.com/'] }, '/api-bases/0 must match pattern'],
    ['no api base', { type: 'discovery', 'api-bases': [] }, '/api-bases must NOT have fewer than 1 items'],
    ['api-bases missing', { type: 'discovery' }, "/ must have required property 'api-bases'"],
    ['api-bases a string', { type: 'discovery', 'api-bases': 'https://a.example/' }, '/api-bases must be array'],
    [
      'previous version without url',
      { type: 'discovery', 'api-bases': ['https://a.example/'], 'previous-versions': [{ version: 'taxii-1.1' }] },
      "/previous-versions/0 must have required property 'url'",
    ],
  ],
  'api-status': [['description a number', { type: 'api-status', description: 5 }, '/description must be string']],
  'channel-information': [
    ['can-read missing', { ...channelInfo, 'can-read': undefined }, "must have required property 'can-read'"],
    ['bad subscriber id', { ...channelInfo, subscribers: ['a b'] }, '/subscribers/0 must match pattern'],
    ['bad mode', { ...channelInfo, mode: 'read' }, '/mode must be equal to one of the allowed values'],
    ['url not a url', { ...channelInfo, url: 'alerts' }, '/url must match format "uri"'],
  ],
  'channel-listing': [
    ['channels missing', { type: 'channel-listing' }, "/ must have required property 'channels'"],
    [
      'bad nested name',
      { type: 'channel-listing', channels: [{ ...channelInfo, name: 'a_b' }] },
      '/channels/0/name must match pattern "^[A-Za-z0-9-]{1,128}$"',
    ],
    [
      'wrong nested type',
      { type: 'channel-listing', channels: [{ ...channelInfo, type: 'channel-details' }] },
      '/channels/0/type must be equal to constant "channel-information"',
    ],
  ],
  'channel-details': [
    ['msg-age "ten"', { ...VALID['channel-details'], 'msg-age': 'ten' }, '/msg-age must match pattern "^[0-9]+$"'],
    ['msg-age a number', { ...VALID['channel-details'], 'msg-age': 86400 }, '/msg-age must be string'],
    ['long-poll a string', { ...VALID['channel-details'], 'long-poll': 'true' }, '/long-poll must be boolean'],
  ],
  'channel-create': [['msg-age negative', { type: 'channel-create', name: 'x', 'msg-age': '-1' }, '/msg-age must match pattern']],
  'channel-status': [['status unknown', { ...VALID['channel-status'], status: 'made' }, '/status must be equal to one of the allowed values']],
  'collection-create': [['name empty', { type: 'collection-create', name: '' }, '/name must match pattern']],
  'collection-status': [['url missing', { ...VALID['collection-status'], url: undefined }, "must have required property 'url'"]],
  'repository-information': [['can-write a string', { ...repoInfo, 'can-write': 'yes' }, '/can-write must be boolean']],
  'repository-listing': [
    ['neither array', { type: 'repository-listing' }, "/ must have required property 'collections'"],
    ['both arrays', { type: 'repository-listing', collections: [], channels: [] }, '/ must match exactly one schema in oneOf'],
    [
      'channel info inside',
      { type: 'repository-listing', collections: [channelInfo] },
      '/collections/0/type must be equal to constant "repository-information"',
    ],
  ],
  'taxii-data': [
    ['objects missing', { type: 'taxii-data' }, "/ must have required property 'objects'"],
    ['content without id', { type: 'taxii-data', objects: [{ type: 'indicator' }] }, "/objects/0 must have required property 'id'"],
    ['bad content id', { type: 'taxii-data', objects: [{ ...contentObject, id: 'indicator-1' }] }, '/objects/0/id must match pattern'],
    ['bad content type', { type: 'taxii-data', objects: [{ ...contentObject, type: 'Indicator' }] }, '/objects/0/type must match pattern'],
    ['bad created', { type: 'taxii-data', objects: [{ ...contentObject, created: 'yesterday' }] }, '/objects/0/created must match format "date-time"'],
    ['11 labels', { type: 'taxii-data', objects: [{ ...contentObject, labels: Array(11).fill('x') }] }, '/objects/0/labels must NOT have more than 10 items'],
    ['more a string', { type: 'taxii-data', objects: [], more: 'yes' }, '/more must be boolean'],
  ],
  'taxii-status': [
    ['status unknown', { type: 'taxii-status', status: 'ok' }, '/status must be equal to one of the allowed values: "accepted", "complete", "failure"'],
    ['negative count', { type: 'taxii-status', status: 'complete', 'accepted-count': -1 }, '/accepted-count must be >= 0'],
    ['fractional count', { type: 'taxii-status', status: 'complete', 'accepted-count': 1.5 }, '/accepted-count must be integer'],
  ],
  error: [
    ['status 200', { type: 'error', 'http-status': 200, title: 'x' }, '/http-status must be >= 400'],
    ['status 600', { type: 'error', 'http-status': 600, title: 'x' }, '/http-status must be <= 599'],
    ['empty title', { type: 'error', 'http-status': 400, title: '' }, '/title must NOT have fewer than 1 characters'],
    ['lower-case code', { type: 'error', 'http-status': 400, title: 'x', 'error-code': 'bad' }, '/error-code must match pattern'],
  ],
  'token-request': [['zero lifetime', { type: 'token-request', lifetime: 0 }, '/lifetime must be >= 1']],
  token: [
    ['token-type bearer', { ...VALID.token, 'token-type': 'bearer' }, '/token-type must be equal to constant "Bearer"'],
    ['empty token', { ...VALID.token, 'access-token': '' }, '/access-token must NOT have fewer than 1 characters'],
    ['expires-in 0', { ...VALID.token, 'expires-in': 0 }, '/expires-in must be >= 1'],
  ],
};

const NAMED = ['channel-information', 'channel-details', 'channel-create', 'channel-status', 'collection-create', 'collection-status', 'repository-information'];

function without(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _, ...rest } = obj;
  return rest;
}

/** Drops keys whose value is undefined (JSON has no undefined). */
function json(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v));
}

function expectInvalid(name: string, data: unknown, fragment: string): void {
  const r = set.validate(name, json(data));
  expect(r.valid, `${name} should reject ${JSON.stringify(data)}`).toBe(false);
  expect(r.errors.some((e) => e.includes(fragment)), `errors ${JSON.stringify(r.errors)} should mention ${fragment}`).toBe(true);
}

describe('schema files', () => {
  it('has one compiled schema per message and nothing else', () => {
    expect([...set.names].sort()).toEqual([...MESSAGES].sort());
    const files = fs.readdirSync(schemasDir(PROFILE)).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual([...MESSAGES.map((m) => `${m}.json`), 'defs.json'].sort());
    for (const m of MESSAGES) expect(set.has(m)).toBe(true);
    expect(set.has('defs')).toBe(false);
    expect(set.has('nope')).toBe(false);
  });

  it.each(MESSAGES)('%s: 2020-12, its $id, type const = file name, closed object', (name) => {
    const s = set.schema(name);
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.$id).toBe(`https://taxii-conform.dev/schemas/taxii2-predraft/${name}.json`);
    const props = s.properties as Record<string, Record<string, unknown>>;
    expect(props.type!.const).toBe(name);
    expect(s.required).toContain('type');
    // The error message is our reading (the pre-draft defines none): a server may say more.
    expect(s.additionalProperties).toBe(name !== 'error' ? false : true);
  });

  it('every object schema is closed except the content object and the error message', () => {
    const open: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}/${i}`));
      if (typeof node !== 'object' || node === null) return;
      const o = node as Record<string, unknown>;
      if (o.type === 'object' && o.additionalProperties !== false) open.push(where);
      for (const [k, v] of Object.entries(o)) if (k !== 'const' && k !== 'enum') walk(v, `${where}/${k}`);
    };
    for (const m of MESSAGES) walk(set.schema(m), `${m}.json#`);
    walk(set.defs(), 'defs.json#');
    expect(open).toEqual(['error.json#', 'defs.json#/$defs/content-object']);
    const co = (set.defs().$defs as Record<string, Record<string, unknown>>)['content-object']!;
    expect(co.additionalProperties).toBe(true);
  });

  it('defs.json is 2020-12 with its $id', () => {
    const d = set.defs();
    expect(d.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(d.$id).toBe('https://taxii-conform.dev/schemas/taxii2-predraft/defs.json');
    expect((d.$defs as Record<string, Record<string, unknown>>)['resource-name']!.pattern).toBe('^[A-Za-z0-9-]{1,128}$');
  });
});

describe('the pre-draft examples', () => {
  it('Discovery example validates', () => {
    // Section 4, Discovery, "Example" (verbatim).
    const example = `{
    "type": "discovery",
    "contact-info": "Bret and Mark at company xyz",
    "description": "This server support the following company xyz",
    "api-bases": [
        "https://taxii-foo.example.com:443/taxii2/collection-foo/",
        "https://taxii-bar.example.com/t2/channel-bar/"
    ]
}`;
    expect(set.validate('discovery', JSON.parse(example))).toEqual({ valid: true, errors: [] });
  });

  it('channel-details example validates once completed', () => {
    // [API-Base]/channels/<channel-name>/, "Example": the closing brace is missing in the
    // pre-draft, and "<channel-name>" is a placeholder, not a name.
    const example = `{
    "type": "channel-details",
    "name": "<channel-name>",
    "long-poll": true,
    "msg-age": "86400"
`;
    const completed = JSON.parse(`${example}}`) as Record<string, unknown>;
    const verbatim = set.validate('channel-details', completed);
    expect(verbatim.errors).toEqual(['/name must match pattern "^[A-Za-z0-9-]{1,128}$" (got "<channel-name>")']);
    expect(set.validate('channel-details', { ...completed, name: 'channel-bar' })).toEqual({ valid: true, errors: [] });
  });
});

describe.each(MESSAGES)('%s', (name) => {
  const valid = VALID[name]!;

  it('accepts a hand-written instance', () => {
    expect(set.validate(name, valid)).toEqual({ valid: true, errors: [] });
  });

  it('rejects a wrong type literal', () => {
    expectInvalid(name, { ...valid, type: 'discovery-x' }, `/type must be equal to constant "${name}"`);
  });

  it('rejects a missing required property, naming it', () => {
    const required = set.schema(name).required as string[];
    for (const key of required) {
      if (name === 'repository-listing' && key === 'collections') continue;
      expectInvalid(name, without(valid, key), `/ must have required property '${key}'`);
    }
  });

  it(name === 'error' ? 'accepts more fields (the pre-draft defines no error message)' : 'rejects an extra property, naming it', () => {
    if (name === 'error') expect(set.validate(name, { ...valid, 'x-extra': 1, 'request-id': 'r1' })).toEqual({ valid: true, errors: [] });
    else expectInvalid(name, { ...valid, 'x-extra': 1 }, '/ must NOT have additional properties ("x-extra")');
  });

  it('rejects what is not an object', () => {
    expectInvalid(name, [valid], '/ must be object');
    expectInvalid(name, 'x', '/ must be object');
  });

  it.each(INVALID[name] ?? [])('rejects: %s', (_why, data, fragment) => {
    expectInvalid(name, data, fragment);
  });

  if (NAMED.includes(name)) {
    it('applies the name pattern', () => {
      expectInvalid(name, { ...valid, name: 'a_b' }, '/name must match pattern "^[A-Za-z0-9-]{1,128}$"');
      expectInvalid(name, { ...valid, name: NAME_129 }, '/name must match pattern');
      expectInvalid(name, { ...valid, name: '' }, '/name must match pattern');
      expectInvalid(name, { ...valid, name: 'a/b' }, '/name must match pattern');
      expectInvalid(name, { ...valid, name: 'é' }, '/name must match pattern');
      expect(set.validate(name, { ...valid, name: NAME_128 }).valid).toBe(true);
      expect(set.validate(name, { ...valid, name: 'A-z-0-9' }).valid).toBe(true);
      expect(set.validate(name, { ...valid, name: '-' }).valid).toBe(true);
    });
  }
});

describe('readings worth pinning', () => {
  it('repository-listing accepts the pre-draft\'s "channels" as well as "collections"', () => {
    expect(set.validate('repository-listing', { type: 'repository-listing', channels: [repoInfo] }).valid).toBe(true);
    expect(set.validate('repository-listing', { type: 'repository-listing', collections: [] }).valid).toBe(true);
  });

  it('content objects may carry undeclared (full STIX) properties', () => {
    const obj = { ...contentObject, pattern: "[ipv4-addr:value = '10.0.0.1']", valid_from: '2016-01-01T00:00:00Z' };
    expect(set.validate('taxii-data', { type: 'taxii-data', objects: [obj] }).valid).toBe(true);
  });

  it('a channel may be listed with an empty channel list, and http URLs pass the schema', () => {
    expect(set.validate('channel-listing', { type: 'channel-listing', channels: [] }).valid).toBe(true);
    expect(set.validate('discovery', { type: 'discovery', 'api-bases': ['HTTP://a.example:8080/x/'] }).valid).toBe(true);
  });

  it('channel-create needs only type and name', () => {
    expect(set.validate('channel-create', { type: 'channel-create', name: 'x' }).valid).toBe(true);
  });
});

describe('loader', () => {
  it('caches per profile', () => {
    expect(loadSchemaSet(PROFILE)).toBe(set);
  });

  it('finds the schemas under the package root', () => {
    const dir = schemasDir(PROFILE);
    expect(path.isAbsolute(dir)).toBe(true);
    expect(dir.endsWith(path.join('schemas', 'taxii2-predraft'))).toBe(true);
    expect(fs.existsSync(path.join(dir, '..', '..', 'package.json'))).toBe(true);
  });

  it('throws a clear error for a profile without schemas', () => {
    expect(() => loadSchemaSet('taxii99' as never)).toThrow(/profile "taxii99" has no JSON Schemas/);
    expect(() => schemasDir('../x' as never)).toThrow(/invalid profile/);
  });

  it('throws on an unknown message type', () => {
    expect(() => set.validate('nope', {})).toThrow(/no schema for message type "nope"/);
    expect(() => set.schema('nope')).toThrow(/no schema/);
  });

  it('hands out copies', () => {
    const s = set.schema('token');
    s.required = [];
    (set.defs().$defs as Record<string, unknown>)['resource-name'] = {};
    expect(set.schema('token').required).toEqual(['type', 'access-token', 'token-type', 'expires-in']);
    expect(set.validate('channel-create', { type: 'channel-create', name: 'a_b' }).valid).toBe(false);
  });
});

describe('bundled and generation schemas', () => {
  it.each(MESSAGES)('%s: bundled is self-contained and agrees with the schema', (name) => {
    const b = set.bundled(name);
    expect(hasExternalRef(b)).toBe(false);
    expect(b.$id).toBeUndefined();
    const v = compileStandalone(b);
    expect(v(VALID[name])).toBe(true);
    for (const [, data] of INVALID[name] ?? []) expect(v(json(data))).toBe(false);
    expect(v({ ...VALID[name], type: 'x' })).toBe(false);
  });

  it('generation view of repository-listing sends collections only', () => {
    const g = set.generationSchema('repository-listing');
    expect(Object.keys(g.properties as object)).toEqual(['type', 'collections']);
    expect(g.required).toEqual(['type', 'collections']);
    expect(g.oneOf).toBeUndefined();
  });

  it('generation view closes content objects', () => {
    const g = set.generationSchema('taxii-data');
    const co = (g.$defs as Record<string, JsonSchemaDoc>)['content-object']!;
    expect(co.additionalProperties).toBe(false);
  });
});

describe('json-schema-faker', () => {
  it.each(MESSAGES)('%s: a seeded instance validates, and the seed reproduces it', (name) => {
    for (const seed of [1, 42, 20240601]) {
      const a = generateSync(set.generationSchema(name), { seed, ...GENERATION_OPTIONS });
      const b = generateSync(set.generationSchema(name), { seed, ...GENERATION_OPTIONS });
      expect(b).toEqual(a);
      expect(set.validate(name, a)).toEqual({ valid: true, errors: [] });
      // fuller instances: every optional property, non-empty arrays
      const full = generateSync(set.generationSchema(name), {
        seed,
        ...GENERATION_OPTIONS,
        alwaysFakeOptionals: true,
        minItems: 1,
      });
      expect(set.validate(name, full)).toEqual({ valid: true, errors: [] });
    }
  });

  it('the async generate gives the same instance as generateSync', async () => {
    const opts = { seed: 7, ...GENERATION_OPTIONS, minItems: 2 };
    expect(await generate(set.generationSchema('channel-listing'), opts)).toEqual(
      generateSync(set.generationSchema('channel-listing'), opts),
    );
  });

  it('generated repository listings use collections, content objects only declared keys', () => {
    const declared = ['type', 'id', 'created', 'modified', 'name', 'description', 'labels'];
    for (let seed = 1; seed <= 25; seed++) {
      const rl = generateSync(set.generationSchema('repository-listing'), { seed, ...GENERATION_OPTIONS }) as Record<string, unknown>;
      expect(Object.keys(rl).sort()).toEqual(['collections', 'type']);
      const data = generateSync(set.generationSchema('taxii-data'), {
        seed,
        ...GENERATION_OPTIONS,
        minItems: 1,
        alwaysFakeOptionals: true,
      }) as { objects: Record<string, unknown>[] };
      expect(data.objects.length).toBeGreaterThan(0);
      for (const o of data.objects) for (const k of Object.keys(o)) expect(declared).toContain(k);
    }
  });

  it('a different seed gives a different instance', () => {
    const opts = { ...GENERATION_OPTIONS, alwaysFakeOptionals: true, minItems: 1 };
    expect(generateSync(set.generationSchema('taxii-data'), { seed: 1, ...opts })).not.toEqual(
      generateSync(set.generationSchema('taxii-data'), { seed: 2, ...opts }),
    );
  });
});
