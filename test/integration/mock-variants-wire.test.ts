// Each pre-draft variant does what it says, over real HTTPS on loopback: the variant matrix
// proves the suite passes under it; this proves the variant is really switched on (a variant
// that changed nothing would pass the matrix too).
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import { startMock, type RunningMock } from '../../mock-server/index.js';
import { brokenSignature } from '../../suites/core/credentials.js';

const certCacheDir = path.join(os.tmpdir(), 'taxii-conform-mock-cert-test');
const T = 'application/taxii+json';

interface Raw {
  status: number;
  /** Header names as sent, in order. */
  names: string[];
  headers: Record<string, string>;
  json: any;
}

const started: RunningMock[] = [];
async function start(variants: string[]): Promise<RunningMock> {
  const m = await startMock({ port: 0, certCacheDir, longPollMs: 300, log: () => {}, profiles: ['taxii2-predraft'], variants });
  started.push(m);
  return m;
}
afterAll(async () => {
  await Promise.all(started.map((m) => m.close()));
});

function call(mock: RunningMock, p: string, o: { method?: string; auth?: string; json?: unknown } = {}): Promise<Raw> {
  const auth = o.auth ?? `Basic ${Buffer.from(`${mock.credentials.user}:${mock.credentials.password}`).toString('base64')}`;
  const body = o.json === undefined ? undefined : JSON.stringify(o.json);
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port: mock.port, path: p, method: o.method ?? 'GET', rejectUnauthorized: false, headers: { accept: T, authorization: auth, ...(body ? { 'content-type': T } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const names = res.rawHeaders.filter((_, i) => i % 2 === 0);
          resolve({ status: res.statusCode ?? 0, names, headers: res.headers as Record<string, string>, json: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('pre-draft variants on the wire', () => {
  it('api-bases-deeper: three API Bases at /v2/groups/<name>/, the first refusing the main user', async () => {
    const m = await start(['api-bases-deeper']);
    const d = await call(m, '/taxii/');
    const bases: string[] = d.json['api-bases'];
    expect(bases.map((b) => new URL(b).pathname)).toEqual(['/v2/groups/archive/', '/v2/groups/trustgroup1/', '/v2/groups/trustgroup2/']);
    expect((await call(m, '/v2/groups/archive/')).status).toBe(403);
    expect((await call(m, '/v2/groups/trustgroup1/channels/alerts/details/')).json.name).toBe('alerts');
    expect((await call(m, '/trustgroup1/')).status).toBe(404);
  });

  it('listings-reversed and channels-without-mode', async () => {
    const m = await start(['listings-reversed', 'channels-without-mode']);
    const ch = (await call(m, '/trustgroup1/channels/')).json.channels;
    expect(ch.map((c: any) => c.name)).toEqual(['restricted', 'drop-box', 'bulletins', 'alerts']);
    expect(ch.every((c: any) => !('mode' in c))).toBe(true);
    expect((await call(m, '/trustgroup1/channels/bulletins/details/')).json).not.toHaveProperty('mode');
    expect((await call(m, '/trustgroup1/collections/')).json.collections.map((c: any) => c.name)).toEqual(['restricted-intel', 'malware', 'indicators']);
  });

  it('collection-post-201, msg-age-large, seed-names-edge, content-small, content-newest-first', async () => {
    const m = await start(['collection-post-201', 'msg-age-large', 'seed-names-edge', 'content-small']);
    const post = await call(m, '/trustgroup1/collections/malware/', { method: 'POST', json: { type: 'taxii-data', objects: [{ type: 'malware', id: 'malware--00000000-0000-4000-8000-000000000001' }] } });
    expect(post.status).toBe(201);
    expect((await call(m, '/trustgroup1/channels/alerts/details/')).json['msg-age']).toBe('315360000000');
    const cols = (await call(m, '/trustgroup1/collections/')).json.collections.map((c: any) => c.name);
    expect(cols[0]).toHaveLength(128);
    expect((await call(m, '/trustgroup1/channels/')).json.channels[0].name).toBe('c');
    expect((await call(m, '/trustgroup1/collections/indicators/')).json.objects).toHaveLength(1);
    const n = await start(['content-newest-first']);
    const plain = await start([]);
    const ids = async (x: RunningMock) => (await call(x, '/trustgroup1/collections/indicators/')).json.objects.map((o: any) => o.id);
    expect(await ids(n)).toEqual([...(await ids(plain))].reverse());
  });

  it('error-extra-fields, lowercase-headers, chunked-bodies', async () => {
    const m = await start(['error-extra-fields', 'lowercase-headers', 'chunked-bodies']);
    const e = await call(m, '/trustgroup1/collections/no-such/');
    expect(e.status).toBe(404);
    expect(e.json).toMatchObject({ type: 'error', 'http-status': 404 });
    expect(typeof e.json['request-id']).toBe('string');
    const a = await call(m, '/trustgroup1/collections/indicators/');
    expect(a.names[0]).toBe('content-type');
    // Those node's HTTP layer adds itself keep its spelling.
    const nodes = ['Date', 'Connection', 'Keep-Alive', 'Transfer-Encoding'];
    expect(a.names.filter((k) => k !== k.toLowerCase() && !nodes.includes(k))).toEqual([]);
    expect(a.names).toContain('x-content-type-options');
    expect(a.headers['transfer-encoding']).toBe('chunked');
    expect(a.headers['content-length']).toBeUndefined();
    expect(a.json.objects.length).toBeGreaterThan(0);
    // Every answer is shaped alike: an error (401 with its challenge, 404) and an empty answer.
    const refused = await call(m, '/trustgroup1/collections/', { auth: 'Basic bm9ib2R5Om5vdGhpbmc=' });
    expect(refused.status).toBe(401);
    expect(refused.names[0]).toBe('content-type');
    expect(refused.names).toContain('www-authenticate');
    expect(refused.names.filter((k) => k !== k.toLowerCase() && !nodes.includes(k))).toEqual([]);
    expect(refused.headers['transfer-encoding']).toBe('chunked');
    expect(e.headers['transfer-encoding']).toBe('chunked');
    expect(e.headers['content-length']).toBeUndefined();
    const plain = await call(await start([]), '/trustgroup1/collections/indicators/');
    expect(plain.names).toContain('Content-Length');
    const plainRefused = await call(await start([]), '/trustgroup1/collections/', { auth: 'Basic bm9ib2R5Om5vdGhpbmc=' });
    expect(plainRefused.names).toContain('WWW-Authenticate');
    expect(plainRefused.names).toContain('Content-Length');
  });

  for (const alg of ['RS256', 'ES256'] as const) {
    it(`token-${alg.toLowerCase()}: ${alg} tokens with more claims that verify; the same token with a broken signature is refused`, async () => {
      const m = await start([`token-${alg.toLowerCase()}`]);
      const t = await call(m, '/trustgroup1/token/', { method: 'POST' });
      expect(t.json['expires-in']).toBe(600);
      const token: string = t.json['access-token'];
      expect(decodeProtectedHeader(token).alg).toBe(alg);
      expect(decodeJwt(token)).toHaveProperty('jti');
      expect((await call(m, '/trustgroup1/', { auth: `Bearer ${token}` })).status).toBe(200);
      const forged = brokenSignature(token)!;
      expect(decodeProtectedHeader(forged).alg).toBe(alg);
      const refused = await call(m, '/trustgroup1/', { auth: `Bearer ${forged}` });
      expect(refused.status).toBe(401);
      expect(refused.headers['www-authenticate']).toMatch(/does not verify|invalid_token/);
    });
  }
});
