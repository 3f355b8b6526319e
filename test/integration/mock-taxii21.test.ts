// The mock's TAXII 2.1 profile over real HTTPS on loopback: Discovery at /taxii2/, the API
// Roots, collections of every access kind, Get Objects with every filter and paging, Get an
// Object, Versions, Manifest, Add Objects and its status, Delete, the errors and media-type
// negotiation, SRV; then faults that must change what it answers, and every variant and fault
// mounted once. Every TAXII answer is checked against schemas/taxii21/ as it arrives (and the
// mock validates what it sends). Requests are what curl would send.
import os from 'node:os';
import tls from 'node:tls';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { startHost, type RunningMock } from '../../mock-server/host.js';
import { taxii2PredraftMock } from '../../mock-server/taxii2-predraft/profile.js';
import { PREDRAFT_FAULTS } from '../../mock-server/taxii2-predraft/faults.js';
import type { MockOptions } from '../../mock-server/config.js';
import { taxii21Mock } from '../../mock-server/taxii21/profile.js';
import { TAXII21_FAULTS } from '../../mock-server/taxii21/faults.js';
import { TAXII21_VARIANTS } from '../../mock-server/taxii21/variants.js';
import { MAX_CONTENT_LENGTH } from '../../mock-server/taxii21/seed-data.js';
import { querySrv } from '../../suites/probes/dns.js';
import { loadSchemaSet } from '../../schemas/validator.js';
import { indicator } from '../helpers/taxii21-probe.js';

const T21 = 'application/taxii+json;version=2.1';
const schemas = loadSchemaSet('taxii21');
const certCacheDir = path.join(os.tmpdir(), 'taxii-conform-mock-cert-test');
const agent = new Agent({ connect: { rejectUnauthorized: false }, headersTimeout: 20_000, bodyTimeout: 20_000 });
const TAXII_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The TAXII 2.1 profile alone on a host (the registry line comes with the suite half). */
function start(opts: MockOptions = {}): Promise<RunningMock> {
  return startHost({ port: 0, certCacheDir, log: () => {}, ...opts }, [taxii21Mock], TAXII21_FAULTS, TAXII21_VARIANTS);
}

type Who = 'main' | 'reader' | 'none' | 'wrong';

interface Call {
  method?: string;
  auth?: Who;
  accept?: string | null;
  headers?: Record<string, string>;
  json?: unknown;
  raw?: string | Buffer;
  contentType?: string;
  /** The resource the answer must be (validated when it is a TAXII body). */
  as?: string;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any;
}

function authHeader(who: Who): Record<string, string> {
  const basic = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
  if (who === 'main') return basic('taxii', 'taxii-password');
  if (who === 'reader') return basic('reader', 'reader-password');
  if (who === 'wrong') return basic('taxii', 'not-the-password');
  return {};
}

async function call(mock: RunningMock, target: string, o: Call = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...authHeader(o.auth ?? 'main'), ...(o.headers ?? {}) };
  if (o.accept !== null) headers['accept'] = o.accept ?? T21;
  let body: string | Buffer | undefined = o.raw;
  if (o.json !== undefined) body = JSON.stringify(o.json);
  if (body !== undefined) headers['content-type'] = o.contentType ?? T21;
  const r = await agent.request({ origin: `https://127.0.0.1:${mock.port}`, path: target, method: (o.method ?? (body !== undefined ? 'POST' : 'GET')) as 'GET', headers, body });
  const text = await r.body.text();
  const h = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, String(v)]));
  let json: any;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const answer = { status: r.statusCode, headers: h, text, json };
  if (o.as !== undefined) {
    expect(answer.status, `${target}: ${text}`).toBeLessThan(300);
    expect(h['content-type']).toBe(T21);
    expect(schemas.validate(o.as, json).errors, target).toEqual([]);
  }
  return answer;
}

/** An error answer: its status, the TAXII type, a valid `error` with http_status as a string. */
function expectError(a: Answer, status: number): void {
  expect(a.status, a.text).toBe(status);
  expect(a.headers['content-type']).toBe(T21);
  expect(schemas.validate('error', a.json).errors).toEqual([]);
  expect(a.json.http_status).toBe(String(status));
}

const q = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;

describe('the TAXII 2.1 mock (reference behaviour)', () => {
  let mock: RunningMock;
  let intel: string; // the read-write collection's path
  let feed: string;
  let dropBox: string;
  let vault: string;
  beforeAll(async () => {
    mock = await start();
    const cols = (await call(mock, '/taxii2/api1/collections/', { as: 'collections' })).json.collections as any[];
    const by = (t: string) => `/taxii2/api1/collections/${cols.find((c) => c.title.startsWith(t))?.id}/`;
    intel = by('Intel');
    feed = by('Feed');
    dropBox = by('Drop box');
    // The vault is not listed for the main user: its id comes from the reader's listing.
    const readerCols = (await call(mock, '/taxii2/api1/collections/', { auth: 'reader', as: 'collections' })).json.collections as any[];
    vault = `/taxii2/api1/collections/${readerCols.find((c) => c.title.startsWith('Vault'))!.id}/`;
  });
  afterAll(async () => {
    await mock?.close();
  });

  /** Every manifest record of the intel collection under these parameters, page by page with `next`. */
  async function walk(base: string, params: Record<string, string> = {}, key = 'objects'): Promise<{ items: any[]; pages: Answer[] }> {
    const items: any[] = [];
    const pages: Answer[] = [];
    let next: string | undefined;
    for (let i = 0; i < 50; i++) {
      const a = await call(mock, base + q({ ...params, ...(next ? { next } : {}) }));
      expect(a.status, a.text).toBe(200);
      pages.push(a);
      items.push(...(a.json[key] ?? []));
      if (!a.json.more) return { items, pages };
      next = a.json.next;
      expect(typeof next).toBe('string');
    }
    throw new Error('more than 50 pages');
  }

  describe('discovery and API Roots', () => {
    it('serves Discovery at /taxii2/ with relative API Root URLs and a listed default, to a caller without credentials too', async () => {
      for (const auth of ['main', 'none'] as const) {
        const d = (await call(mock, '/taxii2/', { auth, as: 'discovery' })).json;
        expect(d.api_roots).toEqual(['/taxii2/api1/', '/taxii2/api2/', '/taxii2/public/', '/taxii2/empty/']);
        expect(d.api_roots).toContain(d.default);
      }
    });

    it('answers each API Root with versions naming 2.1 and max_content_length; an unknown root is 404 with an error resource', async () => {
      for (const root of ['api1', 'api2', 'public', 'empty']) {
        const r = (await call(mock, `/taxii2/${root}/`, { as: 'api-root' })).json;
        expect(r.versions).toEqual([T21]);
        expect(r.max_content_length).toBe(MAX_CONTENT_LENGTH);
      }
      expectError(await call(mock, '/taxii2/nowhere/'), 404);
      expectError(await call(mock, '/taxii2/api1'), 404); // no trailing slash
      const wrongMethod = await call(mock, '/taxii2/api1/', { method: 'DELETE' });
      expectError(wrongMethod, 405);
      expect(wrongMethod.headers['allow']).toBe('GET');
    });

    it('TLS: 1.2 with an AEAD suite and 1.3 are accepted; the CBC suite RFC 7540 lists only while a profile mandating it (the pre-draft) is mounted', async () => {
      const handshake = (port: number, o: tls.ConnectionOptions) =>
        new Promise<string>((resolve) => {
          const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...o }, () => {
            resolve(`${s.getProtocol()} ${s.getCipher().standardName}`);
            s.destroy();
          });
          s.on('error', () => resolve('refused'));
        });
      const cbc = { maxVersion: 'TLSv1.2' as const, ciphers: 'ECDHE-RSA-AES256-SHA384' };
      expect(await handshake(mock.port, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES256-GCM-SHA384' })).toBe('TLSv1.2 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384');
      expect(await handshake(mock.port, { minVersion: 'TLSv1.3' })).toMatch(/^TLSv1\.3 /);
      expect(await handshake(mock.port, cbc)).toBe('refused');
      const both = await startHost({ port: 0, certCacheDir, log: () => {} }, [taxii2PredraftMock, taxii21Mock], [...PREDRAFT_FAULTS, ...TAXII21_FAULTS], TAXII21_VARIANTS);
      try {
        expect(await handshake(both.port, cbc)).toBe('TLSv1.2 TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384');
        expect((await call(both, '/taxii2/', { as: 'discovery' })).json.default).toBe('/taxii2/api1/');
      } finally {
        await both.close();
      }
    });

    it('answers _taxii2._tcp SRV from its DNS responder, pointing at the mock', async () => {
      const m = await start({ dnsPort: 0 });
      try {
        const records = await querySrv(`_taxii2._tcp.${m.dns!.domain}`, { server: { host: '127.0.0.1', port: m.dns!.port }, timeoutMs: 3000 });
        expect(records.map((r) => [r.target, r.port])).toEqual([[m.dns!.target, m.port]]);
      } finally {
        await m.close();
      }
    });
  });

  describe('collections', () => {
    it('lists the caller\'s collections with its flags, in a stable order, omitting one it can neither read nor write', async () => {
      const a = (await call(mock, '/taxii2/api1/collections/', { as: 'collections' })).json.collections as any[];
      expect(a.map((c) => [c.title, c.can_read, c.can_write])).toEqual([
        ['Drop box (write-only)', false, true],
        ['Feed (read-only)', true, false],
        ['Intel (read-write)', true, true],
      ]);
      const again = (await call(mock, '/taxii2/api1/collections/')).json.collections as any[];
      expect(again.map((c) => c.id)).toEqual(a.map((c) => c.id));
      const reader = (await call(mock, '/taxii2/api1/collections/', { auth: 'reader' })).json.collections as any[];
      expect(reader.map((c) => [c.title, c.can_read, c.can_write])).toEqual([
        ['Feed (read-only)', true, false],
        ['Intel (read-write)', true, false],
        ['Vault (no access)', true, false],
      ]);
    });

    it('answers an API Root without collections with {}', async () => {
      expect((await call(mock, '/taxii2/empty/collections/', { as: 'collections' })).json).toEqual({});
    });

    it('answers Get a Collection by id and by alias; an unknown id and a collection the caller cannot use are 404', async () => {
      const c = (await call(mock, intel, { as: 'collection' })).json;
      expect(c.alias).toBe('intel');
      expect((await call(mock, '/taxii2/api1/collections/intel/', { as: 'collection' })).json).toEqual(c);
      expectError(await call(mock, '/taxii2/api1/collections/2f0a4a3e-1a6c-4a4e-9a53-5d0c9a1b2c3d/'), 404);
      expectError(await call(mock, vault), 404);
    });
  });

  describe('Get Objects, filters and paging', () => {
    it('walks every page with `next`: ascending date_added, no overlap, the page size at most 5, the date headers of each page', async () => {
      const { items, pages } = await walk(`${intel}manifest/`, { 'match[version]': 'all' });
      expect(pages.length).toBeGreaterThanOrEqual(3);
      for (const p of pages) {
        const records = p.json.objects as any[];
        expect(records.length).toBeLessThanOrEqual(5);
        expect(schemas.validate('manifest', p.json).errors).toEqual([]);
        expect(p.headers['x-taxii-date-added-first']).toBe(records[0].date_added);
        expect(p.headers['x-taxii-date-added-last']).toBe(records[records.length - 1].date_added);
      }
      const dates = items.map((r) => r.date_added);
      expect(dates.every((d) => TAXII_TS.test(d))).toBe(true);
      expect([...dates].sort()).toEqual(dates);
      const keys = items.map((r) => `${r.id}@${r.version}@${r.date_added}`);
      expect(new Set(keys).size).toBe(keys.length);
      // A run of more than a page of equal date_added (A-10).
      const counts = new Map<string, number>();
      for (const d of dates) counts.set(d, (counts.get(d) ?? 0) + 1);
      expect(Math.max(...counts.values())).toBe(6);
    });

    it('honours limit below the page size, and refuses a next replayed with another query (400)', async () => {
      const a = await call(mock, `${intel}objects/${q({ limit: '2' })}`, { as: 'envelope' });
      expect(a.json.objects).toHaveLength(2);
      expect(a.json.more).toBe(true);
      const next = a.json.next as string;
      expect((await call(mock, `${intel}objects/${q({ limit: '2', next })}`, { as: 'envelope' })).json.objects).toHaveLength(2);
      expectError(await call(mock, `${intel}objects/${q({ limit: '2', next, 'match[type]': 'malware' })}`), 400);
      expectError(await call(mock, `${feed}objects/${q({ limit: '2', next })}`), 400);
      expectError(await call(mock, `${intel}objects/${q({ limit: '2', next })}`, { auth: 'reader' }), 400);
    });

    it('returns only the latest version and spec version by default; first, last, all, exact and several versions as named', async () => {
      const all = (await walk(`${intel}manifest/`, { 'match[version]': 'all' })).items;
      const byId = new Map<string, any[]>();
      for (const r of all) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
      const [ind3, versions] = [...byId.entries()].find(([, v]) => new Set(v.map((r) => r.version)).size === 3)!;
      const sorted = versions.map((r) => r.version).sort();
      const fetch = async (params: Record<string, string>) => ((await call(mock, `${intel}objects/${ind3}/${q(params)}`, { as: 'envelope' })).json.objects ?? []).map((o: any) => o.modified);
      expect(await fetch({})).toEqual([sorted[2]]);
      expect(await fetch({ 'match[version]': 'first' })).toEqual([sorted[0]]);
      expect(await fetch({ 'match[version]': 'last' })).toEqual([sorted[2]]);
      expect(await fetch({ 'match[version]': 'all' })).toEqual(sorted);
      expect(await fetch({ 'match[version]': sorted[1] })).toEqual([sorted[1]]);
      expect(await fetch({ 'match[version]': `${sorted[0]},${sorted[2]}` })).toEqual([sorted[0], sorted[2]]);
      expect(await fetch({ 'match[version]': 'first,last', limit: '1' })).toEqual([sorted[0]]);
      // The default manifest lists one record per object.
      const latest = (await walk(`${intel}manifest/`)).items;
      expect(latest.filter((r) => r.id === ind3).map((r) => r.version)).toEqual([sorted[2]]);
      expect(new Set(latest.map((r) => r.id)).size).toBe(latest.length);
    });

    it('holds one object in spec versions 2.0 and 2.1: the latest by default, each on match[spec_version]', async () => {
      const objects = (await walk(`${intel}objects/`, { 'match[version]': 'all', 'match[spec_version]': '2.0' })).items;
      expect(objects).toHaveLength(1);
      const id = objects[0].id as string;
      expect(objects[0].spec_version).toBeUndefined();
      const get = async (params: Record<string, string>) => ((await call(mock, `${intel}objects/${id}/${q(params)}`, { as: 'envelope' })).json.objects ?? []).map((o: any) => o.spec_version ?? '2.0');
      expect(await get({})).toEqual(['2.1']);
      expect(await get({ 'match[spec_version]': '2.0' })).toEqual(['2.0']);
      expect(await get({ 'match[spec_version]': '2.0,2.1' })).toEqual(['2.0', '2.1']);
      expect((await call(mock, `${intel}objects/${id}/${q({ 'match[spec_version]': '1.0' })}`, { as: 'envelope' })).json).toEqual({});
      // Its manifest records: the 2.1 one names the 2.1 media type the collection lists; the 2.0 one names none (it is optional) rather than a wrong one.
      const [r21] = (await walk(`${intel}manifest/`, { 'match[id]': id })).items;
      expect(r21.media_type).toBe('application/stix+json;version=2.1');
      const r20 = (await walk(`${intel}manifest/`, { 'match[id]': id, 'match[spec_version]': '2.0' })).items;
      expect(r20).toHaveLength(1);
      expect(r20[0].media_type).toBeUndefined();
    });

    it('filters by id and type (OR within a field, AND across), added_after strictly, and an absent STIX type gives {}', async () => {
      const latest = (await walk(`${intel}manifest/`)).items;
      const [a, b] = [latest[0], latest[3]];
      const ids = async (params: Record<string, string>) => (await walk(`${intel}objects/`, params)).items.map((o) => o.id).sort();
      expect(await ids({ 'match[id]': a.id })).toEqual([a.id]);
      expect(await ids({ 'match[id]': `${a.id},${b.id}` })).toEqual([a.id, b.id].sort());
      const malware = await ids({ 'match[type]': 'malware' });
      const rels = await ids({ 'match[type]': 'relationship' });
      expect(malware.length).toBe(3);
      expect(await ids({ 'match[type]': 'malware,relationship' })).toEqual([...malware, ...rels].sort());
      expect(await ids({ 'match[type]': 'malware', 'match[id]': `${a.id},${malware[0]}` })).toEqual([malware[0]]);
      expect((await call(mock, `${intel}objects/${q({ 'match[type]': 'grouping' })}`, { as: 'envelope' })).json).toEqual({});
      // added_after = a record's date_added: that record is not returned, later ones are.
      const after = (await walk(`${intel}manifest/`, { added_after: latest[4].date_added })).items;
      expect(after.map((r) => r.id)).toEqual(latest.slice(5).map((r) => r.id).filter((id) => after.some((x) => x.id === id)));
      expect(after.every((r) => r.date_added > latest[4].date_added)).toBe(true);
      expect(after.length).toBeGreaterThan(0);
      // An unknown match field is ignored.
      expect((await call(mock, `${intel}objects/${q({ 'match[foo]': 'bar', limit: '1' })}`, { as: 'envelope' })).json.objects).toHaveLength(1);
    });

    it('matches an unversioned object (a marking-definition) on created, and an SCO on a consistent version', async () => {
      const md = (await walk(`${intel}objects/`, { 'match[type]': 'marking-definition' })).items[0];
      expect(md.modified).toBeUndefined();
      const got = (await call(mock, `${intel}objects/${md.id}/${q({ 'match[version]': md.created })}`, { as: 'envelope' })).json.objects;
      expect(got.map((o: any) => o.id)).toEqual([md.id]);
      expect((await call(mock, `${intel}objects/${md.id}/versions/`, { as: 'versions' })).json.versions).toEqual([md.created]);
      const sco = (await walk(`${intel}manifest/`, { 'match[type]': 'ipv4-addr' })).items[0];
      expect((await call(mock, `${intel}manifest/${q({ 'match[type]': 'ipv4-addr' })}`)).json.objects[0].version).toBe(sco.version);
    });

    it('refuses malformed and repeated parameters with 400', async () => {
      for (const bad of ['limit=0', 'limit=-1', 'limit=x', 'added_after=yesterday', 'match[version]=notatime', 'match[version]=all,last', 'match[type]=indicator&match[type]=malware', 'added_after=2021-01-01T00:00:00.000000Z&added_after=2021-01-02T00:00:00.000000Z']) {
        for (const ep of ['objects/', 'manifest/']) expectError(await call(mock, `${intel}${ep}?${bad}`), 400);
      }
    });

    it('answers Get an Object: 404 for an unknown id, {} when the filters exclude every version; nothing matching in Get Objects is {}', async () => {
      const unknown = 'indicator--6b3a9c3e-7a1b-4c2d-8e9f-0a1b2c3d4e5f';
      expectError(await call(mock, `${intel}objects/${unknown}/`), 404);
      expectError(await call(mock, `${intel}objects/${unknown}/versions/`), 404);
      expect((await call(mock, `${intel}objects/${q({ 'match[id]': unknown })}`, { as: 'envelope' })).json).toEqual({});
      expect((await call(mock, `${intel}manifest/${q({ 'match[id]': unknown })}`, { as: 'manifest' })).json).toEqual({});
      const h = await call(mock, `${intel}objects/${q({ 'match[id]': unknown })}`);
      expect(h.headers['x-taxii-date-added-first']).toBeUndefined();
    });

    it('lists an object\'s versions in ascending date_added, as the manifest does under match[version]=all', async () => {
      const all = (await walk(`${intel}manifest/`, { 'match[version]': 'all' })).items;
      const multi = all.find((r) => all.filter((x) => x.id === r.id).length === 3)!;
      const v = await call(mock, `${intel}objects/${multi.id}/versions/`, { as: 'versions' });
      const records = all.filter((r) => r.id === multi.id);
      expect(v.json.versions).toEqual(records.map((r) => r.version));
      expect(v.headers['x-taxii-date-added-first']).toBe(records[0].date_added);
      expect(v.headers['x-taxii-date-added-last']).toBe(records[2].date_added);
    });
  });

  describe('add objects, status, delete', () => {
    const ID = 'indicator--0c5a3b1e-8f9a-4b2c-9d3e-1f2a3b4c5d6e';

    it('answers a POST 202 with a pending status that turns complete after two polls; the objects come back by id and version', async () => {
      const post = await call(mock, `${intel}objects/`, { json: { objects: [indicator(ID, '2022-01-01T00:00:00.000Z'), indicator(ID, '2022-01-02T00:00:00.000Z')] }, as: 'status' });
      expect(post.status).toBe(202);
      expect(post.json).toMatchObject({ status: 'pending', total_count: 2, success_count: 0, pending_count: 2, failure_count: 0 });
      expect(post.json.request_timestamp).toMatch(TAXII_TS);
      const url = `/taxii2/api1/status/${post.json.id}/`;
      expect((await call(mock, url, { as: 'status' })).json.status).toBe('pending');
      expect((await call(mock, url, { as: 'status' })).json.status).toBe('pending');
      const done = (await call(mock, url, { as: 'status' })).json;
      expect(done).toMatchObject({ status: 'complete', success_count: 2, pending_count: 0 });
      expect(done.successes.map((s: any) => s.version)).toEqual(['2022-01-01T00:00:00.000Z', '2022-01-02T00:00:00.000Z']);
      expect((await call(mock, url, { as: 'status' })).json).toEqual(done);
      const back = (await call(mock, `${intel}objects/${ID}/${q({ 'match[version]': 'all' })}`, { as: 'envelope' })).json.objects;
      expect(back.map((o: any) => o.modified)).toEqual(['2022-01-01T00:00:00.000Z', '2022-01-02T00:00:00.000Z']);
    });

    it('reports a duplicate as a success and an unsupported spec version under failures', async () => {
      const dup = await call(mock, `${intel}objects/`, { json: { objects: [indicator(ID, '2022-01-01T00:00:00.000Z'), indicator('indicator--1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a', '2022-01-01T00:00:00.000Z', { spec_version: '9.9' })] }, as: 'status' });
      expect(dup.status).toBe(202);
      expect(dup.json.total_count).toBe(2);
      expect(dup.json.failures.map((f: any) => f.id)).toEqual(['indicator--1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a']);
      const notStix = await call(mock, `${intel}objects/`, { json: { objects: [{ type: 'indicator', id: 'not-an-id' }] }, as: 'status' });
      expect([notStix.status, notStix.json.failure_count, notStix.json.success_count + notStix.json.pending_count]).toEqual([202, 1, 0]);
    });

    it('refuses bad bodies: invalid JSON 400, no envelope or an empty objects list 422, another Content-Type 415, max_content_length+1 octets 413', async () => {
      expectError(await call(mock, `${intel}objects/`, { raw: '{"objects": [' }), 400);
      expectError(await call(mock, `${intel}objects/`, { json: { type: 'bundle', id: 'bundle--0c5a3b1e-8f9a-4b2c-9d3e-1f2a3b4c5d6e' } }), 422);
      expectError(await call(mock, `${intel}objects/`, { json: { objects: [] } }), 422);
      expectError(await call(mock, `${intel}objects/`, { json: { objects: [indicator(ID, '2022-01-01T00:00:00.000Z')] }, contentType: 'application/json' }), 415);
      const envelope = (pad: number) => JSON.stringify({ objects: [indicator(ID, '2022-01-01T00:00:00.000Z')], x_pad: 'a'.repeat(pad) });
      const base = Buffer.byteLength(envelope(0));
      expect((await call(mock, `${intel}objects/`, { raw: envelope(MAX_CONTENT_LENGTH - base) })).status).toBe(202);
      expectError(await call(mock, `${intel}objects/`, { raw: envelope(MAX_CONTENT_LENGTH - base + 1) }), 413);
      for (const spelling of ['application/taxii+json; version=2.1', 'Application/TAXII+JSON;Version=2.1', 'application/taxii+json;version="2.1"']) {
        expect((await call(mock, `${intel}objects/`, { json: { objects: [indicator(ID, '2022-01-01T00:00:00.000Z')] }, contentType: spelling })).status).toBe(202);
      }
    });

    it('answers an unknown status id 404 (a random UUID and a non-UUID)', async () => {
      expectError(await call(mock, '/taxii2/api1/status/2f0a4a3e-1a6c-4a4e-9a53-5d0c9a1b2c3d/'), 404);
      expectError(await call(mock, '/taxii2/api1/status/not-a-uuid/'), 404);
    });

    it('deletes one version with match[version], then the object: 200 with the TAXII type and no body; then 404 and gone from the listings', async () => {
      const DEL = 'indicator--2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b';
      await call(mock, `${intel}objects/`, { json: { objects: [indicator(DEL, '2022-01-01T00:00:00.000Z'), indicator(DEL, '2022-01-02T00:00:00.000Z')] } });
      const one = await call(mock, `${intel}objects/${DEL}/${q({ 'match[version]': '2022-01-01T00:00:00.000Z' })}`, { method: 'DELETE' });
      expect([one.status, one.headers['content-type'], one.text]).toEqual([200, T21, '']);
      expect((await call(mock, `${intel}objects/${DEL}/versions/`)).json.versions).toEqual(['2022-01-02T00:00:00.000Z']);
      expect((await call(mock, `${intel}objects/${DEL}/`, { method: 'DELETE' })).status).toBe(200);
      expectError(await call(mock, `${intel}objects/${DEL}/`), 404);
      expect((await call(mock, `${intel}objects/${q({ 'match[id]': DEL })}`)).json).toEqual({});
      expect((await call(mock, `${intel}manifest/${q({ 'match[id]': DEL })}`)).json).toEqual({});
      expectError(await call(mock, `${intel}objects/${DEL}/`, { method: 'DELETE' }), 404);
    });
  });

  describe('authentication and permissions', () => {
    it('answers no or wrong credentials on every collection endpoint 401 with a Basic challenge', async () => {
      const obj = 'indicator--0c5a3b1e-8f9a-4b2c-9d3e-1f2a3b4c5d6e';
      for (const auth of ['none', 'wrong'] as const) {
        for (const [method, p] of [['GET', '/taxii2/api1/collections/'], ['GET', intel], ['GET', `${intel}manifest/`], ['GET', `${intel}objects/`], ['POST', `${intel}objects/`], ['GET', `${intel}objects/${obj}/`], ['DELETE', `${intel}objects/${obj}/`], ['GET', `${intel}objects/${obj}/versions/`], ['GET', '/taxii2/api1/'], ['GET', '/taxii2/api1/status/2f0a4a3e-1a6c-4a4e-9a53-5d0c9a1b2c3d/']] as const) {
          const a = await call(mock, p, { auth, method, ...(method === 'POST' ? { json: { objects: [] } } : {}) });
          expectError(a, 401);
          expect(a.headers['www-authenticate']).toBe('Basic realm="taxii"');
        }
      }
    });

    it('takes bearer tokens on the second API Root, issued by its token/ URL for Basic credentials; the main root refuses them', async () => {
      const issued = await agent.request({ origin: `https://127.0.0.1:${mock.port}`, path: '/taxii2/api2/token/', method: 'POST', headers: authHeader('main') });
      expect(issued.statusCode).toBe(200);
      const { access_token: token, token_type: type } = (await issued.body.json()) as any;
      expect(type).toBe('Bearer');
      const bearer = { authorization: `Bearer ${token}` };
      await call(mock, '/taxii2/api2/collections/', { auth: 'none', headers: bearer, as: 'collections' });
      const other = await call(mock, '/taxii2/api1/collections/', { auth: 'none', headers: bearer });
      expectError(other, 401);
      expect(other.headers['www-authenticate']).toBe('Basic realm="taxii"');
      const none = await call(mock, '/taxii2/api2/collections/', { auth: 'none' });
      expect(none.headers['www-authenticate']).toBe('Basic realm="taxii", Bearer realm="taxii"');
      expectError(await call(mock, '/taxii2/api1/token/', { method: 'POST' }), 404);
    });

    it('serves the public API Root without credentials, read only', async () => {
      const cols = (await call(mock, '/taxii2/public/collections/', { auth: 'none', as: 'collections' })).json.collections;
      expect(cols.map((c: any) => [c.can_read, c.can_write])).toEqual([[true, false]]);
      const p = `/taxii2/public/collections/${cols[0].id}/`;
      expect((await call(mock, `${p}objects/`, { auth: 'none', as: 'envelope' })).json.objects.length).toBeGreaterThan(0);
      expectError(await call(mock, `${p}objects/`, { auth: 'none', json: { objects: [{ type: 'x', id: 'x' }] } }), 403);
    });

    it('refuses reads where can_read is false and writes where can_write is false with 403; DELETE by the §5.7 table', async () => {
      const obj = (await walk(`${feed}objects/`)).items[0].id;
      for (const ep of ['manifest/', 'objects/', `objects/${obj}/`, `objects/${obj}/versions/`]) expectError(await call(mock, `${dropBox}${ep}`), 403);
      expectError(await call(mock, `${feed}objects/`, { json: { objects: [{ type: 'x', id: 'x' }] } }), 403);
      expectError(await call(mock, `${feed}objects/${obj}/`, { method: 'DELETE' }), 403);
      expectError(await call(mock, `${dropBox}objects/${obj}/`, { method: 'DELETE' }), 403);
      expectError(await call(mock, `${vault}objects/${obj}/`, { method: 'DELETE' }), 404);
    });
  });

  describe('media types', () => {
    it('serves the versioned type in any spelling, the bare type, and q-weighted lists; refuses lists without a TAXII 2.1 range with 406', async () => {
      for (const accept of [T21, 'application/taxii+json', 'application/taxii+json; version=2.1', 'APPLICATION/TAXII+JSON;VERSION=2.1', 'application/taxii+json;version="2.1"', 'application/taxii+json;version=2.1;q=0.5, */*;q=0.1']) {
        await call(mock, '/taxii2/api1/', { accept, as: 'api-root' });
      }
      for (const accept of ['*/*', 'application/json', 'application/taxii+json;version=2.0', 'application/taxii+json;version=3.0', 'application/taxii+json;version=2.1;q=0', null]) {
        expectError(await call(mock, '/taxii2/api1/', { accept }), 406);
      }
    });
  });
});

describe('the TAXII 2.1 mock under faults and variants', () => {
  it('every fault and variant mounts, and Discovery and a collection page still answer', async () => {
    for (const name of [...TAXII21_FAULTS.map((f) => f.name), ...TAXII21_VARIANTS.map((v) => v.name)]) {
      const isVariant = TAXII21_VARIANTS.some((v) => v.name === name);
      const m = await start(isVariant ? { variants: [name] } : { faults: [name] });
      try {
        const d = await call(m, '/taxii2/', { headers: { 'user-agent': 'test' } });
        expect([200, 401], `${name}: ${d.text}`).toContain(d.status);
        const roots = (await call(m, '/taxii2/', { headers: { 'user-agent': 'test' } })).json;
        // An entry read as a client reads it: against the Discovery URL; one that is no URL (a fault's) leaves the first root's path.
        const first: string = roots?.api_roots?.[0] ?? '/taxii2/api1/';
        const root = URL.canParse(first, 'https://x/taxii2/') ? new URL(first, 'https://x/taxii2/').pathname : '/taxii2/api1/';
        const cols = await call(m, `${root}collections/`, { headers: { 'user-agent': 'test' } });
        expect(cols.status, `${name}: ${cols.text}`).toBe(name === 'taxii21-no-basic' ? 401 : 200);
      } finally {
        await m.close();
      }
    }
  }, 120_000);

  it('variants: a page size of 1, offset tokens, other root paths, errors without a body, statuses complete at once', async () => {
    const m = await start({ variants: ['taxii21-page-size-1', 'taxii21-next-offset', 'taxii21-roots-other-paths', 'taxii21-error-no-body', 'taxii21-status-complete-at-once'] });
    try {
      expect((await call(m, '/taxii2/', { as: 'discovery' })).json.api_roots[0]).toBe('/taxii2/roots/a/');
      const cols = (await call(m, '/taxii2/roots/a/collections/')).json.collections as any[];
      const intel = `/taxii2/roots/a/collections/${cols.find((c) => c.title.startsWith('Intel')).id}/`;
      const page = await call(m, `${intel}objects/?limit=3`, { as: 'envelope' });
      expect([page.json.objects.length, page.json.next]).toEqual([1, '1']);
      const e = await call(m, '/taxii2/roots/a/nowhere/');
      expect([e.status, e.text, e.headers['content-type']]).toEqual([404, '', T21]);
      const post = await call(m, `${intel}objects/`, { json: { objects: [{ type: 'malware', spec_version: '2.1', id: 'malware--0c5a3b1e-8f9a-4b2c-9d3e-1f2a3b4c5d6e', created: '2022-01-01T00:00:00.000Z', modified: '2022-01-01T00:00:00.000Z', name: 'm', is_family: false }] }, as: 'status' });
      expect([post.status, post.json.status]).toEqual([202, 'complete']);
    } finally {
      await m.close();
    }
  });

  it('faults: an off-by-one limit, next ignored, values ANDed within a field, added_after inclusive, every version deleted, a status never final, 403 and 404 swapped', async () => {
    const m = await start({ faults: ['taxii21-limit-off-by-one', 'taxii21-next-ignored', 'taxii21-match-and-within', 'taxii21-added-after-inclusive', 'taxii21-delete-every-version', 'taxii21-status-never-final', 'taxii21-delete-404-for-403', 'taxii21-delete-403-for-404'] });
    try {
      const cols = (await call(m, '/taxii2/api1/collections/')).json.collections as any[];
      const reader = (await call(m, '/taxii2/api1/collections/', { auth: 'reader' })).json.collections as any[];
      const path = (t: string, list = cols) => `/taxii2/api1/collections/${list.find((c: any) => c.title.startsWith(t)).id}/`;
      const intel = path('Intel');
      const p1 = await call(m, `${intel}manifest/?limit=2`);
      expect(p1.json.objects).toHaveLength(3);
      const p2 = await call(m, `${intel}manifest/?limit=2&next=${encodeURIComponent(p1.json.next)}`);
      expect(p2.json.objects).toEqual(p1.json.objects);
      const [a, b] = p1.json.objects;
      expect((await call(m, `${intel}objects/?match[id]=${a.id},${b.id}`)).json).toEqual({});
      const after = await call(m, `${intel}manifest/?added_after=${a.date_added}`);
      expect(after.json.objects[0].id).toBe(a.id);
      const ID = 'indicator--3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b';
      const ind = (modified: string) => ({ type: 'indicator', spec_version: '2.1', id: ID, created: '2022-01-01T00:00:00.000Z', modified, pattern: "[x:y = 'z']", pattern_type: 'stix', valid_from: '2022-01-01T00:00:00Z' });
      const post = await call(m, `${intel}objects/`, { json: { objects: [ind('2022-01-01T00:00:00.000Z'), ind('2022-01-02T00:00:00.000Z')] } });
      for (let i = 0; i < 4; i++) expect((await call(m, `/taxii2/api1/status/${post.json.id}/`)).json.status).toBe('pending');
      expect((await call(m, `${intel}objects/${ID}/?match[version]=2022-01-01T00:00:00.000Z`, { method: 'DELETE' })).status).toBe(200);
      expect((await call(m, `${intel}objects/${ID}/`)).status).toBe(404);
      expect((await call(m, `${path('Feed')}objects/${ID}/`, { method: 'DELETE' })).status).toBe(404);
      expect((await call(m, `${path('Vault', reader)}objects/${ID}/`, { method: 'DELETE' })).status).toBe(403);
    } finally {
      await m.close();
    }
  });

  it('faults: the Content-Type without its version, http_status an integer, Basic not offered', async () => {
    const m = await start({ faults: ['taxii21-no-version-parameter', 'taxii21-http-status-integer', 'taxii21-no-basic'] });
    try {
      const d = await call(m, '/taxii2/', { auth: 'none' });
      expect(d.headers['content-type']).toBe('application/taxii+json');
      const e = await call(m, '/taxii2/api1/');
      expect([e.status, e.json.http_status, e.headers['www-authenticate']]).toEqual([401, 400, 'Bearer realm="taxii"']);
    } finally {
      await m.close();
    }
  });
});
