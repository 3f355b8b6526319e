// The mock server over real HTTPS on loopback: every reference behaviour, then a handful of
// faults that must change it. Every JSON answer of the reference mock is checked against
// the schema of its own `type` as it arrives.
import { once } from 'node:events';
import { Readable } from 'node:stream';
import http from 'node:http';
import tls from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { SignJWT } from 'jose';
import { listFaults, startMock, type MockOptions, type RunningMock } from '../../mock-server/index.js';
import { unsignedToken, ISSUER } from '../../mock-server/auth.js';
import { loadSchemaSet } from '../../schemas/validator.js';

const T = 'application/taxii+json';
const schemas = loadSchemaSet('taxii2-predraft');
const certCacheDir = path.join(os.tmpdir(), 'taxii-conform-mock-cert-test');
const agent = new Agent({ connect: { rejectUnauthorized: false }, headersTimeout: 20_000, bodyTimeout: 20_000 });

type Who = 'main' | 'reader' | 'none' | { authorization: string };

interface CallOptions {
  method?: string;
  auth?: Who;
  headers?: Record<string, string>;
  /** Sent as JSON with Content-Type application/taxii+json unless contentType says otherwise. */
  json?: unknown;
  raw?: string | Buffer;
  contentType?: string;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any;
  ms: number;
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** One request; `path` is sent exactly as given (no URL normalisation). */
async function call(mock: RunningMock, p: string, o: CallOptions = {}, validate = true): Promise<Answer> {
  const headers: Record<string, string> = { accept: T, ...o.headers };
  const who = o.auth ?? 'main';
  if (who === 'main') headers.authorization = basic(mock.credentials.user, mock.credentials.password);
  else if (who === 'reader') headers.authorization = basic(mock.readonlyCredentials.user, mock.readonlyCredentials.password);
  else if (who !== 'none') headers.authorization = who.authorization;
  let body: string | Buffer | undefined = o.raw;
  if (o.json !== undefined) body = JSON.stringify(o.json);
  if (body !== undefined) headers['content-type'] = o.contentType ?? T;
  const t0 = Date.now();
  const r = await agent.request({ origin: `https://127.0.0.1:${mock.port}`, path: p, method: (o.method ?? 'GET') as 'GET', headers, body });
  const text = await r.body.text();
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) flat[k] = Array.isArray(v) ? v.join(', ') : String(v);
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (validate && json !== undefined && typeof json.type === 'string') {
    const v = schemas.validate(json.type, json);
    expect(v.errors, `${o.method ?? 'GET'} ${p} sent an invalid ${json.type} message`).toEqual([]);
  }
  return { status: r.statusCode, headers: flat, text, json, ms: Date.now() - t0 };
}

function expectError(a: Answer, status: number, code: string, description?: RegExp): void {
  expect(a.status, a.text).toBe(status);
  expect(a.headers['content-type']).toBe(T);
  expect(a.json).toMatchObject({ type: 'error', 'http-status': status, 'error-code': code });
  expect(typeof a.json.title).toBe('string');
  if (description) expect(a.json.description).toMatch(description);
}

async function tokenFor(mock: RunningMock, base: string, o: { lifetime?: number; who?: Who } = {}): Promise<string> {
  const a = await call(mock, `/${base}/token/`, {
    method: 'POST',
    auth: o.who ?? 'main',
    ...(o.lifetime !== undefined ? { json: { type: 'token-request', lifetime: o.lifetime } } : {}),
  });
  expect(a.status, a.text).toBe(200);
  return a.json['access-token'];
}

const bearer = (t: string): Who => ({ authorization: `Bearer ${t}` });
const obj = (type: string, n: number, extra: Record<string, unknown> = {}) => ({
  type,
  id: `${type}--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  ...extra,
});
const data = (objects: unknown[]) => ({ type: 'taxii-data', objects });

let started: RunningMock[] = [];
async function start(opts: MockOptions = {}): Promise<RunningMock> {
  const m = await startMock({ port: 0, certCacheDir, longPollMs: 400, log: () => {}, ...opts });
  started.push(m);
  return m;
}

afterAll(async () => {
  await Promise.all(started.map((m) => m.close()));
  started = [];
  await agent.close();
});

describe('mock server, reference behaviour', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await start();
  });

  describe('startup', () => {
    it('listens on 127.0.0.1 with the discovery URL and both accounts', () => {
      expect(mock.url).toBe(`https://127.0.0.1:${mock.port}/taxii/`);
      expect(mock.host).toBe('127.0.0.1');
      expect(mock.credentials).toEqual({ user: 'taxii', password: 'taxii-password' });
      expect(mock.readonlyCredentials).toEqual({ user: 'reader', password: 'reader-password' });
      expect(mock.faults).toEqual([]);
    });

    it('refuses an unknown fault, listing the valid ones', async () => {
      await expect(startMock({ faults: ['no-405', 'nonsense'], certCacheDir })).rejects.toThrow(/nonsense.*valid faults:.*no-405/);
    });

    it('serves TLS 1.2+ with a certificate for 127.0.0.1 and localhost, reused across starts', async () => {
      const other = await start();
      expect(other.certificate).toBe(mock.certificate);
      const sock = tls.connect({ host: '127.0.0.1', port: mock.port, rejectUnauthorized: false, maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES256-SHA384' });
      await once(sock, 'secureConnect');
      expect(sock.getProtocol()).toBe('TLSv1.2');
      expect(sock.getCipher().standardName).toBe('TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384');
      const peer = sock.getPeerX509Certificate();
      expect(peer?.subjectAltName).toMatch(/IP Address:127\.0\.0\.1/);
      expect(peer?.subjectAltName).toMatch(/DNS:localhost/);
      expect(peer?.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
      sock.destroy();
      for (const weak of [
        { maxVersion: 'TLSv1.1' as const, minVersion: 'TLSv1' as const, ciphers: 'DEFAULT@SECLEVEL=0' },
        { maxVersion: 'TLSv1.2' as const, ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' },
        { maxVersion: 'TLSv1.2' as const, ciphers: 'ECDHE-RSA-AES256-SHA' },
        { maxVersion: 'TLSv1.2' as const, ciphers: 'AES256-SHA256' },
      ]) {
        const s = tls.connect({ host: '127.0.0.1', port: mock.port, rejectUnauthorized: false, ...weak });
        const outcome = await new Promise((resolve) => {
          s.once('secureConnect', () => resolve('connected'));
          s.once('error', () => resolve('refused'));
        });
        expect(outcome, JSON.stringify(weak)).toBe('refused');
        s.destroy();
      }
    });

    it('does not answer plain HTTP with a TAXII message', async () => {
      const res = await new Promise<{ status?: number; body: string } | { error: string }>((resolve) => {
        const req = http.get({ host: '127.0.0.1', port: mock.port, path: '/taxii/', timeout: 3000 }, (r) => {
          let body = '';
          r.on('data', (d) => (body += d));
          r.on('end', () => resolve({ status: r.statusCode, body }));
        });
        req.on('error', (e) => resolve({ error: e.message }));
        req.on('timeout', () => req.destroy(new Error('timeout')));
      });
      expect(res).toHaveProperty('error');
    });
  });

  describe('discovery and API Bases', () => {
    it('GET /taxii/ answers discovery with both API Bases', async () => {
      const a = await call(mock, '/taxii/');
      expect(a.status).toBe(200);
      expect(a.headers['content-type']).toBe(T);
      expect(a.json).toMatchObject({
        type: 'discovery',
        'api-bases': [`https://127.0.0.1:${mock.port}/trustgroup1/`, `https://127.0.0.1:${mock.port}/trustgroup2/`],
      });
      expect(typeof a.json['contact-info']).toBe('string');
      expect(typeof a.json.description).toBe('string');
    });

    it('GET [API-Base] answers api-status', async () => {
      const a = await call(mock, '/trustgroup1/');
      expect(a.status).toBe(200);
      expect(a.json.type).toBe('api-status');
      const b = await call(mock, '/trustgroup2/', { auth: bearer(await tokenFor(mock, 'trustgroup2')) });
      expect(b.status).toBe(200);
      expect(b.json.type).toBe('api-status');
    });
  });

  describe('authentication', () => {
    it('every endpoint, Discovery included, wants credentials: 401 with WWW-Authenticate', async () => {
      for (const p of ['/taxii/', '/trustgroup1/', '/trustgroup1/channels/', '/trustgroup1/collections/indicators/', '/trustgroup1/channels/alerts/details/']) {
        const a = await call(mock, p, { auth: 'none' });
        expectError(a, 401, 'UNAUTHORIZED', /no credentials/);
        expect(a.headers['www-authenticate']).toBe('Basic realm="taxii", Bearer realm="taxii"');
      }
    });

    it('wrong password and unknown user get 401', async () => {
      // One description for both: a caller cannot tell which user names exist.
      expectError(await call(mock, '/taxii/', { auth: { authorization: basic('taxii', 'wrong') } }), 401, 'UNAUTHORIZED', /wrong user name or password$/);
      expectError(await call(mock, '/taxii/', { auth: { authorization: basic('mallory', 'x') } }), 401, 'UNAUTHORIZED', /wrong user name or password$/);
    });

    it('an unknown name is not revealed before authentication', async () => {
      expectError(await call(mock, '/trustgroup1/channels/no-such-channel/', { auth: 'none' }), 401, 'UNAUTHORIZED');
      expectError(await call(mock, '/trustgroup1/channels/no-such-channel/'), 404, 'NOT_FOUND', /no-such-channel/);
    });

    it('the token endpoint issues a JWT that works as Bearer at its API Base', async () => {
      const a = await call(mock, '/trustgroup1/token/', { method: 'POST' });
      expect(a.status).toBe(200);
      expect(a.json).toMatchObject({ type: 'token', 'token-type': 'Bearer', 'expires-in': 3600 });
      const [h, p] = (a.json['access-token'] as string).split('.');
      expect(JSON.parse(Buffer.from(h!, 'base64url').toString())).toMatchObject({ alg: 'HS256' });
      expect(JSON.parse(Buffer.from(p!, 'base64url').toString())).toMatchObject({
        iss: ISSUER,
        aud: `https://127.0.0.1:${mock.port}/trustgroup1/`,
        sub: 'taxii',
      });
      const b = await call(mock, '/trustgroup1/channels/', { auth: bearer(a.json['access-token']) });
      expect(b.status).toBe(200);
      expect((await call(mock, '/taxii/', { auth: bearer(a.json['access-token']) })).status).toBe(200);
    });

    it('the token endpoint takes Basic only, and a token-request body with a shorter lifetime', async () => {
      const t = await tokenFor(mock, 'trustgroup1');
      expectError(await call(mock, '/trustgroup1/token/', { method: 'POST', auth: bearer(t) }), 401, 'UNAUTHORIZED');
      const a = await call(mock, '/trustgroup1/token/', { method: 'POST', json: { type: 'token-request', lifetime: 60 } });
      expect(a.json['expires-in']).toBe(60);
      const b = await call(mock, '/trustgroup1/token/', { method: 'POST', json: { type: 'token-request', lifetime: 999_999 } });
      expect(b.json['expires-in']).toBe(3600);
      expectError(await call(mock, '/trustgroup1/token/', { method: 'POST', json: { type: 'token-request', lifetime: 'soon' } }), 400, 'INVALID_MESSAGE');
      expectError(await call(mock, '/trustgroup1/token/', { method: 'POST', raw: 'x', contentType: 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('bad signature, alg none, garbage and foreign-audience tokens get 401 invalid_token', async () => {
      const aud = `https://127.0.0.1:${mock.port}/trustgroup1/`;
      const claims = { iss: ISSUER, aud, sub: 'taxii', exp: Math.floor(Date.now() / 1000) + 600 };
      const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('not-the-secret-not-the-secret-32'));
      const tg2 = await tokenFor(mock, 'trustgroup2');
      const cases: [string, RegExp][] = [
        [forged, /signature/],
        [unsignedToken(claims), /alg "none"/],
        ['garbage', /not a JWT/],
        [tg2, /not for/],
      ];
      for (const [tok, why] of cases) {
        const a = await call(mock, '/trustgroup1/', { auth: bearer(tok) });
        expectError(a, 401, 'UNAUTHORIZED', why);
        expect(a.headers['www-authenticate']).toMatch(/^Basic realm="taxii", Bearer realm="taxii", error="invalid_token", error_description="[^"]*"$/);
      }
    });

    it('an expired token gets 401', async () => {
      const t = await tokenFor(mock, 'trustgroup1', { lifetime: 1 });
      expect((await call(mock, '/trustgroup1/', { auth: bearer(t) })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 2100));
      expectError(await call(mock, '/trustgroup1/', { auth: bearer(t) }), 401, 'UNAUTHORIZED', /expired/);
    });

    it('trustgroup2 takes Bearer only: Basic gets 401 naming Bearer', async () => {
      const a = await call(mock, '/trustgroup2/channels/');
      expectError(a, 401, 'UNAUTHORIZED', /does not accept Basic/);
      expect(a.headers['www-authenticate']).toBe('Bearer realm="taxii"');
      const t = await tokenFor(mock, 'trustgroup2');
      expect((await call(mock, '/trustgroup2/channels/', { auth: bearer(t) })).status).toBe(200);
    });
  });

  describe('authorisation', () => {
    it('the main user may only read at trustgroup2 (403 on writes)', async () => {
      const who = bearer(await tokenFor(mock, 'trustgroup2'));
      const list = await call(mock, '/trustgroup2/channels/', { auth: who });
      expect(list.json.channels).toEqual([expect.objectContaining({ name: 'announcements', 'can-read': true, 'can-write': false })]);
      expectError(await call(mock, '/trustgroup2/channels/announcements/', { method: 'POST', auth: who, json: data([obj('indicator', 1)]) }), 403, 'FORBIDDEN');
      expectError(await call(mock, '/trustgroup2/channels/', { method: 'POST', auth: who, json: { type: 'channel-create', name: 'x1' } }), 403, 'FORBIDDEN');
      expectError(await call(mock, '/trustgroup2/channels/announcements/', { method: 'PUT', auth: who, json: { type: 'channel-create', name: 'announcements' } }), 403, 'FORBIDDEN');
      expectError(await call(mock, '/trustgroup2/channels/announcements/', { method: 'DELETE', auth: who }), 403, 'FORBIDDEN');
      expectError(await call(mock, '/trustgroup2/collections/shared-intel/', { method: 'POST', auth: who, json: data([obj('indicator', 1)]) }), 403, 'FORBIDDEN');
      const col = await call(mock, '/trustgroup2/collections/shared-intel/', { auth: who });
      expect(col.status).toBe(200);
      expect(col.json.objects).toHaveLength(5);
    });

    it('restricted resources: 403 for the main user, listed with can-read/can-write false', async () => {
      expectError(await call(mock, '/trustgroup1/channels/restricted/'), 403, 'FORBIDDEN', /restricted/);
      expectError(await call(mock, '/trustgroup1/channels/restricted/', { method: 'POST', json: data([obj('indicator', 1)]) }), 403, 'FORBIDDEN');
      expectError(await call(mock, '/trustgroup1/collections/restricted-intel/'), 403, 'FORBIDDEN');
      const chans = await call(mock, '/trustgroup1/channels/');
      expect(chans.json.channels).toContainEqual(expect.objectContaining({ name: 'restricted', 'can-read': false, 'can-write': false }));
      const cols = await call(mock, '/trustgroup1/collections/');
      expect(cols.json.collections).toContainEqual(expect.objectContaining({ name: 'restricted-intel', 'can-read': false, 'can-write': false }));
    });

    it('the reader account reads everywhere and writes nowhere', async () => {
      expect((await call(mock, '/trustgroup1/collections/restricted-intel/', { auth: 'reader' })).status).toBe(200);
      expectError(await call(mock, '/trustgroup1/collections/indicators/', { method: 'POST', auth: 'reader', json: data([obj('indicator', 1)]) }), 403, 'FORBIDDEN');
      expectError(await call(mock, '/trustgroup1/channels/', { method: 'POST', auth: 'reader', json: { type: 'channel-create', name: 'r1' } }), 403, 'FORBIDDEN');
      const cols = await call(mock, '/trustgroup1/collections/', { auth: 'reader' });
      expect(cols.json.collections.every((c: any) => c['can-read'] === true && c['can-write'] === false)).toBe(true);
    });
  });

  describe('media types', () => {
    it.each([undefined, '*/*', 'application/*', `${T}; version=2.0`, `text/html;q=0.9, ${T};q=0.1`])('Accept %j is served', async (accept) => {
      const headers: Record<string, string> = {};
      const a = await agent.request({
        origin: `https://127.0.0.1:${mock.port}`,
        path: '/taxii/',
        method: 'GET',
        headers: { authorization: basic('taxii', 'taxii-password'), ...(accept !== undefined ? { accept } : headers) },
      });
      await a.body.text();
      expect(a.statusCode).toBe(200);
      expect(a.headers['content-type']).toBe(T);
    });

    it.each(['application/json', 'text/html', `${T};q=0`])('Accept %j gets 406', async (accept) => {
      expectError(await call(mock, '/trustgroup1/channels/', { headers: { accept } }), 406, 'NOT_ACCEPTABLE', /Accept/);
    });

    it('a body with another Content-Type gets 415', async () => {
      for (const contentType of ['application/json', 'text/plain']) {
        const a = await call(mock, '/trustgroup1/channels/', { method: 'POST', json: { type: 'channel-create', name: 'ct-test' }, contentType });
        expectError(a, 415, 'UNSUPPORTED_MEDIA_TYPE', /Content-Type/);
      }
      const ok = await call(mock, '/trustgroup1/channels/', { method: 'POST', json: { type: 'channel-create', name: 'ct-test' }, contentType: `${T}; version=2.0` });
      expect(ok.status).toBe(201);
    });
  });

  describe('status codes and paths', () => {
    it('unknown paths get 404; a missing trailing slash too', async () => {
      expectError(await call(mock, '/nope/'), 404, 'NOT_FOUND');
      expectError(await call(mock, '/trustgroup9/channels/'), 404, 'NOT_FOUND');
      expectError(await call(mock, '/taxii'), 404, 'NOT_FOUND', /end in "\/"/);
      expectError(await call(mock, '/trustgroup1/channels/alerts/extra/'), 404, 'NOT_FOUND');
    });

    it('a method not allowed gets 405 with Allow', async () => {
      const a = await call(mock, '/taxii/', { method: 'DELETE' });
      expectError(a, 405, 'METHOD_NOT_ALLOWED', /DELETE/);
      expect(a.headers.allow).toBe('GET');
      expect((await call(mock, '/trustgroup1/channels/', { method: 'PUT' })).headers.allow).toBe('GET, POST, DELETE');
      expect((await call(mock, '/trustgroup1/collections/indicators/', { method: 'PUT' })).headers.allow).toBe('GET, POST, DELETE');
    });

    it.each([
      ['empty', '/trustgroup1/channels//'],
      ['129 characters', `/trustgroup1/channels/${'a'.repeat(129)}/`],
      ['underscore', '/trustgroup1/channels/a_b/'],
      ['dot', '/trustgroup1/collections/a.b/'],
      ['space', '/trustgroup1/channels/a%20b/'],
      ['%2F', '/trustgroup1/channels/a%2Fb/'],
      ['unicode', '/trustgroup1/collections/%C3%A9t%C3%A9/'],
      ['%2E%2E', '/trustgroup1/channels/%2E%2E/'],
      ['..', '/trustgroup1/channels/../'],
      ['bad percent-encoding', '/trustgroup1/channels/%ZZ/'],
      ['in details/', '/trustgroup1/channels/a_b/details/'],
    ])('an invalid name in the path (%s) gets 400 INVALID_NAME, before auth', async (_what, p) => {
      expectError(await call(mock, p), 400, 'INVALID_NAME');
      expectError(await call(mock, p, { auth: 'none' }), 400, 'INVALID_NAME');
    });

    it('names of 1 and 128 characters are valid (unknown: 404)', async () => {
      expectError(await call(mock, '/trustgroup1/channels/Z/'), 404, 'NOT_FOUND');
      expectError(await call(mock, `/trustgroup1/collections/${'b'.repeat(128)}/`), 404, 'NOT_FOUND');
    });

    it('the checks come in order: 404/405, 400 name, 401, 403, 406, 400 X-Max-Size, 415, 400 body', async () => {
      const nothing = { auth: 'none' as const, headers: { accept: 'text/html', 'x-max-size': '1' } };
      expect((await call(mock, '/taxii/', { ...nothing, method: 'PATCH' })).status).toBe(405);
      expect((await call(mock, '/trustgroup1/channels/a_b/', nothing)).status).toBe(400);
      expect((await call(mock, '/trustgroup1/channels/restricted/', nothing)).status).toBe(401);
      expect((await call(mock, '/trustgroup1/channels/restricted/', { headers: nothing.headers })).status).toBe(403);
      expect((await call(mock, '/trustgroup1/channels/alerts/details/', { headers: nothing.headers })).status).toBe(406);
      expectError(await call(mock, '/trustgroup1/channels/alerts/details/', { headers: { 'x-max-size': '1' } }), 400, 'INVALID_MAX_SIZE');
      expect((await call(mock, '/trustgroup1/channels/', { method: 'POST', raw: '{', contentType: 'text/plain' })).status).toBe(415);
      expectError(await call(mock, '/trustgroup1/channels/', { method: 'POST', raw: '{' }), 400, 'BAD_JSON');
    });

    it('X-Max-Size under 9437184 or not decimal gets 400', async () => {
      for (const v of ['9437183', '1e7', 'ten', '-1']) {
        expectError(await call(mock, '/trustgroup1/', { headers: { 'x-max-size': v } }), 400, 'INVALID_MAX_SIZE', /X-Max-Size/);
      }
      expect((await call(mock, '/trustgroup1/', { headers: { 'x-max-size': '9437184' } })).status).toBe(200);
    });

    it('a request body over the limit gets 413, declared or streamed', async () => {
      const small = await start({ maxRequestBytes: 64 * 1024 });
      const big = JSON.stringify(data([obj('indicator', 1, { x_pad: 'x'.repeat(200 * 1024) })]));
      expectError(await call(small, '/trustgroup1/collections/indicators/', { method: 'POST', raw: big }), 413, 'REQUEST_TOO_LARGE');
      const chunked = await agent.request({
        origin: `https://127.0.0.1:${small.port}`,
        path: '/trustgroup1/collections/indicators/',
        method: 'POST',
        headers: { authorization: basic('taxii', 'taxii-password'), 'content-type': T, accept: T },
        body: Readable.from(
          (function* () {
            for (let i = 0; i < 8; i++) yield Buffer.alloc(16 * 1024, 0x20);
          })(),
        ),
      });
      const text = await chunked.body.text();
      expect(chunked.statusCode).toBe(413);
      expect(JSON.parse(text)['error-code']).toBe('REQUEST_TOO_LARGE');
      // The mock is still fine.
      expect((await call(small, '/taxii/')).status).toBe(200);
    });

    it('bad bodies: malformed JSON, no body, a schema failure with details', async () => {
      expectError(await call(mock, '/trustgroup1/channels/', { method: 'POST', raw: '{"type":' }), 400, 'BAD_JSON', /not valid JSON/);
      expectError(await call(mock, '/trustgroup1/channels/', { method: 'POST', raw: '' }), 400, 'MISSING_BODY');
      const a = await call(mock, '/trustgroup1/channels/', { method: 'POST', json: { type: 'channel-create', name: 'bad_name', mode: 'sideways' } });
      expectError(a, 400, 'INVALID_MESSAGE', /channel-create/);
      expect(a.json.details).toEqual(expect.arrayContaining([expect.stringMatching(/^\/name must match pattern/), expect.stringMatching(/^\/mode /)]));
      const b = await call(mock, '/trustgroup1/collections/indicators/', { method: 'POST', json: data([{ type: 'indicator' }]) });
      expectError(b, 400, 'INVALID_MESSAGE');
      expect(b.json.details).toEqual([expect.stringMatching(/^\/objects\/0 must have required property 'id'/)]);
    });
  });

  describe('channels', () => {
    it('lists the seeded channels with absolute URLs, rights and modes', async () => {
      const a = await call(mock, '/trustgroup1/channels/');
      expect(a.status).toBe(200);
      const by = Object.fromEntries(a.json.channels.map((c: any) => [c.name, c]));
      expect(by.alerts).toMatchObject({ 'can-read': true, 'can-write': true, mode: 'read-write', url: `https://127.0.0.1:${mock.port}/trustgroup1/channels/alerts/` });
      expect(by.bulletins).toMatchObject({ 'can-read': true, 'can-write': false, mode: 'read-only' });
      expect(by['drop-box']).toMatchObject({ 'can-read': false, 'can-write': true, mode: 'write-only' });
      expect(by.restricted).toMatchObject({ 'can-read': false, 'can-write': false });
    });

    it('?name= filters by exact name; an invalid name gets 400', async () => {
      const a = await call(mock, '/trustgroup1/channels/?name=alerts');
      expect(a.json.channels.map((c: any) => c.name)).toEqual(['alerts']);
      expect((await call(mock, '/trustgroup1/channels/?name=alert')).json.channels).toEqual([]);
      expectError(await call(mock, '/trustgroup1/channels/?name=a_b'), 400, 'INVALID_NAME');
    });

    it('create (201 + Location), conflict (409), details, PUT update/create, DELETE both ways', async () => {
      const created = await call(mock, '/trustgroup1/channels/', { method: 'POST', json: { type: 'channel-create', name: 'chan-a', description: 'A', 'msg-age': '60' } });
      expect(created.status).toBe(201);
      expect(created.json).toEqual({ type: 'channel-status', name: 'chan-a', status: 'created', url: `https://127.0.0.1:${mock.port}/trustgroup1/channels/chan-a/` });
      expect(created.headers.location).toBe(created.json.url);
      expectError(await call(mock, '/trustgroup1/channels/', { method: 'POST', json: { type: 'channel-create', name: 'chan-a' } }), 409, 'NAME_TAKEN');
      const d = await call(mock, '/trustgroup1/channels/chan-a/details/');
      expect(d.json).toEqual({ type: 'channel-details', name: 'chan-a', 'long-poll': true, 'msg-age': '60', description: 'A', mode: 'read-write' });
      const upd = await call(mock, '/trustgroup1/channels/chan-a/', { method: 'PUT', json: { type: 'channel-create', name: 'chan-a', mode: 'read-only' } });
      expect(upd.status).toBe(200);
      expect(upd.json.status).toBe('updated');
      expect((await call(mock, '/trustgroup1/channels/chan-a/details/')).json).toMatchObject({ mode: 'read-only', 'msg-age': '60', description: 'A' });
      expectError(await call(mock, '/trustgroup1/channels/chan-a/', { method: 'PUT', json: { type: 'channel-create', name: 'chan-b' } }), 400, 'NAME_MISMATCH');
      const put = await call(mock, '/trustgroup1/channels/chan-b/', { method: 'PUT', json: { type: 'channel-create', name: 'chan-b' } });
      expect(put.status).toBe(201);
      expect(put.json.status).toBe('created');
      const del = await call(mock, '/trustgroup1/channels/?name=chan-a', { method: 'DELETE' });
      expect(del.status).toBe(200);
      expect(del.json).toMatchObject({ type: 'channel-status', name: 'chan-a', status: 'deleted' });
      expectError(await call(mock, '/trustgroup1/channels/chan-a/details/'), 404, 'NOT_FOUND');
      expect((await call(mock, '/trustgroup1/channels/chan-b/', { method: 'DELETE' })).json.status).toBe('deleted');
      expectError(await call(mock, '/trustgroup1/channels/?name=chan-b', { method: 'DELETE' }), 404, 'NOT_FOUND');
      expectError(await call(mock, '/trustgroup1/channels/', { method: 'DELETE' }), 400, 'MISSING_PARAMETER');
      expectError(await call(mock, '/trustgroup1/channels/?name=a.b', { method: 'DELETE' }), 400, 'INVALID_NAME');
    });

    it('read-only and write-only channels answer 501', async () => {
      expectError(await call(mock, '/trustgroup1/channels/bulletins/', { method: 'POST', json: data([obj('indicator', 1)]) }), 501, 'NOT_IMPLEMENTED', /read-only/);
      expectError(await call(mock, '/trustgroup1/channels/drop-box/'), 501, 'NOT_IMPLEMENTED', /write-only/);
      expect((await call(mock, '/trustgroup1/channels/drop-box/', { method: 'POST', json: data([obj('indicator', 1)]) })).status).toBe(202);
    });

    it('long poll: a new subscription starts at the end; 204 after waiting; each message once, in order', async () => {
      await call(mock, '/trustgroup1/channels/', { method: 'POST', json: { type: 'channel-create', name: 'lp1' } });
      await call(mock, '/trustgroup1/channels/lp1/', { method: 'POST', json: data([obj('indicator', 0)]) }); // before the subscription
      const first = await call(mock, '/trustgroup1/channels/lp1/');
      expect(first.status).toBe(204);
      expect(first.text).toBe('');
      expect(first.ms).toBeGreaterThanOrEqual(350);
      const sub = first.headers['x-taxii-subscriber'];
      expect(sub).toMatch(/^[A-Za-z0-9._~-]{1,128}$/);
      const posted = await call(mock, '/trustgroup1/channels/lp1/', { method: 'POST', json: data([obj('indicator', 1), obj('malware', 2)]) });
      expect(posted.status).toBe(202);
      expect(posted.json).toEqual({ type: 'taxii-status', status: 'accepted', 'accepted-count': 2 });
      await call(mock, '/trustgroup1/channels/lp1/', { method: 'POST', json: data([obj('indicator', 3)]) });
      const got = await call(mock, '/trustgroup1/channels/lp1/');
      expect(got.status).toBe(200);
      expect(got.headers['x-taxii-subscriber']).toBe(sub);
      expect(got.json.objects.map((o: any) => o.id)).toEqual([obj('indicator', 1).id, obj('malware', 2).id, obj('indicator', 3).id]);
      expect((await call(mock, '/trustgroup1/channels/lp1/')).status).toBe(204);
      const listed = await call(mock, '/trustgroup1/channels/?name=lp1');
      expect(listed.json.channels[0].subscribers).toEqual([sub]);
    });

    it('long poll: a waiting GET answers as soon as a message arrives', async () => {
      const slow = await start({ longPollMs: 5000 });
      // The first GET starts the subscription at the end of the log, then waits.
      const waiting = call(slow, '/trustgroup1/channels/alerts/', { headers: { 'x-max-size': '9437184' } });
      await new Promise((r) => setTimeout(r, 150));
      await call(slow, '/trustgroup1/channels/alerts/', { method: 'POST', json: data([obj('indicator', 7)]) });
      const a = await waiting;
      expect(a.status).toBe(200);
      expect(a.ms).toBeLessThan(2000);
      expect(a.json.objects).toEqual([obj('indicator', 7)]);
    }, 15_000);

    it('subscriptions are per user and per query: ?type= filters, each subscriber gets every message once', async () => {
      await call(mock, '/trustgroup1/channels/', { method: 'POST', json: { type: 'channel-create', name: 'lp2' } });
      const [m, r, f] = await Promise.all([
        call(mock, '/trustgroup1/channels/lp2/'),
        call(mock, '/trustgroup1/channels/lp2/', { auth: 'reader' }),
        call(mock, '/trustgroup1/channels/lp2/?type=malware'),
      ]);
      expect([m.status, r.status, f.status]).toEqual([204, 204, 204]);
      expect(new Set([m.headers['x-taxii-subscriber'], r.headers['x-taxii-subscriber'], f.headers['x-taxii-subscriber']]).size).toBe(3);
      await call(mock, '/trustgroup1/channels/lp2/', { method: 'POST', json: data([obj('indicator', 1), obj('malware', 2), obj('indicator', 3)]) });
      const ids = (a: Answer) => a.json.objects.map((o: any) => o.id);
      const all = [obj('indicator', 1).id, obj('malware', 2).id, obj('indicator', 3).id];
      expect(ids(await call(mock, '/trustgroup1/channels/lp2/'))).toEqual(all);
      expect(ids(await call(mock, '/trustgroup1/channels/lp2/', { auth: 'reader' }))).toEqual(all);
      expect(ids(await call(mock, '/trustgroup1/channels/lp2/?type=malware'))).toEqual([obj('malware', 2).id]);
      expect((await call(mock, '/trustgroup1/channels/lp2/?type=malware')).status).toBe(204);
    });

    it('X-Max-Size on a channel: what does not fit stays pending for the next GET', async () => {
      await call(mock, '/trustgroup1/channels/', { method: 'POST', json: { type: 'channel-create', name: 'lp3' } });
      expect((await call(mock, '/trustgroup1/channels/lp3/')).status).toBe(204);
      const pad = 'p'.repeat(1024 * 1024);
      const objects = Array.from({ length: 12 }, (_, i) => obj('indicator', i, { x_pad: pad }));
      expect((await call(mock, '/trustgroup1/channels/lp3/', { method: 'POST', json: data(objects) })).status).toBe(202);
      const a = await call(mock, '/trustgroup1/channels/lp3/', { headers: { 'x-max-size': '9437184' } });
      expect(a.status).toBe(200);
      expect(Buffer.byteLength(a.text)).toBeLessThanOrEqual(9437184);
      expect(a.json.more).toBe(true);
      const n = a.json.objects.length;
      expect(n).toBe(8);
      expect(a.headers['x-taxii-objects-omitted']).toBe(String(12 - n));
      const b = await call(mock, '/trustgroup1/channels/lp3/');
      expect(b.json.objects.map((o: any) => o.id)).toEqual(objects.slice(n).map((o) => o.id));
      expect(b.json.more).toBe(false);
    });
  });

  describe('collections', () => {
    it('lists the seeded collections', async () => {
      const a = await call(mock, '/trustgroup1/collections/');
      expect(a.status).toBe(200);
      expect(a.json.collections.map((c: any) => c.name)).toEqual(expect.arrayContaining(['indicators', 'malware', 'restricted-intel']));
      expect(a.json.collections.find((c: any) => c.name === 'indicators')).toMatchObject({
        type: 'repository-information',
        'can-read': true,
        'can-write': true,
        url: `https://127.0.0.1:${mock.port}/trustgroup1/collections/indicators/`,
      });
    });

    it('serves seeded content, the same for the same seed', async () => {
      const a = await call(mock, '/trustgroup1/collections/indicators/');
      expect(a.status).toBe(200);
      expect(a.json.objects.length).toBeGreaterThanOrEqual(20);
      expect(a.json.more).toBe(false);
      expect(a.json.objects.slice(0, 20).every((o: any) => o.type === 'indicator' && /^indicator--/.test(o.id))).toBe(true);
      expect((await call(mock, '/trustgroup1/collections/malware/')).json.objects).toHaveLength(10);
      const twin = await start({ seed: 1 });
      const other = await start({ seed: 2 });
      const malware = async (m: RunningMock) => (await call(m, '/trustgroup1/collections/malware/')).json.objects;
      expect(await malware(twin)).toEqual(await malware(mock));
      expect(await malware(other)).not.toEqual(await malware(mock));
    });

    it('filters: type, id, added-after, limit; bad values get 400; unknown params are ignored', async () => {
      const all = (await call(mock, '/trustgroup1/collections/indicators/')).json.objects;
      const id = all[3].id;
      expect((await call(mock, `/trustgroup1/collections/indicators/?id=${id}`)).json.objects).toEqual([all[3]]);
      expect((await call(mock, '/trustgroup1/collections/indicators/?type=malware')).json.objects).toEqual([]);
      // Seeded objects were added a minute apart from 2016-01-01T00:00:00Z.
      const after = await call(mock, '/trustgroup1/collections/malware/?added-after=2016-01-01T00:04:30Z');
      expect(after.json.objects).toHaveLength(5);
      const lim = await call(mock, '/trustgroup1/collections/malware/?limit=3&colour=blue');
      expect(lim.json.objects).toHaveLength(3);
      expect(lim.json.more).toBe(true);
      expectError(await call(mock, '/trustgroup1/collections/malware/?added-after=yesterday'), 400, 'INVALID_PARAMETER', /added-after/);
      expectError(await call(mock, '/trustgroup1/collections/malware/?limit=0'), 400, 'INVALID_PARAMETER', /limit/);
      expectError(await call(mock, '/trustgroup1/collections/malware/?limit=two'), 400, 'INVALID_PARAMETER', /limit/);
    });

    it('create (201 + Location), conflict (409), POST data (202), nothing accepted is lost, DELETE', async () => {
      const c = await call(mock, '/trustgroup1/collections/', { method: 'POST', json: { type: 'collection-create', name: 'col-a', description: 'mine' } });
      expect(c.status).toBe(201);
      expect(c.json).toEqual({ type: 'collection-status', name: 'col-a', status: 'created', url: `https://127.0.0.1:${mock.port}/trustgroup1/collections/col-a/` });
      expect(c.headers.location).toBe(c.json.url);
      expectError(await call(mock, '/trustgroup1/collections/', { method: 'POST', json: { type: 'collection-create', name: 'col-a' } }), 409, 'NAME_TAKEN');
      expectError(await call(mock, '/trustgroup1/collections/', { method: 'POST', json: { type: 'collection-create', name: 'x'.repeat(129) } }), 400, 'INVALID_MESSAGE');
      const sent = Array.from({ length: 25 }, (_, i) => obj(i % 2 ? 'malware' : 'indicator', i, { name: `n${i}` }));
      for (let i = 0; i < 25; i += 5) {
        const p = await call(mock, '/trustgroup1/collections/col-a/', { method: 'POST', json: data(sent.slice(i, i + 5)) });
        expect(p.status).toBe(202);
        expect(p.json).toEqual({ type: 'taxii-status', status: 'accepted', 'accepted-count': 5 });
      }
      expect((await call(mock, '/trustgroup1/collections/col-a/')).json.objects).toEqual(sent);
      const del = await call(mock, '/trustgroup1/collections/col-a/', { method: 'DELETE' });
      expect(del.json).toMatchObject({ type: 'collection-status', status: 'deleted', name: 'col-a' });
      expectError(await call(mock, '/trustgroup1/collections/col-a/'), 404, 'NOT_FOUND');
    });

    it('X-Max-Size: objects are dropped from the end until the body fits, with more: true', async () => {
      await call(mock, '/trustgroup1/collections/', { method: 'POST', json: { type: 'collection-create', name: 'big' } });
      const pad = 'q'.repeat(512 * 1024);
      const objects = Array.from({ length: 24 }, (_, i) => obj('indicator', i, { x_pad: pad }));
      expect((await call(mock, '/trustgroup1/collections/big/', { method: 'POST', json: data(objects) })).status).toBe(202);
      const whole = await call(mock, '/trustgroup1/collections/big/');
      expect(whole.json.objects).toHaveLength(24);
      expect(Buffer.byteLength(whole.text)).toBeGreaterThan(9437184);
      const a = await call(mock, '/trustgroup1/collections/big/', { headers: { 'x-max-size': '9437184' } });
      expect(Buffer.byteLength(a.text)).toBeLessThanOrEqual(9437184);
      expect(Number(a.headers['content-length'])).toBeLessThanOrEqual(9437184);
      expect(a.json.more).toBe(true);
      expect(a.json.objects).toHaveLength(17);
      expect(a.json.objects.map((o: any) => o.id)).toEqual(objects.slice(0, 17).map((o) => o.id));
      expect(a.headers['x-taxii-objects-omitted']).toBe('7');
    });
  });

  it('every message the mock sent here validated against its schema (checked per call)', () => {
    expect(schemas.names).toEqual(expect.arrayContaining(['discovery', 'error', 'taxii-data', 'token']));
  });
});

describe('mock server shutdown', () => {
  it('close() answers waiting long polls at once and frees the port', async () => {
    const m = await startMock({ port: 0, certCacheDir, longPollMs: 10_000, log: () => {} });
    const waiting = call(m, '/trustgroup1/channels/alerts/').then((a) => a.status, () => 'closed');
    await new Promise((r) => setTimeout(r, 150));
    const t0 = Date.now();
    await m.close();
    expect(await waiting).toBe(204);
    expect(Date.now() - t0).toBeLessThan(2000);
    await m.close(); // twice is fine
  });
});

describe('mock server faults', () => {
  it('listFaults() gives every fault with an empty breaks list for the suite to fill', () => {
    const faults = listFaults();
    expect(faults.length).toBeGreaterThanOrEqual(39);
    expect(faults.map((f) => f.name)).toContain('plain-http');
  });

  it('every fault starts', async () => {
    for (const f of listFaults()) {
      const m = await startMock({ port: 0, certCacheDir, faults: [f.name], log: () => {} });
      expect(m.faults).toEqual([f.name]);
      await m.close();
    }
  });

  const faulty = async (fault: string, opts: MockOptions = {}) => start({ faults: [fault], ...opts });

  it('discovery-wrong-type, discovery-no-api-bases, api-status-wrong-type', async () => {
    expect((await call(await faulty('discovery-wrong-type'), '/taxii/', {}, false)).json.type).toBe('discovery-v2');
    expect((await call(await faulty('discovery-no-api-bases'), '/taxii/', {}, false)).json['api-bases']).toEqual([]);
    expect((await call(await faulty('api-status-wrong-type'), '/trustgroup1/', {}, false)).json.type).toBe('status');
  });

  it('wrong-media-type', async () => {
    const m = await faulty('wrong-media-type');
    expect((await call(m, '/taxii/')).headers['content-type']).toBe('application/json');
    expect((await call(m, '/nope/')).headers['content-type']).toBe('application/json');
  });

  it('ignore-accept and strict-accept', async () => {
    expect((await call(await faulty('ignore-accept'), '/taxii/', { headers: { accept: 'text/html' } })).status).toBe(200);
    const strict = await faulty('strict-accept');
    expect((await call(strict, '/taxii/')).status).toBe(200);
    expect((await call(strict, '/taxii/', { headers: { accept: '*/*' } })).status).toBe(406);
    expect((await call(strict, '/taxii/', { headers: { accept: `${T}; version=2.0` } })).status).toBe(406);
  });

  it('ignore-content-type, no-405, bad-json-500', async () => {
    const a = await call(await faulty('ignore-content-type'), '/trustgroup1/channels/', { method: 'POST', json: { type: 'channel-create', name: 'x9' }, contentType: 'text/plain' });
    expect(a.status).toBe(201);
    expectError(await call(await faulty('no-405'), '/taxii/', { method: 'DELETE' }), 404, 'NOT_FOUND');
    expectError(await call(await faulty('bad-json-500'), '/trustgroup1/channels/', { method: 'POST', raw: '{' }), 500, 'INTERNAL_ERROR');
  });

  it('lax-names and strict-names', async () => {
    const lax = await faulty('lax-names');
    expect((await call(lax, '/trustgroup1/channels/a_b/', {}, false)).status).toBe(404);
    expect((await call(lax, '/trustgroup1/channels/', { method: 'POST', json: { type: 'channel-create', name: 'bad_name' } }, false)).status).toBe(201);
    expect((await call(lax, '/trustgroup1/channels/bad_name/details/', {}, false)).status).toBe(200);
    const strict = await faulty('strict-names');
    expectError(await call(strict, '/trustgroup1/channels/1/'), 400, 'INVALID_NAME');
    expectError(await call(strict, '/trustgroup1/channels/', { method: 'POST', json: { type: 'channel-create', name: '42' } }), 400, 'INVALID_NAME');
    expect((await call(strict, '/trustgroup1/channels/', { method: 'POST', json: { type: 'channel-create', name: 'ok-name' } })).status).toBe(201);
  });

  it('ignore-max-size and lax-max-size', async () => {
    expect((await call(await faulty('ignore-max-size'), '/trustgroup1/', { headers: { 'x-max-size': '12' } })).status).toBe(200);
    const lax = await faulty('lax-max-size');
    expect((await call(lax, '/trustgroup1/', { headers: { 'x-max-size': 'ten' } })).status).toBe(200);
    const small = await call(lax, '/trustgroup1/collections/malware/', { headers: { 'x-max-size': '1000' } });
    expect(small.status).toBe(200);
    expect(small.json.more).toBe(true);
  });

  it('auth faults: auth-disabled, no-www-authenticate, auth-failure-403', async () => {
    expect((await call(await faulty('auth-disabled'), '/trustgroup1/channels/', { auth: 'none' })).status).toBe(200);
    const a = await call(await faulty('no-www-authenticate'), '/taxii/', { auth: 'none' });
    expect(a.status).toBe(401);
    expect(a.headers['www-authenticate']).toBeUndefined();
    expectError(await call(await faulty('auth-failure-403'), '/taxii/', { auth: 'none' }), 403, 'FORBIDDEN');
  });

  it('token faults: jwt-alg-none, jwt-no-signature-check, jwt-ignore-exp, no-token-endpoint, no-bearer', async () => {
    const none = await faulty('jwt-alg-none');
    const claims = (m: RunningMock) => ({ iss: ISSUER, aud: `https://127.0.0.1:${m.port}/trustgroup1/`, sub: 'taxii', exp: Math.floor(Date.now() / 1000) + 60 });
    expect((await call(none, '/trustgroup1/', { auth: bearer(unsignedToken(claims(none))) })).status).toBe(200);
    const nosig = await faulty('jwt-no-signature-check');
    const forged = await new SignJWT(claims(nosig)).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('forged-forged-forged-forged-1234'));
    expect((await call(nosig, '/trustgroup1/', { auth: bearer(forged) })).status).toBe(200);
    expect((await call(nosig, '/trustgroup1/', { auth: bearer(unsignedToken(claims(nosig))) })).status).toBe(401);
    expectError(await call(await faulty('no-token-endpoint'), '/trustgroup1/token/', { method: 'POST' }), 404, 'NOT_FOUND');
    const nob = await faulty('no-bearer');
    expect((await call(nob, '/trustgroup1/', { auth: bearer(await tokenFor(nob, 'trustgroup1')) })).status).toBe(401);
  });

  it('no-authorization', async () => {
    const m = await faulty('no-authorization');
    expect((await call(m, '/trustgroup1/channels/restricted/')).status).toBe(204);
    expect((await call(m, '/trustgroup1/collections/restricted-intel/')).status).toBe(200);
  });

  it('created-200, accepted-200, no-204', async () => {
    expect((await call(await faulty('created-200'), '/trustgroup1/collections/', { method: 'POST', json: { type: 'collection-create', name: 'c2' } })).status).toBe(200);
    expect((await call(await faulty('accepted-200'), '/trustgroup1/channels/alerts/', { method: 'POST', json: data([obj('indicator', 1)]) })).status).toBe(200);
    const a = await call(await faulty('no-204', { longPollMs: 3000 }), '/trustgroup1/channels/alerts/');
    expect(a.status).toBe(200);
    expect(a.json.objects).toEqual([]);
    expect(a.ms).toBeLessThan(1000);
  });

  it('schema-lax, read-only-writable', async () => {
    const lax = await faulty('schema-lax');
    expect((await call(lax, '/trustgroup1/collections/indicators/', { method: 'POST', json: { type: 'taxii-data', objects: 'lots' } }, false)).status).toBe(202);
    expect((await call(lax, '/trustgroup1/channels/', { method: 'POST', json: { type: 'channel-create', name: 'n1', mode: 42 } }, false)).status).toBe(201);
    const rw = await faulty('read-only-writable');
    expect((await call(rw, '/trustgroup1/channels/bulletins/', { method: 'POST', json: data([obj('indicator', 1)]) })).status).toBe(202);
    expect((await call(rw, '/trustgroup1/channels/drop-box/')).status).toBe(204);
  });

  it('name-filter-ignored, delete-ignored, put-ignored, no-channel-details', async () => {
    expect((await call(await faulty('name-filter-ignored'), '/trustgroup1/channels/?name=alerts')).json.channels.length).toBeGreaterThan(1);
    const del = await faulty('delete-ignored');
    expect((await call(del, '/trustgroup1/channels/alerts/', { method: 'DELETE' })).status).toBe(200);
    expect((await call(del, '/trustgroup1/channels/alerts/details/')).status).toBe(200);
    const put = await faulty('put-ignored');
    expect((await call(put, '/trustgroup1/channels/new-one/', { method: 'PUT', json: { type: 'channel-create', name: 'new-one' } })).status).toBe(200);
    expect((await call(put, '/trustgroup1/channels/new-one/details/')).status).toBe(404);
    expectError(await call(await faulty('no-channel-details'), '/trustgroup1/channels/alerts/details/'), 404, 'NOT_FOUND');
  });

  it('lose-messages: 202, yet every second object is gone', async () => {
    const m = await faulty('lose-messages');
    const sent = Array.from({ length: 6 }, (_, i) => obj('indicator', 100 + i));
    await call(m, '/trustgroup1/collections/', { method: 'POST', json: { type: 'collection-create', name: 'lossy' } });
    const p = await call(m, '/trustgroup1/collections/lossy/', { method: 'POST', json: data(sent) });
    expect(p.status).toBe(202);
    expect(p.json['accepted-count']).toBe(6);
    expect((await call(m, '/trustgroup1/collections/lossy/')).json.objects).toHaveLength(3);
  });

  it('collection-filter-ignored, unknown-is-200', async () => {
    const f = await faulty('collection-filter-ignored');
    expect((await call(f, '/trustgroup1/collections/malware/?type=indicator')).json.objects).toHaveLength(10);
    const u = await faulty('unknown-is-200');
    const a = await call(u, '/trustgroup1/collections/no-such/');
    expect(a.status).toBe(200);
    expect(a.json.objects).toEqual([]);
    expect((await call(u, '/trustgroup1/channels/no-such/')).status).toBe(200);
  });

  it('extra-properties, invalid-field-types; the variant collections-key-channels', async () => {
    const extra = await call(await faulty('extra-properties'), '/taxii/', {}, false);
    expect(extra.json['x-mock-extra']).toBe(true);
    const bent = await faulty('invalid-field-types');
    expect(Array.isArray((await call(bent, '/taxii/', {}, false)).json['api-bases'])).toBe(true); // kept usable on purpose
    expect((await call(bent, '/trustgroup1/channels/', {}, false)).json.channels[0]['can-read']).toBe('yes');
    expect((await call(bent, '/trustgroup1/channels/alerts/details/', {}, false)).json['msg-age']).toBe(86400);
    expect((await call(bent, '/nope/', {}, false)).json['http-status']).toBe('404');
    const keyed = await call(await start({ variants: ['collections-key-channels'] }), '/trustgroup1/collections/');
    expect(keyed.json.channels).toBeDefined();
    expect(keyed.json.collections).toBeUndefined();
  });

  it('plain-error-bodies', async () => {
    const a = await call(await faulty('plain-error-bodies'), '/nope/');
    expect(a.status).toBe(404);
    expect(a.headers['content-type']).toMatch(/^text\/plain/);
    expect(a.text).toMatch(/^404 Not Found: /);
  });

  it('plain-http: plain HTTP on the same port gets TAXII, TLS still works', async () => {
    const m = await faulty('plain-http');
    const res = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: m.port, path: '/taxii/', headers: { authorization: basic('taxii', 'taxii-password') } }, (r) => {
        let body = '';
        r.on('data', (d) => (body += d));
        r.on('end', () => resolve({ status: r.statusCode, body }));
      });
      req.on('error', reject);
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).type).toBe('discovery');
    expect((await call(m, '/taxii/')).status).toBe(200);
  });
});
