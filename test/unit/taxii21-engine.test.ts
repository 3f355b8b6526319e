// What the engine grew for TAXII 2.1, each kind both ways: media types with parameters, the
// json assertion's item conditions, the walk of a paged list, a 401's challenge, an optional
// error body, --var, and how profiles recognise each other's answers.
import { describe, expect, it } from 'vitest';
import { evaluateAs } from '../../suites/core/assertions.js';
import type { Assertion } from '../../suites/core/types.js';
import type { HttpResponse } from '../../suites/probes/http.js';
import { mediaTypeMatches, parseMediaType } from '../../suites/core/media-type.js';
import { itemKey, withParam, type Walk } from '../../suites/core/steps/pages.js';
import { parseVars } from '../../bin/options.js';
import { recognizeTaxii21 } from '../../suites/taxii21/recognize.js';
import { recognizePredraft } from '../../suites/taxii2-predraft/recognize.js';
import { resolveApiRoot } from '../../suites/taxii21/setup.js';
import { taxii21 } from '../../suites/taxii21/profile.js';

const env = (vars: Record<string, string> = {}) => ({ vars: new Map(Object.entries(vars)), validate: taxii21.validate });
const res = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => {
  const b = body === undefined ? Buffer.alloc(0) : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return { status, headers, body: b, bodyBytes: b.length, truncated: false };
};
const http = (a: Assertion, r: HttpResponse, vars?: Record<string, string>) => evaluateAs(a, 'http', { res: r, durationMs: 1 }, env(vars));

describe('media types', () => {
  it('parse case, spaces and quotes as RFC 7231 says', () => {
    expect(parseMediaType('Application/TAXII+JSON ; Version="2.1"')).toEqual({ type: 'application/taxii+json', params: { version: '2.1' } });
    expect(parseMediaType('not a type')).toBeUndefined();
  });
  it('match when every parameter asked for is there with its value', () => {
    const want = parseMediaType('application/taxii+json;version=2.1')!;
    expect(mediaTypeMatches(parseMediaType('application/taxii+json; version=2.1; charset=utf-8')!, want)).toBe(true);
    expect(mediaTypeMatches(parseMediaType('application/taxii+json')!, want)).toBe(false);
    expect(mediaTypeMatches(parseMediaType('application/taxii+json;version=2.0')!, want)).toBe(false);
  });
  it('the mediaType assertion grades the version parameter, and ignores parameters not asked for', () => {
    expect(http({ mediaType: 'application/taxii+json;version=2.1' }, res(200, {}, { 'content-type': 'application/taxii+json;version=2.1' })).ok).toBe(true);
    expect(http({ mediaType: 'application/taxii+json;version=2.1' }, res(200, {}, { 'content-type': 'application/taxii+json' })).ok).toBe(false);
    expect(http({ mediaType: 'application/taxii+json' }, res(200, {}, { 'content-type': 'application/taxii+json;version=2.0' })).ok).toBe(true);
  });
});

describe('json item conditions', () => {
  const body = { objects: [{ id: 'a', type: 'indicator', date_added: '2021-01-01T00:00:00.000000Z' }, { id: 'b', type: 'malware', date_added: '2021-01-01T00:00:00.000Z' }] };
  it('every and everyMatches (templates expanded in the pattern, quantifiers left alone)', () => {
    expect(http({ json: { pointer: '/objects', every: { '/type': 'indicator' } } }, res(200, body)).ok).toBe(false);
    expect(http({ json: { pointer: '/objects', every: { '/type': '{t}' } } }, res(200, { objects: [body.objects[0]] }), { t: 'indicator' }).ok).toBe(true);
    expect(http({ json: { pointer: '/objects', everyMatches: { '/date_added': '\\.\\d{6}Z$' } } }, res(200, body)).ok).toBe(false);
    expect(http({ json: { pointer: '/objects', everyMatches: { '/id': '^{x}$' } } }, res(200, { objects: [{ id: 'q' }] }), { x: 'q' }).ok).toBe(true);
  });
  it('absentOk lets an omitted list pass, and only then', () => {
    expect(http({ json: { pointer: '/objects', none: { '/id': 'a' }, absentOk: true } }, res(200, {})).ok).toBe(true);
    expect(http({ json: { pointer: '/objects', none: { '/id': 'a' }, absentOk: true } }, res(200, body)).ok).toBe(false);
    expect(http({ json: { pointer: '/objects', none: { '/id': 'a' } } }, res(200, {})).ok).toBe(false);
  });
  it('memberOf, uniqueBy, keysMatch, sameAs, everyIn', () => {
    expect(http({ json: { pointer: '/default', memberOf: '/api_roots' } }, res(200, { default: '/a/', api_roots: ['/a/'] })).ok).toBe(true);
    expect(http({ json: { pointer: '/default', memberOf: '/api_roots' } }, res(200, { default: '/b/', api_roots: ['/a/'] })).ok).toBe(false);
    expect(http({ json: { pointer: '/c', uniqueBy: '/alias' } }, res(200, { c: [{ alias: 'x' }, {}, { alias: 'x' }] })).ok).toBe(false);
    expect(http({ json: { pointer: '/c', uniqueBy: '/alias' } }, res(200, { c: [{ alias: 'x' }, {}, { alias: 'y' }] })).ok).toBe(true);
    expect(http({ json: { pointer: '', keysMatch: '^[a-z0-9_]{3,250}$' } }, res(200, { title: 't', 'X-Mock': 1 })).ok).toBe(false);
    expect(http({ json: { pointer: '/c', sameAs: 'before' } }, res(200, { c: [1, 2] }), { before: '[1,2]' }).ok).toBe(true);
    expect(http({ json: { pointer: '/c', sameAs: 'before' } }, res(200, { c: [2, 1] }), { before: '[1,2]' }).ok).toBe(false);
    const mt = { json: { pointer: '/objects', everyIn: { key: '/media_type', values: '{m}' } } };
    expect(http(mt, res(200, { objects: [{ media_type: 'application/stix+json;version=2.1' }, {}] }), { m: '["application/stix+json;version=2.1"]' }).ok).toBe(true);
    expect(http(mt, res(200, { objects: [{ media_type: 'application/stix+json;version=2.0' }] }), { m: '["application/stix+json;version=2.1"]' }).ok).toBe(false);
  });
  it('an empty body holds nothing at any pointer; hasMembersOf allows members of its own', () => {
    expect(http({ json: { pointer: '/objects', exists: false } }, res(404, undefined)).ok).toBe(true);
    expect(http({ json: { pointer: '/http_status', equals: '404', absentOk: true } }, res(404, undefined)).ok).toBe(true);
    expect(http({ json: { pointer: '/objects', minItems: 1 } }, res(200, undefined)).ok).toBe(false);
    const listed = JSON.stringify({ id: 'x', can_write: true });
    expect(http({ json: { pointer: '', hasMembersOf: 'l' } }, res(200, { id: 'x', can_write: true, x_note: 1 }), { l: listed }).ok).toBe(true);
    expect(http({ json: { pointer: '', hasMembersOf: 'l' } }, res(200, { id: 'x', can_write: false }), { l: listed }).ok).toBe(false);
  });
  it('distinctUrls resolves relative and absolute entries before comparing', () => {
    const a = { json: { pointer: '/api_roots', distinctUrls: '{d}' } };
    expect(http(a, res(200, { api_roots: ['/api1/', 'https://h:1/api1'] }), { d: 'https://h:1/taxii2/' }).ok).toBe(false);
    expect(http(a, res(200, { api_roots: ['/api1/', '/api2/'] }), { d: 'https://h:1/taxii2/' }).ok).toBe(true);
  });
});

describe('the walk of a paged list', () => {
  const page = (items: unknown[], more: boolean) => ({ url: 'u', status: 200, items, more, next: more ? 'n' : undefined });
  const walk = (pages: ReturnType<typeof page>[], complete = true): Walk => {
    const items = pages.flatMap((p) => p.items);
    return { pages, items, keys: items.map((i) => itemKey(i, undefined)), complete, stopped: 'x' };
  };
  const judge = (a: Assertion, w: Walk, vars?: Record<string, string>) => evaluateAs(a, 'pages', w, env(vars));
  const r = (id: string, date: string) => ({ id, version: '1', date_added: date });
  it('finds an item twice, a page too big, a descent, an unfinished walk', () => {
    const good = walk([page([r('a', '1'), r('b', '2')], true), page([r('c', '3')], false)]);
    expect(judge({ walk: { complete: true, distinct: true, maxPerPage: 2, ascending: '/date_added', status: 200 } }, good).ok).toBe(true);
    expect(judge({ walk: { distinct: true } }, walk([page([r('a', '1')], true), page([r('a', '1')], false)])).ok).toBe(false);
    expect(judge({ walk: { maxPerPage: 1 } }, good).ok).toBe(false);
    expect(judge({ walk: { ascending: '/date_added' } }, walk([page([r('a', '2'), r('b', '1')], false)])).ok).toBe(false);
    expect(judge({ walk: { complete: true } }, walk([page([r('a', '1')], true)], false)).ok).toBe(false);
  });
  it('sameItemsAs finds a gap, leaving out what the run wrote', () => {
    const all = JSON.stringify([itemKey(r('a', '1'), undefined), itemKey(r('b', '2'), undefined)]);
    expect(judge({ walk: { sameItemsAs: 'all' } }, walk([page([r('a', '1')], false)]), { all }).ok).toBe(false);
    const ours = walk([page([r('a', '1'), r('b', '2'), r('x--run1234-1', '3')], false)]);
    expect(judge({ walk: { sameItemsAs: 'all' } }, ours, { all, runId: 'run1234' }).ok).toBe(true);
  });
  it('has and every look at the items of every page', () => {
    const w = walk([page([r('a', '1')], true), page([r('b', '2')], false)]);
    expect(judge({ walk: { has: [{ '/id': 'a' }, { '/id': '{second}' }] } }, w, { second: 'b' }).ok).toBe(true);
    expect(judge({ walk: { has: [{ '/id': 'c' }] } }, w).ok).toBe(false);
    expect(judge({ walk: { every: { '/version': '1' } } }, w).ok).toBe(true);
    expect(judge({ walk: { every: { '/id': 'a' } } }, w).ok).toBe(false);
  });
  it('withParam sets one parameter and keeps the rest of the query', () => {
    expect(withParam('https://h/c/manifest/?limit=2&next=old', 'next', 'a b')).toBe('https://h/c/manifest/?limit=2&next=a%20b');
    expect(withParam('https://h/c/manifest/', 'added_after', '2021-01-01T00:00:00.000000Z')).toBe('https://h/c/manifest/?added_after=2021-01-01T00%3A00%3A00.000000Z');
  });
});

describe('challenge and schemaIfBody', () => {
  it('a 401 owes WWW-Authenticate, another status nothing', () => {
    expect(http({ challenge: {} }, res(401, undefined, { 'www-authenticate': 'Basic realm="x"' })).ok).toBe(true);
    expect(http({ challenge: {} }, res(401, undefined)).ok).toBe(false);
    expect(http({ challenge: {} }, res(404, undefined)).ok).toBe(true);
    expect(http({ challenge: { scheme: 'Basic' } }, res(401, undefined, { 'www-authenticate': 'Bearer realm="x"' })).ok).toBe(false);
  });
  it('no body passes, a body must be a valid error', () => {
    expect(http({ schemaIfBody: 'error' }, res(404, undefined)).ok).toBe(true);
    expect(http({ schemaIfBody: 'error' }, res(404, { title: 'Not found' })).ok).toBe(true);
    expect(http({ schemaIfBody: 'error' }, res(404, { description: 'no title' })).ok).toBe(false);
  });
});

describe('--var', () => {
  it('takes name=value, a dashed name as its camelCase variable, and refuses bad or repeated ones', () => {
    expect(parseVars(['collection=abc', 'api-root=https://h/r/'])).toEqual({ collection: 'abc', apiRoot: 'https://h/r/' });
    expect(() => parseVars(['novalue'])).toThrow(/name=value/);
    expect(() => parseVars(['a=1', 'a=2'])).toThrow(/twice/);
    expect(() => parseVars(['runId=1'])).toThrow(/sets runId itself/);
  });
});

describe('which version an answer is of', () => {
  it('TAXII 2.1: a Content-Type naming version=2.1 (a 406 too), or a 2.1 Discovery', () => {
    expect(recognizeTaxii21(res(406, undefined, { 'content-type': 'application/taxii+json;version=2.1' }))).toMatch(/406/);
    expect(recognizeTaxii21(res(200, { title: 't', api_roots: [] }, { 'content-type': 'application/json' }))).toMatch(/discovery/);
    expect(recognizeTaxii21(res(200, { type: 'discovery', 'api-bases': [] }, { 'content-type': 'application/taxii+json' }))).toBeUndefined();
  });
  it('the pre-draft: its discovery and api-status messages', () => {
    expect(recognizePredraft(res(200, { type: 'discovery', 'api-bases': [] }))).toMatch(/pre-draft/);
    expect(recognizePredraft(res(200, { title: 't', api_roots: [] }))).toBeUndefined();
  });
  it('API Root entries resolve against the Discovery origin', () => {
    expect(resolveApiRoot('/api1', 'https://h:1/taxii2/')).toBe('https://h:1/api1/');
    expect(resolveApiRoot('//evil/x/', 'https://h:1/taxii2/')).toBeUndefined();
    expect(resolveApiRoot(3, 'https://h:1/taxii2/')).toBeUndefined();
    // What §4.1 does not allow is not tested: discovery.api-root-urls judges it.
    for (const bad of ['api1/', '/a/../api1/', 'http://h:1/api1/', 'https://{host}/api1/', '/api1/?x=1', 'ftp://h/api1/']) expect(resolveApiRoot(bad, 'https://h:1/taxii2/'), bad).toBeUndefined();
    expect(resolveApiRoot('https://other.example/api1', 'https://h:1/taxii2/')).toBe('https://other.example/api1/');
  });
});
