// The generic machinery with a toy profile: an exception in a handler or a message that
// fails its own schema ends as a 500 error message (and a log line), never a crash; one
// item of an answer that cannot be sent is left out of it (and logged), not a 500.
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { Authenticator } from '../../mock-server/auth.js';
import { loadCertificate } from '../../mock-server/cert.js';
import { originOf, resolveConfig } from '../../mock-server/config.js';
import type { MockState } from '../../mock-server/context.js';
import type { MockProfile } from '../../mock-server/profile.js';
import { fitToMaxSize, sendMessage, validateOutgoing, writeRendered } from '../../mock-server/send.js';
import { listen, type Listening } from '../../mock-server/server.js';
import { Store } from '../../mock-server/store.js';

const logged: string[] = [];
const config = resolveConfig({ certCacheDir: path.join(os.tmpdir(), 'taxii-conform-mock-cert-test'), log: (l) => logged.push(l) });
const toy: MockProfile = {
  id: 'taxii2-predraft',
  mediaType: 'application/toy+json',
  rootSchemes: ['Basic'],
  apiBaseUrl: (o, b) => `${o}/${b}/`,
  checkName: () => undefined,
  validateMessage: (type, m) => {
    const { ok, items } = m as { ok?: unknown; items?: { bad?: boolean }[] };
    if (ok !== true) return { valid: false, errors: [`/ok must be true in ${type}`] };
    if (items?.some((i) => i.bad)) return { valid: false, errors: [`/items: a bad item in ${type}`] };
    return { valid: true, errors: [] };
  },
  checkRequest: () => undefined,
  errorMessage: (e) => ({ type: 'error', message: { ok: true, status: e.status, code: e.code } }),
  mutateOutgoing: (_t, m) => m,
  seedStore: () => new Store(),
  routes: [
    { pattern: ['good'], methods: { GET: { authorize: () => {}, handle: (ctx) => sendMessage(ctx, 200, 'thing', { ok: true }) } } },
    { pattern: ['invalid'], methods: { GET: { authorize: () => {}, handle: (ctx) => sendMessage(ctx, 200, 'thing', { ok: false }) } } },
    { pattern: ['throws'], methods: { GET: { authorize: () => {}, handle: () => { throw new TypeError('boom'); } } } },
    { pattern: ['rejects'], methods: { GET: { authorize: () => {}, handle: async () => { await Promise.reject(new Error('async boom')); } } } },
    {
      pattern: ['items'],
      methods: {
        GET: {
          authorize: () => {},
          handle: (ctx) => {
            const cyclic: Record<string, unknown> = { id: 'cyclic' };
            cyclic['self'] = cyclic;
            const items = [{ id: 'a' }, cyclic, { id: 'b' }, { id: 'invalid', bad: true }, { id: 'c' }];
            const fit = fitToMaxSize(ctx, 'list', items, (prefix) => ({ ok: true, items: [...prefix] }));
            validateOutgoing(ctx, 'list', fit.message);
            writeRendered(ctx, 200, fit.rendered, { 'x-count': String(fit.count) });
          },
        },
      },
    },
  ],
};

let server: Listening;
const agent = new Agent({ connect: { rejectUnauthorized: false } });
const auth = `Basic ${Buffer.from('taxii:taxii-password').toString('base64')}`;

beforeAll(async () => {
  const closing = new AbortController();
  const accounts = [{ user: 'taxii', password: 'taxii-password' }];
  const mock: MockState = {
    config, faults: config.faults, store: new Store(), auth: new Authenticator(accounts, config.faults), profile: toy,
    accounts, origin: '', closing: closing.signal, received: { count: 0 },
  };
  server = await listen(mock, await loadCertificate(config));
  mock.origin = originOf(config.host, server.port);
});

afterAll(async () => {
  await server.close();
  await agent.close();
});

async function get(p: string) {
  const r = await agent.request({ origin: `https://127.0.0.1:${server.port}`, path: p, method: 'GET', headers: { authorization: auth } });
  return { status: r.statusCode, type: r.headers['content-type'], json: JSON.parse(await r.body.text()) };
}

describe('mock pipeline with a toy profile', () => {
  it('an item that cannot be serialised or fails the schema is left out of the answer with a log line; the rest is sent', async () => {
    logged.length = 0;
    const r = await agent.request({ origin: `https://127.0.0.1:${server.port}`, path: '/items/', method: 'GET', headers: { authorization: auth } });
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(await r.body.text())).toEqual({ ok: true, items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
    expect(r.headers['x-count']).toBe('5'); // every item is covered: a channel's cursor moves past the bad ones
    expect(logged.join('\n')).toMatch(/object "cyclic" is left out of the answer: it cannot be sent \(Converting circular structure/);
    expect(logged.join('\n')).toMatch(/object "invalid" is left out of the answer: it cannot be sent \(the mock built an invalid list message/);
  });

  it('serves the profile media type', async () => {
    expect(await get('/good/')).toEqual({ status: 200, type: 'application/toy+json', json: { ok: true } });
  });

  it.each(['/invalid/', '/throws/', '/rejects/'])('%s ends as 500 INTERNAL_ERROR, logged, and the server lives on', async (p) => {
    logged.length = 0;
    const a = await get(p);
    expect(a.status).toBe(500);
    expect(a.json).toEqual({ ok: true, status: 500, code: 'INTERNAL_ERROR' });
    expect(logged.join('\n')).toMatch(p === '/invalid/' ? /invalid thing message: \/ok must be true/ : /boom/);
    expect((await get('/good/')).status).toBe(200);
  });
});
